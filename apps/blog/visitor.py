"""Who is reading a post, for view counting: the same key from a page and from the API."""
from rest_framework.settings import api_settings

from apps.blog.services import visitor_key


def client_ip(request) -> str:
    """The client's address; behind NUM_PROXIES trusted proxies, taken from X-Forwarded-For the way DRF's
    throttles do, so the key is the visitor's and not the load balancer's."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    num_proxies = api_settings.NUM_PROXIES
    if not num_proxies or not forwarded:
        return remote
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    return addresses[-min(num_proxies, len(addresses))] if addresses else remote


def request_visitor_key(request) -> str:
    """Works with Django's HttpRequest and DRF's Request (which proxies to it)."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    return visitor_key(
        user_id=user.pk if user is not None and user.is_authenticated else None,
        session_key=session.session_key if session is not None else None,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
