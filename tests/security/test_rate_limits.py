"""Rate limits: every API endpoint is throttled, per anonymous client (IP), per user at their role's rate,
and per integration key; auth, checkout and reviews have stricter scopes; a 429 has the error shape and
a Retry-After header."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from rest_framework import throttling
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.test import APIRequestFactory

from apps.core.throttles import (
    AnonRateThrottle,
    AuthRateThrottle,
    CheckoutRateThrottle,
    OtpRateThrottle,
    ReviewRateThrottle,
    RoleRateThrottle,
)
from tests.security.test_authorization_matrix import api_endpoints

# Endpoints that must carry a stricter scope (method, route) -> acceptable throttle classes.
STRICT = {
    ("post", "orders"): CheckoutRateThrottle,
    ("post", "payments/orders/<uuid:order_id>/intent"): CheckoutRateThrottle,
    ("post", "reviews"): ReviewRateThrottle,
    ("patch", "reviews/<uuid:pk>"): ReviewRateThrottle,
    ("post", "reviews/<uuid:pk>/vote"): ReviewRateThrottle,
}


def set_rate(monkeypatch, scope: str, rate: str) -> None:
    """Rates live in one dict that DRF's throttles read (class attribute) and ours read (api_settings)."""
    for rates in {id(d): d for d in (throttling.SimpleRateThrottle.THROTTLE_RATES,
                                     api_settings.DEFAULT_THROTTLE_RATES)}.values():
        monkeypatch.setitem(rates, scope, rate)


def _throttles(view_class, method: str):
    view = view_class()
    request = Request(getattr(APIRequestFactory(), method)("/"))
    view.request, view.args, view.kwargs, view.format_kwarg = request, (), {}, None
    view.headers = {}
    return view.get_throttles()


def test_every_api_endpoint_is_throttled():
    unthrottled = [key for key, (method, _route, view) in api_endpoints().items()
                   if view is not None and not _throttles(view, method)]
    assert not unthrottled, f"API endpoints without any rate limit: {unthrottled}"


def test_auth_endpoints_use_the_strict_auth_scopes():
    for key, (method, route, view) in api_endpoints().items():
        if route.startswith("auth/"):
            kinds = {type(t) for t in _throttles(view, method)}
            assert kinds & {AuthRateThrottle, OtpRateThrottle}, f"{key} lacks the auth/otp throttle"


@pytest.mark.parametrize(("method", "route"), sorted(STRICT))
def test_checkout_and_review_writes_use_their_strict_scope(method, route):
    view = next(v for (m, r, v) in api_endpoints().values() if m == method and r == route)
    assert any(isinstance(t, STRICT[(method, route)]) for t in _throttles(view, method)), f"{method} {route}"


def test_general_throttles_are_per_role_by_default():
    classes = api_settings.DEFAULT_THROTTLE_CLASSES
    assert AnonRateThrottle in classes and RoleRateThrottle in classes


def _assert_429(response):
    assert response.status_code == 429
    body = response.json()
    assert body["error"]["code"] == "rate_limited"
    assert set(body["error"]) == {"code", "message", "details"}
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 60
    assert body["error"]["details"]["retry_after"] == retry_after


def test_anonymous_clients_are_limited_per_ip(db, monkeypatch, api_client):
    set_rate(monkeypatch, "anon", "3/min")
    for _ in range(3):
        assert api_client.get("/api/v1/categories", REMOTE_ADDR="198.51.100.1").status_code == 200
    _assert_429(api_client.get("/api/v1/categories", REMOTE_ADDR="198.51.100.1"))
    # Another client is not affected.
    assert api_client.get("/api/v1/categories", REMOTE_ADDR="198.51.100.2").status_code == 200


def test_users_are_limited_per_account_and_sellers_and_staff_get_more(world, monkeypatch, role_clients):
    set_rate(monkeypatch, "user", "2/min")
    buyer, buyer2, seller, staff = (role_clients[r] for r in ("buyer", "buyer2", "seller", "staff"))
    url = "/api/v1/notifications/unread-count"
    for _ in range(2):
        assert buyer.get(url).status_code == 200
    _assert_429(buyer.get(url))
    assert buyer2.get(url).status_code == 200  # the limit is per account, not shared

    # Sellers get 3× and staff 5× the buyer rate when their rates are not set.
    seller_ok = sum(seller.get(url).status_code == 200 for _ in range(7))
    staff_ok = sum(staff.get(url).status_code == 200 for _ in range(11))
    assert (seller_ok, staff_ok) == (6, 10)


def test_role_rates_can_be_set_explicitly(world, monkeypatch, role_clients):
    set_rate(monkeypatch, "user", "1/min")
    set_rate(monkeypatch, "seller", "2/min")
    seller = role_clients["seller"]
    assert [seller.get("/api/v1/seller/orders").status_code for _ in range(3)] == [200, 200, 429]


def test_sign_in_is_limited_whoever_asks(world, monkeypatch, api_client):
    set_rate(monkeypatch, "auth", "3/min")
    body = {"email": "buyer2@example.com", "password": "Secret123pass"}
    for _ in range(3):
        assert api_client.post("/api/v1/auth/login", body, format="json").status_code == 200
    _assert_429(api_client.post("/api/v1/auth/login", body, format="json"))


def test_placing_orders_is_limited_more_strictly_than_browsing(world, monkeypatch, role_clients):
    set_rate(monkeypatch, "checkout", "1/min")
    buyer = role_clients["buyer"]
    body = {"address_id": str(world.address.pk), "payment_method": "cod", "shipping_method": "standard"}
    assert buyer.post("/api/v1/orders", body, format="json").status_code == 201
    _assert_429(buyer.post("/api/v1/orders", body, format="json"))
    assert buyer.get("/api/v1/orders").status_code == 200  # reading is not affected


def test_review_votes_are_limited(world, monkeypatch, role_clients):
    set_rate(monkeypatch, "reviews", "2/min")
    voter = role_clients["buyer2"]
    url = f"/api/v1/reviews/{world.review.pk}/vote"
    assert [voter.post(url, {"helpful": h}, format="json").status_code for h in (True, False)] == [200, 200]
    _assert_429(voter.post(url, {"helpful": True}, format="json"))


def test_integration_keys_are_limited_per_key_not_per_ip(world, monkeypatch, api_client):
    from apps.integrations.services import api_key_issue

    set_rate(monkeypatch, "anon", "1/min")
    set_rate(monkeypatch, "integration", "3/min")
    _key, token = api_key_issue(name="Feed", scopes=["catalog:read"], by=world.staff)
    statuses = [api_client.get("/api/v1/categories", HTTP_X_API_KEY=token).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_requests_racing_each_other_never_get_past_the_limit(db, monkeypatch):
    """Twenty sign-in attempts at once from one address, at 5 a minute: exactly 5 go through, and the 429s
    say how long to wait (at most the window)."""
    set_rate(monkeypatch, "auth", "5/min")
    request = Request(APIRequestFactory().post("/api/v1/auth/login", REMOTE_ADDR="203.0.113.9"))
    throttles = [AuthRateThrottle() for _ in range(20)]
    start = threading.Barrier(len(throttles))

    def attempt(throttle):
        start.wait()
        return throttle.allow_request(request, None)

    with ThreadPoolExecutor(len(throttles)) as pool:
        allowed = list(pool.map(attempt, throttles))
    assert allowed.count(True) == 5
    refused = throttles[allowed.index(False)]
    assert 0 < refused.wait() <= 60
