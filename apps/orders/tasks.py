"""Celery tasks of the orders app: fetch, then call a service (or notify). Queued after commit."""
import logging

from celery import shared_task

from apps.orders.domain import OrderStatus, status_label
from apps.orders.models import Order, OrderItem

logger = logging.getLogger(__name__)


def _seller_url(order: Order) -> str:
    return f"/seller/orders/{order.pk}/"


@shared_task(name="orders.notify_placed", ignore_result=True)
def orders_notify_placed(*, order_ids: list[str]) -> None:
    """The buyer hears about each order, each shop's seller about its own. (Queued on its own before
    orders.placed_follow_up existed: kept for the messages still in the queue.)"""
    from apps.notifications.services import notify

    for order in Order.objects.filter(pk__in=order_ids).select_related("buyer", "shop__owner").order_by("created_at"):
        context = {"order_number": order.order_number, "total": str(order.total), "currency": order.currency}
        notify(order.buyer, "order.placed", context=context, url=order.get_absolute_url())
        notify(order.shop.owner, "order.new_for_seller", context=context, url=_seller_url(order), actor=order.buyer)


@shared_task(name="orders.placed_follow_up", ignore_result=True)
def orders_placed_follow_up(*, order_ids: list[str]) -> None:
    """After a placement commits: the products' sold counts, the notifications, then the orders_placed signal
    (analytics records the purchases)."""
    from apps.catalog.services import product_sold_count_add
    from apps.orders.signals import orders_placed

    sold = OrderItem.objects.filter(order_id__in=order_ids, product__isnull=False).values_list("product_id",
                                                                                                 "quantity")
    try:
        product_sold_count_add(items=list(sold))
    except Exception:  # a counter must never keep the buyer and the sellers from hearing about their orders
        logger.exception("sold_count update failed for orders %s", order_ids)
    orders_notify_placed(order_ids=order_ids)
    orders = list(Order.objects.filter(pk__in=order_ids).select_related("buyer").order_by("created_at", "pk"))
    if orders:
        orders_placed.send(sender=Order, orders=orders, buyer=orders[0].buyer)


@shared_task(name="orders.notify_status", ignore_result=True)
def orders_notify_status(*, order_id: str, status: str) -> None:
    """Every status change reaches the buyer; a cancellation reaches the seller too."""
    from apps.notifications.services import notify

    order = Order.objects.select_related("buyer", "shop__owner").filter(pk=order_id).first()
    if order is None:
        return
    url = order.get_absolute_url()
    if status == OrderStatus.SHIPPING:
        notify(order.buyer, "order.shipped", url=url, context={
            "order_number": order.order_number, "tracking_number": order.tracking_number or "—",
            "carrier": order.carrier or "—"})
    elif status == OrderStatus.CANCELLED:
        context = {"order_number": order.order_number, "reason": order.cancellation_reason or "—"}
        notify(order.buyer, "order.cancelled", context=context, url=url)
        notify(order.shop.owner, "order.cancelled", context=context, url=_seller_url(order))
    else:
        notify(order.buyer, "order.status_changed", url=url, context={
            "order_number": order.order_number, "status": status, "status_label": status_label(status)})


@shared_task(name="orders.auto_complete", ignore_result=True)
def orders_auto_complete_task() -> int:
    from apps.orders.services import orders_auto_complete

    return orders_auto_complete()
