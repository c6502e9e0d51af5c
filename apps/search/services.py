"""Search use cases. The contract other apps code against (CONTRACTS.md):

    product_search(*, queryset, query) -> QuerySet      matches only, annotated `rank`, best first
    product_facets(*, queryset, filters=None) -> dict   {"category", "brand", "price", "rating", "condition"}
    index_products(*, product_ids) -> None              refresh documents (the catalog calls it on commit)
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet

from apps.core.cache import cache_version, cache_version_bump
from apps.search import engine
from apps.search.filters import SearchFilters
from apps.search.indexing import BATCH_SIZE, index_batch
from apps.search.models import SearchClick, SearchQueryLog
from apps.search.query import parse_query

logger = logging.getLogger(__name__)

INDEX_GROUP = "search-index"  # the versioned-cache group (apps.core.cache) of everything read from the index


# --- cache version -------------------------------------------------------------------------------

def index_version() -> int:
    """Bumped whenever documents change: cached results, facets and suggestions stop counting at once."""
    return cache_version(INDEX_GROUP)


def index_version_bump() -> None:
    cache_version_bump(INDEX_GROUP)


# --- the contract --------------------------------------------------------------------------------

def product_search(*, queryset: QuerySet, query: str) -> QuerySet:
    """Products of `queryset` that match `query`, annotated `rank` and ordered by relevance.

    Diacritics and case are optional, quoted phrases, -exclusions and OR work, and a few typos are forgiven.
    An empty or junk query matches nothing (queryset.none())."""
    return engine.search(queryset=queryset, parsed=parse_query(query), version=index_version()).queryset


def product_facets(*, queryset: QuerySet, filters: SearchFilters | None = None) -> dict:
    """Facet counts of `queryset`. Pass `filters` (and an unfiltered queryset) for OR-within-a-facet counts."""
    return engine.facets(queryset=queryset, filters=filters)


def index_products(*, product_ids: Iterable) -> None:
    """Rebuild the search documents of these products (any that no longer exist are skipped)."""
    ids = list(dict.fromkeys(str(pk) for pk in product_ids))
    if not ids:
        return
    for start in range(0, len(ids), BATCH_SIZE):
        index_batch(ids[start:start + BATCH_SIZE])
    index_version_bump()


def index_all_products(*, batch_size: int = BATCH_SIZE, progress=None) -> int:
    """Rebuild every product's document (management command search_reindex, the benchmark)."""
    from apps.catalog.models import Product

    done = 0
    last = None
    while True:
        qs = Product.objects.order_by("pk")
        if last is not None:
            qs = qs.filter(pk__gt=last)
        ids = list(qs.values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        done += index_batch(ids)
        last = ids[-1]
        if progress:
            progress(done)
    index_version_bump()
    return done


# --- logs, history, clicks -----------------------------------------------------------------------

def search_log_record(*, query: str, results_count: int, user=None) -> SearchQueryLog | None:
    """Record a search a shopper ran (page 1 only: paging is not a new search). Empty queries are not."""
    parsed = parse_query(query)
    if parsed.is_empty:
        return None
    with transaction.atomic():
        _relaxed_durability()
        return SearchQueryLog.objects.create(
            query=parsed.raw.strip()[:200], normalized=parsed.normalized[:255],
            user=user if user is not None and user.is_authenticated else None,
            results_count=results_count,
        )


def _relaxed_durability() -> None:
    """Analytics rows need not wait for the WAL flush (losing the last few on a crash is acceptable); on
    PostgreSQL this takes a disk sync off every search request."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def search_history_clear(*, user) -> int:
    """Hide every past search from the shopper's history (analytics keep the anonymous counts)."""
    return SearchQueryLog.objects.filter(user=user, in_history=True).update(in_history=False)


def search_click_record(*, query_log_id, product, position: int = 0, user=None) -> SearchClick | None:
    """A click from a results page; ignored if the log is unknown (stale or forged link)."""
    log = SearchQueryLog.objects.filter(pk=query_log_id).first()
    if log is None:
        return None
    with transaction.atomic():
        _relaxed_durability()
        return SearchClick.objects.create(
            query_log=log, product=product, position=max(0, min(int(position), 32767)),
            user=user if user is not None and user.is_authenticated else None,
        )


def cache_seconds() -> int:
    return int(getattr(settings, "SEARCH_CACHE_SECONDS", 300))
