from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication as BaseJWTAuthentication


class AccountSuspended(exceptions.PermissionDenied):
    default_detail = _("This account is suspended. Contact support.")
    default_code = "account_suspended"


class JWTAuthentication(BaseJWTAuthentication):
    """simplejwt, plus: a suspended user's still-valid tokens stop working at once (403)."""

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if user.is_suspended:
            raise AccountSuspended()
        return user
