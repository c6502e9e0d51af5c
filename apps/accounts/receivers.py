"""Signal receivers: they only hand over to services (audit log, verification, token revocation)."""
from allauth.account import signals as allauth_signals
from axes.signals import user_locked_out
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from apps.accounts.backends import find_user
from apps.accounts.models import SecurityEventKind
from apps.accounts.services.audit import ClientInfo, security_event_record


def _identifier(credentials: dict | None) -> str:
    credentials = credentials or {}
    return str(credentials.get("username") or credentials.get("email") or credentials.get("phone_number")
               or credentials.get("login") or "")


@receiver(auth_signals.user_logged_in, dispatch_uid="accounts_audit_login")
def audit_login(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEventKind.LOGIN_SUCCEEDED, user=user, request=request,
                          identifier=user.email or user.phone_number or "")


@receiver(auth_signals.user_login_failed, dispatch_uid="accounts_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    identifier = _identifier(credentials)
    user = find_user(identifier) if identifier else None
    locked = bool(getattr(request, "axes_locked_out", False))
    security_event_record(kind=SecurityEventKind.LOGIN_FAILED, user=user, request=request, identifier=identifier,
                          details={"locked_out": True} if locked else {})


@receiver(user_locked_out, dispatch_uid="accounts_audit_locked_out")
def audit_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    user = find_user(username) if username else None
    client = ClientInfo.from_request(request)
    if ip_address and not client.ip_address:
        client = ClientInfo(ip_address=ip_address, user_agent=client.user_agent)
    security_event_record(kind=SecurityEventKind.LOCKED_OUT, user=user, client=client, identifier=username or "")


@receiver(allauth_signals.email_confirmed, dispatch_uid="accounts_email_confirmed")
def verify_on_email_confirmed(sender, request, email_address, **kwargs):
    from apps.accounts.services import user_mark_verified

    user_mark_verified(user=email_address.user, client=ClientInfo.from_request(request))


@receiver(allauth_signals.user_signed_up, dispatch_uid="accounts_social_signed_up")
def verify_social_signup(sender, request, user, sociallogin=None, **kwargs):
    """A new account through Google or GitHub whose e-mail the provider verified is a verified account."""
    if sociallogin is None or not any(address.verified for address in sociallogin.email_addresses):
        return
    from apps.accounts.services import user_mark_verified

    user_mark_verified(user=user, client=ClientInfo.from_request(request))


@receiver(allauth_signals.password_changed, dispatch_uid="accounts_password_changed")
@receiver(allauth_signals.password_set, dispatch_uid="accounts_password_set")
def on_password_changed(sender, request, user, **kwargs):
    from apps.accounts.services import password_changed_record

    password_changed_record(user=user, client=ClientInfo.from_request(request))


@receiver(allauth_signals.password_reset, dispatch_uid="accounts_password_reset")
def on_password_reset(sender, request, user, **kwargs):
    from apps.accounts.services import security_event_record as record
    from apps.accounts.services import tokens_revoke_all

    client = ClientInfo.from_request(request)
    record(kind=SecurityEventKind.PASSWORD_RESET, user=user, client=client)
    tokens_revoke_all(user=user, reason="password_reset", client=client)
