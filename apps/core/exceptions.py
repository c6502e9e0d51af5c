"""The one DRF exception handler: every API error, ours or the framework's, gets the shape

    {"error": {"code": "validation_error", "message": "human readable", "details": {...}}}
"""
import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from apps.core.errors import DomainError

logger = logging.getLogger("apps.api")

DRF_CODES = {
    exceptions.ValidationError: "validation_error",
    exceptions.ParseError: "validation_error",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "rate_limited",
}


def error_body(code: str, message, details=None) -> dict:
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def _drf_code(exc: exceptions.APIException) -> str:
    for cls in type(exc).__mro__:
        if cls in DRF_CODES:
            return DRF_CODES[cls]
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else "error"


def _validation_details(detail):
    if isinstance(detail, dict):
        return {key: _validation_details(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [str(item) for item in detail]
        return [_validation_details(item) for item in detail]
    return [str(detail)]


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.details), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        details = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(details)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        # Unexpected: log the trace, leak nothing.
        request = context.get("request")
        logger.exception("Unhandled API error on %s", getattr(request, "path", "?"))
        return Response(error_body("server_error", _("An unexpected error occurred. Please try again later.")),
                        status=status.HTTP_500_INTERNAL_SERVER_ERROR)

    code = _drf_code(exc)
    if isinstance(exc, exceptions.ValidationError):
        details = _validation_details(exc.detail)
        if not isinstance(details, dict):
            details = {"non_field_errors": details}
        message = _("Invalid input.")
        first = next(iter(details.values()), None)
        if first and isinstance(first, list) and first and isinstance(first[0], str):
            message = first[0] if list(details) == ["non_field_errors"] else _("Invalid input.")
        response.data = error_body("validation_error", message, details)
    else:
        detail = exc.detail
        details = {}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            details = {"retry_after": int(exc.wait)}
        if isinstance(detail, dict):
            message = detail.get("detail", _("Error."))
            details = {k: v for k, v in detail.items() if k not in ("detail", "code")} or details
            code = detail.get("code", code) if isinstance(detail.get("code"), str) else code
        else:
            message = detail
        response.data = error_body(code, message, details)
    return response
