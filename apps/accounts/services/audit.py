"""The security audit log: who did what, from which IP and browser."""
import logging
from dataclasses import dataclass

from apps.accounts.models import SecurityEvent, SecurityEventKind, User
from apps.core.client_ip import client_ip

logger = logging.getLogger("apps.accounts.audit")


@dataclass(frozen=True)
class ClientInfo:
    ip_address: str | None = None
    user_agent: str = ""

    @classmethod
    def from_request(cls, request) -> "ClientInfo":
        if request is None:
            return cls()
        # Behind NUM_PROXIES trusted proxies: the client's address, not the load balancer's.
        return cls(ip_address=client_ip(request), user_agent=(request.META.get("HTTP_USER_AGENT") or "")[:300])


def security_event_record(*, kind: SecurityEventKind | str, user: User | None = None, actor: User | None = None,
                          identifier: str = "", client: ClientInfo | None = None, request=None,
                          details: dict | None = None) -> SecurityEvent:
    """Append one event. `client` (or `request`, from which it is taken) gives the IP and user agent."""
    client = client or ClientInfo.from_request(request)
    event = SecurityEvent.objects.create(
        kind=kind, user=user if user is not None and user.pk else None, actor=actor, identifier=(identifier or "")[:254],
        ip_address=client.ip_address, user_agent=client.user_agent, details=details or {},
    )
    logger.info("security event %s user=%s ip=%s", kind, getattr(user, "pk", None), client.ip_address)
    return event
