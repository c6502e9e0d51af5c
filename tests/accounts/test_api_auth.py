import re
import time

import pytest
from django.core import mail

from apps.accounts.models import SecurityEvent, User
from apps.accounts.services import user_suspend
from tests.accounts.utils import assert_error
from tests.factories.accounts import PASSWORD, PhoneUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PHONE = "+84912345678"
NEW_PASSWORD = "NewSecret456"


def register(api_client, **overrides):
    body = {"phone_number": "0912345678", "password": PASSWORD, "full_name": "Nguyễn Văn An", **overrides}
    return api_client.post("/api/v1/auth/register", body, format="json")


def later(monkeypatch, seconds):
    """Move the clock forward (the cache's expiry and ours both read time.time)."""
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + seconds)


def test_register_verify_login_refresh_logout_journey(api_client, last_code):
    response = register(api_client)
    assert response.status_code == 201, response.content
    assert response.json()["phone_number"] == PHONE
    assert response.json()["is_verified"] is False

    login = {"phone_number": "0912345678", "password": PASSWORD}
    error = assert_error(api_client.post("/api/v1/auth/login", login, format="json"), 403, "permission_denied")
    assert error["details"]["reason"] == "account_not_verified"

    response = api_client.post("/api/v1/auth/verify-otp", {"phone_number": PHONE, "otp": last_code(PHONE)}, format="json")
    assert response.status_code == 200, response.content
    tokens = response.json()
    assert set(tokens) == {"access_token", "refresh_token", "token_type", "expires_in", "user"}
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 15 * 60
    assert tokens["user"]["is_verified"] is True

    response = api_client.post("/api/v1/auth/login", {"phone_number": "+84 912 345 678", "password": PASSWORD},
                               format="json")
    assert response.status_code == 200, response.content
    first = response.json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {first['access_token']}")
    assert api_client.get("/api/v1/users/profile").json()["phone_number"] == PHONE
    api_client.credentials()

    response = api_client.post("/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]}, format="json")
    assert response.status_code == 200, response.content
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    # the rotated-out token is refused
    assert_error(api_client.post("/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]}, format="json"),
                 401, "not_authenticated")

    assert api_client.post("/api/v1/auth/logout", {"refresh_token": second["refresh_token"]},
                           format="json").status_code == 204
    assert_error(api_client.post("/api/v1/auth/refresh", {"refresh_token": second["refresh_token"]}, format="json"),
                 401, "not_authenticated")
    # logging out twice is harmless
    assert api_client.post("/api/v1/auth/logout", {"refresh_token": second["refresh_token"]},
                           format="json").status_code == 204


def test_login_by_email_case_insensitive(api_client):
    UserFactory(email="an@example.com")
    response = api_client.post("/api/v1/auth/login", {"email": "AN@Example.com", "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["user"]["email"] == "an@example.com"


def test_login_records_audit_events_with_ip_and_user_agent(api_client):
    user = UserFactory(email="an@example.com")
    api_client.post("/api/v1/auth/login", {"email": "an@example.com", "password": "wrong-pass1"}, format="json",
                    HTTP_USER_AGENT="ChoApp/1.0", REMOTE_ADDR="203.0.113.9")
    api_client.post("/api/v1/auth/login", {"email": "an@example.com", "password": PASSWORD}, format="json",
                    HTTP_USER_AGENT="ChoApp/1.0", REMOTE_ADDR="203.0.113.9")
    kinds = list(SecurityEvent.objects.filter(user=user).order_by("created_at").values_list("kind", "ip_address",
                                                                                              "user_agent"))
    assert kinds == [("login_failed", "203.0.113.9", "ChoApp/1.0"), ("login_succeeded", "203.0.113.9", "ChoApp/1.0")]
    user.refresh_from_db()
    assert user.last_login is not None


def test_wrong_password_is_401_and_reveals_nothing(api_client):
    UserFactory(email="an@example.com")
    known = assert_error(api_client.post("/api/v1/auth/login", {"email": "an@example.com", "password": "nope12345"},
                                         format="json"), 401, "not_authenticated")
    unknown = assert_error(api_client.post("/api/v1/auth/login", {"email": "who@example.com", "password": "nope12345"},
                                           format="json"), 401, "not_authenticated")
    assert known["message"] == unknown["message"]


def test_lockout_after_repeated_failures(api_client, settings):
    UserFactory(email="an@example.com")
    bad = {"email": "an@example.com", "password": "wrong-pass1"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert_error(api_client.post("/api/v1/auth/login", bad, format="json"), 401)
    error = assert_error(api_client.post("/api/v1/auth/login", bad, format="json"), 429, "rate_limited")
    assert error["details"]["reason"] == "locked_out"
    # even the right password is refused while locked out
    good = {"email": "an@example.com", "password": PASSWORD}
    assert_error(api_client.post("/api/v1/auth/login", good, format="json"), 429, "rate_limited")
    assert SecurityEvent.objects.filter(kind="locked_out").exists()
    # another IP is not locked out (lockout is per account and IP)
    assert api_client.post("/api/v1/auth/login", good, format="json", REMOTE_ADDR="198.51.100.1").status_code == 200


def test_suspended_users_token_is_refused(auth_client, user, staff_user):
    assert auth_client.get("/api/v1/users/profile").status_code == 200
    user_suspend(user=user, by=staff_user, reason="fraud")
    error = assert_error(auth_client.get("/api/v1/users/profile"), 403, "permission_denied")
    assert "suspended" in error["message"].lower() or "khóa" in error["message"].lower()


def test_suspended_user_cannot_log_in_or_refresh(api_client, staff_user):
    user = UserFactory(email="an@example.com")
    tokens = api_client.post("/api/v1/auth/login", {"email": "an@example.com", "password": PASSWORD},
                             format="json").json()
    user_suspend(user=user, by=staff_user, reason="fraud")
    error = assert_error(api_client.post("/api/v1/auth/login", {"email": "an@example.com", "password": PASSWORD},
                                         format="json"), 403, "permission_denied")
    assert error["details"]["reason"] == "account_suspended"
    # suspension revoked the refresh tokens
    assert_error(api_client.post("/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]}, format="json"),
                 401)


@pytest.mark.parametrize(("phone", "fragment"), [("0241234567", "mobile"), ("+14155550100", "Vietnam"),
                                                  ("12345", "valid")])
def test_register_refuses_landlines_foreign_and_junk_numbers(api_client, settings, phone, fragment):
    settings.LANGUAGE_CODE = "en"
    error = assert_error(register(api_client, phone_number=phone, HTTP_ACCEPT_LANGUAGE="en"), 400, "validation_error")
    assert "phone_number" in error["details"]
    assert not User.objects.exists()


def test_register_conflicts(api_client):
    PhoneUserFactory(phone_number=PHONE)
    UserFactory(email="taken@example.com")
    error = assert_error(register(api_client), 409, "conflict")
    assert "phone_number" in error["details"]
    error = assert_error(register(api_client, phone_number="0987654321", email="TAKEN@example.com"), 409, "conflict")
    assert "email" in error["details"]


def test_register_weak_password_names_the_field(api_client):
    error = assert_error(register(api_client, password="abcdefgh"), 400, "validation_error")
    assert "password" in error["details"]
    error = assert_error(register(api_client, password="ab1"), 400, "validation_error")
    assert "password" in error["details"]
    assert not User.objects.exists()


def test_unverified_number_may_register_again(api_client, sms_outbox, monkeypatch):
    assert register(api_client, full_name="Squatter").status_code == 201
    later(monkeypatch, 61)
    assert register(api_client, full_name="Owner").status_code == 201
    assert User.objects.get(phone_number=PHONE).full_name == "Owner"
    assert len(sms_outbox) == 2


def test_error_shape_on_bad_input(api_client):
    error = assert_error(api_client.post("/api/v1/auth/login", {"password": "x"}, format="json"), 400,
                         "validation_error")
    assert {"phone_number", "email"} <= set(error["details"])
    error = assert_error(api_client.post("/api/v1/auth/register", {}, format="json"), 400, "validation_error")
    assert {"phone_number", "password", "full_name"} <= set(error["details"])
    assert_error(api_client.post("/api/v1/auth/verify-otp", "{oops", content_type="application/json"), 400,
                 "validation_error")


def test_resend_otp_once_a_minute(api_client, sms_outbox, last_code, monkeypatch):
    register(api_client)
    first = last_code(PHONE)
    error = assert_error(api_client.post("/api/v1/auth/resend-otp", {"phone_number": PHONE}, format="json"), 429,
                         "rate_limited")
    assert 0 < error["details"]["retry_after"] <= 60
    later(monkeypatch, 61)
    assert api_client.post("/api/v1/auth/resend-otp", {"phone_number": "0912345678"}, format="json").status_code == 202
    assert len(sms_outbox) == 2
    second = last_code(PHONE)
    if second != first:  # the old code no longer works
        assert_error(api_client.post("/api/v1/auth/verify-otp", {"phone_number": PHONE, "otp": first}, format="json"),
                     400)
    assert api_client.post("/api/v1/auth/verify-otp", {"phone_number": PHONE, "otp": second},
                           format="json").status_code == 200


def test_resend_otp_for_unknown_number_is_202_and_sends_nothing(api_client, sms_outbox):
    assert api_client.post("/api/v1/auth/resend-otp", {"phone_number": "0987654321"}, format="json").status_code == 202
    assert sms_outbox == []


def test_otp_expires_after_five_minutes(api_client, last_code, monkeypatch):
    register(api_client)
    code = last_code(PHONE)
    later(monkeypatch, 5 * 60 + 1)
    error = assert_error(api_client.post("/api/v1/auth/verify-otp", {"phone_number": PHONE, "otp": code},
                                         format="json"), 400, "validation_error")
    assert "otp" in error["details"]
    assert User.objects.get(phone_number=PHONE).is_verified is False


def test_otp_five_wrong_tries_then_even_the_right_code_is_refused(api_client, last_code):
    register(api_client)
    code = last_code(PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert_error(api_client.post("/api/v1/auth/verify-otp", {"phone_number": PHONE, "otp": wrong}, format="json"),
                     400, "validation_error")
    assert_error(api_client.post("/api/v1/auth/verify-otp", {"phone_number": PHONE, "otp": code}, format="json"), 400)
    assert User.objects.get(phone_number=PHONE).is_verified is False


def test_welcome_notification_after_verification(api_client, last_code, django_capture_on_commit_callbacks):
    from apps.notifications.models import Notification

    register(api_client)
    with django_capture_on_commit_callbacks(execute=True):
        api_client.post("/api/v1/auth/verify-otp", {"phone_number": PHONE, "otp": last_code(PHONE)}, format="json")
    user = User.objects.get(phone_number=PHONE)
    assert list(Notification.objects.filter(user=user).values_list("kind", flat=True)) == ["account.welcome"]


def test_auth_endpoints_are_throttled(api_client):
    responses = [api_client.post("/api/v1/auth/login", {"email": f"x{i}@example.com", "password": "nope12345"},
                                 format="json") for i in range(11)]
    error = assert_error(responses[-1], 429, "rate_limited")
    assert error["details"]["retry_after"] > 0


# --- forgotten password -------------------------------------------------------------------------

def test_forgot_password_never_reveals_whether_an_account_exists(api_client, sms_outbox,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for body in ({"phone_number": "0987654321"}, {"email": "nobody@example.com"}):
            response = api_client.post("/api/v1/auth/forgot-password", body, format="json")
            assert response.status_code == 202
            assert response.content == b""
    assert sms_outbox == [] and mail.outbox == []


def test_reset_password_by_phone_revokes_every_refresh_token(api_client, last_code):
    PhoneUserFactory(phone_number=PHONE)
    tokens = [api_client.post("/api/v1/auth/login", {"phone_number": PHONE, "password": PASSWORD}, format="json").json()
              for _ in range(2)]
    assert api_client.post("/api/v1/auth/forgot-password", {"phone_number": "0912345678"},
                           format="json").status_code == 202
    body = {"phone_number": PHONE, "otp": last_code(PHONE), "new_password": NEW_PASSWORD}
    assert api_client.post("/api/v1/auth/reset-password", body, format="json").status_code == 204
    for pair in tokens:
        assert_error(api_client.post("/api/v1/auth/refresh", {"refresh_token": pair["refresh_token"]}, format="json"),
                     401)
    assert_error(api_client.post("/api/v1/auth/login", {"phone_number": PHONE, "password": PASSWORD}, format="json"),
                 401)
    assert api_client.post("/api/v1/auth/login", {"phone_number": PHONE, "password": NEW_PASSWORD},
                           format="json").status_code == 200
    assert SecurityEvent.objects.filter(kind="password_reset").count() == 1


def test_reset_password_by_email_link_token(api_client, django_capture_on_commit_callbacks):
    UserFactory(email="an@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.post("/api/v1/auth/forgot-password", {"email": "An@example.com"},
                               format="json").status_code == 202
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/account/password/reset/\?\S+", mail.outbox[0].body).group(0)
    token = re.search(r"token=([\w-]+)", link).group(1)
    body = {"email": "an@example.com", "otp": token, "new_password": NEW_PASSWORD}
    assert api_client.post("/api/v1/auth/reset-password", body, format="json").status_code == 204
    # the link works once
    error = assert_error(api_client.post("/api/v1/auth/reset-password", body, format="json"), 400, "validation_error")
    assert "otp" in error["details"]


def test_reset_password_refuses_wrong_code_and_weak_password(api_client, last_code):
    PhoneUserFactory(phone_number=PHONE)
    api_client.post("/api/v1/auth/forgot-password", {"phone_number": PHONE}, format="json")
    code = last_code(PHONE)
    error = assert_error(api_client.post("/api/v1/auth/reset-password",
                                         {"phone_number": PHONE, "otp": code, "new_password": "short"},
                                         format="json"), 400)
    assert "new_password" in error["details"]
    error = assert_error(api_client.post("/api/v1/auth/reset-password",
                                         {"phone_number": PHONE, "otp": "000000" if code != "000000" else "111111",
                                          "new_password": NEW_PASSWORD}, format="json"), 400)
    assert "otp" in error["details"]


def test_messages_follow_accept_language(api_client):
    body = {"email": "who@example.com", "password": "nope12345"}
    vi = api_client.post("/api/v1/auth/login", body, format="json", HTTP_ACCEPT_LANGUAGE="vi").json()
    en = api_client.post("/api/v1/auth/login", body, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert en["error"]["message"] == "The phone number, e-mail or password is incorrect."
    assert vi["error"]["message"] == "Số điện thoại, e-mail hoặc mật khẩu không đúng."
