"""One-time codes sent by SMS: 6 digits, kept hashed in the cache, valid 5 minutes, at most 5 wrong
tries, and a new code at most once a minute per phone number and purpose."""
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from apps.accounts import domain
from apps.accounts.errors import RateLimited
from apps.core.errors import ValidationFailed

OTP_TTL_SECONDS = 5 * 60
OTP_MAX_TRIES = 5
OTP_RESEND_SECONDS = 60

PURPOSE_VERIFY = "verify"
PURPOSE_RESET = "reset"


def _key(name: str, purpose: str, phone_number: str) -> str:
    return f"accounts:otp:{name}:{purpose}:{phone_number}"


def _secret() -> str:
    return getattr(settings, "OTP_SECRET", "") or settings.SECRET_KEY


def otp_resend_available_at(*, phone_number: str, purpose: str) -> float:
    """Epoch seconds from which a new code may be sent (now or in the past when it may be sent already)."""
    return float(cache.get(_key("cooldown", purpose, phone_number)) or 0)


def _claim_send_slot(phone_number: str, purpose: str) -> None:
    now = time.time()
    key = _key("cooldown", purpose, phone_number)
    if cache.add(key, now + OTP_RESEND_SECONDS, OTP_RESEND_SECONDS):
        return
    available_at = float(cache.get(key) or 0)
    if available_at > now:
        wait = math.ceil(available_at - now)
        raise RateLimited(_("Please wait %(seconds)d seconds before asking for a new code.") % {"seconds": wait},
                          details={"retry_after": wait})
    cache.set(key, now + OTP_RESEND_SECONDS, OTP_RESEND_SECONDS)


def otp_send(*, phone_number: str, purpose: str, deliver: bool = True) -> None:
    """Create a new code for `phone_number` (E.164) and send it by SMS.

    Raises RateLimited when a code was sent less than a minute ago. With deliver=False only the
    resend slot is taken (used when the number has no account, so the answer reveals nothing)."""
    _claim_send_slot(phone_number, purpose)
    if not deliver:
        return
    code = domain.otp_generate()
    digest = domain.otp_digest(secret=_secret(), purpose=purpose, phone_number=phone_number, code=code)
    cache.set(_key("code", purpose, phone_number), {"digest": digest, "expires_at": time.time() + OTP_TTL_SECONDS},
              OTP_TTL_SECONDS)
    cache.set(_key("tries", purpose, phone_number), 0, OTP_TTL_SECONDS)
    if purpose == PURPOSE_RESET:
        message = _("Chợ: your password reset code is %(code)s. It expires in 5 minutes. Never share it.")
    else:
        message = _("Chợ: your verification code is %(code)s. It expires in 5 minutes. Never share it.")
    from apps.accounts.tasks import sms_send

    sms_send.delay(phone_number, message % {"code": code})


def _invalid(message) -> ValidationFailed:
    return ValidationFailed(message, details={"otp": [str(message)]})


def otp_check(*, phone_number: str, purpose: str, code: str) -> None:
    """Consume the code if it is right. Raises ValidationFailed (details on "otp") otherwise.

    Each try is counted before the comparison, so parallel guesses cannot exceed the limit; after the
    fifth wrong try the code is destroyed and a new one must be requested."""
    code_key, tries_key = _key("code", purpose, phone_number), _key("tries", purpose, phone_number)
    stored = cache.get(code_key)
    if not stored or stored.get("expires_at", 0) <= time.time():
        raise _invalid(_("This code has expired or was never sent. Request a new code."))
    try:
        tries = cache.incr(tries_key)
    except ValueError:
        tries = OTP_MAX_TRIES + 1
    if tries > OTP_MAX_TRIES:
        cache.delete(code_key)
        raise _invalid(_("Too many wrong codes. Request a new code."))
    if domain.otp_matches(digest=stored["digest"], secret=_secret(), purpose=purpose, phone_number=phone_number,
                          code=code):
        if not cache.delete(code_key):  # someone else used it a moment ago
            raise _invalid(_("This code has expired or was never sent. Request a new code."))
        cache.delete(tries_key)
        return
    left = OTP_MAX_TRIES - tries
    if left <= 0:
        cache.delete(code_key)
        raise _invalid(_("Too many wrong codes. Request a new code."))
    raise _invalid(_("The code is incorrect. %(left)d tries left.") % {"left": left})
