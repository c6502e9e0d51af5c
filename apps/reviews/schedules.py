"""Periodic tasks of the reviews app (merged into the beat schedule by config/celery_app.py)."""
from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Review request e-mails REVIEW_REQUEST_DAYS after delivery, once per order (checked hourly, at a quiet minute).
    "reviews-send-requests": {"task": "reviews.send_review_requests", "schedule": crontab(minute=41)},
}
