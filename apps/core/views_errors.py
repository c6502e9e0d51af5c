"""Error pages: JSON in the API's error shape under /api/, the storefront's design elsewhere."""
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.core.exceptions import error_body


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _respond(request, status, code, message, template):
    if _is_api(request):
        return JsonResponse(error_body(code, message), status=status)
    return render(request, template, {"status": status, "message": message}, status=status)


def bad_request(request, exception=None):
    return _respond(request, 400, "bad_request", _("Bad request."), "errors/400.html")


def permission_denied(request, exception=None):
    return _respond(request, 403, "permission_denied", _("You do not have permission to view this page."), "errors/403.html")


def page_not_found(request, exception=None):
    return _respond(request, 404, "not_found", _("The page you are looking for does not exist."), "errors/404.html")


def server_error(request):
    if _is_api(request):
        return JsonResponse(error_body("server_error", _("An unexpected error occurred. Please try again later.")), status=500)
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    return _respond(request, 403, "csrf_failed", _("Your session expired or the form was sent twice. Reload the page and try again."),
                    "errors/403_csrf.html")
