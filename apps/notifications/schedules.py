"""Periodic tasks of the notifications app, merged into Celery beat by config/celery_app.py."""
from celery.schedules import crontab

BEAT_SCHEDULE = {
    "notifications-requeue-stale-emails": {"task": "apps.notifications.tasks.requeue_stale_emails",
                                           "schedule": crontab(minute="*/10")},
}
