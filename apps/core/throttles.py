"""Throttles shared by the apps. They use the default cache: Redis when configured, else local memory.

Every API view gets AnonRateThrottle (anonymous clients, per IP) and RoleRateThrottle (signed-in users and
integration keys, per user or key, at their role's rate) from DEFAULT_THROTTLE_CLASSES; sensitive views add
(or, for the public auth endpoints, replace them with) a stricter scope: auth, otp, checkout, reviews.

Each counts requests in fixed windows with one atomic INCR (WindowCounterMixin) rather than DRF's default of
keeping every request's timestamp in one cached list, which is read and rewritten whole on every request
(a 600/min limit means a 600-item list per request) and loses counts when two requests race."""
from rest_framework import throttling
from rest_framework.settings import api_settings

from apps.core.client_ip import client_ip

# Role rates not set in DEFAULT_THROTTLE_RATES default to this multiple of the "user" (buyer) rate, so
# sellers (who manage catalogues and orders) and staff always get more than buyers.
ROLE_RATE_MULTIPLIERS = {"seller": 3, "staff": 5, "integration": 2}


def _api_key_ident(request) -> str | None:
    """Requests authenticated with an integration API key carry its throttle identity (apps.integrations)."""
    return getattr(getattr(request, "auth", None), "throttle_ident", None)


class WindowCounterMixin:
    """allow_request/wait for DRF's SimpleRateThrottle subclasses: at most `num_requests` per window of
    `duration` seconds, the window opening with the client's first request (the counter's expiry), counted
    with one INCR. With the cache down (django-redis ignoring errors) every request is allowed: a broken
    throttle must not take the API down."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        count = self._count(self.key)
        return count is None or count <= self.num_requests

    def _count(self, key: str) -> int | None:
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's first request
            if self.cache.add(key, 1, self.duration):
                return 1
            try:
                return self.cache.incr(key)
            except ValueError:
                return None

    def wait(self):
        ttl = getattr(self.cache, "ttl", None)  # django-redis; local memory has no way to ask
        remaining = ttl(self.key) if ttl is not None else None
        return float(remaining) if remaining and remaining > 0 else float(self.duration)


class ClientIpMixin:
    """Per-IP throttles identify the client by apps/core/client_ip.py (NUM_PROXIES), the rule axes, the audit log
    and the other per-IP limits use."""

    def get_ident(self, request):
        return client_ip(request) or ""


class AnonRateThrottle(WindowCounterMixin, ClientIpMixin, throttling.AnonRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if _api_key_ident(request):
            return None  # counted per key by RoleRateThrottle
        return super().get_cache_key(request, view)


class UserRateThrottle(WindowCounterMixin, ClientIpMixin, throttling.UserRateThrottle):
    scope = "user"


class RoleRateThrottle(WindowCounterMixin, ClientIpMixin, throttling.SimpleRateThrottle):
    """Per signed-in user (or API key), at the rate of their role: buyers "user", sellers "seller", staff
    "staff", integration keys "integration". Anonymous requests are AnonRateThrottle's."""

    scope = "user"

    def __init__(self):
        # The rate depends on the request; it is resolved in allow_request.
        self.rate = None

    @staticmethod
    def role_scope(request) -> str | None:
        if _api_key_ident(request):
            return "integration"
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated):
            return None
        if user.is_staff:
            return "staff"
        if getattr(user, "is_seller", False):
            return "seller"
        return "user"

    def get_rate(self):
        rates = api_settings.DEFAULT_THROTTLE_RATES
        if rates.get(self.scope):
            return rates[self.scope]
        num, period = rates["user"].split("/")
        return f"{int(num) * ROLE_RATE_MULTIPLIERS.get(self.scope, 1)}/{period}"

    def allow_request(self, request, view):
        scope = self.role_scope(request)
        if scope is None:
            return True
        self.scope = scope
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = _api_key_ident(request) or request.user.pk
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AuthRateThrottle(WindowCounterMixin, ClientIpMixin, throttling.AnonRateThrottle):
    """Strict, per client IP, on every /auth endpoint whoever calls it."""

    scope = "auth"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class OtpRateThrottle(AuthRateThrottle):
    scope = "otp"


class CheckoutRateThrottle(WindowCounterMixin, ClientIpMixin, throttling.UserRateThrottle):
    scope = "checkout"


class ReviewRateThrottle(WindowCounterMixin, ClientIpMixin, throttling.UserRateThrottle):
    scope = "reviews"


class WebhookRateThrottle(WindowCounterMixin, ClientIpMixin, throttling.AnonRateThrottle):
    """Payment providers' webhooks, per source IP. Generous: providers send bursts and retry on 429."""

    scope = "webhook"
    default_rate = "1200/min"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
