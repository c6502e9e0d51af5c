import pytest

from apps.accounts.sms import LocmemSmsBackend


@pytest.fixture(autouse=True)
def sms_outbox():
    """Messages sent by the (test) SMS backend; emptied around each test."""
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()


@pytest.fixture
def last_code(sms_outbox):
    """last_code(phone) → the 6-digit code in the last SMS sent to that E.164 number."""
    import re

    def _code(phone_number="+84912345678"):
        for to, message in reversed(sms_outbox):
            if to == phone_number:
                return re.search(r"\b(\d{6})\b", message).group(1)
        raise AssertionError(f"no SMS to {phone_number}: {sms_outbox}")

    return _code


def _clear_own_cache():
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):  # django-redis: only this process's key prefix, not the whole DB
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Overrides the root fixture: with Redis, cache.clear() is FLUSHDB and wipes the OTP codes, lockout
    counters and throttle history of the other xdist workers' tests running at the same moment."""
    _clear_own_cache()
    yield
    _clear_own_cache()
