from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication as BaseJWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from apps.core.prepared import PreparedQuery

# Every API request with a token reads its user: compiled once per process (apps.core.prepared).
_user_by_id = PreparedQuery(lambda user_id: get_user_model().objects.filter(pk=user_id))


class AccountSuspended(exceptions.PermissionDenied):
    default_detail = _("This account is suspended. Contact support.")
    default_code = "account_suspended"


class JWTAuthentication(BaseJWTAuthentication):
    """simplejwt, plus: a suspended user's still-valid tokens stop working at once (403). simplejwt's own checks
    (user gone, inactive, password changed when CHECK_REVOKE_TOKEN is on) are kept as it words them."""

    def get_user(self, validated_token):
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as exc:
            raise InvalidToken(_("Token contained no recognizable user identification")) from exc
        try:
            found = _user_by_id(user_id)
        except ValueError:  # not a UUID: no such user
            found = []
        if not found:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        user = found[0]
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and \
                validated_token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(_("The user's password has been changed."), code="password_changed")
        if user.is_suspended:
            raise AccountSuspended()
        return user
