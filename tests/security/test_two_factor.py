"""Two-factor authentication (TOTP through django-allauth's MFA): required for staff before the admin,
offered to everyone, and asked for at every sign-in of an account that has it (pages and API)."""
import base64
import hashlib
import hmac
import re
import time
from urllib.parse import urlparse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.conftest import clear_cache
from tests.factories.accounts import UserFactory

PASSWORD = "Secret123pass"


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238: HMAC-SHA1 over the 30-second counter, 6 digits."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(int.from_bytes(mac[offset:offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.STAFF_REQUIRE_2FA = True
    settings.MFA_TOTP_TOLERANCE = 1  # a code computed at the end of a 30 s window still passes


@pytest.fixture
def staff(db):
    return UserFactory(email="admin@example.com", is_staff=True, is_superuser=True, role="admin")


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def path_of(response) -> str:
    return urlparse(response["Location"]).path


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, staff):
    client.force_login(staff)
    response = client.get("/admin/orders/")
    assert response.status_code == 302
    assert path_of(response) == reverse("mfa_activate_totp")
    assert "next=%2Fadmin%2Forders%2F" in response["Location"]


def test_staff_set_up_totp_and_then_reach_the_admin(client, staff):
    client.force_login(staff)
    activate = reverse("mfa_activate_totp")
    page = client.get(activate)
    if page.status_code == 302:  # allauth asks for the password again before adding an authenticator
        reauth = client.post(page["Location"], {"password": PASSWORD})
        assert reauth.status_code == 302
        page = client.get(activate)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert client.post(activate, {"code": totp(secret)}).status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    # The session has not been confirmed with a code yet: one more code, then the admin opens.
    response = client.get("/admin/")
    assert path_of(response) == reverse("mfa_reauthenticate")
    clear_cache()  # allauth refuses a code twice within its window; this is a fresh one in the test's eyes
    confirmed = client.post(response["Location"], {"code": totp(secret, time.time() + 30)})
    assert confirmed.status_code == 302 and path_of(confirmed) == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_password_only_sign_in_at_the_admin_login_still_needs_the_code(client, staff):
    secret = with_totp(staff)
    login = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert login.status_code == 302
    blocked = client.get("/admin/")
    assert path_of(blocked) == reverse("mfa_reauthenticate")

    wrong = client.post(blocked["Location"], {"code": "000000" if totp(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert path_of(client.get("/admin/")) == reverse("mfa_reauthenticate")

    assert client.post(blocked["Location"], {"code": totp(secret)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_requirement_can_be_switched_off(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_buyers_are_not_forced_but_may_enable_it(client, db):
    buyer = UserFactory(email="an@example.com")
    client.force_login(buyer)
    assert client.get("/admin/").status_code == 302  # not staff: Django's admin login, not our 2FA page
    assert client.get(reverse("mfa_index")).status_code == 200  # the 2FA page is offered


def test_a_buyer_with_totp_signs_in_on_the_storefront_with_the_code(client, db):
    buyer = UserFactory(email="totp-buyer@example.com")
    secret = with_totp(buyer)
    response = client.post("/account/login/", {"username": buyer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert path_of(response) == reverse("mfa_authenticate")
    assert client.get("/account/profile/").status_code == 302  # not signed in yet

    done = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    assert done.status_code == 302
    assert client.get("/account/profile/").status_code == 200


def test_a_buyer_without_totp_signs_in_as_before(client, db):
    buyer = UserFactory(email="plain@example.com")
    response = client.post("/account/login/", {"username": buyer.email, "password": PASSWORD})
    assert response.status_code == 302 and path_of(response) == "/"
    assert client.get("/account/profile/").status_code == 200


def test_api_sign_in_asks_two_factor_accounts_for_the_code(api_client, db):
    user = UserFactory(email="api-totp@example.com")
    secret = with_totp(user)
    body = {"email": user.email, "password": PASSWORD}

    missing = api_client.post("/api/v1/auth/login", body, format="json")
    assert missing.status_code == 403
    assert missing.json()["error"]["details"]["reason"] == "mfa_required"
    assert "access_token" not in missing.json()

    wrong = api_client.post("/api/v1/auth/login", {**body, "mfa_code": "12345x"}, format="json")
    assert wrong.status_code == 403 and wrong.json()["error"]["details"]["reason"] == "mfa_invalid"

    ok = api_client.post("/api/v1/auth/login", {**body, "mfa_code": totp(secret)}, format="json")
    assert ok.status_code == 200 and ok.json()["access_token"]


def test_api_sign_in_accepts_a_recovery_code_once(api_client, db):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = UserFactory(email="recovery@example.com")
    with_totp(user)
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    body = {"email": user.email, "password": PASSWORD, "mfa_code": code}
    assert api_client.post("/api/v1/auth/login", body, format="json").status_code == 200
    assert api_client.post("/api/v1/auth/login", body, format="json").status_code == 403


def test_the_profile_page_links_to_two_factor_settings(client, db):
    """Offered to every user: the 2FA page exists and is reachable when signed in."""
    user = UserFactory(email="offer@example.com")
    client.force_login(user)
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert re.search(r"href=\"[^\"]*/accounts/2fa/totp/activate/", page.content.decode())


# --- the staff API: the same rule as /admin/ ---------------------------------------------------------------------

STAFF_API = [("get", "/api/v1/admin/dashboard", None), ("get", "/api/v1/admin/users", None),
             ("get", "/api/v1/integrations/keys", None),
             ("post", "/api/v1/integrations/keys", {"name": "ERP", "scopes": ["catalog:read"]}),
             ("post", "/api/v1/blog/posts", {"title": "Tin mới", "body": "Nội dung", "status": "draft"})]


def bearer_client(user):
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.mark.parametrize(("method", "url", "body"), STAFF_API)
def test_staff_without_an_authenticator_are_refused_by_the_staff_api(staff, method, url, body):
    """A password-only JWT (the account has no TOTP, so POST /api/v1/auth/login asked for no code) opens no
    staff endpoint: a 403 in the API error shape that says to set up two-factor authentication."""
    from apps.integrations.models import ApiKey

    response = getattr(bearer_client(staff), method)(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403, response.content
    error = response.json()["error"]
    assert error["code"] == "permission_denied"
    assert error["details"]["reason"] == "two_factor_setup_required"
    assert "two-factor authentication" in error["message"]
    assert error["details"]["setup_url"] == reverse("mfa_activate_totp")
    assert not ApiKey.objects.exists()


def test_staff_sign_in_to_the_api_with_their_code_and_then_reach_it(api_client, staff):
    secret = with_totp(staff)
    login = api_client.post("/api/v1/auth/login", {"email": staff.email, "password": PASSWORD,
                                                   "mfa_code": totp(secret)}, format="json")
    assert login.status_code == 200, login.content
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access_token']}")
    assert api_client.get("/api/v1/admin/dashboard").status_code == 200
    assert api_client.get("/api/v1/integrations/keys").status_code == 200


def test_a_password_only_staff_session_is_refused_by_the_staff_api(client, staff):
    """The session of a password-only sign-in at /admin/login/ reaches the API through SessionAuthentication:
    it must be confirmed with a code first, as for /admin/."""
    secret = with_totp(staff)
    assert client.post("/admin/login/", {"username": staff.email, "password": PASSWORD}).status_code == 302
    refused = client.get("/api/v1/admin/dashboard")
    assert refused.status_code == 403
    assert refused.json()["error"]["details"]["reason"] == "two_factor_confirmation_required"

    confirm = client.get("/admin/")["Location"]
    assert client.post(confirm, {"code": totp(secret)}).status_code == 302
    assert client.get("/api/v1/admin/dashboard").status_code == 200


def test_buyers_still_get_the_plain_staff_only_answer(db):
    buyer = UserFactory(email="curious@example.com")
    response = bearer_client(buyer).get("/api/v1/admin/dashboard")
    assert response.status_code == 403
    assert "reason" not in response.json()["error"]["details"]


def test_the_staff_api_requirement_switches_off_with_the_admin_one(staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    assert bearer_client(staff).get("/api/v1/admin/dashboard").status_code == 200
