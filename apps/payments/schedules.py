"""Periodic tasks of the payments app (merged into the beat schedule by config/celery_app.py)."""
from datetime import timedelta

BEAT_SCHEDULE = {
    # Orders to be paid online that were not paid within UNPAID_ORDER_EXPIRY_MINUTES are cancelled
    # and their stock comes back; checked every five minutes.
    "payments-expire-unpaid": {"task": "payments.expire_unpaid", "schedule": timedelta(minutes=5)},
}
