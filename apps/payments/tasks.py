"""Celery tasks of the payments app: fetch, then call a service (or notify). Queued after commit."""
import logging
from decimal import Decimal

from celery import shared_task

from apps.core.errors import DomainError

logger = logging.getLogger("apps.payments")


@shared_task(name="payments.notify", ignore_result=True)
def payments_notify(*, payment_id: str, kind: str, amount: str | None = None) -> None:
    from apps.notifications.services import notify
    from apps.payments.models import Payment

    payment = Payment.objects.select_related("order__buyer").filter(pk=payment_id).first()
    if payment is None:
        return
    order = payment.order
    value = Decimal(amount) if amount is not None else payment.amount
    notify(order.buyer, kind, url=order.get_absolute_url(), context={
        "order_number": order.order_number, "amount": f"{value:.2f}", "currency": payment.currency})


@shared_task(name="payments.expire_unpaid", ignore_result=True)
def payments_expire_unpaid_task() -> int:
    from apps.payments.services import payments_expire_unpaid

    return payments_expire_unpaid()


@shared_task(name="payments.settle", ignore_result=True, autoretry_for=(DomainError,), retry_backoff=30,
             max_retries=5)
def payments_settle(*, payment_id: str, capture: bool = False) -> None:
    from apps.payments.models import Payment
    from apps.payments.services import payment_settle

    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is not None:
        payment_settle(payment=payment, capture=capture)


@shared_task(name="payments.auto_refund", ignore_result=True, autoretry_for=(DomainError,), retry_backoff=60,
             max_retries=5)
def payments_auto_refund(*, payment_id: str, reason: str) -> None:
    from apps.payments.services import payment_auto_refund

    payment_auto_refund(payment_id=payment_id, reason=reason)


@shared_task(name="payments.refund_cancelled_order", ignore_result=True, autoretry_for=(DomainError,),
             retry_backoff=60, max_retries=5)
def payments_refund_cancelled_order(*, order_id: str) -> None:
    from apps.orders.models import Order
    from apps.payments.services import order_refund_on_cancel

    order = Order.objects.filter(pk=order_id).first()
    if order is not None:
        order_refund_on_cancel(order=order)


@shared_task(name="payments.collect_cod", ignore_result=True)
def payments_collect_cod(*, order_id: str) -> None:
    from apps.orders.models import Order
    from apps.payments.services import payment_cod_collect

    order = Order.objects.filter(pk=order_id).first()
    if order is not None:
        payment_cod_collect(order=order)


@shared_task(name="payments.sync_saved_methods", ignore_result=True)
def payments_sync_saved_methods(*, user_id: str) -> None:
    from django.contrib.auth import get_user_model

    from apps.payments.services import saved_methods_sync

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        try:
            saved_methods_sync(user=user)
        except DomainError:
            logger.warning("could not sync saved cards of user %s", user_id)
