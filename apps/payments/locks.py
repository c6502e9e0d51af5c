"""Row locks of the payments app. Order first, then its payments (the same order everywhere: the
orders app locks the order in order_mark_paid / order_expire_unpaid), each ordered by pk."""
from django.db.models import QuerySet


def payments_qs_select_for_update(queryset: QuerySet) -> QuerySet:
    return queryset.select_for_update(of=("self",)).order_by("pk")


def payment_lock(payment_id):
    """Lock the payment's order, then the payment; returns the fresh payment (with its order)."""
    from apps.orders.locks import orders_qs_select_for_update
    from apps.orders.models import Order
    from apps.payments.models import Payment

    order_id = Payment.objects.filter(pk=payment_id).values_list("order_id", flat=True).get()
    list(orders_qs_select_for_update(Order.objects.filter(pk=order_id)))
    return payments_qs_select_for_update(Payment.objects.filter(pk=payment_id)).select_related(
        "order", "order__buyer", "order__shop").get()
