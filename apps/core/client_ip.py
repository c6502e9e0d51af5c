"""The client's IP address, one rule for everything that keys on it: the API rate limits (DRF throttles),
django-axes lockouts (AXES_CLIENT_IP_CALLABLE), the security audit log, the newsletter sign-up limit, blog view
counting and METRICS_ALLOWED_IPS.

NUM_PROXIES (default 0) is the number of trusted proxies in front of the app, each appending the address it
received the request from to X-Forwarded-For. With 0 the header is ignored and REMOTE_ADDR is the client.
With N, the client is the N-th address from the right of X-Forwarded-For: the one the outermost trusted proxy
wrote. Addresses further left were sent by the client and are never believed (DRF's rule for its throttles)."""
import ipaddress

from django.conf import settings


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address for a Django HttpRequest or a DRF Request; None when there is none (e.g. a
    request built by hand without REMOTE_ADDR)."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR") or None
    num_proxies = getattr(settings, "NUM_PROXIES", 0) or 0
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if num_proxies <= 0 or not forwarded:
        return remote
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if not addresses:
        return remote
    # Fewer addresses than trusted proxies: the request skipped a proxy; the leftmost is the best there is.
    return _valid_ip(addresses[-min(num_proxies, len(addresses))]) or remote
