"""Moving a payment along, and the order with it. Runs inside the caller's transaction with the
order and payment rows locked (locks.payment_lock)."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.payments import domain
from apps.payments.models import Payment, PaymentStatus

from .notifying import payment_notify_after_commit


def order_follow_payment(payment: Payment) -> None:
    """The order's payment_status follows its payments (domain.order_payment_status); an order refunded
    in full before it left the shop is cancelled (its stock comes back)."""
    from apps.orders.domain import OrderStatus
    from apps.orders.services import order_mark_paid, order_set_payment_status, order_transition

    order = payment.order
    target = domain.order_payment_status(order.payments.values_list("status", flat=True))
    if target == "paid":
        order_mark_paid(order=order)
    else:
        order_set_payment_status(order=order, payment_status=target)
    if target == "refunded":
        order.refresh_from_db(fields=["status"])
        if order.status in (OrderStatus.PENDING, OrderStatus.CONFIRMED):
            order_transition(order=order, to_status=OrderStatus.CANCELLED, by=None, actor="system",
                             note=_("The payment was refunded in full."))


def payment_move(payment: Payment, incoming: str, *, amount: Decimal | None = None, capture_reference: str = "",
                 failure_message: str = "") -> tuple[bool, str]:
    """Apply `incoming` to a locked payment. Returns (changed, note). Never moves backwards."""
    new = domain.next_status(payment.status, incoming)
    if new is None:
        if incoming == payment.status:
            return False, "already in this state"
        return False, f"ignored: {payment.status} → {incoming} would go backwards"
    if new == PaymentStatus.COMPLETED and amount is not None:
        expected = payment.provider_amount if payment.provider_amount is not None else payment.amount
        if amount < expected:
            return False, f"amount mismatch: provider reports {amount}, expected {expected}"
    now = timezone.now()
    payment.status = new
    fields = ["status", "updated_at"]
    if capture_reference:
        payment.capture_reference = capture_reference
        fields.append("capture_reference")
    if new == PaymentStatus.COMPLETED:
        payment.paid_at, payment.failure_message = now, ""
        fields += ["paid_at", "failure_message"]
    elif new == PaymentStatus.FAILED:
        payment.failed_at = now
        payment.failure_message = (failure_message or _("The payment did not go through."))[:1000]
        fields += ["failed_at", "failure_message"]
    payment.save(update_fields=fields)
    order_follow_payment(payment)
    if new == PaymentStatus.COMPLETED:
        payment_notify_after_commit(payment_id=payment.pk, kind="payment.completed")
        _guard_double_charge(payment)
    elif new == PaymentStatus.FAILED:
        payment_notify_after_commit(payment_id=payment.pk, kind="payment.failed")
    return True, f"{incoming}"


def _guard_double_charge(payment: Payment) -> None:
    """A second payment for an already paid order, or a payment for an order cancelled meanwhile
    (expired, then paid late): give the money back, automatically, after commit."""
    from apps.orders.domain import OrderStatus
    from apps.payments import tasks

    order = payment.order
    order.refresh_from_db(fields=["status"])
    paid_before = order.payments.exclude(pk=payment.pk).filter(
        status__in=[PaymentStatus.COMPLETED, PaymentStatus.PARTIALLY_REFUNDED]).exists()
    if paid_before or order.status == OrderStatus.CANCELLED:
        reason = "duplicate" if paid_before else "order_cancelled"
        payment_id = str(payment.pk)
        transaction.on_commit(lambda: tasks.payments_auto_refund.delay(payment_id=payment_id, reason=reason))
