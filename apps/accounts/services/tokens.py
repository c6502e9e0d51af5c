"""JWT pairs through simplejwt: issue, rotate on refresh, revoke one (logout) or all (password reset)."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from apps.accounts.errors import InvalidCredentials
from apps.accounts.models import SecurityEventKind, User
from apps.accounts.services.audit import ClientInfo, security_event_record
from apps.core.errors import PermissionDenied, ValidationFailed


def suspended_error() -> PermissionDenied:
    return PermissionDenied(_("This account is suspended. Contact support."), details={"reason": "account_suspended"})


def tokens_issue(*, user: User) -> dict:
    """A new pair: {access_token, refresh_token, token_type, expires_in, user}."""
    refresh = RefreshToken.for_user(user)
    return {
        "access_token": str(refresh.access_token),
        "refresh_token": str(refresh),
        "token_type": "Bearer",
        "expires_in": int(api_settings.ACCESS_TOKEN_LIFETIME.total_seconds()),
        "user": user,
    }


def _blacklist(refresh: RefreshToken) -> bool:
    """Blacklist one refresh token; False when it already was (a second use of the same token)."""
    jti = refresh[api_settings.JTI_CLAIM]
    outstanding = OutstandingToken.objects.filter(jti=jti).first()
    if outstanding is None:
        outstanding = refresh.outstand()
    _, created = BlacklistedToken.objects.get_or_create(token=outstanding)
    return created


def _invalid_refresh() -> InvalidCredentials:
    return InvalidCredentials(_("This refresh token is invalid, expired or revoked. Sign in again."),
                              details={"refresh_token": [_("Invalid, expired or revoked token.")]})


def token_refresh(*, refresh_token: str) -> dict:
    """Rotate: the given refresh token is revoked and a new pair is issued. A used token is refused."""
    try:
        refresh = RefreshToken(refresh_token)  # signature, expiry, type and blacklist
    except TokenError:
        raise _invalid_refresh()
    user = User.objects.filter(pk=refresh.get(api_settings.USER_ID_CLAIM)).first()
    if user is None or not user.is_active:
        raise _invalid_refresh()
    if user.is_suspended:
        raise suspended_error()
    with transaction.atomic():
        if not _blacklist(refresh):
            raise _invalid_refresh()
        return tokens_issue(user=user)


def token_revoke(*, refresh_token: str, client: ClientInfo | None = None) -> None:
    """Log out: revoke this refresh token. Revoking an already revoked token is not an error."""
    try:
        refresh = RefreshToken(refresh_token, verify=False)
        refresh.token_backend.decode(refresh_token, verify=True)  # signature and expiry, not the blacklist
        refresh.verify_token_type()
    except TokenError:
        raise ValidationFailed(_("This refresh token is invalid or expired."),
                               details={"refresh_token": [_("Invalid or expired token.")]})
    if _blacklist(refresh):
        user = User.objects.filter(pk=refresh.get(api_settings.USER_ID_CLAIM)).first()
        security_event_record(kind=SecurityEventKind.TOKENS_REVOKED, user=user, client=client,
                              details={"reason": "logout", "count": 1})


def tokens_revoke_all(*, user: User, reason: str, actor: User | None = None, client: ClientInfo | None = None) -> int:
    """Revoke every live refresh token of `user` (password reset, suspension, deletion). Returns how many."""
    live = list(OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now(),
                                                blacklistedtoken__isnull=True))
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=token) for token in live], ignore_conflicts=True)
    security_event_record(kind=SecurityEventKind.TOKENS_REVOKED, user=user, actor=actor, client=client,
                          details={"reason": reason, "count": len(live)})
    return len(live)
