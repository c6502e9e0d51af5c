import contextvars
import uuid

from django.conf import settings

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    """Give every request an id (from X-Request-ID when a proxy set one) that every log line carries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if 0 < len(incoming) <= 64 and incoming.replace("-", "").isalnum() else uuid.uuid4().hex
        request.request_id = rid
        token = request_id_var.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = rid
        return response


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class StaffTwoFactorMiddleware:
    """Staff use the back office (/admin/) only with two-factor authentication (TOTP through django-allauth's
    MFA): without an authenticator they are sent to set one up; with one, a session that was not confirmed
    with a code (e.g. a password-only sign-in at /admin/login/) is sent to enter one. STAFF_REQUIRE_2FA
    (default True) switches it off, e.g. for tests of admin pages. The rule itself is
    apps/core/two_factor.py::staff_two_factor_missing, which the staff API permissions apply too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._challenge(request) or self.get_response(request)

    @staticmethod
    def _challenge(request):
        from apps.core.two_factor import SETUP_REQUIRED, staff_two_factor_missing

        user = getattr(request, "user", None)
        if not (getattr(settings, "STAFF_REQUIRE_2FA", True) and user and user.is_authenticated and user.is_staff):
            return None
        from django.urls import NoReverseMatch, reverse

        try:
            admin_root, admin_logout = reverse("admin:index"), reverse("admin:logout")
        except NoReverseMatch:
            return None
        if not request.path.startswith(admin_root) or request.path == admin_logout:
            return None
        missing = staff_two_factor_missing(request, user)
        if missing is None:
            return None

        from urllib.parse import urlencode

        from django.contrib import messages
        from django.http import HttpResponseRedirect
        from django.utils.translation import gettext as _

        query = urlencode({"next": request.get_full_path()})
        if missing == SETUP_REQUIRED:
            messages.warning(request, _("Staff accounts need two-factor authentication. Set up an authenticator "
                                        "app to continue to the administration."))
            return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{query}")
        return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
