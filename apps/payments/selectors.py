"""Read queries of the payments app: ownership built in, related rows fetched once."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum

from apps.core.errors import NotFound
from apps.payments.models import EventDirection, Payment, PaymentEvent, PaymentStatus, Refund, RefundStatus

PAID = (PaymentStatus.COMPLETED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)


def payments_for_buyer(user) -> QuerySet:
    """The buyer's payment history, newest first."""
    return (Payment.objects.filter(order__buyer=user).select_related("order", "order__shop")
            .prefetch_related(Prefetch("refunds", queryset=Refund.objects.order_by("created_at")))
            .order_by("-created_at", "pk"))


def payment_for_buyer(user, payment_id) -> Payment:
    payment = payments_for_buyer(user).filter(pk=payment_id).first()
    if payment is None:
        raise NotFound()
    return payment


def payment_for_manager(user, payment_id) -> Payment:
    """A payment that `user` may refund or inspect as staff or the shop's seller; NotFound otherwise
    (the buyer gets it too, so the service can answer 403 rather than 404)."""
    queryset = Payment.objects.filter(pk=payment_id).select_related("order", "order__shop", "order__buyer")
    if not user.is_staff:
        queryset = queryset.filter(Q(order__shop__owner=user) | Q(order__buyer=user))
    payment = queryset.first()
    if payment is None:
        raise NotFound()
    return payment


def payments_for_order(order) -> QuerySet:
    return (Payment.objects.filter(order=order).prefetch_related("refunds").order_by("-created_at", "pk"))


def payment_latest_for_order(order) -> Payment | None:
    return Payment.objects.filter(order=order).order_by("-created_at", "pk").first()


def saved_methods_for_user(user) -> QuerySet:
    from apps.payments.models import SavedPaymentMethod

    return SavedPaymentMethod.objects.filter(user=user).order_by("-created_at", "pk")


# --- reconciliation -------------------------------------------------------------------------

WEBHOOK_PROVIDERS = ("stripe", "paypal", "momo")


@dataclass
class ReconciliationRow:
    payment: Payment | None
    event: PaymentEvent | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.flags


def reconciliation_report(*, since=None, until=None, only_mismatches: bool = False) -> list[ReconciliationRow]:
    """Our records against what providers told us, one row per payment (plus events matching none):

    - paid here, but no success reported by the provider (no incoming event, no successful capture);
    - the provider reported success, but we do not hold the payment as paid;
    - amounts that differ between the provider's success and our payment;
    - refunded amount ≠ the completed refunds; the order's payment_status not following the payment;
    - incoming events that match no payment.
    """
    payments = Payment.objects.select_related("order").order_by("-created_at", "pk")
    events = PaymentEvent.objects.all()
    if since:
        payments, events = payments.filter(created_at__gte=since), events.filter(created_at__gte=since)
    if until:
        payments, events = payments.filter(created_at__lt=until), events.filter(created_at__lt=until)
    payments = list(payments)
    ids = [p.pk for p in payments]
    by_payment: dict = defaultdict(list)
    for event in PaymentEvent.objects.filter(payment_id__in=ids).order_by("created_at"):
        by_payment[event.payment_id].append(event)
    refunded = dict(Refund.objects.filter(payment_id__in=ids, status=RefundStatus.COMPLETED)
                    .values("payment_id").annotate(s=Sum("amount")).values_list("payment_id", "s"))

    rows = []
    for payment in payments:
        row = ReconciliationRow(payment=payment)
        evs = by_payment.get(payment.pk, [])
        confirmations = [e for e in evs if e.kind in ("payment.succeeded",) and e.direction == EventDirection.IN] + [
            e for e in evs if e.direction == EventDirection.OUT and e.ok and e.kind in ("capture", "retrieve")
            and (e.payload.get("status") in ("succeeded", "COMPLETED") or e.payload.get("resultCode") == 0)]
        offline_confirmed = any(e.kind in ("cod.collected", "bank_transfer.received") for e in evs)
        if payment.status in PAID:
            if payment.provider in WEBHOOK_PROVIDERS and not confirmations:
                row.flags.append("paid here, no confirmation from the provider")
            if payment.provider not in WEBHOOK_PROVIDERS and not offline_confirmed:
                row.flags.append("paid here, nobody recorded receiving it")
        elif confirmations:
            row.flags.append(f"provider reported success, ours is {payment.status}")
        expected = payment.provider_amount if payment.provider_amount is not None else payment.amount
        for event in confirmations:
            if event.amount is not None and event.amount != expected:
                row.flags.append(f"amount differs: provider {event.amount}, ours {expected}")
                break
        if (refunded.get(payment.pk) or Decimal(0)) != payment.refunded_amount:
            row.flags.append(f"refunded {payment.refunded_amount} here, refunds total {refunded.get(payment.pk) or 0}")
        order_paid = payment.order.payment_status in ("paid", "refunded", "partially_refunded")
        if payment.status in PAID and not order_paid:
            row.flags.append("payment paid, order not marked paid")
        if any(not e.applied and e.note.startswith("amount mismatch") for e in evs):
            row.flags.append("an event was refused for its amount")
        if not only_mismatches or row.flags:
            rows.append(row)
    for event in events.filter(direction=EventDirection.IN, payment__isnull=True).order_by("-created_at"):
        rows.append(ReconciliationRow(payment=None, event=event, flags=["provider event matches no payment"]))
    return rows
