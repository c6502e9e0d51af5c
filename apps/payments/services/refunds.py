"""Refunds, full or partial, by staff or the shop's seller, through the provider. Never more than paid."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from apps.core.errors import BusinessRuleViolation, NotFound, PermissionDenied, ValidationFailed
from apps.core.money import quantize
from apps.payments import domain, gateways
from apps.payments.gateways import GatewayError
from apps.payments.locks import payment_lock
from apps.payments.models import Payment, PaymentStatus, Refund, RefundStatus

from .events import event_log_out
from .intents import provider_error
from .notifying import payment_notify_after_commit
from .status import order_follow_payment


def payment_may_refund(payment: Payment, user) -> bool:
    return bool(user and user.is_authenticated and (user.is_staff or payment.order.shop.owner_id == user.pk))


def _ensure_may_refund(payment: Payment, by) -> None:
    if by is None:  # the system (automatic refunds)
        return
    if payment_may_refund(payment, by):
        return
    if payment.order.buyer_id == by.pk:
        raise PermissionDenied(_("Only the shop or our staff can refund a payment."))
    raise NotFound(_("Payment not found."))


def payment_refund_recorded(payment: Payment, *, amount: Decimal, status: str) -> None:
    """Book a completed refund on a locked payment; the order follows; the buyer is told."""
    payment.refunded_amount = payment.refunded_amount + amount
    payment.status = status
    payment.save(update_fields=["refunded_amount", "status", "updated_at"])
    order_follow_payment(payment)
    payment_notify_after_commit(payment_id=payment.pk, kind="payment.refunded", amount=amount)


def _provider_amount(payment: Payment, amount: Decimal, *, full: bool) -> tuple[Decimal | None, str]:
    """The refund in the provider's money. A refund of everything left is sent without an amount, so
    the provider refunds exactly what it still holds (no rounding leftovers after a conversion)."""
    currency = payment.provider_currency or payment.currency
    if full and payment.provider != "momo":
        return None, currency
    if payment.provider_amount is not None and payment.provider_currency and \
            payment.provider_currency != payment.currency:
        return quantize(payment.provider_amount * amount / payment.amount, currency), currency
    return amount, currency


def payment_refund(*, payment: Payment, by, amount: Decimal | None = None, reason: str = "") -> Refund:
    """Refund `amount` (everything left when None) of a paid payment through its provider.

    The refund is reserved under the payment's lock first (pending refunds count against what is left),
    so two refunds at once can never together exceed what was paid; the provider is called outside the
    transaction with an idempotency key; the booking happens when the provider accepts.
    """
    _ensure_may_refund(payment, by)
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = payment_lock(payment.pk)
        if locked.status not in (PaymentStatus.COMPLETED, PaymentStatus.PARTIALLY_REFUNDED):
            raise BusinessRuleViolation(_("Only a completed payment can be refunded."), code="not_refundable")
        in_flight = locked.refunds.filter(status=RefundStatus.PENDING).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        try:
            amount, _status = domain.refund_outcome(paid=locked.amount, refunded=locked.refunded_amount + in_flight,
                                                    amount=amount, currency=locked.currency)
        except domain.RefundTooLarge:
            left = domain.refundable_amount(paid=locked.amount, refunded=locked.refunded_amount + in_flight)
            message = _("A refund must be more than zero and at most %(left)s %(currency)s.") % {
                "left": left, "currency": locked.currency}
            raise ValidationFailed(message, details={"amount": [message]}) from None
        full = locked.refunded_amount + in_flight + amount >= locked.amount
        refund = Refund.objects.create(payment=locked, amount=amount, currency=locked.currency, reason=reason,
                                       by=by, status=RefundStatus.PENDING)

    gateway = gateways.get_gateway(locked.provider)
    provider_amount, provider_currency = _provider_amount(locked, amount, full=full and in_flight == 0)
    reference = locked.capture_reference if locked.provider in ("paypal", "momo") else locked.provider_reference
    try:
        result = gateway.refund(provider_reference=reference or locked.provider_reference, amount=provider_amount,
                                currency=provider_currency, reason=reason, idempotency_key=f"cho-{refund.pk}-refund")
    except GatewayError as exc:
        with transaction.atomic():
            event_log_out(payment=locked, provider=locked.provider, kind="refund", payload=exc.raw or {}, ok=False,
                          note=str(exc.message), amount=amount, currency=locked.currency)
            Refund.objects.filter(pk=refund.pk).update(status=RefundStatus.FAILED,
                                                       failure_message=str(exc.message)[:1000])
        raise provider_error(exc) from exc

    with transaction.atomic():
        locked = payment_lock(payment.pk)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        event_log_out(payment=locked, provider=locked.provider, kind="refund", payload=result.raw, amount=amount,
                      currency=locked.currency)
        refund.provider_reference = result.provider_reference or ""
        refund.status = RefundStatus.FAILED if result.status == "failed" else RefundStatus.COMPLETED
        refund.save(update_fields=["status", "provider_reference", "updated_at"])
        if refund.status == RefundStatus.COMPLETED:
            _booked, status = domain.refund_outcome(paid=locked.amount, refunded=locked.refunded_amount, amount=amount,
                                                   currency=locked.currency)
            payment_refund_recorded(locked, amount=amount, status=status)
    if refund.status == RefundStatus.FAILED:
        raise BusinessRuleViolation(_("The provider refused the refund."), code="refund_failed")
    return refund


def payment_auto_refund(*, payment_id, reason: str) -> Refund | None:
    """Give back a payment that should not have been taken (a second payment of a paid order, or a
    payment that arrived after the order was cancelled)."""
    payment = Payment.objects.select_related("order__shop").filter(pk=payment_id).first()
    if payment is None or payment.status not in (PaymentStatus.COMPLETED, PaymentStatus.PARTIALLY_REFUNDED):
        return None
    note = {"duplicate": _("Automatic refund: the order was already paid."),
            "order_cancelled": _("Automatic refund: the order was cancelled.")}.get(reason, reason)
    return payment_refund(payment=payment, by=None, amount=None, reason=str(note))


def order_refund_on_cancel(*, order) -> list[Refund]:
    """A cancelled order that was paid gets its money back in full."""
    refunds = []
    for payment in order.payments.filter(status__in=[PaymentStatus.COMPLETED, PaymentStatus.PARTIALLY_REFUNDED]):
        refunds.append(payment_refund(payment=payment, by=None, amount=None,
                                      reason=str(_("Automatic refund: the order was cancelled."))))
    return refunds
