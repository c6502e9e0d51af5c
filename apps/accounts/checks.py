"""Deployment checks of the accounts app (`manage.py check --deploy`; CI runs it with production settings).

accounts.E010: SMS_BACKEND is the development LogSmsBackend, which writes every SMS, OTP codes included, to the
log on purpose. A real deployment sends SMS (HttpSmsBackend); a staging or CI run that sends none says so with
SMS_ALLOW_LOG_BACKEND=true.
accounts.E011: HttpSmsBackend without SMS_API_URL: no code would ever arrive."""
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string


@register(Tags.security, deploy=True)
def sms_backend_check(app_configs=None, **kwargs):
    from apps.accounts.sms import HttpSmsBackend, LogSmsBackend

    try:
        backend = import_string(settings.SMS_BACKEND)
    except ImportError as exc:
        return [Error(f"SMS_BACKEND {settings.SMS_BACKEND!r} cannot be imported: {exc}", id="accounts.E012")]
    if issubclass(backend, LogSmsBackend) and not getattr(settings, "SMS_ALLOW_LOG_BACKEND", False):
        return [Error(
            "SMS_BACKEND is the development LogSmsBackend: one-time codes would be written to the log and never "
            "reach anyone's phone.",
            hint="Set SMS_BACKEND=apps.accounts.sms.HttpSmsBackend with SMS_API_URL and SMS_API_KEY. For a "
                 "deployment that must not send SMS (staging, CI), set SMS_ALLOW_LOG_BACKEND=true.",
            id="accounts.E010")]
    if issubclass(backend, HttpSmsBackend) and not settings.SMS_API_URL:
        return [Error("SMS_BACKEND is HttpSmsBackend but SMS_API_URL is empty: no one-time code would be sent.",
                      hint="Set SMS_API_URL and SMS_API_KEY (the SMS provider's endpoint and key).",
                      id="accounts.E011")]
    return []
