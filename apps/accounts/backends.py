from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.accounts.phone import normalize_phone


def find_user(identifier: str):
    """The user whose e-mail (case-insensitive) or phone number (any accepted form) is `identifier`."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        return User.objects.by_email(identifier).first()
    try:
        return User.objects.filter(phone_number=normalize_phone(identifier)).first()
    except ValidationError:
        return None


class PhoneOrEmailBackend(ModelBackend):
    """Sign in with a phone number or an e-mail address and a password. Suspended users cannot."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = find_user(username or kwargs.get("email") or kwargs.get("phone_number"))
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not user.is_suspended


class AllauthBackend(AuthenticationBackend):
    """django-allauth's backend, refusing suspended users like ours (use it in place of allauth's in
    AUTHENTICATION_BACKENDS, so a suspended user's session also ends: get_user() asks the same question)."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not getattr(user, "is_suspended", False)
