"""Social sign-in through the providers' real HTTP endpoints, faked with `responses`."""
import pytest
import responses
from allauth.socialaccount.models import SocialAccount
from responses import matchers

from apps.accounts.models import User
from apps.accounts.services.social import (
    GITHUB_API,
    GITHUB_TOKEN_URL,
    GOOGLE_TOKEN_URL,
    GOOGLE_TOKENINFO_URL,
    GOOGLE_USERINFO_URL,
)
from tests.accounts.utils import assert_error
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def providers(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APPS": [{"client_id": "google-web-id", "secret": "google-secret", "key": ""}]},
        "github": {"APPS": [{"client_id": "gh-id", "secret": "gh-secret", "key": ""}]},
    }


def google_profile(**extra):
    return {"sub": "1098", "email": "an.nguyen@gmail.com", "email_verified": True, "name": "Nguyễn Văn An", **extra}


def fake_google_token(aud="google-web-id", profile=None):
    responses.get(GOOGLE_TOKENINFO_URL, json={"aud": aud, "azp": aud, "scope": "email profile"},
                  match=[matchers.query_param_matcher({"access_token": "ya29.token"})])
    responses.get(GOOGLE_USERINFO_URL, json=profile or google_profile(),
                  match=[matchers.header_matcher({"Authorization": "Bearer ya29.token"})])


@responses.activate
def test_google_access_token_signs_up_then_signs_in_the_same_user(api_client):
    fake_google_token()
    response = api_client.post("/api/v1/auth/social/google", {"access_token": "ya29.token"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token_type"] == "Bearer" and body["access_token"] and body["refresh_token"]
    assert body["user"]["email"] == "an.nguyen@gmail.com" and body["user"]["is_verified"] is True
    assert body["user"]["full_name"] == "Nguyễn Văn An"

    again = api_client.post("/api/v1/auth/social/google", {"access_token": "ya29.token"}, format="json")
    assert again.json()["user"]["id"] == body["user"]["id"]
    assert User.objects.count() == 1
    assert SocialAccount.objects.get(provider="google").uid == "1098"


@responses.activate
def test_google_token_issued_to_another_app_is_refused(api_client):
    fake_google_token(aud="someone-elses-app")
    assert_error(api_client.post("/api/v1/auth/social/google", {"access_token": "ya29.token"}, format="json"),
                 401, "not_authenticated")
    assert not User.objects.exists()


@responses.activate
def test_google_code_is_exchanged(api_client):
    responses.post(GOOGLE_TOKEN_URL, json={"access_token": "ya29.token", "expires_in": 3599},
                   match=[matchers.urlencoded_params_matcher({
                       "code": "4/abc", "client_id": "google-web-id", "client_secret": "google-secret",
                       "redirect_uri": "com.cho.app:/oauth", "grant_type": "authorization_code"})])
    responses.get(GOOGLE_USERINFO_URL, json=google_profile())
    response = api_client.post("/api/v1/auth/social/google", {"code": "4/abc", "redirect_uri": "com.cho.app:/oauth"},
                               format="json")
    assert response.status_code == 200, response.content


@responses.activate
def test_google_links_an_existing_account_with_the_same_verified_email(api_client):
    existing = UserFactory(email="an.nguyen@gmail.com")
    fake_google_token()
    response = api_client.post("/api/v1/auth/social/google", {"access_token": "ya29.token"}, format="json")
    assert response.json()["user"]["id"] == str(existing.id)


@responses.activate
def test_unverified_provider_email_does_not_take_over_an_account(api_client):
    UserFactory(email="an.nguyen@gmail.com")
    fake_google_token(profile=google_profile(email_verified=False))
    assert_error(api_client.post("/api/v1/auth/social/google", {"access_token": "ya29.token"}, format="json"),
                 409, "conflict")
    assert not SocialAccount.objects.exists()


@responses.activate
def test_github_code_exchange(api_client):
    responses.post(GITHUB_TOKEN_URL, json={"access_token": "gho_token", "token_type": "bearer"})
    responses.get(f"{GITHUB_API}/user", json={"id": 583231, "login": "octocat", "name": "Mona"},
                  match=[matchers.header_matcher({"Authorization": "Bearer gho_token"})])
    responses.get(f"{GITHUB_API}/user/emails", json=[
        {"email": "old@example.com", "primary": False, "verified": True},
        {"email": "Mona@Example.com", "primary": True, "verified": True}])
    response = api_client.post("/api/v1/auth/social/github", {"code": "abc123"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["user"]["email"] == "mona@example.com"
    assert SocialAccount.objects.get(provider="github").uid == "583231"


@responses.activate
def test_github_bad_code_is_refused(api_client):
    responses.post(GITHUB_TOKEN_URL, json={"error": "bad_verification_code"})
    assert_error(api_client.post("/api/v1/auth/social/github", {"code": "stale"}, format="json"), 401,
                 "not_authenticated")


@responses.activate
def test_github_access_token_must_belong_to_our_app(api_client):
    responses.post(f"{GITHUB_API}/applications/gh-id/token", status=404, json={"message": "Not Found"})
    assert_error(api_client.post("/api/v1/auth/social/github", {"access_token": "gho_other"}, format="json"), 401)


@responses.activate
def test_github_without_verified_email_is_refused(api_client):
    responses.post(f"{GITHUB_API}/applications/gh-id/token", json={"id": 1})
    responses.get(f"{GITHUB_API}/user", json={"id": 7, "login": "ghost"})
    responses.get(f"{GITHUB_API}/user/emails", json=[{"email": "g@example.com", "primary": True, "verified": False}])
    error = assert_error(api_client.post("/api/v1/auth/social/github", {"access_token": "gho_t"}, format="json"), 400,
                         "validation_error")
    assert "email" in error["details"]


@responses.activate
def test_provider_down_is_503(api_client):
    responses.get(GOOGLE_TOKENINFO_URL, status=502)
    assert_error(api_client.post("/api/v1/auth/social/google", {"access_token": "ya29.token"}, format="json"), 503)


def test_provider_not_configured_is_503(api_client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"google": {"APPS": [{"client_id": "", "secret": ""}]}}
    assert_error(api_client.post("/api/v1/auth/social/google", {"access_token": "x"}, format="json"), 503)


def test_social_needs_exactly_one_of_token_or_code(api_client):
    error = assert_error(api_client.post("/api/v1/auth/social/google", {}, format="json"), 400, "validation_error")
    assert "access_token" in error["details"]


@responses.activate
def test_suspended_user_cannot_sign_in_with_google(api_client, staff_user):
    from apps.accounts.services import user_suspend

    user = UserFactory(email="an.nguyen@gmail.com")
    user_suspend(user=user, by=staff_user, reason="fraud")
    fake_google_token()
    assert_error(api_client.post("/api/v1/auth/social/google", {"access_token": "ya29.token"}, format="json"), 403)
