"""Read queries of accounts."""
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from apps.accounts.models import Address, SecurityEvent, User
from apps.core.errors import NotFound
from apps.core.prepared import PreparedQuery


def addresses_for_user(user: User) -> QuerySet[Address]:
    return Address.objects.filter(user=user).order_by("-is_default", "-created_at", "-pk")


# Every checkout reads one (compiled once per process: apps.core.prepared).
_address_of_user = PreparedQuery(lambda user_id, address_id: Address.objects.filter(user_id=user_id, pk=address_id))


def address_of_user(user: User, address_id) -> Address | None:
    """One of the user's addresses, or None (another user's address, an unknown or malformed id)."""
    try:
        found = _address_of_user(user.pk, address_id)
    except ValueError:
        return None
    return found[0] if found else None


def address_for_user(user: User, address_id) -> Address:
    """One of the user's addresses; another user's address is 'not found', never 'forbidden'."""
    address = address_of_user(user, address_id)
    if address is None:
        raise NotFound(_("Address not found."))
    return address


def default_address(user: User) -> Address | None:
    return Address.objects.filter(user=user, is_default=True).first()


def security_events(*, user: User | None = None, kind: str | None = None) -> QuerySet[SecurityEvent]:
    qs = SecurityEvent.objects.select_related("user", "actor").order_by("-created_at")
    if user is not None:
        qs = qs.filter(user=user)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def users_search(*, query: str = "", role: str | None = None, suspended: bool | None = None) -> QuerySet[User]:
    qs = User.objects.all().order_by("-date_joined")
    if query:
        qs = qs.filter(Q(email__icontains=query) | Q(phone_number__icontains=query) | Q(full_name__icontains=query))
    if role:
        qs = qs.filter(role=role)
    if suspended is not None:
        qs = qs.filter(is_suspended=suspended)
    return qs
