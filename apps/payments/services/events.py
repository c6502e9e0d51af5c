"""The reconciliation log: what we sent to providers and what they told us, secrets removed."""
from __future__ import annotations

import uuid
from decimal import Decimal

from apps.payments.gateways.base import redact
from apps.payments.models import EventDirection, Payment, PaymentEvent


def event_log_out(*, payment: Payment | None, provider: str, kind: str, payload=None, ok: bool = True,
                  note: str = "", amount: Decimal | None = None, currency: str = "") -> PaymentEvent:
    """Record a call we made to a provider (its answer, or the error)."""
    return PaymentEvent.objects.create(
        payment=payment, provider=provider, event_id=f"out:{uuid.uuid4()}", kind=kind, direction=EventDirection.OUT,
        payload=redact(dict(payload or {})), ok=ok, note=note[:255], applied=ok, amount=amount, currency=currency,
    )
