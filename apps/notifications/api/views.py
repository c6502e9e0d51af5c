"""Notifications API (own notifications only). Thin: call a selector or service, serialise."""
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.errors import NotFound
from apps.core.pagination import PageNumberPagination
from apps.notifications import selectors, services
from apps.notifications.api.serializers import (
    MarkAllReadOutput,
    NotificationOutput,
    PreferencesInput,
    PreferencesOutput,
    UnreadCountOutput,
    preferences_data,
)

TAGS = ["notifications"]
UNAUTHORISED = OpenApiResponse(description="Not signed in (error code `not_authenticated`).")


class NotificationFilterInput(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None,
                                      help_text="true: only unread; false: only read.")
    category = serializers.ChoiceField(choices=["order_update", "message", "promotion", "system"], required=False)


class NotificationListApi(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    @extend_schema(
        operation_id="notifications_list", summary="My notifications",
        description="The signed-in user's notifications, newest first, paginated (`page`, `page_size`).",
        parameters=[NotificationFilterInput,
                    OpenApiParameter("page", int, description="Page number"),
                    OpenApiParameter("page_size", int, description="Items per page (max 100)")],
        responses={200: NotificationOutput(many=True), 401: UNAUTHORISED}, tags=TAGS,
    )
    def get(self, request):
        filters = NotificationFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = selectors.notifications_for_user(request.user)
        unread = filters.validated_data.get("unread")
        if unread is not None:
            qs = qs.filter(read_at__isnull=unread)
        if filters.validated_data.get("category"):
            qs = qs.filter(category=filters.validated_data["category"])
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(NotificationOutput(page, many=True).data)


class UnreadCountApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_unread_count", summary="Unread notification count",
        description="How many of my notifications are unread (cached per user; every change refreshes it).",
        responses={200: UnreadCountOutput, 401: UNAUTHORISED}, tags=TAGS,
        examples=[OpenApiExample("three unread", value={"count": 3}, response_only=True)],
    )
    def get(self, request):
        return Response({"count": selectors.unread_count(request.user)})


class NotificationReadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_mark_read", summary="Mark one notification read",
        description="Marks one of my notifications read (idempotent). Another user's notification is 404.",
        request=None,
        responses={200: NotificationOutput, 401: UNAUTHORISED,
                   404: OpenApiResponse(description="No such notification of mine (`not_found`).")},
        tags=TAGS,
    )
    def patch(self, request, pk):
        notification = selectors.notification_for_user(request.user, pk)
        if notification is None:
            raise NotFound()
        notification = services.notification_mark_read(notification=notification)
        return Response(NotificationOutput(notification).data)


class MarkAllReadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_mark_all_read", summary="Mark all my notifications read",
        request=None, responses={200: MarkAllReadOutput, 401: UNAUTHORISED}, tags=TAGS,
        examples=[OpenApiExample("done", value={"updated": 3, "count": 0}, response_only=True)],
    )
    def post(self, request):
        updated = services.notifications_mark_all_read(user=request.user)
        return Response({"updated": updated, "count": 0})


PREFERENCES_EXAMPLE = OpenApiExample(
    "preferences", value={"language": "vi", "channels": {
        "in_app": {"order_update": True, "message": True, "promotion": True, "system": True},
        "email": {"order_update": True, "message": True, "promotion": False, "system": True}},
        "marketing_opt_in": False, "transactional_always_on": True}, response_only=True)


class PreferencesApi(APIView):
    permission_classes = [IsAuthenticated]

    def _data(self, user):
        prefs = selectors.preferences_for_user(user)
        return preferences_data(prefs=prefs, language=selectors.language_for(prefs), user=user)

    @extend_schema(
        operation_id="notifications_preferences_get", summary="My notification preferences",
        description="Switches per channel (`in_app`, `email`) and category, and the language of e-mails. "
                    "Transactional messages (orders, payments, account, shop) are always sent.",
        responses={200: PreferencesOutput, 401: UNAUTHORISED}, tags=TAGS, examples=[PREFERENCES_EXAMPLE],
    )
    def get(self, request):
        return Response(self._data(request.user))

    @extend_schema(
        operation_id="notifications_preferences_update", summary="Change my notification preferences",
        description="Send only what changes. `channels.email.promotion` is the consent to promotional e-mails "
                    "and also sets the account's marketing opt-in.",
        request=PreferencesInput,
        responses={200: PreferencesOutput, 400: OpenApiResponse(description="Invalid input (`validation_error`)."),
                   401: UNAUTHORISED},
        tags=TAGS,
        examples=[PREFERENCES_EXAMPLE, OpenApiExample("opt in to promotions by e-mail", request_only=True,
                                                      value={"language": "en",
                                                             "channels": {"email": {"promotion": True}}})],
    )
    def put(self, request):
        serializer = PreferencesInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.preferences_update(user=request.user, channels=data.get("channels") or {},
                                    language=data.get("language"))
        request.user.refresh_from_db(fields=["marketing_opt_in"])
        return Response(self._data(request.user))
