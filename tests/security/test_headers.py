"""Security headers on every kind of response, CSRF on state-changing pages, production settings."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def pages(world):
    return {
        "home": "/",
        "product page": world.product.get_absolute_url(),
        "category page": world.category.get_absolute_url(),
        "API list": "/api/v1/products",
        "API error": "/api/v1/orders",
        "admin login": "/admin/login/",
        "missing page": "/no-such-page/",
    }


def _csp(response) -> str:
    return response.get("Content-Security-Policy", "")


@pytest.mark.parametrize("page", ["home", "product page", "category page", "API list", "API error", "admin login",
                                  "missing page"])
def test_security_headers_on_every_kind_of_response(client, pages, page):
    response = client.get(pages[page])
    assert response.status_code in (200, 401, 404), response.status_code
    csp = _csp(response)
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("page", ["home", "product page", "admin login"])
def test_inline_scripts_carry_the_response_nonce_and_no_inline_styles(client, pages, page):
    """With no 'unsafe-inline', an inline <script> without the nonce, or a style="" attribute, would be
    blocked by the browser: the page would break."""
    response = client.get(pages[page])
    html = response.content.decode()
    match = re.search(r"'nonce-([^']+)'", _csp(response))
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    if inline_scripts:
        assert match, "inline scripts but no nonce in the CSP"
        for attrs in inline_scripts:
            assert f'nonce="{match.group(1)}"' in attrs, f"inline <script{attrs}> without the nonce"
    if page != "admin login":  # Django's own admin templates are not ours to restyle
        assert not re.search(r"<[a-z][^>]*\sstyle=", html), "inline style attribute (blocked by the CSP)"


def test_each_response_gets_a_fresh_nonce(client, pages):
    nonces = {re.search(r"'nonce-([^']+)'", _csp(client.get("/"))).group(1) for _ in range(2)}
    assert len(nonces) == 2


def test_the_policy_follows_the_settings_and_a_views_own_changes(client, pages, settings, rf):
    """The policy strings are built once per process (apps.core.middleware.CSPMiddleware): changed settings
    must still show, a report-only policy must appear when configured, and a view's csp_update must apply."""
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from apps.core.middleware import CSPMiddleware

    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "img-src": ["'self'", "https://cdn.example"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"],
                                                                   "report-uri": "/csp-report"}}
    response = client.get(pages["home"])
    assert "img-src 'self' https://cdn.example" in _csp(response)
    assert "report-uri /csp-report" in response["Content-Security-Policy-Report-Only"]

    @csp_update({"connect-src": "https://extra.example"})
    def view(request):
        return HttpResponse("ok")

    request = rf.get("/")
    middleware = CSPMiddleware(view)
    middleware.process_request(request)
    response = middleware.process_response(request, view(request))
    assert "https://extra.example" in response["Content-Security-Policy"]
    assert "https://cdn.example" in response["Content-Security-Policy"]


def test_the_session_cookie_is_http_only_and_same_site(client, world):
    response = client.post("/account/login/", {"username": "buyer2@example.com", "password": "Secret123pass"})
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"


# --- CSRF -----------------------------------------------------------------------------------------------------------

# Views allowed to skip CSRF, and why. Anything else csrf_exempt fails the test below.
CSRF_EXEMPT_ALLOWED = {
    # RFC 8058 one-click unsubscribe: mail clients POST without a token; a signed token is the proof.
    "apps.notifications.views.unsubscribe",
    # Google One Tap posts from Google's page; allauth checks its own double-submit cookie (g_csrf_token).
    "allauth.socialaccount.providers.google.views.view",
}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_storefront_view_skips_csrf_unless_listed():
    exempt = set()
    for route, callback in _walk(get_resolver().url_patterns):
        if route.startswith("api/"):
            continue  # DRF: JWT/API keys need no CSRF; SessionAuthentication enforces it itself
        if getattr(callback, "csrf_exempt", False):
            exempt.add(f"{callback.__module__}.{getattr(callback, '__name__', callback)}")
    assert exempt <= CSRF_EXEMPT_ALLOWED, f"csrf_exempt views not in CSRF_EXEMPT_ALLOWED: {exempt - CSRF_EXEMPT_ALLOWED}"


def _csrf_token(client, url) -> str:
    client.get(url)
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def test_storefront_forms_refuse_a_post_without_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.buyer)
    address = {"recipient_name": "Lê Thị Hoa", "phone_number": "0912345671", "street_address": "3 Lý Thái Tổ",
               "ward": "Phường Tràng Tiền", "district": "Quận Hoàn Kiếm", "city": "Hà Nội"}
    before = world.buyer.addresses.count()

    refused = client.post("/account/addresses/", address)
    assert refused.status_code == 403
    assert world.buyer.addresses.count() == before

    token = _csrf_token(client, "/account/addresses/")
    accepted = client.post("/account/addresses/", {**address, "csrfmiddlewaretoken": token})
    assert accepted.status_code in (200, 302)
    assert world.buyer.addresses.count() == before + 1


@pytest.mark.parametrize("url_name", ["cart-add", "logout", "profile", "cart-clear"])
def test_state_changing_pages_need_the_token(world, url_name):
    urls = {"cart-add": "/cart/add/", "logout": "/accounts/logout/", "profile": "/account/profile/",
            "cart-clear": "/cart/clear/"}
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.buyer)
    response = client.post(urls[url_name], {"variant_id": str(world.variant.pk), "quantity": 1})
    assert response.status_code == 403


def test_htmx_requests_send_the_token_in_a_header(world):
    """htmx posts carry X-CSRFToken (set from the page's meta tag); the header is accepted."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.buyer)
    token = _csrf_token(client, "/cart/")
    response = client.post("/cart/add/", {"variant_id": str(world.product2.variants.get().pk), "quantity": 1},
                           HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 204, 302)


def test_session_authenticated_api_calls_need_the_csrf_token(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.buyer)
    body = {"variant_id": str(world.product2.variants.get().pk), "quantity": 1}
    assert client.post("/api/v1/cart/items", body, format="json").status_code == 403
    token = _csrf_token(client, "/cart/")
    assert client.post("/api/v1/cart/items", body, format="json", HTTP_X_CSRFTOKEN=token).status_code == 201


def test_jwt_api_calls_need_no_csrf_token(world):
    from tests.security.conftest import api_client_for

    client = api_client_for(world.buyer)
    client.handler.enforce_csrf_checks = True
    body = {"variant_id": str(world.product2.variants.get().pk), "quantity": 1}
    assert client.post("/api/v1/cart/items", body, format="json").status_code == 201


# --- production settings ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_production_settings_pass_the_deployment_checklist():
    """HSTS (with subdomains and preload), SSL redirect, secure cookies, a long secret key, DEBUG off:
    `manage.py check --deploy` has nothing to say about the production settings."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "DJANGO_SECRET_KEY": "x" * 20 + "-production-check-" + "y" * 30, "DJANGO_ALLOWED_HOSTS": "cho.example",
           "JWT_SIGNING_KEY": "z" * 48, "SENTRY_DSN": "",
           # as a real deployment: SMS through the provider (the logging backend is accounts.E010)
           "SMS_BACKEND": "apps.accounts.sms.HttpSmsBackend", "SMS_API_URL": "https://sms.example.com/send"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_sets_hsts_and_https_only_cookies():
    source = (BASE_DIR / "config/settings/production.py").read_text()
    for line in ("SECURE_HSTS_INCLUDE_SUBDOMAINS = True", "SECURE_HSTS_PRELOAD = True",
                 "SESSION_COOKIE_SECURE = True", "CSRF_COOKIE_SECURE = True"):
        assert line in source
    assert re.search(r"SECURE_HSTS_SECONDS = env\.int\([^)]*default=60 \* 60 \* 24 \* 365\)", source)
