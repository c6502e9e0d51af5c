"""Orders to be paid online that never were: expired after UNPAID_ORDER_EXPIRY_MINUTES, stock back."""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.payments.gateways import GatewayError
from apps.payments.locks import payment_lock
from apps.payments.models import Payment, PaymentStatus

from .intents import ONLINE_PROVIDERS, payment_settle
from .status import payment_move

logger = logging.getLogger("apps.payments")


def orders_unpaid_due(*, now=None, minutes: int | None = None):
    from apps.orders.domain import OrderStatus
    from apps.orders.models import Order

    now = now or timezone.now()
    minutes = minutes if minutes is not None else getattr(settings, "UNPAID_ORDER_EXPIRY_MINUTES", 30)
    return Order.objects.filter(status=OrderStatus.PENDING, payment_method__in=ONLINE_PROVIDERS,
                                payment_status__in=["unpaid", "pending", "failed"],
                                created_at__lte=now - timedelta(minutes=minutes)).order_by("created_at", "pk")


def payments_expire_unpaid(*, now=None, minutes: int | None = None) -> int:
    """Cancel overdue unpaid online orders (stock back, via orders' order_expire_unpaid). Before giving
    up on an order, ask the provider about its open attempts: a payment that did arrive (its webhook
    late) is applied instead, and an order we cannot check now is left for the next run."""
    from apps.orders.services import order_expire_unpaid

    expired = 0
    for order in orders_unpaid_due(now=now, minutes=minutes).iterator():
        open_payments = list(Payment.objects.filter(
            order=order, status__in=[PaymentStatus.PENDING, PaymentStatus.AUTHORIZED]).exclude(provider_reference=""))
        try:
            settled = [payment_settle(payment=p, capture=p.status == PaymentStatus.AUTHORIZED) for p in open_payments]
        except (GatewayError, DomainError) as exc:
            logger.warning("could not check payments of order %s (%s); it expires on a later run",
                           order.order_number, exc)
            continue
        if any(p.is_paid for p in settled):
            continue
        with transaction.atomic():
            result = order_expire_unpaid(order=order)
            if result.status != "cancelled":
                continue
            for payment in Payment.objects.filter(order=order, status__in=[PaymentStatus.PENDING,
                                                                          PaymentStatus.AUTHORIZED]):
                payment_move(payment_lock(payment.pk), PaymentStatus.FAILED,
                             failure_message=_("The payment was not received in time."))
            expired += 1
    return expired
