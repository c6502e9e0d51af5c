import contextvars
import uuid

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import cached_property

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

    @cached_property
    def _admin_paths(self) -> tuple[str, str] | None:
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse("admin:index"), reverse("admin:logout")
        except NoReverseMatch:
            return None

    def _challenge(self, request):
        from apps.core.two_factor import SETUP_REQUIRED, staff_two_factor_missing

        # The path first: other requests never load the session's user for this check.
        if self._admin_paths is None or not getattr(settings, "STAFF_REQUIRE_2FA", True):
            return None
        admin_root, admin_logout = self._admin_paths
        if not request.path.startswith(admin_root) or request.path == admin_logout:
            return None
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.is_staff):
            return None
        missing = staff_two_factor_missing(request, user)
        if missing is None:
            return None

        from urllib.parse import urlencode

        from django.contrib import messages
        from django.http import HttpResponseRedirect
        from django.urls import reverse
        from django.utils.translation import gettext as _

        query = urlencode({"next": request.get_full_path()})
        if missing == SETUP_REQUIRED:
            messages.warning(request, _("Staff accounts need two-factor authentication. Set up an authenticator "
                                        "app to continue to the administration."))
            return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{query}")
        return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")


_NONCE_SLOT = "csp-nonce-slot-5c1e"
_policies: dict[tuple[bool, bool], str] = {}


@receiver(setting_changed)
def _forget_policies(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies.clear()


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, without rebuilding the two policy strings from settings on every response (a
    sixth of a bare request's time): each is built once per process with a slot for the nonce, which is filled
    per response. Responses a view changed the policy of (csp_update, csp_replace, csp_exempt...) and debug
    error pages take django-csp's own path."""

    _RESPONSE_ATTRS = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
                       "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")

    def process_response(self, request, response):
        if settings.DEBUG or any(hasattr(response, attr) for attr in self._RESPONSE_ATTRS):
            return super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        for header, report_only in ((HEADER, False), (HEADER_REPORT_ONLY, True)):
            policy = self._policy(report_only, nonce)
            if policy and header not in response and not self._excluded(request, report_only):
                response[header] = policy
        if nonce is None:  # as django-csp: a nonce asked for after the header is written is an error
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _policy(report_only: bool, nonce: str | None) -> str:
        key = (report_only, nonce is not None)
        if key not in _policies:
            _policies[key] = build_policy(nonce=_NONCE_SLOT if nonce else None, report_only=report_only)
        return _policies[key].replace(_NONCE_SLOT, nonce) if nonce else _policies[key]

    @staticmethod
    def _excluded(request, report_only: bool) -> bool:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only
                         else "CONTENT_SECURITY_POLICY", None) or {}
        prefixes = policy.get("EXCLUDE_URL_PREFIXES") or ()
        return bool(prefixes) and request.path_info.startswith(tuple(prefixes))
