"""Write-behind buffers in Redis: during a request a row waits as a JSON payload in a Redis list (one round
trip), and a Celery beat task drains the list into the database in batches. Without django-redis as the cache
(the embedded default: local memory) there is no buffer: redis_connection() is None and callers write directly.

    conn = redis_connection()
    if conn is not None:
        conn.rpush(buffer_key("search:log-buffer"), json.dumps(payload))
    ...
    buffer_drain("search:log-buffer", write_payloads)      # in the beat task

apps.search (search logs and clicks) and apps.analytics (shopper events) use these.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.core.cache import cache

logger = logging.getLogger(__name__)


def redis_connection():
    """A raw Redis connection when the default cache is django-redis; None otherwise."""
    try:
        from django_redis import get_redis_connection

        return get_redis_connection("default")
    except (ImportError, NotImplementedError):
        return None


def buffer_key(name: str) -> str:
    """A buffer's Redis key carries the cache's key prefix, so environments (and test workers) never share it."""
    return cache.make_key(name)


def buffer_drain(name: str, write: Callable[[list[dict]], int], *, batch_size: int = 1000,
                 max_batches: int = 100) -> int:
    """Hand the buffer `name`'s payloads to `write` (which returns how many rows it wrote), `batch_size` at a
    time, oldest first. Each batch is taken off the list atomically (LRANGE + LTRIM in MULTI), so two drains never
    see the same payload; a batch `write` raises on goes back at the head of the list, in its order, and the
    exception propagates (the next run tries it again). Unreadable payloads are logged and dropped. Returns the
    total `write` reported; 0 without Redis."""
    conn = redis_connection()
    if conn is None:
        return 0
    key, written = buffer_key(name), 0
    for _ in range(max_batches):
        pipe = conn.pipeline(transaction=True)
        pipe.lrange(key, 0, batch_size - 1)
        pipe.ltrim(key, batch_size, -1)
        raw, _trimmed = pipe.execute()
        if not raw:
            break
        payloads = []
        for item in raw:
            try:
                payloads.append(json.loads(item))
            except (TypeError, ValueError):
                logger.warning("dropping an unreadable payload of buffer %s: %r", name, item[:200])
        try:
            written += write(payloads) if payloads else 0
        except Exception:
            conn.lpush(key, *reversed(raw))
            raise
        if len(raw) < batch_size:
            break
    return written


def buffer_length(name: str) -> int:
    conn = redis_connection()
    return int(conn.llen(buffer_key(name))) if conn is not None else 0
