"""Periodic tasks of the orders app (merged into the beat schedule by config/celery_app.py)."""
from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Delivered orders complete by themselves after ORDER_AUTO_COMPLETE_DAYS (checked hourly).
    "orders-auto-complete": {"task": "orders.auto_complete", "schedule": crontab(minute=17)},
}
