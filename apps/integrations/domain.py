"""API keys for third-party integrations: pure rules (no ORM).

A key is shown once as ``cho_<prefix>_<secret>``. The prefix (12 hex characters) is stored in clear for
lookup; only the SHA-256 of the whole token is stored. SHA-256 without salt is the right tool here: the
secret has 256 bits of entropy, so neither a dictionary nor a rainbow table helps, and a constant-time
comparison of the digest leaks nothing."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "cho"
PREFIX_LENGTH = 12


class Scope(models.TextChoices):
    CATALOG_READ = "catalog:read", _("Read the catalogue")
    ORDERS_READ = "orders:read", _("Read the shop's orders")
    ORDERS_MANAGE = "orders:manage", _("Read and update the shop's orders")


# A scope that includes others: managing orders implies reading them.
IMPLIED: dict[str, frozenset[str]] = {
    Scope.ORDERS_MANAGE: frozenset({Scope.ORDERS_READ}),
}
# Scopes that act on one shop's data: the key must be bound to a shop.
SHOP_SCOPES = frozenset({Scope.ORDERS_READ, Scope.ORDERS_MANAGE})


@dataclass(frozen=True)
class NewToken:
    prefix: str
    token: str
    digest: str


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> NewToken:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(prefix=prefix, token=token, digest=token_digest(token))


def token_prefix(token: str) -> str | None:
    """The lookup prefix of a well-formed token, else None (no database query for garbage)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) != PREFIX_LENGTH or len(parts[2]) < 32:
        return None
    if any(c not in "0123456789abcdef" for c in parts[1]):
        return None
    return parts[1]


def token_matches(token: str, digest: str) -> bool:
    return hmac.compare_digest(token_digest(token), digest)


def scopes_expand(granted) -> frozenset[str]:
    out = set(granted)
    for scope in granted:
        out |= IMPLIED.get(scope, frozenset())
    return frozenset(out)


def scope_allows(granted, required: str | None) -> bool:
    """None as `required` means "any valid key" (e.g. the key's own description)."""
    return required is None or required in scopes_expand(granted)


def scopes_check(scopes, *, has_shop: bool) -> list[str]:
    """The problems with a requested scope list (empty when fine)."""
    problems = []
    valid = set(Scope.values)
    if not scopes:
        problems.append(str(_("Choose at least one scope.")))
    unknown = sorted(set(scopes) - valid)
    if unknown:
        problems.append(str(_("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}))
    if not has_shop and SHOP_SCOPES & set(scopes):
        problems.append(str(_("Order scopes need a shop: a key acts for one shop only.")))
    return problems
