"""Shopper events, recorded cheaply: during the request an event is appended to a Redis list (one RPUSH);
a Celery beat task (analytics.flush_events) writes the buffer into the Event table in batches. Without Redis
(the embedded default) the event is written directly, after the request's transaction commits.

Also: recently viewed products, for signed-in users (in the cache, rebuilt from events when evicted) and
guests (in a cookie, like the guest's anonymous visitor id: browsing never creates a server-side session)."""
import json
import logging
import uuid
from collections import Counter, defaultdict
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from apps.analytics.models import Event, EventKind
from apps.analytics.outbox import Outbox
from apps.core import buffers
from apps.core.buffers import redis_connection

logger = logging.getLogger(__name__)

BUFFER_KEY = "analytics:events"
RECENT_COOKIE = "cho_recent"
VISITOR_COOKIE = "cho_visitor"
VISITOR_COOKIE_AGE = 60 * 60 * 24 * 365
RECENT_MAX = 20
RECENT_TTL = 60 * 60 * 24 * 90


def _redis():
    """A raw Redis connection when the cache is django-redis and buffering is on; None otherwise."""
    if not getattr(settings, "ANALYTICS_BUFFER_EVENTS", True):
        return None
    return redis_connection()


def buffer_key() -> str:
    return buffers.buffer_key(BUFFER_KEY)


def visitor_of(*, user=None, cookies=None) -> str:
    """u:<user id> for a signed-in user; s:<the guest's visitor cookie> for a guest; "" without either."""
    if user is not None and getattr(user, "is_authenticated", False):
        return f"u:{user.pk}"
    token = _hex_id((cookies or {}).get(VISITOR_COOKIE, ""))
    return f"s:{token}" if token else ""


def _hex_id(value: str) -> str:
    try:
        return uuid.UUID(hex=value[:32]).hex
    except ValueError:
        return ""


def _payload(*, kind, user=None, user_id=None, visitor="", product_id=None, shop_id=None, query="", quantity=1,
             at=None) -> dict:
    if kind not in EventKind.values:
        raise ValueError(f"unknown event kind {kind!r}")
    if user_id is None and user is not None and getattr(user, "is_authenticated", False):
        user_id = user.pk
    return {"kind": kind, "at": (at or timezone.now()).isoformat(), "user_id": str(user_id) if user_id else None,
            "visitor": visitor or (f"u:{user_id}" if user_id else ""),
            "product_id": str(product_id) if product_id else None, "shop_id": str(shop_id) if shop_id else None,
            "query": (query or "")[:200], "quantity": max(int(quantity or 1), 1)}


def event_record(**fields) -> None:
    """Record one event (see _payload for the fields). Never raises for a broken buffer: analytics must not
    break shopping."""
    events_record([_payload(**fields)])


def events_record(payloads: list[dict]) -> None:
    """Buffer events in Redis: held in the process's outbox and pushed by its thread when
    ANALYTICS_OUTBOX_SECONDS is set (production: no request waits for the push), else pushed at once."""
    if not payloads:
        return
    conn = _redis()
    if conn is not None:
        if getattr(settings, "ANALYTICS_OUTBOX_SECONDS", 0):
            _outbox().add([json.dumps(p) for p in payloads])
            return
        try:
            conn.rpush(buffer_key(), *[json.dumps(p) for p in payloads])
            return
        except Exception:  # noqa: BLE001 - Redis down: fall back to writing directly
            logger.warning("analytics buffer unavailable; writing %d event(s) directly", len(payloads))
    transaction.on_commit(lambda: events_write(payloads))


_the_outbox: Outbox | None = None


def _outbox() -> Outbox:
    global _the_outbox
    seconds = float(settings.ANALYTICS_OUTBOX_SECONDS)
    if _the_outbox is None or _the_outbox.seconds != seconds:
        _the_outbox = Outbox(_outbox_send, seconds=seconds)
    return _the_outbox


def _outbox_send(items: list[str]) -> None:
    """The outbox thread's push; with Redis down the events are written directly (on its own connection)."""
    try:
        _redis().rpush(buffer_key(), *items)
    except Exception:  # noqa: BLE001
        logger.warning("analytics buffer unavailable; writing %d event(s) directly", len(items))
        try:
            events_write([json.loads(i) for i in items])
        finally:
            connection.close()


def events_write(payloads: list[dict]) -> int:
    """Insert events in one statement (rows naming a product or user that no longer exists lose that link),
    and add the product views to Product.view_count. Returns the number written."""
    from apps.accounts.models import User
    from apps.catalog.models import Product

    if not payloads:
        return 0
    product_ids = {p["product_id"] for p in payloads if p.get("product_id")}
    products = dict(Product.objects.filter(pk__in=product_ids).values_list("pk", "shop_id")) if product_ids else {}
    products = {str(k): v for k, v in products.items()}
    user_ids = {p["user_id"] for p in payloads if p.get("user_id")}
    users = {str(pk) for pk in User.objects.filter(pk__in=user_ids).values_list("pk", flat=True)} if user_ids else set()
    rows, views = [], Counter()
    for p in payloads:
        product_id = p.get("product_id") if p.get("product_id") in products else None
        rows.append(Event(
            kind=p["kind"], occurred_at=datetime.fromisoformat(p["at"]),
            user_id=p.get("user_id") if p.get("user_id") in users else None, visitor=p.get("visitor", "")[:80],
            product_id=product_id, shop_id=products.get(product_id) if product_id else p.get("shop_id"),
            query=p.get("query", ""), quantity=p.get("quantity", 1)))
        if product_id and p["kind"] == EventKind.PRODUCT_VIEW:
            views[product_id] += 1
    with transaction.atomic():
        Event.objects.bulk_create(rows, batch_size=500)
        by_count = defaultdict(list)
        for product_id, n in views.items():
            by_count[n].append(product_id)
        for n, ids in by_count.items():
            Product.objects.filter(pk__in=ids).update(view_count=F("view_count") + n)
    return len(rows)


def events_flush(*, batch_size: int | None = None, max_batches: int = 100) -> int:
    """Move buffered events into the Event table, `batch_size` at a time (apps.core.buffers.buffer_drain: two
    flushes never write the same event; a batch that cannot be written goes back on the list)."""
    if _redis() is None:
        return 0
    batch_size = batch_size or getattr(settings, "ANALYTICS_EVENT_BATCH_SIZE", 1000)
    return buffers.buffer_drain(BUFFER_KEY, events_write, batch_size=batch_size, max_batches=max_batches)


def events_buffered() -> int:
    return buffers.buffer_length(BUFFER_KEY) if _redis() is not None else 0


# --- product views and recently viewed -------------------------------------------------------------------------
def _recent_key(user_id) -> str:
    return f"analytics:recent:{user_id}"


def _push(ids: list[str], product_id: str) -> list[str]:
    return [product_id, *[i for i in ids if i != product_id]][:RECENT_MAX]


def record_product_view(request, response, *, product_id, shop_id) -> None:
    """Called by the product page: records a view event and puts the product first in the visitor's recently
    viewed list (user: cache; guest: cookies on `response`, with a visitor id on the first visit)."""
    try:
        user = getattr(request, "user", None)
        product_id = str(product_id)
        if user is not None and user.is_authenticated:
            cache.set(_recent_key(user.pk), _push(recently_viewed_ids(user=user), product_id), RECENT_TTL)
            visitor = visitor_of(user=user)
        else:
            visitor = _guest_cookies_update(request, response, product_id)
        event_record(kind=EventKind.PRODUCT_VIEW, user=user, visitor=visitor, product_id=product_id,
                     shop_id=shop_id)
    except Exception:  # noqa: BLE001 - a broken cache or buffer must never break the product page
        logger.exception("could not record a product view")


def _guest_cookies_update(request, response, product_id: str) -> str:
    """Put the product first in the guest's recently viewed cookie and give a first-time guest a visitor id;
    returns the guest's visitor (visitor_of)."""
    current = recently_viewed_ids(cookies=request.COOKIES)
    updated = _push(current, product_id)
    options = {"secure": settings.SESSION_COOKIE_SECURE, "httponly": True, "samesite": "Lax"}
    if updated != current:
        response.set_cookie(RECENT_COOKIE, ".".join(uuid.UUID(i).hex for i in updated), max_age=RECENT_TTL,
                            **options)
    visitor = visitor_of(cookies=request.COOKIES)
    if not visitor:
        token = uuid.uuid4().hex
        response.set_cookie(VISITOR_COOKIE, token, max_age=VISITOR_COOKIE_AGE, **options)
        visitor = visitor_of(cookies={VISITOR_COOKIE: token})
    return visitor


def recently_viewed_ids(*, user=None, cookies=None) -> list[str]:
    """Most recent first: a signed-in user's from the cache (rebuilt from their events), a guest's from the
    cookie (ids that do not parse are dropped)."""
    if user is not None and getattr(user, "is_authenticated", False):
        ids = cache.get(_recent_key(user.pk))
        if ids is None:
            ids = _recent_from_events(user)
            cache.set(_recent_key(user.pk), ids, RECENT_TTL)
        return list(ids)
    raw = (cookies or {}).get(RECENT_COOKIE, "")
    ids = [str(uuid.UUID(h)) for h in (_hex_id(part) for part in raw.split(".")[:RECENT_MAX]) if h]
    return list(dict.fromkeys(ids))


def _recent_from_events(user) -> list[str]:
    seen: list[str] = []
    rows = (Event.objects.filter(user=user, kind=EventKind.PRODUCT_VIEW, product__isnull=False)
            .order_by("-occurred_at").values_list("product_id", flat=True)[:200])
    for pid in rows:
        if str(pid) not in seen:
            seen.append(str(pid))
        if len(seen) >= RECENT_MAX:
            break
    return seen


def recently_viewed_merge_at_login(*, user, cookies) -> None:
    """A guest who signs in keeps what they looked at (the cookie's products go first, once)."""
    guest = recently_viewed_ids(cookies=cookies)
    if not guest:
        return
    merged = recently_viewed_ids(user=user)
    if merged[:len(guest)] == guest:
        return
    for pid in reversed(guest):
        merged = _push(merged, pid)
    cache.set(_recent_key(user.pk), merged, RECENT_TTL)
