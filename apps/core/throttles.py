"""Throttles shared by the apps. They use the default cache: Redis when configured, else local memory."""
from rest_framework import throttling


class AnonRateThrottle(throttling.AnonRateThrottle):
    scope = "anon"


class UserRateThrottle(throttling.UserRateThrottle):
    scope = "user"


class AuthRateThrottle(throttling.AnonRateThrottle):
    """Strict, per client IP, on every /auth endpoint whoever calls it."""

    scope = "auth"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class OtpRateThrottle(AuthRateThrottle):
    scope = "otp"


class CheckoutRateThrottle(throttling.UserRateThrottle):
    scope = "checkout"


class ReviewRateThrottle(throttling.UserRateThrottle):
    scope = "reviews"
