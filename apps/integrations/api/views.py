"""Staff manage integration API keys; an integration can ask what its own key may do. Thin views."""
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.errors import ValidationFailed
from apps.core.pagination import PageNumberPagination
from apps.core.permissions import is_staff_request
from apps.core.schema import ErrorSerializer
from apps.integrations import selectors, services
from apps.integrations.api.serializers import (
    ApiKeyIssuedOutput,
    ApiKeyIssueInput,
    ApiKeyOutput,
    ApiKeyWhoAmIOutput,
)
from apps.integrations.permissions import HasApiKeyScope, IsApiKey

TAGS = ["integrations"]
ISSUED_EXAMPLE = OpenApiExample("issued", response_only=True, status_codes=["201"], value={
    "id": "3f0c9a3e-7c1e-4a8e-9d0b-5c4a1b2c3d4e", "name": "ERP sync", "prefix": "9f2c41ab07de",
    "display": "cho_9f2c41ab07de_…", "scopes": ["orders:manage"],
    "shop": {"id": "b1d2c3e4-0000-4000-8000-000000000001", "name": "Shop Hà Nội"}, "expires_at": None,
    "revoked_at": None, "replaced_by": None, "last_used_at": None, "is_usable": True,
    "created_at": "2026-11-21T09:00:00+07:00", "token": "cho_9f2c41ab07de_J8sV0p...."})


class StaffApiKeyPermission(BasePermission):
    """Staff holding the model permission for the action (view, add, change), with two-factor authentication
    where STAFF_REQUIRE_2FA asks for it (apps.core.permissions.is_staff_request)."""

    message = "Staff only."

    def has_permission(self, request, view):
        user = request.user
        if not is_staff_request(request):
            return False
        action = getattr(view, "staff_action", None) or ("view" if request.method in ("GET", "HEAD") else "add")
        return user.has_perm(f"integrations.{action}_apikey")


def _shop(shop_id):
    if shop_id is None:
        return None
    from apps.shops.models import Shop

    shop = Shop.objects.filter(pk=shop_id).first()
    if shop is None:
        raise ValidationFailed(details={"shop_id": ["No such shop."]})
    return shop


class ApiKeyListIssueApi(APIView):
    permission_classes = [StaffApiKeyPermission]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    @extend_schema(tags=TAGS, operation_id="integrations_keys_list", summary="API keys (staff)",
                   description="Every integration key, newest first, paginated. Tokens are never shown again.",
                   responses={200: ApiKeyOutput(many=True)})
    def get(self, request):
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.api_keys_list(), request, view=self)
        return paginator.get_paginated_response(ApiKeyOutput(page, many=True).data)

    @extend_schema(tags=TAGS, operation_id="integrations_keys_issue", summary="Issue an API key (staff)",
                   description="Scopes: `catalog:read` (public catalogue at the integration's rate), "
                               "`orders:read`, `orders:manage` (one shop's orders; `shop_id` required). The answer "
                               "carries `token` once; only its SHA-256 is stored.",
                   request=ApiKeyIssueInput,
                   responses={201: ApiKeyIssuedOutput, 400: OpenApiResponse(ErrorSerializer, "Invalid scopes.")},
                   examples=[ISSUED_EXAMPLE, OpenApiExample("issue", request_only=True, value={
                       "name": "ERP sync", "scopes": ["orders:manage"],
                       "shop_id": "b1d2c3e4-0000-4000-8000-000000000001"})])
    def post(self, request):
        data = ApiKeyIssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        key, token = services.api_key_issue(name=values["name"], scopes=values["scopes"], shop=_shop(values["shop_id"]),
                                            expires_at=values["expires_at"], by=request.user)
        return _issued(key, token)


def _issued(key, token) -> Response:
    response = Response(ApiKeyIssuedOutput(key, context={"token": token}).data, status=status.HTTP_201_CREATED)
    response["Cache-Control"] = "no-store"
    return response


class ApiKeyDetailApi(APIView):
    permission_classes = [StaffApiKeyPermission]

    @extend_schema(tags=TAGS, operation_id="integrations_keys_detail", summary="One API key (staff)",
                   responses={200: ApiKeyOutput})
    def get(self, request, pk):
        return Response(ApiKeyOutput(selectors.api_key_get(pk=pk)).data)


class ApiKeyRevokeApi(APIView):
    permission_classes = [StaffApiKeyPermission]
    staff_action = "change"

    @extend_schema(tags=TAGS, operation_id="integrations_keys_revoke", summary="Revoke an API key (staff)",
                   description="Stops the key at once. Revoking twice is harmless.", request=None,
                   responses={200: ApiKeyOutput})
    def post(self, request, pk):
        key = services.api_key_revoke(key=selectors.api_key_get(pk=pk), by=request.user)
        return Response(ApiKeyOutput(selectors.api_key_get(pk=key.pk)).data)


class ApiKeyRotateApi(APIView):
    permission_classes = [StaffApiKeyPermission]
    staff_action = "change"

    @extend_schema(tags=TAGS, operation_id="integrations_keys_rotate", summary="Rotate an API key (staff)",
                   description="Issues a successor with the same scopes (its token shown once) and keeps the old "
                               "key valid for the grace period (API_KEY_ROTATION_GRACE_HOURS, 24 h by default).",
                   request=None,
                   responses={201: ApiKeyIssuedOutput,
                              409: OpenApiResponse(ErrorSerializer, "Revoked, expired or already rotated.")},
                   examples=[ISSUED_EXAMPLE])
    def post(self, request, pk):
        key, token = services.api_key_rotate(key=selectors.api_key_get(pk=pk), by=request.user)
        return _issued(key, token)


class ApiKeyWhoAmIApi(APIView):
    """An integration checks its key: name, scopes, shop, expiry."""

    permission_classes = [IsApiKey, HasApiKeyScope]
    api_key_scopes = {"GET": None}

    @extend_schema(tags=TAGS, operation_id="integrations_whoami", summary="The calling API key",
                   description="Send `X-Api-Key`. Answers what the key may do; any other credentials get 403.",
                   responses={200: ApiKeyWhoAmIOutput})
    def get(self, request):
        key = request.auth
        return Response(ApiKeyWhoAmIOutput({
            "name": key.name, "prefix": key.prefix, "scopes": key.scopes, "expires_at": key.expires_at,
            "shop": {"id": key.shop.id, "name": key.shop.name} if key.shop_id else None}).data)
