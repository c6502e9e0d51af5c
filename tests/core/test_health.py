from unittest import mock

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_healthz_says_ok(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


DATABASE_DOWN = mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor",
                           side_effect=OperationalError("down"))
CACHE_DOWN = mock.patch("django.core.cache.cache.get", return_value=None)


@pytest.mark.django_db
def test_readyz_503_names_the_database_when_it_is_unreachable(client):
    with DATABASE_DOWN:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["down"] == ["database"]


@pytest.mark.django_db
def test_readyz_stays_ready_but_reports_the_cache_degraded_when_redis_is_down(client):
    """The site keeps serving without Redis (tests/security/test_faults.py): a balancer that takes processes out
    on a failing readiness check must not take the whole web tier out for it. The body still tells alerting."""
    with CACHE_DOWN:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "down"},
                               "degraded": ["cache"]}


@pytest.mark.django_db
def test_readyz_503_when_both_are_down_names_each_for_what_it_is(client):
    with DATABASE_DOWN, CACHE_DOWN:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"] and response.json()["degraded"] == ["cache"]


@pytest.mark.django_db
def test_security_headers_on_every_response(client):
    response = client.get("/healthz")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_request_id_from_proxy_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc123")
    assert response["X-Request-ID"] == "abc123"
