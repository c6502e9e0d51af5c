"""Who is reading a post, for view counting: the same key from a page and from the API."""
from apps.blog.services import visitor_key
from apps.core.client_ip import client_ip


def request_visitor_key(request) -> str:
    """Works with Django's HttpRequest and DRF's Request (which proxies to it)."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    return visitor_key(
        user_id=user.pk if user is not None and user.is_authenticated else None,
        session_key=session.session_key if session is not None else None,
        ip=client_ip(request) or "",  # behind NUM_PROXIES trusted proxies: the visitor's, not the balancer's
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
