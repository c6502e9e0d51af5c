"""Applying verified provider events: exactly once, in any order."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import Sum

from apps.core.errors import NotFound, ValidationFailed
from apps.payments import gateways
from apps.payments.gateways import WebhookEvent, WebhookInvalid
from apps.payments.gateways.base import (
    EVENT_AUTHORIZED,
    EVENT_FAILED,
    EVENT_PENDING,
    EVENT_REFUNDED,
    EVENT_SUCCEEDED,
    redact,
)
from apps.payments.locks import payment_lock
from apps.payments.models import EventDirection, Payment, PaymentEvent, PaymentStatus, Provider, Refund, RefundStatus

from .status import payment_move

logger = logging.getLogger("apps.payments")

INCOMING_STATUS = {EVENT_SUCCEEDED: PaymentStatus.COMPLETED, EVENT_FAILED: PaymentStatus.FAILED,
                   EVENT_PENDING: PaymentStatus.PENDING, EVENT_AUTHORIZED: PaymentStatus.AUTHORIZED}
WEBHOOK_PROVIDERS = (Provider.STRIPE, Provider.PAYPAL, Provider.MOMO)


def webhook_receive(*, provider: str, body: bytes, headers: Mapping[str, str]) -> tuple[PaymentEvent | None, bool]:
    """Verify an incoming webhook and apply it. Returns (event row, applied now).

    A bad signature raises ValidationFailed (400) and changes nothing.
    """
    if provider not in WEBHOOK_PROVIDERS:
        raise NotFound()
    gateway = gateways.get_gateway(provider)
    try:
        event = gateway.parse_webhook(body=body, headers=headers)
    except WebhookInvalid as exc:
        logger.warning("refused %s webhook: %s", provider, exc.message)
        raise ValidationFailed(exc.message, code="invalid_signature") from exc
    return webhook_apply(event=event)


def _find_payment(event: WebhookEvent) -> Payment | None:
    queryset = Payment.objects.filter(provider=event.provider)
    if event.provider_reference:
        found = queryset.filter(provider_reference=event.provider_reference).first()
        if found:
            return found
    if event.payment_hint:
        try:
            found = queryset.filter(pk=uuid.UUID(str(event.payment_hint))).first()
        except ValueError:  # not one of our ids
            found = None
        if found:
            return found
    if event.capture_reference:
        return queryset.filter(capture_reference=event.capture_reference).first()
    return None


def webhook_apply(*, event: WebhookEvent) -> tuple[PaymentEvent, bool]:
    """Apply a verified event once. The PaymentEvent row (unique on provider + event id) is inserted
    first, in the same transaction as the change it causes: a replay, or a duplicate delivered
    concurrently, fails on the unique index (or waits for the first to commit, then fails) and
    changes nothing."""
    payment = _find_payment(event)
    try:
        with transaction.atomic():
            row = PaymentEvent.objects.create(
                payment=payment, provider=event.provider, event_id=event.event_id, kind=event.kind,
                provider_type=event.provider_type[:100], direction=EventDirection.IN, amount=event.amount,
                currency=event.currency or "", payload=redact(dict(event.payload)),
            )
            if payment is None:
                row.note = "no matching payment"
            else:
                locked = payment_lock(payment.pk)
                changed, note = _apply(locked, event)
                row.applied, row.note = changed, note[:255]
            row.save(update_fields=["applied", "note", "updated_at"])
    except IntegrityError:
        existing = PaymentEvent.objects.filter(provider=event.provider, event_id=event.event_id).first()
        if existing is None:
            raise
        return existing, False
    if payment is not None and row.applied:
        _after_apply(payment, event)
    return row, row.applied


def _apply(payment: Payment, event: WebhookEvent) -> tuple[bool, str]:
    if event.kind == EVENT_REFUNDED:
        return _apply_refund(payment, event)
    incoming = INCOMING_STATUS.get(event.kind)
    if incoming is None:
        return False, f"not handled: {event.provider_type}"
    return payment_move(payment, incoming, amount=event.amount if event.kind == EVENT_SUCCEEDED else None,
                        capture_reference=event.capture_reference, failure_message=event.failure_message)


def _in_order_currency(payment: Payment, amount, currency: str):
    """Provider amounts in another currency (PayPal charging USD for a VND order) back in ours, pro rata."""
    from apps.core.money import quantize

    if amount is None:
        return None
    if currency and payment.provider_currency and currency.upper() == payment.provider_currency.upper() \
            and payment.provider_currency.upper() != payment.currency.upper() and payment.provider_amount:
        return quantize(amount * payment.amount / payment.provider_amount, payment.currency)
    return quantize(amount, payment.currency)


def _apply_refund(payment: Payment, event: WebhookEvent) -> tuple[bool, str]:
    """A refund the provider reports: ours (already recorded) changes nothing; one made at the provider
    (its dashboard) is recorded. Never beyond what was paid."""
    from apps.payments import domain

    if not payment.is_paid:
        return False, f"ignored: refund of a {payment.status} payment"
    if event.refund_reference and payment.refunds.filter(provider_reference=event.refund_reference).exists():
        return False, "refund already recorded"
    in_flight = payment.refunds.filter(status=RefundStatus.PENDING).aggregate(s=Sum("amount"))["s"] or 0
    if event.refunded_total is not None:
        total = _in_order_currency(payment, event.refunded_total, event.currency)
        amount = total - payment.refunded_amount - in_flight
    else:
        amount = _in_order_currency(payment, event.amount, event.currency)
        pending = payment.refunds.filter(status=RefundStatus.PENDING, amount=amount).first() if amount else None
        if pending is not None:
            return False, "matches a refund in flight"
    if amount is None or amount <= 0:
        return False, "refund already recorded"
    amount = min(amount, payment.refundable_amount)
    if amount <= 0:
        return False, "nothing left to refund"
    amount, status = domain.refund_outcome(paid=payment.amount, refunded=payment.refunded_amount, amount=amount,
                                           currency=payment.currency)
    Refund.objects.create(payment=payment, amount=amount, currency=payment.currency, status=RefundStatus.COMPLETED,
                          provider_reference=event.refund_reference or "", reason="Refunded at the provider")
    from .refunds import payment_refund_recorded

    payment_refund_recorded(payment, amount=amount, status=status)
    return True, f"refund of {amount} recorded"


def _after_apply(payment: Payment, event: WebhookEvent) -> None:
    """Follow-ups that talk to a provider again: never inside the transaction."""
    from apps.payments import tasks

    payment_id = str(payment.pk)
    if event.provider == Provider.PAYPAL and event.kind == EVENT_AUTHORIZED:
        # The buyer approved but our capture never came (closed the window): capture from here.
        transaction.on_commit(lambda: tasks.payments_settle.delay(payment_id=payment_id, capture=True))
    if event.provider == Provider.STRIPE and event.kind == EVENT_SUCCEEDED and payment.save_payment_method:
        user_id = str(payment.order.buyer_id)
        transaction.on_commit(lambda: tasks.payments_sync_saved_methods.delay(user_id=user_id))

