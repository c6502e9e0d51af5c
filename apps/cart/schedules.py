"""Periodic tasks of the cart, merged into Celery beat by config/celery_app.py."""
from celery.schedules import crontab

BEAT_SCHEDULE = {
    "cart-remove-stale-guest-carts": {"task": "cart.remove_stale_guest_carts", "schedule": crontab(minute=15, hour=3)},
    "cart-send-reminders": {"task": "cart.send_reminders", "schedule": crontab(minute=5)},
    "cart-wishlist-alerts": {"task": "cart.wishlist_alerts", "schedule": crontab(minute="*/15")},
}
