"""Search use cases. The contract other apps code against (CONTRACTS.md):

    product_search(*, queryset, query) -> QuerySet      matches only, annotated `rank`, best first
    product_facets(*, queryset, filters=None) -> dict   {"category", "brand", "price", "rating", "condition"}
    index_products(*, product_ids) -> None              refresh documents (the catalog calls it on commit)
"""
from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.core.buffers import buffer_drain, buffer_key, buffer_length, redis_connection
from apps.core.cache import cache_version, cache_version_bump
from apps.search import engine
from apps.search.filters import SearchFilters
from apps.search.indexing import BATCH_SIZE, index_batch
from apps.search.models import SearchClick, SearchQueryLog
from apps.search.query import parse_query
from apps.search.signals import search_logs_written

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
#
# A visitor's search is not written during the request when Redis is the cache: its payload waits in a Redis list
# (LOG_BUFFER) beside a short-lived "pending" marker for its id (one round trip), and search_logs_flush (the beat
# task search.flush_logs, every 30 s) writes the buffer in batches. A click on a search still pending is buffered
# on the same list, after its search. Signed-in shoppers' searches are written at once (their history shows them).
# So popular searches and the staff reports (both read SearchQueryLog) count a visitor's search up to a flush
# interval late. Without Redis, or when Redis fails, everything is written directly.

LOG_BUFFER = "search:log-buffer"
PENDING_SECONDS = 60 * 60  # how long a buffered search accepts clicks before it is found in the table
FLUSH_BATCH_SIZE = 1000


def _pending_key(log_id) -> str:
    return buffer_key(f"search:pending:{log_id}")


def search_log_record(*, query: str, results_count: int, user=None) -> uuid.UUID | None:
    """Record a search a shopper ran (page 1 only: paging is not a new search) and return its id (the
    `search_id` a click names). Empty queries are not recorded (None).

    A visitor's search is buffered when Redis is the cache (see above): the id is valid at once for clicks, the
    row appears at the next flush."""
    parsed = parse_query(query)
    if parsed.is_empty:
        return None
    fields = {"query": parsed.raw.strip()[:200], "normalized": parsed.normalized[:255],
              "results_count": results_count}
    signed_in = user is not None and user.is_authenticated
    if not signed_in:
        log_id = uuid.uuid4()
        if _buffer({"kind": "log", "id": str(log_id), **fields, "created_at": timezone.now().isoformat()},
                   pending=log_id):
            return log_id
    with transaction.atomic():
        _relaxed_durability()
        return SearchQueryLog.objects.create(user=user if signed_in else None, **fields).pk


def _buffer(payload: dict, *, pending=None) -> bool:
    """Append `payload` to the buffer (and mark the search `pending` as accepting clicks) in one round trip.
    False without Redis or when Redis fails: the caller writes directly."""
    conn = redis_connection()
    if conn is None:
        return False
    try:
        pipe = conn.pipeline(transaction=False)
        pipe.rpush(buffer_key(LOG_BUFFER), json.dumps(payload))
        if pending is not None:
            pipe.set(_pending_key(pending), 1, ex=PENDING_SECONDS)
        pipe.execute()
        return True
    except Exception:  # noqa: BLE001 - Redis down: fall back to writing directly
        logger.warning("search log buffer unavailable; writing the %s directly", payload["kind"])
        return False


def _is_pending(log_id) -> bool:
    conn = redis_connection()
    if conn is None:
        return False
    try:
        return bool(conn.exists(_pending_key(log_id)))
    except Exception:  # noqa: BLE001 - Redis down: the search is as unknown as any other
        logger.warning("search log buffer unavailable; a click on a pending search is ignored")
        return False


def _relaxed_durability() -> None:
    """Analytics rows need not wait for the WAL flush (losing the last few on a crash is acceptable); on
    PostgreSQL this takes a disk sync off every search request."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def search_history_clear(*, user) -> int:
    """Hide every past search from the shopper's history (analytics keep the anonymous counts)."""
    return SearchQueryLog.objects.filter(user=user, in_history=True).update(in_history=False)


def search_click_record(*, query_log_id, product, position: int = 0, user=None) -> uuid.UUID | None:
    """A click from a results page; returns the click's id, or None if the search is unknown (stale or forged
    link). A click on a search still waiting in the buffer is buffered behind it."""
    try:
        query_log_id = uuid.UUID(str(query_log_id))
    except ValueError:
        return None
    position = max(0, min(int(position), 32767))
    user = user if user is not None and user.is_authenticated else None
    if not SearchQueryLog.objects.filter(pk=query_log_id).exists():
        if not _is_pending(query_log_id):
            return None
        click_id = uuid.uuid4()
        if _buffer({"kind": "click", "id": str(click_id), "log_id": str(query_log_id), "product_id": str(product.pk),
                    "position": position, "user_id": str(user.pk) if user else None,
                    "created_at": timezone.now().isoformat()}):
            return click_id
        return None
    with transaction.atomic():
        _relaxed_durability()
        return SearchClick.objects.create(query_log_id=query_log_id, product=product, position=position,
                                          user=user).pk


def search_logs_flush(*, batch_size: int = FLUSH_BATCH_SIZE, max_batches: int = 100) -> int:
    """Write the buffered searches and clicks (the beat task search.flush_logs), `batch_size` payloads at a time,
    each batch in one transaction: searches first, then clicks (a click always follows its search in the buffer).
    A batch is taken off the buffer atomically, so two flushes never write the same row; a batch that fails goes
    back on the buffer. Returns the number of rows written; 0 without Redis."""
    return buffer_drain(LOG_BUFFER, _logs_write, batch_size=batch_size, max_batches=max_batches)


def search_logs_buffered() -> int:
    return buffer_length(LOG_BUFFER)


def _logs_write(payloads: list[dict]) -> int:
    """Insert a batch of buffered searches and clicks, keeping their times. Clicks whose search or product no
    longer exists are dropped; a user who no longer exists loses the link."""
    from apps.accounts.models import User
    from apps.catalog.models import Product

    logs, clicks = _read(payloads)
    with transaction.atomic():
        _relaxed_durability()
        _insert_keeping_times(SearchQueryLog, logs)
        rows = []
        if clicks:
            known_logs = _existing(SearchQueryLog, {c["log_id"] for c in clicks})
            products = _existing(Product, {c["product_id"] for c in clicks})
            users = _existing(User, {c["user_id"] for c in clicks if c["user_id"]})
            rows = [SearchClick(id=c["id"], query_log_id=c["log_id"], product_id=c["product_id"],
                                position=c["position"], user_id=c["user_id"] if c["user_id"] in users else None,
                                created_at=c["created_at"])
                    for c in clicks if c["log_id"] in known_logs and c["product_id"] in products]
            _insert_keeping_times(SearchClick, rows)
    if logs:
        for _receiver, error in search_logs_written.send_robust(sender=SearchQueryLog, logs=logs):
            if isinstance(error, Exception):  # the rows are written: never send the batch back for this
                logger.error("a search_logs_written receiver failed", exc_info=error)
    return len(logs) + len(rows)


def _read(payloads: list[dict]) -> tuple[list[SearchQueryLog], list[dict]]:
    """The batch's searches (unsaved rows) and clicks (ids as canonical strings); a payload that does not read
    is logged and dropped rather than sending the whole batch back again and again."""
    def uid(value) -> str:
        return str(uuid.UUID(str(value)))

    logs, clicks = [], []
    for p in payloads:
        try:
            if p["kind"] == "log":
                logs.append(SearchQueryLog(
                    id=uid(p["id"]), query=str(p["query"])[:200], normalized=str(p["normalized"])[:255],
                    results_count=max(int(p["results_count"]), 0), created_at=datetime.fromisoformat(p["created_at"])))
            elif p["kind"] == "click":
                clicks.append({
                    "id": uid(p["id"]), "log_id": uid(p["log_id"]), "product_id": uid(p["product_id"]),
                    "user_id": uid(p["user_id"]) if p.get("user_id") else None,
                    "position": max(0, min(int(p.get("position", 0)), 32767)),
                    "created_at": datetime.fromisoformat(p["created_at"])})
        except (KeyError, TypeError, ValueError, AttributeError):
            logger.warning("dropping an unreadable buffered search payload: %r", str(p)[:200])
    return logs, clicks


def _insert_keeping_times(model, objs: list) -> None:
    """bulk_create stamps created_at (auto_now_add) with the flush time: put back when it really happened.
    ignore_conflicts: a row that is somehow already there is not written twice."""
    if not objs:
        return
    created = {obj.pk: obj.created_at for obj in objs}
    model.objects.bulk_create(objs, batch_size=500, ignore_conflicts=True)
    for obj in objs:
        obj.created_at = created[obj.pk]
    model.objects.bulk_update(objs, ["created_at"], batch_size=500)


def _existing(model, ids: set[str]) -> set[str]:
    """The ids among `ids` (canonical strings) that exist."""
    if not ids:
        return set()
    return {str(pk) for pk in model.objects.filter(pk__in=ids).values_list("pk", flat=True)}


def cache_seconds() -> int:
    return int(getattr(settings, "SEARCH_CACHE_SECONDS", 300))
