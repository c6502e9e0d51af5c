"""Versioned caching: hot reads are cached with the versions of their groups; a write bumps a group's version
(after commit), so every entry of the group stops counting at once (read and versions come back in one round
trip; a stale entry is replaced by the next read or simply expires).

    from apps.core.cache import cached, cache_version_bump_on_commit
    tree = cached("category-tree", group="catalog", timeout=300, fn=selectors.category_tree)
    ...
    cache_version_bump_on_commit("catalog")      # in the write service

No key listing, no delete patterns: a version is one small Redis integer. With Redis down (django-redis ignores
exceptions) `cached` computes the value every time and nothing breaks.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

T = TypeVar("T")
VERSION_TIMEOUT = None  # versions never expire (an expired version would resurrect stale keys)
MISSING = object()


def _version_key(group: str) -> str:
    return f"v:{group}"


def cache_version(group: str) -> int:
    """The group's current version (1 until its first bump)."""
    version = cache.get(_version_key(group))
    if version is None:
        cache.add(_version_key(group), 1, VERSION_TIMEOUT)
        version = cache.get(_version_key(group)) or 1
    return int(version)


def cache_versions(groups: Iterable[str]) -> dict[str, int]:
    """Several groups' versions in one round trip."""
    groups = list(groups)
    found = cache.get_many([_version_key(g) for g in groups])
    return {g: int(found.get(_version_key(g)) or cache_version(g)) for g in groups}


def cache_version_bump(*groups: str) -> None:
    """Invalidate everything cached under these groups (now). Prefer the on-commit form inside transactions."""
    for group in groups:
        key = _version_key(group)
        try:
            cache.incr(key)
        except ValueError:  # not there yet (or evicted): start past any version a reader may have used
            cache.add(key, 2, VERSION_TIMEOUT)


def cache_version_bump_on_commit(*groups: str) -> None:
    """Bump after the surrounding transaction commits (at once outside one): readers never re-cache the old
    rows between the bump and the commit."""
    transaction.on_commit(lambda: cache_version_bump(*groups))


def _full_key(key: str, language: bool) -> str:
    return f"{key}:{get_language() or ''}" if language else key


def versioned_get_many(keys: Iterable[str], groups: Iterable[str]) -> tuple[dict, tuple[int, ...]]:
    """({key: value} of the entries stored under the groups' current versions, those versions), in one round
    trip: entries and versions are read together."""
    keys, groups = list(keys), tuple(groups)
    version_keys = [_version_key(g) for g in groups]
    found = cache.get_many([*keys, *version_keys])
    versions = tuple(found.get(k) for k in version_keys)
    if None in versions:  # a group never bumped yet
        return {}, tuple(cache_version(g) for g in groups)
    valid = {}
    for key in keys:
        entry = found.get(key)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == versions:
            valid[key] = entry[1]
    return valid, versions


def versioned_set_many(values: dict, versions: tuple[int, ...], timeout: int) -> None:
    cache.set_many({key: (versions, value) for key, value in values.items()}, timeout)


def versioned_get(key: str, groups: Iterable[str], *, language: bool = False) -> tuple[object, tuple[int, ...]]:
    """(value or MISSING, the groups' versions) of one entry (versioned_get_many)."""
    full_key = _full_key(key, language)
    found, versions = versioned_get_many([full_key], groups)
    return found.get(full_key, MISSING), versions


def versioned_set(key: str, versions: tuple[int, ...], value, timeout: int, *, language: bool = False) -> None:
    versioned_set_many({_full_key(key, language): value}, versions, timeout)


def cached(key: str, group: str | Iterable[str], timeout: int, fn: Callable[[], T], *,
           language: bool = False) -> T:
    """`fn()` cached under `key` for `timeout` seconds, and until the group (or any of the groups) is bumped.
    `language=True` keeps one copy per active language (for translated content)."""
    groups = (group,) if isinstance(group, str) else tuple(group)
    value, versions = versioned_get(key, groups, language=language)
    if value is MISSING:
        value = fn()
        versioned_set(key, versions, value, timeout, language=language)
    return value


def digest(*parts) -> str:
    """A short stable digest for building keys out of query strings and the like."""
    return hashlib.blake2b("|".join(str(p) for p in parts).encode(), digest_size=10).hexdigest()


# --- cached HTML shared by every visitor -------------------------------------------------------------------------

# Rendered as the `csrf_token` of HTML cached for every visitor, and swapped for each visitor's own token on the
# way out (with_csrf_token): forms inside shared fragments still post.
CSRF_PLACEHOLDER = "csrf-token-placeholder-5f0c"


def with_csrf_token(html: str, token) -> str:
    """Cached HTML (our own templates' output) with `token` in place of the placeholder: the template context's
    `csrf_token` (the visitor's own, or the placeholder itself while a page shared by every visitor is rendered:
    apps.core.page_cache puts each visitor's in on the way out)."""
    from django.utils.safestring import mark_safe

    return mark_safe(html.replace(CSRF_PLACEHOLDER, str(token)))  # noqa: S308  # nosec B308, B703
