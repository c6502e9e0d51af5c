"""Log formatting: JSON lines in production, a request id on every line, personal data redacted."""
import json
import logging
import re
import traceback
from datetime import UTC, datetime

from apps.core.middleware import request_id_var

# Phone numbers (VN, with or without +84), bearer/JWT tokens and OTP codes never reach the logs.
REDACTIONS = [
    (re.compile(r"(?<!\d)(?:\+?84|0)(?:3|5|7|8|9)\d{8}(?!\d)"), "[phone]"),
    (re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+"), "[token]"),
    (re.compile(r"(?i)(bearer\s+)[\w.-]+"), r"\1[token]"),
    (re.compile(r"(?i)((?:password|otp|secret|token)[\"']?\s*[:=]\s*[\"']?)[^\s,\"'}]+"), r"\1[redacted]"),
]


def redact(text: str) -> str:
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


# URLs whose last path segment is a secret: one-time links (newsletter confirmation and unsubscribe, e-mail
# unsubscribe, allauth's e-mail confirmation and password reset keys).
SECRET_PATH = re.compile(r"(/(?:notifications/unsubscribe|newsletter/confirm|newsletter/unsubscribe"
                         r"|accounts/confirm-email|accounts/password/reset/key)/)(?!done/)[^/?#\s\"]+")
# Query parameters whose values are kept in logs: paging, sorting and filters. Every other value (search words,
# `next`, `token`, OAuth `code` and `state`, payment return signatures...) becomes [redacted].
SAFE_QUERY_PARAMETERS = frozenset({
    "page", "page_size", "cursor", "sort", "ordering", "format", "interval", "from", "to", "limit", "days", "tab",
    "status", "rating", "category", "brand", "condition", "min_price", "max_price", "in_stock", "shipping_method",
    "lang", "language",
})


def _redact_parameter(parameter: str) -> str:
    name, equals, _value = parameter.partition("=")
    if name.lower() in SAFE_QUERY_PARAMETERS:
        return redact(parameter)
    return f"{name}=[redacted]" if equals else "[redacted]"


def redact_query(query: str) -> str:
    """A query string (without "?") with every value outside SAFE_QUERY_PARAMETERS replaced."""
    if not query:
        return query
    return "&".join(_redact_parameter(p) for p in query.split("&"))


def redact_url(url: str) -> str:
    """A URL, or a path with its query string, fit for logs and error reports: secret path segments and query
    values redacted, then `redact` (phone numbers, tokens)."""
    if not url:
        return url
    url, hash_, _fragment = url.partition("#")
    base, question, query = url.partition("?")
    base = redact(SECRET_PATH.sub(r"\1[redacted]", base))
    return base + (question + redact_query(query) if question else "") + ("#[redacted]" if hash_ else "")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class RedactFilter(logging.Filter):
    """Redacts the formatted message. Loggers that must log a secret on purpose (the development SMS
    backend, which shows the OTP so a developer can sign up) set `extra={"unredacted": True}`."""

    def filter(self, record):
        if getattr(record, "unredacted", False):
            return True
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        # Exception texts too (e.g. a database error quoting the duplicate phone number): formatters use
        # record.exc_text when it is set instead of formatting the traceback again.
        if record.exc_info and not record.exc_text:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        payload = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        if record.exc_info:
            payload["exc"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


class SlowQueryFilter(logging.Filter):
    """Lets through only database queries slower than `threshold_ms` (development)."""

    def __init__(self, threshold_ms=100):
        super().__init__()
        self.threshold = threshold_ms / 1000

    def filter(self, record):
        duration = getattr(record, "duration", None)
        return duration is not None and duration >= self.threshold
