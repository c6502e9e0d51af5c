"""Gunicorn settings of the image: `gunicorn -c config/gunicorn.py config.wsgi:application ...` (the Dockerfile's CMD
and compose's web command). Flags on the command line and GUNICORN_CMD_ARGS still apply on top.

The access log goes through RedactingLogger: its lines bypass Django's logging (and RedactFilter), yet they hold
the URL of every request and the page it came from. One-time tokens in links (newsletter confirmation,
unsubscribe, allauth e-mail confirmation and password reset), query values other than paging, sorting and
filters (search words, OAuth codes, payment return tokens), credentials in headers, and phone numbers or JWTs
anywhere are replaced by [redacted] (apps/core/logging.py::redact_url, the rule Sentry events get too)."""
from gunicorn.glogging import Logger

from apps.core.logging import redact, redact_query, redact_url

REDACTED = "[redacted]"
# Atoms holding a URL or path (the request line "r" is handled apart), a query string, or credentials; the
# {name}i / {name}e forms are request headers and WSGI environ values a custom access_log_format may use.
URL_ATOMS = frozenset({"U", "f", "{referer}i", "{raw_uri}e", "{request_uri}e", "{path_info}e", "{http_referer}e"})
QUERY_ATOMS = frozenset({"q", "{query_string}e"})
SECRET_WORDS = ("authorization", "cookie", "api-key", "api_key", "token", "secret", "csrf", "session")


class RedactingLogger(Logger):
    """gunicorn's logger, with the access log's atoms redacted (the format stays whatever access_log_format is)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in list(atoms.items()):
            if not isinstance(value, str):
                continue
            name = key.lower()
            if key == "r":
                method, _space, rest = value.partition(" ")
                uri, _space, protocol = rest.rpartition(" ") if " " in rest else (rest, "", "")
                atoms[key] = " ".join(part for part in (method, redact_url(uri), protocol) if part)
            elif key in URL_ATOMS or name in URL_ATOMS:
                atoms[key] = redact_url(value)
            elif key in QUERY_ATOMS or name in QUERY_ATOMS:
                atoms[key] = redact_query(value)
            elif name.startswith("{") and any(word in name for word in SECRET_WORDS):
                atoms[key] = REDACTED
            elif name.startswith("{"):
                atoms[key] = redact(value)
        return atoms


logger_class = RedactingLogger
