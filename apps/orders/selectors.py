"""Read queries of the orders app: one place for select_related/prefetch_related, ownership built in."""
from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.module_loading import import_string

from apps.core.errors import NotFound
from apps.core.prepared import PreparedQuery
from apps.orders.domain import OrderStatus
from apps.orders.models import Order, OrderItem, OrderStatusHistory


def payment_methods_available() -> list[str]:
    """Methods offered at checkout. The payments app decides (a provider without keys is not offered); it sits
    to the right of orders, so its rule is reached through settings.PAYMENT_METHODS_AVAILABLE, a dotted path."""
    return [str(method) for method in import_string(settings.PAYMENT_METHODS_AVAILABLE)()]


def _with_details(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("shop", "buyer").prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.order_by("created_at", "id")),
        Prefetch("status_history", queryset=OrderStatusHistory.objects.order_by("at", "created_at")),
    )


def _status_filter(queryset: QuerySet, status: str | None) -> QuerySet:
    if status:
        if status not in OrderStatus.values:
            return queryset.none()
        queryset = queryset.filter(status=status)
    return queryset


def orders_for_buyer(user, *, status: str | None = None) -> QuerySet:
    return _status_filter(_with_details(Order.objects.filter(buyer=user)), status).order_by("-created_at", "pk")


def orders_for_shop(shop, *, status: str | None = None) -> QuerySet:
    return _status_filter(_with_details(Order.objects.filter(shop=shop)), status).order_by("-created_at", "pk")


def orders_for_checkout(user, checkout_id) -> list[Order]:
    return list(_with_details(Order.objects.filter(buyer=user, checkout_id=checkout_id)).order_by("created_at", "pk"))


# Every checkout asks first (compiled once per process: apps.core.prepared).
_any_order_for_key = PreparedQuery(lambda buyer_id, key: Order.objects.filter(buyer_id=buyer_id, idempotency_key=key)
                                   .only("id")[:1])


def orders_for_idempotency_key(buyer, key: str) -> list[Order]:
    """The orders placed under this key, with details; one small read when there are none (nearly always)."""
    if not _any_order_for_key(buyer.pk, key):
        return []
    return list(_with_details(Order.objects.filter(buyer=buyer, idempotency_key=key)).order_by("created_at", "pk"))


def orders_with_details_loaded(orders: list[Order], *, items: list[OrderItem],
                               history: list[OrderStatusHistory]) -> list[Order]:
    """Orders just written, in the shape orders_for_checkout would read them back (shop, items and status history
    loaded, the same ordering) without reading them back: their rows go into each order's prefetch cache."""
    def loaded(manager, rows, key):
        queryset = manager.get_queryset()
        queryset._result_cache = sorted(rows, key=key)
        queryset._prefetch_done = True
        return queryset

    for order in orders:
        order._prefetched_objects_cache = {
            "items": loaded(order.items, [i for i in items if i.order_id == order.pk], lambda i: (i.created_at, i.pk)),
            "status_history": loaded(order.status_history, [h for h in history if h.order_id == order.pk],
                                     lambda h: (h.at, h.created_at)),
        }
    return sorted(orders, key=lambda o: (o.created_at, o.pk))


def order_for_buyer(user, order_id) -> Order:
    order = _with_details(Order.objects.filter(buyer=user, pk=order_id)).first()
    if order is None:
        raise NotFound()
    return order


def order_for_seller(shop, order_id) -> Order:
    if shop is None:
        raise NotFound()
    order = _with_details(Order.objects.filter(shop=shop, pk=order_id)).first()
    if order is None:
        raise NotFound()
    return order


def order_for_viewer(user, order_id) -> Order:
    """The order if `user` is its buyer, its shop's owner or staff; NotFound for everybody else."""
    queryset = Order.objects.filter(pk=order_id)
    if not user.is_staff:
        queryset = queryset.filter(Q(buyer=user) | Q(shop__owner=user))
    order = _with_details(queryset).first()
    if order is None:
        raise NotFound()
    return order


def seller_shop(user):
    """The shop `user` owns, or None."""
    from apps.shops.models import Shop

    if not (user and user.is_authenticated):
        return None
    return Shop.objects.filter(owner=user).first()


def order_status_counts(*, buyer=None, shop=None) -> dict[str, int]:
    """Orders per status (and "all") for the status tabs."""
    queryset = Order.objects.filter(buyer=buyer) if buyer is not None else Order.objects.filter(shop=shop)
    rows = queryset.order_by().values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    counts["all"] = sum(counts.values())
    return counts


def order_tracking(order: Order) -> dict:
    """Where the order is: the pipeline steps (done or not, when) and every recorded event."""
    from apps.orders.domain import PIPELINE, status_label

    history = list(order.status_history.all())
    reached = {}
    for event in history:
        reached.setdefault(event.status, event.at)
    steps = [{"status": s, "label": status_label(s), "done": s in reached, "at": reached.get(s)} for s in PIPELINE]
    if order.status == OrderStatus.CANCELLED:
        steps = [step for step in steps if step["done"]]
        steps.append({"status": OrderStatus.CANCELLED, "label": status_label(OrderStatus.CANCELLED), "done": True,
                      "at": reached.get(OrderStatus.CANCELLED)})
    return {
        "order_number": order.order_number, "status": order.status, "status_label": status_label(order.status),
        "carrier": order.carrier, "tracking_number": order.tracking_number, "shipping_method": order.shipping_method,
        "estimated_delivery_date": order.estimated_delivery_date, "steps": steps, "events": history,
    }
