"""Periodic tasks of search (merged into the beat schedule by config/celery_app.py)."""

BEAT_SCHEDULE = {
    # Visitors' searches and result clicks buffered in Redis into SearchQueryLog / SearchClick, in batches.
    "search-flush-logs": {"task": "search.flush_logs", "schedule": 30.0},
}
