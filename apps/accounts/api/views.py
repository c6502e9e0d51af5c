"""Auth and profile API (see ../shared/API.md, sections Auth and Profile). Thin: validate, call a
service or selector, serialize."""
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import selectors, services
from apps.accounts.api import serializers as s
from apps.accounts.models import Address
from apps.accounts.services.social import social_login
from apps.core.throttles import AuthRateThrottle, OtpRateThrottle

E = s.AccountsErrorSerializer


def err(description: str) -> OpenApiResponse:
    return OpenApiResponse(E, description=description)


VALIDATION = err("validation_error: bad input; `details` names the fields.")
RATE_LIMITED = err("rate_limited: too many requests (throttle, code resend within a minute, or lockout); "
                   "`details.retry_after` in seconds.")
TOKENS_EXAMPLE = OpenApiExample("tokens", response_only=True, value={
    "access_token": "eyJhbGciOi...", "refresh_token": "eyJhbGciOi...", "token_type": "Bearer", "expires_in": 900,
    "user": {"id": "0b7c...", "phone_number": "+84912345678", "email": None, "full_name": "Nguyễn Văn An",
             "avatar": None, "role": "buyer", "is_verified": True, "marketing_opt_in": False,
             "date_joined": "2026-11-21T13:30:00+07:00"}})


def tokens_response(request, user, http_status=status.HTTP_200_OK) -> Response:
    data = services.tokens_issue(user=user)
    return Response(s.AuthTokensSerializer(data, context={"request": request}).data, status=http_status)


def client(request) -> services.ClientInfo:
    return services.ClientInfo.from_request(request)


class AuthView(APIView):
    """Public: no authentication (an expired Bearer header must not stop a sign-in), strict throttle."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]

    def input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class RegisterApi(AuthView):
    throttle_classes = [OtpRateThrottle]

    @extend_schema(
        tags=["auth"], operation_id="auth_register", summary="Sign up with a phone number",
        description="Creates an unverified account and texts a 6-digit code (valid 5 minutes) to the phone. "
                    "Verify it with POST /auth/verify-otp. A number whose account was never verified may register again.",
        request=s.AuthRegisterInput,
        responses={201: s.UserProfileSerializer, 400: VALIDATION,
                   409: err("conflict: the phone number or e-mail already belongs to an account."), 429: RATE_LIMITED},
        examples=[OpenApiExample("register", request_only=True, value={
            "phone_number": "0912345678", "password": "matkhau2026", "full_name": "Nguyễn Văn An"})],
    )
    def post(self, request):
        data = self.input(s.AuthRegisterInput)
        user = services.user_register(**data)
        return Response(s.UserProfileSerializer(user, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ResendOtpApi(AuthView):
    throttle_classes = [OtpRateThrottle]

    @extend_schema(
        tags=["auth"], operation_id="auth_resend_otp", summary="Send a new sign-up code",
        description="At most once a minute per number. Answers 202 whether or not the number has an account waiting.",
        request=s.AuthPhoneInput, responses={202: OpenApiResponse(description="Accepted."), 400: VALIDATION,
                                             429: RATE_LIMITED},
    )
    def post(self, request):
        services.otp_resend(**self.input(s.AuthPhoneInput))
        return Response(status=status.HTTP_202_ACCEPTED)


class VerifyOtpApi(AuthView):
    @extend_schema(
        tags=["auth"], operation_id="auth_verify_otp", summary="Verify the phone number with the SMS code",
        description="The code is valid 5 minutes and allows 5 wrong tries; then a new one must be requested.",
        request=s.AuthVerifyOtpInput,
        responses={200: s.AuthTokensSerializer, 400: VALIDATION,
                   403: err("permission_denied: the account is suspended."), 429: RATE_LIMITED},
        examples=[TOKENS_EXAMPLE],
    )
    def post(self, request):
        data = self.input(s.AuthVerifyOtpInput)
        user = services.user_verify_phone(phone_number=data["phone_number"], code=data["otp"], client=client(request))
        return tokens_response(request, user)


class LoginApi(AuthView):
    @extend_schema(
        tags=["auth"], operation_id="auth_login", summary="Sign in with a phone number or e-mail and a password",
        description="Send `phone_number` or `email`, and `password`. After repeated failures the account is locked "
                    "for this IP for a while (429).",
        request=s.AuthLoginInput,
        responses={200: s.AuthTokensSerializer, 400: VALIDATION,
                   401: err("not_authenticated: wrong phone number, e-mail or password."),
                   403: err("permission_denied: the account is not verified (`details.reason` = "
                            "account_not_verified) or suspended (account_suspended), or it has two-factor "
                            "authentication and `mfa_code` is missing (mfa_required) or wrong (mfa_invalid)."),
                   429: RATE_LIMITED},
        examples=[OpenApiExample("by phone", request_only=True,
                                 value={"phone_number": "0912345678", "password": "matkhau2026"}), TOKENS_EXAMPLE],
    )
    def post(self, request):
        data = self.input(s.AuthLoginInput)
        user = services.user_login_api(request=request, identifier=data["identifier"], password=data["password"],
                                       mfa_code=data["mfa_code"])
        return tokens_response(request, user)


class RefreshApi(AuthView):
    @extend_schema(
        tags=["auth"], operation_id="auth_refresh", summary="Rotate the tokens",
        description="The refresh token is revoked and a new pair returned. A used, revoked or expired refresh token "
                    "is refused (401).",
        request=s.AuthRefreshInput,
        responses={200: s.AuthTokensSerializer, 400: VALIDATION,
                   401: err("not_authenticated: invalid, expired or revoked refresh token."),
                   403: err("permission_denied: the account is suspended."), 429: RATE_LIMITED},
    )
    def post(self, request):
        data = services.token_refresh(**self.input(s.AuthRefreshInput))
        return Response(s.AuthTokensSerializer(data, context={"request": request}).data)


class LogoutApi(AuthView):
    @extend_schema(
        tags=["auth"], operation_id="auth_logout", summary="Sign out (revoke the refresh token)",
        request=s.AuthRefreshInput,
        responses={204: OpenApiResponse(description="Revoked."), 400: VALIDATION, 429: RATE_LIMITED},
    )
    def post(self, request):
        services.token_revoke(**self.input(s.AuthRefreshInput), client=client(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ForgotPasswordApi(AuthView):
    throttle_classes = [OtpRateThrottle]

    @extend_schema(
        tags=["auth"], operation_id="auth_forgot_password", summary="Ask for a password reset",
        description="A phone number gets a 6-digit code by SMS; an e-mail address gets a link whose `token` is the "
                    "`otp` of POST /auth/reset-password. Always 202: the answer never tells whether an account exists.",
        request=s.AuthForgotPasswordInput,
        responses={202: OpenApiResponse(description="Accepted."), 400: VALIDATION, 429: RATE_LIMITED},
    )
    def post(self, request):
        data = self.input(s.AuthForgotPasswordInput)
        services.password_forgot(identifier=data["identifier"], language=get_language() or "vi")
        return Response(status=status.HTTP_202_ACCEPTED)


class ResetPasswordApi(AuthView):
    @extend_schema(
        tags=["auth"], operation_id="auth_reset_password", summary="Set a new password",
        description="With the SMS code (phone) or the token from the e-mailed link (email). Every refresh token of "
                    "the account is revoked: all devices must sign in again.",
        request=s.AuthResetPasswordInput,
        responses={204: OpenApiResponse(description="Password changed."),
                   400: err("validation_error: wrong or expired code (`details.otp`) or weak password "
                            "(`details.new_password`)."),
                   429: RATE_LIMITED},
    )
    def post(self, request):
        data = self.input(s.AuthResetPasswordInput)
        services.password_reset(identifier=data["identifier"], code=data["otp"], new_password=data["new_password"],
                                client=client(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SocialLoginApi(AuthView):
    provider = ""

    def post(self, request):
        data = self.input(s.AuthSocialLoginInput)
        user = social_login(provider=self.provider, access_token=data.get("access_token"), code=data.get("code"),
                            redirect_uri=data.get("redirect_uri"), request=request)
        return tokens_response(request, user)


def _social_schema(provider: str, name: str):
    return extend_schema(
        tags=["auth"], operation_id=f"auth_social_{provider}", summary=f"Sign in with {name}",
        description=f"Send a {name} OAuth `access_token` obtained by the app (it must have been issued to our client) "
                    f"or an authorization `code` (with its `redirect_uri`). A new account is created from the {name} "
                    "profile when needed; an existing account with the same verified e-mail is linked.",
        request=s.AuthSocialLoginInput,
        responses={200: s.AuthTokensSerializer, 400: VALIDATION,
                   401: err(f"not_authenticated: {name} refused the token or code."),
                   403: err("permission_denied: the account is suspended or closed."),
                   409: err("conflict: an account with this (unverified at the provider) e-mail exists."),
                   429: RATE_LIMITED, 503: err(f"service_unavailable: {name} unreachable or not configured.")},
        examples=[TOKENS_EXAMPLE],
    )


class GoogleLoginApi(SocialLoginApi):
    provider = "google"

    @_social_schema("google", "Google")
    def post(self, request):
        return super().post(request)


class GithubLoginApi(SocialLoginApi):
    provider = "github"

    @_social_schema("github", "GitHub")
    def post(self, request):
        return super().post(request)


class ProfileApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["profile"], operation_id="users_profile_retrieve", summary="My profile",
                   responses={200: s.UserProfileSerializer, 401: err("not_authenticated")})
    def get(self, request):
        return Response(s.UserProfileSerializer(request.user, context={"request": request}).data)

    @extend_schema(
        tags=["profile"], operation_id="users_profile_update", summary="Update my profile",
        description="full_name, email (unique, case-insensitive) and marketing_opt_in. The phone number is changed "
                    "by support only.",
        request=s.ProfileUpdateInput,
        responses={200: s.UserProfileSerializer, 400: VALIDATION, 401: err("not_authenticated"),
                   409: err("conflict: the e-mail address belongs to another account (`details.email`).")},
    )
    def patch(self, request):
        serializer = s.ProfileUpdateInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.user_profile_update(user=request.user, **serializer.validated_data)
        return Response(s.UserProfileSerializer(user, context={"request": request}).data)

    @extend_schema(
        tags=["profile"], operation_id="users_profile_destroy", summary="Delete my account",
        description="The password confirms it. Personal data is anonymised, addresses removed, every token revoked; "
                    "orders are kept for the shops' records.",
        request=s.ProfileDeleteInput,
        responses={204: OpenApiResponse(description="Deleted."),
                   400: err("validation_error: wrong password (`details.password`)."), 401: err("not_authenticated")},
    )
    def delete(self, request):
        serializer = s.ProfileDeleteInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_delete(user=request.user, password=serializer.validated_data["password"], client=client(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AvatarApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["profile"], operation_id="users_profile_avatar", summary="Upload my avatar",
        description="multipart `file`: a JPEG, PNG, WebP or GIF image (checked by its content) of at most 5 MB. "
                    "It is scaled down to fit 512x512 and stored as JPEG.",
        request={"multipart/form-data": s.ProfileAvatarInput},
        responses={200: s.UserProfileSerializer, 400: VALIDATION, 401: err("not_authenticated")},
    )
    def post(self, request):
        serializer = s.ProfileAvatarInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_avatar_set(user=request.user, upload=serializer.validated_data["file"])
        return Response(s.UserProfileSerializer(user, context={"request": request}).data)


class AddressListApi(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.UserAddressSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Address.objects.none()
        return selectors.addresses_for_user(self.request.user)

    @extend_schema(tags=["profile"], operation_id="users_addresses_list", summary="My addresses",
                   description="The default first, then the most recent.",
                   responses={200: s.UserAddressSerializer(many=True), 401: err("not_authenticated")})
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        tags=["profile"], operation_id="users_addresses_create", summary="Add an address",
        description="The first address becomes the default; `is_default: true` moves the default here.",
        request=s.UserAddressInput,
        responses={201: s.UserAddressSerializer, 400: VALIDATION, 401: err("not_authenticated")},
        examples=[OpenApiExample("address", request_only=True, value={
            "recipient_name": "Nguyễn Văn An", "phone_number": "0912345678", "street_address": "12 Lý Thường Kiệt",
            "ward": "Phường Hàng Bài", "district": "Quận Hoàn Kiếm", "city": "Hà Nội", "is_default": False})],
    )
    def post(self, request):
        serializer = s.UserAddressInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        address = services.address_create(user=request.user, **serializer.validated_data)
        return Response(self.get_serializer(address).data, status=status.HTTP_201_CREATED)


class AddressDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["profile"], operation_id="users_addresses_retrieve", summary="One of my addresses",
                   responses={200: s.UserAddressSerializer, 401: err("not_authenticated"),
                              404: err("not_found: no such address of yours.")})
    def get(self, request, pk):
        return Response(s.UserAddressSerializer(selectors.address_for_user(request.user, pk)).data)

    def _update(self, request, pk, partial):
        serializer = s.UserAddressInput(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        address = services.address_update(user=request.user, address_id=pk, **serializer.validated_data)
        return Response(s.UserAddressSerializer(address).data)

    @extend_schema(tags=["profile"], operation_id="users_addresses_update", summary="Replace an address",
                   request=s.UserAddressInput,
                   responses={200: s.UserAddressSerializer, 400: VALIDATION, 401: err("not_authenticated"),
                              404: err("not_found: no such address of yours.")})
    def put(self, request, pk):
        return self._update(request, pk, partial=False)

    @extend_schema(tags=["profile"], operation_id="users_addresses_partial_update", summary="Change an address",
                   description="`is_default: true` makes it the default; `false` on the default is refused (400): "
                               "make another address the default instead.",
                   request=s.UserAddressInput,
                   responses={200: s.UserAddressSerializer, 400: VALIDATION, 401: err("not_authenticated"),
                              404: err("not_found: no such address of yours.")})
    def patch(self, request, pk):
        return self._update(request, pk, partial=True)

    @extend_schema(tags=["profile"], operation_id="users_addresses_destroy", summary="Delete an address",
                   description="Deleting the default makes the most recent other address the default.",
                   responses={204: OpenApiResponse(description="Deleted."), 401: err("not_authenticated"),
                              404: err("not_found: no such address of yours."),
                              409: err("conflict: the last remaining address cannot be deleted.")})
    def delete(self, request, pk):
        services.address_delete(user=request.user, address_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AddressSetDefaultApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["profile"], operation_id="users_addresses_set_default", summary="Make an address the default",
                   request=None,
                   responses={200: s.UserAddressSerializer, 401: err("not_authenticated"),
                              404: err("not_found: no such address of yours.")})
    def post(self, request, pk):
        return Response(s.UserAddressSerializer(services.address_set_default(user=request.user, address_id=pk)).data)
