"""Reactions to the orders app's signals (sent after the order's transaction committed). They only
hand over to our services, through Celery."""
from django.dispatch import receiver

from apps.orders.signals import order_status_changed


@receiver(order_status_changed, dispatch_uid="payments.order_status_changed")
def payments_follow_order_status(sender, order, from_status, to_status, by=None, **kwargs):
    from apps.payments import tasks

    if to_status == "delivered" and order.payment_method == "cod":
        tasks.payments_collect_cod.delay(order_id=str(order.pk))
    elif to_status == "cancelled" and order.payment_status in ("paid", "partially_refunded"):
        tasks.payments_refund_cancelled_order.delay(order_id=str(order.pk))
