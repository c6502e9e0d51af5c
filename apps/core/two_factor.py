"""The staff two-factor rule, written once: staff (is_staff) work only with two-factor authentication (TOTP
through django-allauth's MFA) when STAFF_REQUIRE_2FA is on (the default).

Two doors use it: StaffTwoFactorMiddleware for the back office pages (/admin/: a redirect to set up or enter a
code) and the staff API permissions in apps/core/permissions.py (a 403 in the API error shape)."""
from django.conf import settings

SETUP_REQUIRED = "two_factor_setup_required"
CONFIRMATION_REQUIRED = "two_factor_confirmation_required"


def staff_two_factor_missing(request, user, *, session: bool = True) -> str | None:
    """What a staff user still lacks before staff-only work, or None when nothing is (or the rule is off, or
    the user is not staff):

    - SETUP_REQUIRED: the account has no TOTP authenticator;
    - CONFIRMATION_REQUIRED: it has one, but this session was opened without a code (e.g. a password-only
      sign-in at /admin/login/). Only asked when `session` is true: an API token is issued by
      POST /api/v1/auth/login only after the code of an account that has an authenticator."""
    if not getattr(settings, "STAFF_REQUIRE_2FA", True):
        return None
    if not (user and user.is_authenticated and user.is_staff):
        return None
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return SETUP_REQUIRED
    if session:
        from allauth.account.authentication import get_authentication_records

        if not any(record.get("method") == "mfa" for record in get_authentication_records(request, user)):
            return CONFIRMATION_REQUIRED
    return None
