"""Forgotten passwords: a code by SMS for phone accounts, a link by e-mail for e-mail accounts.
A reset revokes every refresh token of the user."""
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from apps.accounts import domain
from apps.accounts.backends import find_user
from apps.accounts.errors import RateLimited
from apps.accounts.models import SecurityEventKind, User
from apps.accounts.services import otp
from apps.accounts.services.audit import ClientInfo, security_event_record
from apps.accounts.services.auth import password_validate_or_fail, phone_normalize_or_fail
from apps.accounts.services.tokens import tokens_revoke_all
from apps.core.errors import ValidationFailed

logger = logging.getLogger("apps.accounts")


def password_forgot(*, identifier: str, language: str = "vi") -> str:
    """Send a reset code (phone) or link (e-mail) when the account exists; silently nothing otherwise.
    Returns the identifier's kind ("phone" or "email"). Never raises for an unknown account."""
    identifier = (identifier or "").strip()
    kind = domain.identifier_kind(identifier)
    if kind == "phone":
        phone_number = phone_normalize_or_fail(identifier)
        exists = User.objects.filter(phone_number=phone_number, is_active=True, is_suspended=False).exists()
        try:
            otp.otp_send(phone_number=phone_number, purpose=otp.PURPOSE_RESET, deliver=exists)
        except RateLimited:
            logger.info("password reset code not resent: asked again within a minute")
        return kind
    user = find_user(identifier)
    if user is not None and user.is_active and not user.is_suspended:
        from apps.accounts.tasks import password_reset_email_send

        user_id = str(user.pk)
        transaction.on_commit(lambda: password_reset_email_send.delay(user_id, language), robust=True)
    return kind


def password_reset_link(user: User) -> str:
    query = urlencode({"email": user.email, "token": default_token_generator.make_token(user)})
    return f"{settings.SITE_URL.rstrip('/')}/account/password/reset/?{query}"


def password_reset_email_deliver(*, user_id: str, language: str = "vi") -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    with translation.override(language):
        context = {"user": user, "link": password_reset_link(user), "site_name": "Chợ"}
        subject = render_to_string("accounts/email/password_reset_subject.txt", context).strip()
        body = render_to_string("accounts/email/password_reset.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def _bad_code() -> ValidationFailed:
    message = _("This code or link is invalid or has expired. Ask for a new one.")
    return ValidationFailed(message, details={"otp": [message]})


def password_reset(*, identifier: str, code: str, new_password: str, client: ClientInfo | None = None) -> User:
    """Set a new password with the SMS code (phone) or the e-mailed token (e-mail)."""
    identifier = (identifier or "").strip()
    if domain.identifier_kind(identifier) == "phone":
        phone_number = phone_normalize_or_fail(identifier)
        user = User.objects.filter(phone_number=phone_number, is_active=True).first()
        password_validate_or_fail(new_password, user=user, field="new_password")
        otp.otp_check(phone_number=phone_number, purpose=otp.PURPOSE_RESET, code=code)
        if user is None:
            raise _bad_code()
    else:
        user = find_user(identifier)
        if user is None or not user.is_active or not default_token_generator.check_token(user, (code or "").strip()):
            raise _bad_code()
        password_validate_or_fail(new_password, user=user, field="new_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password", "updated_at"])
        security_event_record(kind=SecurityEventKind.PASSWORD_RESET, user=user, client=client)
        tokens_revoke_all(user=user, reason="password_reset", client=client)
        if not user.is_verified:  # the code or link just proved the phone or mailbox is theirs
            from apps.accounts.services.auth import user_mark_verified

            user_mark_verified(user=user, client=client)
    return user


def password_changed_record(*, user: User, client: ClientInfo | None = None) -> None:
    """After a password change (storefront): audit it and sign the user's devices out."""
    with transaction.atomic():
        security_event_record(kind=SecurityEventKind.PASSWORD_CHANGED, user=user, client=client)
        tokens_revoke_all(user=user, reason="password_changed", client=client)
