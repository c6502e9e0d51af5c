"""Signals other apps may listen to (payments refunds a paid order that was cancelled, for example).

Sent after the transaction that changed the order has committed; receivers must call their own
services, never hide business rules here.
"""
from django.dispatch import Signal

# kwargs: order, from_status, to_status, by (a User or None for the system)
order_status_changed = Signal()
# kwargs: orders (list of Order), buyer. Sent by the Celery task that follows a placement (a worker in production).
orders_placed = Signal()
