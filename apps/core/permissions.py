from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication

from apps.core.errors import PermissionDenied
from apps.core.two_factor import SETUP_REQUIRED, staff_two_factor_missing


def staff_two_factor_enforce(request) -> None:
    """The staff two-factor rule (apps/core/two_factor.py) on the API: staff without an authenticator, or on
    a session opened without the code, get a 403 telling them what to do. Does nothing for anyone else."""
    session = isinstance(getattr(request, "successful_authenticator", None), SessionAuthentication)
    missing = staff_two_factor_missing(request, request.user, session=session)
    if missing is None:
        return
    if missing == SETUP_REQUIRED:
        raise PermissionDenied(
            _("Staff accounts need two-factor authentication. Set up an authenticator app (TOTP) first, then sign "
              "in again with its code."),
            details={"reason": missing, "setup_url": reverse("mfa_activate_totp")})
    raise PermissionDenied(
        _("Confirm this session with the code from your authenticator app first."),
        details={"reason": missing, "confirm_url": reverse("mfa_reauthenticate")})


def is_staff_request(request) -> bool:
    """Signed in as staff, with two-factor authentication where it is required (else the 403 above). What every
    staff API permission starts with."""
    user = request.user
    if not (user and user.is_authenticated and user.is_staff):
        return False
    staff_two_factor_enforce(request)
    return True


class IsStaff(permissions.BasePermission):
    message = "Staff only."

    def has_permission(self, request, view):
        return is_staff_request(request)


class IsSeller(permissions.BasePermission):
    """A signed-in user who owns a shop (role seller)."""

    message = "Only sellers can do this. Register a shop first."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and getattr(user, "is_seller", False))


class HasModelPermission(permissions.BasePermission):
    """Staff with a named Django permission: `required_permission = "orders.view_order"` on the view."""

    def has_permission(self, request, view):
        perm = getattr(view, "required_permission", None)
        if not is_staff_request(request):
            return False
        return perm is None or request.user.has_perm(perm)
