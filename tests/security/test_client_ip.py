"""The client's IP behind a load balancer: one rule (apps/core/client_ip.py, NUM_PROXIES trusted hops of
X-Forwarded-For) for the rate limits, django-axes lockouts, the audit log, the newsletter sign-up limit and
METRICS_ALLOWED_IPS. Here every request comes through one proxy at 10.0.0.2, as in production behind a
balancer: REMOTE_ADDR is the proxy, the client is the last address of X-Forwarded-For."""
import pytest
from django.test import RequestFactory

from apps.core.client_ip import client_ip
from tests.factories.accounts import UserFactory
from tests.security.test_rate_limits import set_rate

PROXY = "10.0.0.2"
ALICE, BOB = "203.0.113.7", "198.51.100.23"
PASSWORD = "Secret123pass"


def via_proxy(ip: str, spoofed: str = "") -> dict:
    """What the balancer passes on: the client may send its own X-Forwarded-For, the proxy appends the address
    it saw."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{spoofed}, {ip}" if spoofed else ip}


@pytest.fixture
def one_proxy(settings):
    settings.NUM_PROXIES = 1


# --- the rule ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("num_proxies", "meta", "expected"), [
    (0, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ALICE}, PROXY),  # no proxy trusted: the header is ignored
    (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ALICE}, ALICE),
    (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {ALICE}"}, ALICE),  # spoofed entry ignored
    (2, {"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {ALICE}, {PROXY}"}, ALICE),
    (1, {"REMOTE_ADDR": PROXY}, PROXY),  # no header: the connection's address
    (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not-an-ip"}, PROXY),
    (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
])
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(settings, num_proxies, meta, expected):
    settings.NUM_PROXIES = num_proxies
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_num_proxies_is_read_from_the_environment_and_given_to_drf_too():
    from django.conf import settings

    source = (settings.BASE_DIR / "config/settings/base.py").read_text()
    assert 'NUM_PROXIES = env.int("NUM_PROXIES", default=0)' in source
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.NUM_PROXIES
    assert settings.AXES_CLIENT_IP_CALLABLE == "apps.core.client_ip.client_ip"


# --- what users and operators notice ------------------------------------------------------------------------------


def test_a_lockout_locks_out_the_attacker_not_everyone_behind_the_balancer(db, one_proxy, api_client, settings):
    UserFactory(email="an@example.com")
    bad = {"email": "an@example.com", "password": "wrong-pass1"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api_client.post("/api/v1/auth/login", bad, format="json", **via_proxy(ALICE))
    locked = api_client.post("/api/v1/auth/login", {**bad, "password": PASSWORD}, format="json", **via_proxy(ALICE))
    assert locked.status_code == 429 and locked.json()["error"]["details"]["reason"] == "locked_out"

    # The account's owner, through the same balancer from another address, still signs in.
    owner = api_client.post("/api/v1/auth/login", {**bad, "password": PASSWORD}, format="json", **via_proxy(BOB))
    assert owner.status_code == 200, owner.content
    # And a client cannot escape its lockout by sending its own X-Forwarded-For.
    escape = api_client.post("/api/v1/auth/login", {**bad, "password": PASSWORD}, format="json",
                             **via_proxy(ALICE, spoofed=BOB))
    assert escape.status_code == 429


def test_the_audit_log_shows_the_client_not_the_balancer(db, one_proxy, api_client):
    from apps.accounts.models import SecurityEvent

    user = UserFactory(email="an@example.com")
    api_client.post("/api/v1/auth/login", {"email": user.email, "password": PASSWORD}, format="json",
                    **via_proxy(ALICE, spoofed="192.0.2.66"))
    assert list(SecurityEvent.objects.filter(user=user).values_list("kind", "ip_address")) == [
        ("login_succeeded", ALICE)]


def test_the_newsletter_limit_is_per_visitor_not_shared_behind_the_balancer(db, one_proxy, client, mailoutbox,
                                                                             django_capture_on_commit_callbacks):
    from apps.notifications.models import NewsletterSubscriber
    from apps.notifications.views import SIGNUPS_PER_HOUR_PER_IP

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(SIGNUPS_PER_HOUR_PER_IP + 1):
            client.post("/newsletter/", {"email": f"spam{n}@example.com", "website": ""}, **via_proxy(ALICE))
        assert NewsletterSubscriber.objects.count() == SIGNUPS_PER_HOUR_PER_IP  # the flood is cut off
        client.post("/newsletter/", {"email": "khach@example.com", "website": ""}, **via_proxy(BOB))
    assert NewsletterSubscriber.objects.filter(email="khach@example.com").exists()
    assert mailoutbox[-1].to == ["khach@example.com"]


def test_metrics_allowed_ips_match_the_scraper_not_the_balancer(db, one_proxy, client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = [PROXY]  # the mistake the old rule made dangerous: listing the balancer
    assert client.get("/metrics", **via_proxy(ALICE)).status_code == 404
    settings.METRICS_ALLOWED_IPS = ["10.0.0.5"]
    assert client.get("/metrics", **via_proxy("10.0.0.5")).status_code == 200
    assert client.get("/metrics", **via_proxy(ALICE, spoofed="10.0.0.5")).status_code == 404


def test_api_rate_limits_are_per_client_behind_the_balancer(db, one_proxy, monkeypatch, api_client):
    set_rate(monkeypatch, "anon", "3/min")
    for _ in range(3):
        assert api_client.get("/api/v1/categories", **via_proxy(ALICE)).status_code == 200
    assert api_client.get("/api/v1/categories", **via_proxy(ALICE)).status_code == 429
    assert api_client.get("/api/v1/categories", **via_proxy(ALICE, spoofed=BOB)).status_code == 429
    assert api_client.get("/api/v1/categories", **via_proxy(BOB)).status_code == 200
