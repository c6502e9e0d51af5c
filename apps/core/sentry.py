"""What reaches Sentry (config/settings/production.py passes these to sentry_sdk.init, with send_default_pii=False,
no local variables and no request bodies): the same redaction as the logs (apps/core/logging.py).

before_send drops request bodies and cookies, replaces credentials in headers, redacts one-time tokens in URLs
and query strings, and applies `redact` (phone numbers, JWTs, bearer tokens, password=/otp=/secret=/token=
values) to messages, exception texts, breadcrumbs and extra data. Nothing here imports sentry_sdk."""
from apps.core.logging import redact, redact_query, redact_url

REDACTED = "[redacted]"
# Header names (lower case) whose values are credentials, and words that make any other header one.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
                            "x-csrftoken"})
SECRET_HEADER_WORDS = ("token", "secret", "auth", "signature", "api-key", "apikey", "session", "password")


def _clean(value):
    """Strings redacted, containers walked; other values as they are."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


def _header_is_secret(name: str) -> bool:
    name = name.lower()
    return name in SECRET_HEADERS or any(word in name for word in SECRET_HEADER_WORDS)


def _scrub_request(request: dict) -> None:
    request.pop("data", None)  # bodies: sign-in passwords, OTP codes, addresses, phone numbers
    request.pop("cookies", None)  # session and CSRF cookies
    headers = request.get("headers")
    if isinstance(headers, dict):
        request["headers"] = {name: REDACTED if _header_is_secret(name) else
                              (redact_url(value) if name.lower() == "referer" and isinstance(value, str)
                               else _clean(value))
                              for name, value in headers.items()}
    if isinstance(request.get("url"), str):
        request["url"] = redact_url(request["url"])
    if isinstance(request.get("query_string"), str):
        request["query_string"] = redact_query(request["query_string"])
    elif request.get("query_string"):
        request["query_string"] = REDACTED
    if isinstance(request.get("env"), dict):
        request["env"] = _clean(request["env"])


def _scrub_breadcrumb(crumb: dict) -> None:
    if isinstance(crumb.get("message"), str):
        crumb["message"] = redact(crumb["message"])
    data = crumb.get("data")
    if isinstance(data, dict):
        crumb["data"] = {key: redact_url(item) if key == "url" and isinstance(item, str) else _clean(item)
                         for key, item in data.items()}


def before_send(event: dict, hint: dict | None = None) -> dict:
    """sentry_sdk's before_send (and before_send_transaction): the event without personal data or secrets."""
    if isinstance(event.get("request"), dict):
        _scrub_request(event["request"])
    if isinstance(event.get("message"), str):
        event["message"] = redact(event["message"])
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        for key in ("message", "formatted"):
            if isinstance(logentry.get(key), str):
                logentry[key] = redact(logentry[key])
        # A parameter alone may not look secret ("123456" for "otp=%s"): the redacted `formatted` text is what
        # Sentry shows, `message` (the template) what it groups by; the parameters themselves are dropped.
        if logentry.get("params"):
            logentry["params"] = [] if "formatted" in logentry else [redact(str(p)) for p in logentry["params"]]
    for exception in (event.get("exception") or {}).get("values") or []:
        if isinstance(exception.get("value"), str):
            exception["value"] = redact(exception["value"])
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)  # local variables (include_local_variables=False keeps them out already)
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in values or []:
        if isinstance(crumb, dict):
            _scrub_breadcrumb(crumb)
    if isinstance(event.get("extra"), dict):
        event["extra"] = _clean(event["extra"])
    if isinstance(event.get("transaction"), str):
        event["transaction"] = redact_url(event["transaction"])
    return event
