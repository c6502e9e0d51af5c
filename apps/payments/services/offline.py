"""Cash on delivery and bank transfer: no provider tells us; a person does."""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.errors import BusinessRuleViolation, Conflict, NotFound, PermissionDenied
from apps.payments import gateways
from apps.payments.gateways import IntentRequest
from apps.payments.locks import payment_lock
from apps.payments.models import Payment, PaymentStatus, Provider

from .events import event_log_out
from .status import payment_move

OFFLINE_PROVIDERS = (Provider.COD, Provider.BANK_TRANSFER)


def payment_offline_open(*, order) -> Payment:
    """The order's cash-on-delivery or bank-transfer payment, created on first need (the pay page,
    delivery, or a seller marking a transfer received)."""
    if order.payment_method not in OFFLINE_PROVIDERS:
        raise BusinessRuleViolation(_("This order is paid online."), code="not_offline")
    existing = (Payment.objects.filter(order=order, provider=order.payment_method)
                .exclude(status=PaymentStatus.FAILED).order_by("created_at").first())
    if existing is not None:
        return existing
    gateway = gateways.get_gateway(order.payment_method)
    result = gateway.create_intent(IntentRequest(payment_id="", order_number=order.order_number, amount=order.total,
                                                 currency=order.currency))
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                order=order, provider=order.payment_method, amount=order.total, currency=order.currency,
                provider_reference=result.provider_reference, next_action=dict(result.instructions or {}))
            event_log_out(payment=payment, provider=payment.provider, kind="intent.create", payload=result.raw,
                          amount=payment.amount, currency=payment.currency)
    except IntegrityError:
        # Opened concurrently (the reference is unique per provider): use that one.
        return Payment.objects.get(provider=order.payment_method, provider_reference=result.provider_reference)
    return payment


def _settle_offline(*, order, by, kind: str, note: str = "") -> Payment:
    payment = payment_offline_open(order=order)
    if payment.is_paid:
        return payment
    result = gateways.get_gateway(payment.provider).capture(provider_reference=payment.provider_reference)
    with transaction.atomic():
        locked = payment_lock(payment.pk)
        changed, move_note = payment_move(locked, result.status)
        event_log_out(payment=locked, provider=locked.provider, kind=kind, amount=locked.amount,
                      currency=locked.currency, note=(note or move_note)[:255],
                      payload={"by": str(by.pk) if by else "system", "note": note})
    return locked


def payment_cod_collect(*, order, by=None) -> Payment | None:
    """The courier handed the parcel over and took the cash: the COD payment is completed.

    Called when the order becomes delivered (receivers.py listens to the orders app's signal).
    """
    if order.payment_method != Provider.COD:
        return None
    return _settle_offline(order=order, by=by, kind="cod.collected")


def payment_bank_transfer_mark_received(*, order, by, note: str = "") -> Payment:
    """Staff or the shop's seller saw the transfer arrive: the order is paid."""
    from apps.orders.domain import OrderStatus

    if by is None or not (by.is_staff or order.shop.owner_id == by.pk):
        if by is not None and order.buyer_id == by.pk:
            raise PermissionDenied(_("Only the shop or our staff can confirm a transfer."))
        raise NotFound(_("Order not found."))
    if order.payment_method != Provider.BANK_TRANSFER:
        raise BusinessRuleViolation(_("This order is not paid by bank transfer."), code="not_bank_transfer")
    if order.status == OrderStatus.CANCELLED:
        raise Conflict(_("This order was cancelled."))
    return _settle_offline(order=order, by=by, kind="bank_transfer.received", note=note)
