"""Throwaway API views that raise each kind of error, to test the one exception handler."""
from django.urls import include, path
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.errors import Conflict, OutOfStock


class Input(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1)


class ValidateView(APIView):
    permission_classes = []

    def post(self, request):
        Input(data=request.data).is_valid(raise_exception=True)
        return Response({})


class PrivateView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({})


class StaffView(APIView):
    def get(self, request):
        from rest_framework.exceptions import PermissionDenied

        raise PermissionDenied()


class DomainErrorView(APIView):
    permission_classes = []

    def get(self, request):
        raise OutOfStock("Only 3 left.", details={"available": 3})


class ConflictView(APIView):
    permission_classes = []

    def get(self, request):
        raise Conflict()


class BoomView(APIView):
    permission_classes = []

    def get(self, request):
        raise RuntimeError("secret database password leaked in message")


class OneTimeThrottle(AnonRateThrottle):
    rate = "1/min"
    scope = "test-one"


class ThrottledView(APIView):
    permission_classes = []
    throttle_classes = [OneTimeThrottle]

    def get(self, request):
        return Response({})


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id"]


class UsersView(ListAPIView):
    permission_classes = []
    serializer_class = UserSerializer
    queryset = User.objects.order_by("date_joined")


urlpatterns = [
    path("api/t/validate", ValidateView.as_view()),
    path("api/t/private", PrivateView.as_view()),
    path("api/t/forbidden", StaffView.as_view()),
    path("api/t/domain", DomainErrorView.as_view()),
    path("api/t/conflict", ConflictView.as_view()),
    path("api/t/boom", BoomView.as_view()),
    path("api/t/throttled", ThrottledView.as_view()),
    path("api/t/users", UsersView.as_view()),
    path("", include("config.urls")),
]

handler404 = "apps.core.views_errors.page_not_found"
handler500 = "apps.core.views_errors.server_error"
