"""Who may do what in the back office. Staff need is_staff plus the Django permission of each action;
superusers have them all. Report permissions are custom (analytics.ReportAccess): the Finance group has both,
Support may view but not export finance reports (migration 0002)."""
from rest_framework import permissions

from apps.core.permissions import is_staff_request

VIEW_REPORTS = "analytics.view_reports"
EXPORT_FINANCE_REPORTS = "analytics.export_finance_reports"


def can_view_reports(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff and user.has_perm(VIEW_REPORTS))


def can_export_report(user, name: str) -> bool:
    from apps.analytics.reports import FINANCE_REPORTS

    if not can_view_reports(user):
        return False
    return name not in FINANCE_REPORTS or user.has_perm(EXPORT_FINANCE_REPORTS)


class StaffPermission(permissions.BasePermission):
    """is_staff and the Django permission named for the request's method in the view's `required_permissions`
    ({"GET": "accounts.view_user", "PATCH": "accounts.change_user"}); a method without one is refused. Staff
    without the two-factor authentication STAFF_REQUIRE_2FA asks for get a 403 saying so."""

    message = "You do not have permission to perform this action."

    def has_permission(self, request, view):
        user = request.user
        if not is_staff_request(request):
            return False
        required = getattr(view, "required_permissions", {})
        perm = required.get(request.method) or (required.get("GET") if request.method in ("HEAD", "OPTIONS") else None)
        return bool(perm) and user.has_perm(perm)
