"""Storefront pages through Django's test client."""
import re

import pytest
import responses
from allauth.account.models import EmailAddress
from django.core import mail

from apps.accounts.models import Address, User
from tests.factories.accounts import PASSWORD, AddressFactory, PhoneUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PHONE = "+84912345678"


@pytest.fixture
def signed_in(client):
    user = UserFactory(email="an@example.com", full_name="Nguyễn Văn An")
    client.force_login(user, backend="apps.accounts.backends.PhoneOrEmailBackend")
    client.user = user
    return client


def test_phone_signup_then_verify_signs_in(client, last_code):
    page = client.get("/account/signup/")
    assert page.status_code == 200
    assert b'name="phone_number"' in page.content and b"?tab=email" in page.content
    response = client.post("/account/signup/", {"full_name": "Nguyễn Văn An", "phone_number": "0912345678",
                                                "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response.url == "/account/verify/"
    page = client.get("/account/verify/")
    assert PHONE.encode() in page.content
    assert b"data-countdown" in page.content and b"resend-button" in page.content

    wrong = client.post("/account/verify/", {"otp": "12345"})
    assert wrong.status_code == 400
    assert 'class="errorlist"' in wrong.content.decode()

    response = client.post("/account/verify/", {"otp": last_code(PHONE)})
    assert response.status_code == 302
    assert User.objects.get(phone_number=PHONE).is_verified
    assert client.get("/account/profile/").status_code == 200


def test_signup_errors_are_next_to_the_fields(client):
    PhoneUserFactory(phone_number=PHONE)
    response = client.post("/account/signup/", {"full_name": "An", "phone_number": "0912345678",
                                                "password1": "abc", "password2": "abd"})
    assert response.status_code == 400
    html = response.content.decode()
    # the mismatch sits with the second password
    assert re.search(r'id_password2.*?class="errorlist"', html, re.S)
    response = client.post("/account/signup/", {"full_name": "An", "phone_number": "0912345678",
                                                "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert re.search(r'id_phone_number.*?class="errorlist"', response.content.decode(), re.S)
    response = client.post("/account/signup/", {"full_name": "An", "phone_number": "0241234567",
                                                "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400 and 'class="errorlist"' in response.content.decode()


def test_email_signup_tab_posts_to_allauth_and_the_link_verifies(client, django_capture_on_commit_callbacks):
    from apps.notifications.models import Notification

    page = client.get("/account/signup/?tab=email")
    assert b'action="/accounts/signup/"' in page.content
    response = client.post("/accounts/signup/", {"email": "Binh@Example.com", "password1": PASSWORD,
                                                 "password2": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email__iexact="binh@example.com")
    assert not user.is_verified
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    user.refresh_from_db()
    assert user.is_verified
    assert Notification.objects.filter(user=user, kind="account.welcome").count() == 1
    assert EmailAddress.objects.get(user=user).verified


def test_allauth_pages_use_the_store_layout(client):
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"site-header" in response.content and b"allauth-page" in response.content


def test_login_by_phone_and_by_email(client):
    PhoneUserFactory(phone_number=PHONE)
    UserFactory(email="an@example.com")
    page = client.get("/account/login/")
    assert b'name="username"' in page.content
    response = client.post("/account/login/", {"username": "0912345678", "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    response = client.post("/account/login/?next=/account/addresses/", {"username": "AN@example.com",
                                                                         "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/account/addresses/"


def test_login_never_redirects_off_site(client):
    UserFactory(email="an@example.com")
    response = client.post("/account/login/", {"username": "an@example.com", "password": PASSWORD,
                                               "next": "https://evil.example/"})
    assert response.url == "/"


def test_login_wrong_password_shows_an_error_and_lockout_a_clear_message(client, settings):
    UserFactory(email="an@example.com")
    response = client.post("/account/login/", {"username": "an@example.com", "password": "wrong-1234"})
    assert response.status_code == 400
    assert "form-errors" in response.content.decode()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/account/login/", {"username": "an@example.com", "password": "wrong-1234"})
    assert response.status_code == 429
    assert "form-errors" in response.content.decode()  # our page, not axes' bare one
    response = client.post("/account/login/", {"username": "an@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_unverified_phone_login_goes_to_the_code_page(client, sms_outbox):
    PhoneUserFactory(phone_number=PHONE, is_verified=False)
    response = client.post("/account/login/", {"username": PHONE, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/account/verify/"
    assert len(sms_outbox) == 1


def test_suspended_user_cannot_sign_in_and_is_signed_out(client, staff_user):
    from apps.accounts.services import user_suspend

    user = UserFactory(email="an@example.com")
    assert client.post("/account/login/", {"username": "an@example.com", "password": PASSWORD}).status_code == 302
    assert client.get("/account/profile/").status_code == 200
    user_suspend(user=user, by=staff_user, reason="fraud")
    assert client.get("/account/profile/").status_code == 302  # the session no longer authenticates
    response = client.post("/account/login/", {"username": "an@example.com", "password": PASSWORD})
    assert response.status_code == 403


def test_social_buttons_appear_when_providers_are_configured(client, settings):
    assert b"Google" not in client.get("/account/login/").content
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APPS": [{"client_id": "gid", "secret": "s", "key": ""}]},
        "github": {"APPS": [{"client_id": "hid", "secret": "s", "key": ""}]},
    }
    html = client.get("/account/login/").content.decode()
    assert 'action="/accounts/google/login/' in html and 'action="/accounts/github/login/' in html


def test_forgot_and_reset_password_by_phone(client, last_code):
    PhoneUserFactory(phone_number=PHONE)
    response = client.post("/account/password/forgot/", {"identifier": "0912345678"})
    assert response.status_code == 302 and response.url == "/account/password/reset/"
    page = client.get("/account/password/reset/")
    assert PHONE.encode() in page.content
    bad = client.post("/account/password/reset/", {"identifier": PHONE, "code": "000000" if last_code(PHONE) != "000000"
                                                   else "111111", "new_password1": "NewSecret456",
                                                   "new_password2": "NewSecret456"})
    assert bad.status_code == 400 and re.search(r'id_code.*?class="errorlist"', bad.content.decode(), re.S)
    response = client.post("/account/password/reset/", {"identifier": PHONE, "code": last_code(PHONE),
                                                         "new_password1": "NewSecret456",
                                                         "new_password2": "NewSecret456"})
    assert response.status_code == 302
    assert User.objects.get(phone_number=PHONE).check_password("NewSecret456")


def test_forgot_password_for_unknown_email_says_the_same(client):
    response = client.post("/account/password/forgot/", {"identifier": "nobody@example.com"}, follow=True)
    assert response.status_code == 200
    assert mail.outbox == []
    assert "nobody@example.com" in response.content.decode()


def test_reset_by_email_link(client, django_capture_on_commit_callbacks):
    UserFactory(email="an@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password/forgot/", {"identifier": "an@example.com"})
    path = re.search(r"/account/password/reset/\?\S+", mail.outbox[0].body).group(0)
    page = client.get(path)
    assert page.status_code == 200 and b'type="hidden" name="code"' in page.content
    from urllib.parse import parse_qs, urlparse

    query = parse_qs(urlparse(path).query)
    response = client.post(path, {"identifier": query["email"][0], "code": query["token"][0],
                                  "new_password1": "NewSecret456", "new_password2": "NewSecret456"})
    assert response.status_code == 302
    assert User.objects.get(email="an@example.com").check_password("NewSecret456")


def test_profile_needs_sign_in(client):
    response = client.get("/account/profile/")
    assert response.status_code == 302 and response.url.startswith("/account/login/")


def test_profile_update_and_email_conflict(signed_in):
    UserFactory(email="taken@example.com")
    response = signed_in.post("/account/profile/", {"action": "profile", "full_name": "Trần Bình",
                                                    "email": "an@example.com"})
    assert response.status_code == 302
    signed_in.user.refresh_from_db()
    assert signed_in.user.full_name == "Trần Bình"
    response = signed_in.post("/account/profile/", {"action": "profile", "full_name": "X", "email": "TAKEN@example.com"})
    assert response.status_code == 400
    assert re.search(r'id_email.*?class="errorlist"', response.content.decode(), re.S)


def test_avatar_upload_refuses_non_images(signed_in):
    import io

    fake = io.BytesIO(b"not an image at all")
    fake.name = "me.png"
    response = signed_in.post("/account/profile/avatar/", {"file": fake})
    assert response.status_code == 400 and "errorlist" in response.content.decode()


def test_delete_account_page(signed_in):
    response = signed_in.post("/account/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    response = signed_in.post("/account/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    signed_in.user.refresh_from_db()
    assert not signed_in.user.is_active
    assert "_auth_user_id" not in signed_in.session


def test_addresses_page_crud(signed_in):
    page = signed_in.get("/account/addresses/")
    assert page.status_code == 200
    data = {"recipient_name": "An", "phone_number": "0912345678", "street_address": "1 Lê Lợi", "ward": "Bến Nghé",
            "district": "Quận 1", "city": "Hồ Chí Minh"}
    assert signed_in.post("/account/addresses/", data).status_code == 302
    assert signed_in.post("/account/addresses/", {**data, "street_address": "2 Hai Bà Trưng"}).status_code == 302
    first, second = Address.objects.filter(user=signed_in.user).order_by("created_at")
    assert first.is_default and not second.is_default

    response = signed_in.post(f"/account/addresses/{second.pk}/default/")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.is_default

    response = signed_in.post(f"/account/addresses/{second.pk}/edit/", {**data, "city": "Cần Thơ"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.city == "Cần Thơ" and second.is_default

    bad = signed_in.post("/account/addresses/", {**data, "phone_number": "123"})
    assert bad.status_code == 400 and re.search(r'id_phone_number.*?class="errorlist"', bad.content.decode(), re.S)

    assert signed_in.post(f"/account/addresses/{second.pk}/delete/").status_code == 302
    first.refresh_from_db()
    assert first.is_default
    # the last one stays, with a message
    response = signed_in.post(f"/account/addresses/{first.pk}/delete/", follow=True)
    assert Address.objects.filter(pk=first.pk).exists()
    assert "message-error" in response.content.decode()


def test_htmx_address_actions_return_the_list(signed_in):
    a = AddressFactory(user=signed_in.user, is_default=True)
    b = AddressFactory(user=signed_in.user)
    response = signed_in.post(f"/account/addresses/{b.pk}/default/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="address-list"' in response.content.decode()
    a.refresh_from_db()
    assert not a.is_default


def test_another_users_address_pages_are_404(signed_in):
    theirs = AddressFactory(is_default=True)
    AddressFactory(user=theirs.user)
    assert signed_in.get(f"/account/addresses/{theirs.pk}/edit/").status_code == 404
    assert signed_in.post(f"/account/addresses/{theirs.pk}/edit/", {"recipient_name": "x"}).status_code == 404
    assert signed_in.post(f"/account/addresses/{theirs.pk}/delete/").status_code == 404
    assert signed_in.post(f"/account/addresses/{theirs.pk}/default/").status_code == 404
    assert Address.objects.filter(pk=theirs.pk, is_default=True).exists()


def test_pages_are_translated(client):
    client.cookies["django_language"] = "vi"
    vi = client.get("/account/login/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    client.cookies["django_language"] = "en"
    en = client.get("/account/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Forgot your password?" in en and "Phone number or e-mail" in en
    assert "Quên mật khẩu?" in vi and "Số điện thoại hoặc e-mail" in vi


def test_allauth_login_refuses_suspended_users_with_our_backend_and_adapter(client, settings, staff_user):
    """The settings the lead is asked to adopt: allauth's own e-mail sign-in then turns suspended users away."""
    from apps.accounts.services import user_suspend

    settings.AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                                        "apps.accounts.backends.PhoneOrEmailBackend",
                                        "apps.accounts.backends.AllauthBackend"]
    settings.ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
    user = UserFactory(email="an@example.com")
    EmailAddress.objects.create(user=user, email="an@example.com", verified=True, primary=True)
    assert client.post("/accounts/login/", {"login": "an@example.com", "password": PASSWORD}).status_code == 302
    assert "_auth_user_id" in client.session
    client.logout()
    user_suspend(user=user, by=staff_user, reason="fraud")
    client.post("/accounts/login/", {"login": "an@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@responses.activate
def test_github_button_flow_signs_up_a_verified_user(client, settings, django_capture_on_commit_callbacks):
    """The storefront button through django-allauth, GitHub's endpoints faked."""
    from urllib.parse import parse_qs, urlparse

    settings.SOCIALACCOUNT_PROVIDERS = {"github": {"APPS": [{"client_id": "hid", "secret": "s", "key": ""}],
                                                   "SCOPE": ["user:email"]}}
    responses.post("https://github.com/login/oauth/access_token", json={"access_token": "gho_x", "token_type": "bearer"})
    responses.get("https://api.github.com/user", json={"id": 77, "login": "mona", "name": "Mona Lisa", "email": None})
    responses.get("https://api.github.com/user/emails",
                  json=[{"email": "mona@example.com", "primary": True, "verified": True}])
    start = client.post("/accounts/github/login/?process=login")
    assert start.status_code == 302 and start.url.startswith("https://github.com/login/oauth/authorize")
    state = parse_qs(urlparse(start.url).query)["state"][0]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.get("/accounts/github/login/callback/", {"code": "abc", "state": state})
    assert done.status_code == 302, done.content[:500]
    user = User.objects.get(email="mona@example.com")
    assert user.is_verified
    assert "_auth_user_id" in client.session
