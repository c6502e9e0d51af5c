from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.accounts.models import Address, User


class UserProfileSerializer(serializers.ModelSerializer):
    avatar = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ("id", "phone_number", "email", "full_name", "avatar", "role", "is_verified", "marketing_opt_in",
                  "date_joined")
        read_only_fields = fields

    def get_avatar(self, user) -> str | None:
        if not user.avatar:
            return None
        request = self.context.get("request")
        url = user.avatar.url
        return request.build_absolute_uri(url) if request is not None else url


class AuthTokensSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    refresh_token = serializers.CharField()
    token_type = serializers.CharField(default="Bearer")
    expires_in = serializers.IntegerField(help_text=_("Seconds until the access token expires."))
    user = UserProfileSerializer()


class AuthRegisterInput(serializers.Serializer):
    phone_number = serializers.CharField(max_length=20, help_text=_("0912345678 or +84912345678"))
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    full_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, allow_null=True)


class AuthPhoneInput(serializers.Serializer):
    phone_number = serializers.CharField(max_length=20)


class AuthVerifyOtpInput(serializers.Serializer):
    phone_number = serializers.CharField(max_length=20)
    otp = serializers.CharField(max_length=6, min_length=6, help_text=_("The 6-digit code sent by SMS."))


class IdentifierMixin:
    """Exactly one of phone_number or email."""

    def validate(self, attrs):
        phone, email = (attrs.get("phone_number") or "").strip(), (attrs.get("email") or "").strip()
        if bool(phone) == bool(email):
            message = _("Give either a phone number or an e-mail address.")
            raise serializers.ValidationError({"phone_number": [message], "email": [message]})
        attrs["identifier"] = phone or email
        return attrs


class AuthLoginInput(IdentifierMixin, serializers.Serializer):
    phone_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    mfa_code = serializers.CharField(
        required=False, allow_blank=True, max_length=32, default="",
        help_text=_("Only for accounts with two-factor authentication: the code from the authenticator app, "
                    "or one of the recovery codes."))


class AuthRefreshInput(serializers.Serializer):
    refresh_token = serializers.CharField()


class AuthForgotPasswordInput(IdentifierMixin, serializers.Serializer):
    phone_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class AuthResetPasswordInput(IdentifierMixin, serializers.Serializer):
    phone_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    otp = serializers.CharField(max_length=200, help_text=_("The SMS code (phone) or the token from the e-mailed link."))
    new_password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)


class AuthSocialLoginInput(serializers.Serializer):
    access_token = serializers.CharField(required=False, allow_blank=False,
                                         help_text=_("An access token the app obtained from the provider."))
    code = serializers.CharField(required=False, allow_blank=False, help_text=_("Or an authorization code."))
    redirect_uri = serializers.CharField(required=False, allow_blank=True,
                                         help_text=_("The redirect URI used to obtain the code, if any."))

    def validate(self, attrs):
        if bool(attrs.get("access_token")) == bool(attrs.get("code")):
            message = _("Send either an access_token or a code.")
            raise serializers.ValidationError({"access_token": [message], "code": [message]})
        return attrs


class ProfileUpdateInput(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True, allow_null=True)
    marketing_opt_in = serializers.BooleanField(required=False)


class ProfileAvatarInput(serializers.Serializer):
    file = serializers.FileField(help_text=_("A JPEG, PNG, WebP or GIF image of at most 5 MB."))


class ProfileDeleteInput(serializers.Serializer):
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)


class UserAddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ("id", "recipient_name", "phone_number", "street_address", "ward", "district", "city", "is_default",
                  "created_at", "updated_at")
        read_only_fields = ("id", "created_at", "updated_at")


class UserAddressInput(serializers.Serializer):
    recipient_name = serializers.CharField(max_length=150)
    phone_number = serializers.CharField(max_length=20)
    street_address = serializers.CharField(max_length=255)
    ward = serializers.CharField(max_length=100)
    district = serializers.CharField(max_length=100)
    city = serializers.CharField(max_length=100)
    is_default = serializers.BooleanField(required=False)


class AccountsErrorDetail(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.DictField()


class AccountsErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    error = AccountsErrorDetail()
