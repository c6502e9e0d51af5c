import re
import time

import pytest
from django.core.cache import cache
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from apps.accounts.errors import RateLimited
from apps.accounts.models import SecurityEvent
from apps.accounts.services import (
    ClientInfo,
    otp,
    tokens_issue,
    user_set_role,
    user_suspend,
    user_unsuspend,
)
from apps.core.errors import PermissionDenied, ValidationFailed
from tests.factories.accounts import UserFactory

PHONE = "+84912345678"


def test_otp_is_stored_hashed_and_used_once(last_code):
    otp.otp_send(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY)
    code = last_code(PHONE)
    stored = cache.get(f"accounts:otp:code:{otp.PURPOSE_VERIFY}:{PHONE}")
    assert code not in str(stored)
    otp.otp_check(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY, code=code)
    with pytest.raises(ValidationFailed):
        otp.otp_check(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY, code=code)


def test_otp_counts_down_tries_then_destroys_the_code(last_code):
    otp.otp_send(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY)
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    messages = []
    for _ in range(otp.OTP_MAX_TRIES):
        with pytest.raises(ValidationFailed) as exc:
            otp.otp_check(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY, code=wrong)
        messages.append(str(exc.value.message))
    assert "4" in messages[0] and "1" in messages[3]
    with pytest.raises(ValidationFailed):
        otp.otp_check(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY, code=code)


def test_codes_of_different_purposes_do_not_mix(last_code, monkeypatch):
    otp.otp_send(phone_number=PHONE, purpose=otp.PURPOSE_RESET)
    code = last_code(PHONE)
    with pytest.raises(ValidationFailed):
        otp.otp_check(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY, code=code)


def test_resend_waits_a_minute(last_code, monkeypatch):
    otp.otp_send(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY)
    with pytest.raises(RateLimited) as exc:
        otp.otp_send(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY)
    assert 0 < exc.value.details["retry_after"] <= 60
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    otp.otp_send(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY)


def test_the_dev_sms_backend_logs_number_and_code(settings, caplog):
    import logging

    settings.SMS_BACKEND = "apps.accounts.sms.LogSmsBackend"
    with caplog.at_level(logging.INFO, logger="apps.accounts.sms"):
        otp.otp_send(phone_number=PHONE, purpose=otp.PURPOSE_VERIFY)
    lines = [r.getMessage() for r in caplog.records if r.name == "apps.accounts.sms"]
    assert len(lines) == 1
    assert PHONE in lines[0]
    assert re.search(r"\b\d{6}\b", lines[0])


@pytest.mark.django_db
def test_set_role_is_audited(staff_user):
    user = UserFactory()
    user_set_role(user=user, role="seller", by=staff_user)
    user.refresh_from_db()
    assert user.role == "seller" and user.is_seller
    event = SecurityEvent.objects.get(kind="role_changed")
    assert (event.user, event.actor, event.details) == (user, staff_user, {"from": "buyer", "to": "seller"})
    user_set_role(user=user, role="seller", by=staff_user)  # unchanged: no second event
    assert SecurityEvent.objects.filter(kind="role_changed").count() == 1
    with pytest.raises(ValidationFailed):
        user_set_role(user=user, role="emperor", by=staff_user)


@pytest.mark.django_db
def test_suspend_revokes_tokens_and_unsuspend_restores_login(staff_user):
    user = UserFactory()
    tokens_issue(user=user)
    tokens_issue(user=user)
    user_suspend(user=user, by=staff_user, reason="chargebacks")
    user.refresh_from_db()
    assert user.is_suspended
    assert OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).count() == 0
    event = SecurityEvent.objects.get(kind="suspended")
    assert event.details == {"reason": "chargebacks"} and event.actor == staff_user
    revoked = SecurityEvent.objects.get(kind="tokens_revoked")
    assert revoked.details["count"] == 2
    user_unsuspend(user=user, by=staff_user, reason="appeal accepted")
    user.refresh_from_db()
    assert not user.is_suspended
    assert SecurityEvent.objects.filter(kind="unsuspended").count() == 1


@pytest.mark.django_db
def test_staff_cannot_suspend_themselves(staff_user):
    with pytest.raises(PermissionDenied):
        user_suspend(user=staff_user, by=staff_user, reason="")


def test_client_info_from_request(rf):
    request = rf.get("/", HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 400, REMOTE_ADDR="203.0.113.5")
    info = ClientInfo.from_request(request)
    assert info.ip_address == "203.0.113.5"
    assert len(info.user_agent) == 300
