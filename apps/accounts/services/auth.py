"""Sign-up by phone with a one-time code, verification, and sign-in by phone or e-mail."""
import logging

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.backends import find_user
from apps.accounts.errors import InvalidCredentials, RateLimited
from apps.accounts.models import SecurityEventKind, User
from apps.accounts.phone import normalize_phone
from apps.accounts.services import otp
from apps.accounts.services.audit import ClientInfo, security_event_record
from apps.accounts.services.tokens import suspended_error
from apps.core.errors import Conflict, PermissionDenied, ValidationFailed

logger = logging.getLogger("apps.accounts")


def phone_normalize_or_fail(raw: str, *, field: str = "phone_number") -> str:
    try:
        return normalize_phone(raw)
    except DjangoValidationError as exc:
        raise ValidationFailed(exc.messages[0], details={field: exc.messages})


def password_validate_or_fail(password: str, *, user: User | None = None, field: str = "password") -> None:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(exc.messages[0], details={field: exc.messages})


def email_taken(email: str, *, exclude: User | None = None) -> bool:
    qs = User.objects.by_email(email)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def user_register(*, phone_number: str, password: str, full_name: str, email: str | None = None) -> User:
    """Create an unverified account for a phone number and text it a code.

    A number whose account was never verified may register again (the new details replace the old
    ones): whoever typed someone else's number cannot block its owner, who is the only one to get the code."""
    phone_number = phone_normalize_or_fail(phone_number)
    email = (email or "").strip().lower() or None
    full_name = (full_name or "").strip()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(phone_number=phone_number).first()
        if user is not None and user.is_verified:
            raise Conflict(_("An account with this phone number already exists. Sign in instead."),
                           details={"phone_number": [_("This phone number is already registered.")]})
        if email and email_taken(email, exclude=user):
            raise Conflict(_("An account with this e-mail address already exists."),
                           details={"email": [_("This e-mail address is already in use.")]})
        if user is None:
            user = User(phone_number=phone_number)
        user.full_name, user.email, user.is_verified = full_name, email, False
        password_validate_or_fail(password, user=user)
        user.set_password(password)
        user.save()
    otp.otp_send(phone_number=phone_number, purpose=otp.PURPOSE_VERIFY)
    return user


def otp_resend(*, phone_number: str) -> None:
    """Send a new sign-up code. Says nothing about whether the number has an account waiting."""
    phone_number = phone_normalize_or_fail(phone_number)
    waiting = User.objects.filter(phone_number=phone_number, is_verified=False, is_active=True).exists()
    otp.otp_send(phone_number=phone_number, purpose=otp.PURPOSE_VERIFY, deliver=waiting)


def user_mark_verified(*, user: User, client: ClientInfo | None = None) -> User:
    """Mark the account verified (phone code or e-mail link) and welcome the user, once."""
    with transaction.atomic():
        updated = User.objects.filter(pk=user.pk, is_verified=False).update(is_verified=True)
        user.is_verified = True
        if updated:
            security_event_record(kind=SecurityEventKind.ACCOUNT_VERIFIED, user=user, client=client)
            transaction.on_commit(lambda: _welcome(user), robust=True)
    return user


def _welcome(user: User) -> None:
    from apps.notifications.services import notify

    notify(user, "account.welcome", context={}, url="/")


def user_verify_phone(*, phone_number: str, code: str, client: ClientInfo | None = None) -> User:
    """Check the sign-up code and verify the account it was sent for."""
    phone_number = phone_normalize_or_fail(phone_number)
    otp.otp_check(phone_number=phone_number, purpose=otp.PURPOSE_VERIFY, code=code)
    user = User.objects.filter(phone_number=phone_number, is_active=True).first()
    if user is None:
        raise ValidationFailed(_("This code has expired or was never sent. Request a new code."),
                               details={"otp": [_("This code has expired or was never sent. Request a new code.")]})
    if user.is_suspended:
        raise suspended_error()
    return user_mark_verified(user=user, client=client)


def not_verified_error(user: User) -> PermissionDenied:
    if user.phone_number and not user.email:
        message = _("Verify your phone number first: enter the code we sent by SMS.")
    else:
        message = _("Verify your account first: use the link we e-mailed you or the code we sent by SMS.")
    return PermissionDenied(message, details={"reason": "account_not_verified"})


def locked_out_error() -> RateLimited:
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    seconds = int(cooloff.total_seconds()) if cooloff else 0
    minutes = max(1, seconds // 60)
    return RateLimited(
        _("Too many failed sign-in attempts. Try again in %(minutes)d minutes or reset your password.")
        % {"minutes": minutes},
        details={"reason": "locked_out", "retry_after": seconds},
    )


def user_authenticate(*, request, identifier: str, password: str) -> User:
    """Check a phone number or e-mail and a password through Django's authenticate(), so that
    django-axes counts failures and locks the account and IP out after too many.

    Raises RateLimited when locked out, InvalidCredentials, or PermissionDenied (suspended, unverified).
    Does not log in; the caller issues tokens (API) or starts a session (storefront)."""
    identifier = (identifier or "").strip()
    user = authenticate(request=request, username=identifier, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise locked_out_error()
        candidate = find_user(identifier)
        if candidate is not None and candidate.is_suspended and candidate.is_active and candidate.check_password(password):
            raise suspended_error()
        raise InvalidCredentials()
    if user.is_suspended:
        raise suspended_error()
    if not user.is_verified:
        raise not_verified_error(user)
    return user


def user_login_api(*, request, identifier: str, password: str, mfa_code: str = "") -> User:
    """API sign-in: authenticate, then announce the login (last_login, axes reset, audit) without a session.
    An account with two-factor authentication also needs a code from its authenticator (or a recovery code)."""
    user = user_authenticate(request=request, identifier=identifier, password=password)
    mfa_verify(user=user, code=mfa_code)
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return user


def mfa_verify(*, user: User, code: str) -> None:
    """Nothing to do without two-factor authentication; otherwise the TOTP or a recovery code must match."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    if not is_mfa_enabled(user):
        return
    code = (code or "").strip()
    if not code:
        raise PermissionDenied(_("Enter the code from your authenticator app."), details={"reason": "mfa_required"})
    with transaction.atomic():
        for authenticator in Authenticator.objects.filter(
                user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]):
            if authenticator.wrap().validate_code(code):
                authenticator.record_usage()
                return
    raise PermissionDenied(_("The authenticator code is not correct."), details={"reason": "mfa_invalid"})
