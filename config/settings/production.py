"""Production: every secret from the environment, HTTPS only, JSON logs."""
from .base import *  # noqa: F401,F403
from .base import CONTENT_SECURITY_POLICY, SENTRY_DSN, STORAGES, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CONTENT_SECURITY_POLICY = {**CONTENT_SECURITY_POLICY, "DIRECTIVES": {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True}}

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
LOG_JSON = env.bool("LOG_JSON", default=True)
from .base import LOGGING  # noqa: E402

LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_JSON else "plain"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    from apps.core.sentry import before_send

    # No personal data: no user details, IPs or cookies (send_default_pii), no request bodies, no local variables;
    # before_send redacts tokens in URLs and headers and applies the log redaction to messages (OPERATIONS.md).
    sentry_sdk.init(dsn=SENTRY_DSN, integrations=[DjangoIntegration(), CeleryIntegration()],
                    send_default_pii=False, max_request_body_size="never", include_local_variables=False,
                    before_send=before_send, before_send_transaction=before_send,
                    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0))
