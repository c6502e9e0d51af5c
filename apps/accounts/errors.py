"""Errors specific to accounts, on top of apps.core.errors."""
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError


class RateLimited(DomainError):
    """Too soon: a code was sent less than a minute ago, or too many failed sign-ins (lockout)."""

    code = "rate_limited"
    status = 429
    default_message = _("Too many attempts. Please wait and try again.")


class InvalidCredentials(DomainError):
    code = "not_authenticated"
    status = 401
    default_message = _("The phone number, e-mail or password is incorrect.")
