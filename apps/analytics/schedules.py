"""Periodic tasks of analytics (merged into the beat schedule by config/celery_app.py)."""
from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Buffered events (Redis list) into the Event table, in batches.
    "analytics-flush-events": {"task": "analytics.flush_events", "schedule": 30.0},
    "analytics-trending": {"task": "analytics.compute_trending", "schedule": crontab(minute="*/10")},
    "analytics-also-bought": {"task": "analytics.compute_also_bought", "schedule": crontab(minute=40, hour=3)},
    "analytics-recommendations": {"task": "analytics.compute_recommendations", "schedule": crontab(minute=25)},
}
