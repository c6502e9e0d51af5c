"""The one interface every payment provider adapter implements.

An adapter talks to its provider and nothing else: no ORM, no orders. The services in
apps/payments/services.py decide what a result means for a Payment and its Order.
"""
from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("apps.payments")

T = TypeVar("T")

# Normalised outcome of a provider call or event, in our Payment status vocabulary.
PENDING = "pending"
AUTHORIZED = "authorized"
COMPLETED = "completed"
FAILED = "failed"
REFUNDED = "refunded"

# Normalised webhook event kinds.
EVENT_SUCCEEDED = "payment.succeeded"
EVENT_AUTHORIZED = "payment.authorized"
EVENT_FAILED = "payment.failed"
EVENT_PENDING = "payment.pending"
EVENT_REFUNDED = "payment.refunded"
EVENT_OTHER = "other"


class GatewayError(Exception):
    """A provider refused or failed a call. `message` is safe to show to the buyer."""

    def __init__(self, message=None, *, retryable: bool = False, provider_code: str = "", raw: Any = None):
        self.message = message or _("The payment provider could not process the request. Please try again.")
        self.retryable = retryable
        self.provider_code = provider_code
        self.raw = raw
        super().__init__(str(self.message))


class ProviderUnavailable(GatewayError):
    """The provider could not be reached (network error, timeout, 5xx): worth retrying."""

    def __init__(self, message=None, **kwargs):
        kwargs.setdefault("retryable", True)
        super().__init__(message or _("The payment provider is not responding. Please try again in a moment."),
                         **kwargs)


class WebhookInvalid(GatewayError):
    """A webhook whose signature or body does not verify: answered with 400, never applied."""


class NotSupported(GatewayError):
    """The provider has no such operation (a COD webhook, for instance)."""


@dataclass(frozen=True)
class IntentRequest:
    """What we ask a provider to collect."""

    payment_id: str
    order_number: str
    amount: Decimal
    currency: str
    description: str = ""
    idempotency_key: str = ""
    buyer_email: str = ""
    return_url: str = ""
    cancel_url: str = ""
    notify_url: str = ""
    customer_id: str = ""          # Stripe customer of a returning buyer
    payment_method_id: str = ""    # a saved Stripe payment method to charge
    save_payment_method: bool = False


@dataclass(frozen=True)
class IntentResult:
    provider_reference: str
    status: str = PENDING
    client_secret: str = ""
    approval_url: str = ""
    pay_url: str = ""
    qr_payload: str = ""
    provider_amount: Decimal | None = None   # what the provider will charge, when it is another currency
    provider_currency: str = ""
    instructions: Mapping[str, Any] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CaptureResult:
    status: str
    provider_reference: str = ""   # the capture / charge id, used for refunds
    amount: Decimal | None = None
    currency: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RefundResult:
    provider_reference: str
    status: str                    # completed | pending | failed
    amount: Decimal | None = None  # None when a full refund's amount was not reported
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class WebhookEvent:
    """A verified provider event, normalised."""

    provider: str
    event_id: str
    kind: str                       # one of the EVENT_* kinds
    provider_type: str = ""         # the provider's own event type, e.g. payment_intent.succeeded
    provider_reference: str = ""    # finds our Payment (pi_..., PayPal order id, MoMo orderId)
    payment_hint: str = ""          # our payment id, echoed back by the provider (metadata, custom_id)
    capture_reference: str = ""
    refund_reference: str = ""
    amount: Decimal | None = None
    refunded_total: Decimal | None = None   # cumulative refunded amount, when the provider says it
    currency: str = ""
    failure_message: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)
    acknowledgement: Mapping[str, Any] | None = None   # body the provider expects back, if any


class Gateway(ABC):
    """A payment provider adapter."""

    code: str = ""
    label = ""
    #: Paid online right at checkout (an unpaid order expires); COD and bank transfer are not.
    online: bool = True
    #: Payments move to completed by an event from the provider (webhook / capture), not by us.
    supports_webhooks: bool = True

    @classmethod
    def is_configured(cls) -> bool:
        """A provider without keys is not offered."""
        return True

    @abstractmethod
    def create_intent(self, request: IntentRequest) -> IntentResult: ...

    @abstractmethod
    def capture(self, *, provider_reference: str, idempotency_key: str = "") -> CaptureResult: ...

    def retrieve(self, provider_reference: str) -> CaptureResult | None:
        """Where a payment stands at the provider (reconciliation, the buyer's return); None when the
        provider cannot be asked."""
        return None

    @abstractmethod
    def refund(self, *, provider_reference: str, amount: Decimal | None, currency: str, reason: str = "",
               idempotency_key: str = "") -> RefundResult:
        """Refund `amount` (in `currency`, the provider's currency) of a captured payment;
        `amount=None` refunds everything not refunded yet."""

    @abstractmethod
    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        """Verify and normalise an incoming event; raise WebhookInvalid when it does not verify."""


def http_timeout() -> float:
    """Seconds one HTTP call to a provider may take (PAYMENTS_HTTP_TIMEOUT)."""
    return float(getattr(settings, "PAYMENTS_HTTP_TIMEOUT", 20))


def retry_delays(attempts: int | None = None, base: float | None = None) -> list[float]:
    """Exponential backoff between attempts: base, 2·base, 4·base ... (attempts - 1 delays)."""
    attempts = attempts if attempts is not None else getattr(settings, "PAYMENTS_RETRY_ATTEMPTS", 3)
    base = base if base is not None else getattr(settings, "PAYMENTS_RETRY_BASE_DELAY", 0.5)
    return [base * (2 ** i) for i in range(max(attempts - 1, 0))]


def with_retries(call: Callable[[], T], *, what: str, sleep: Callable[[float], None] = time.sleep) -> T:
    """Run `call`, retrying with backoff while it raises a retryable GatewayError.

    Only safe for calls that are idempotent at the provider (an idempotency key or a request id
    is sent, or the call only reads), which is how every adapter uses it.
    """
    delays = retry_delays()
    for attempt, delay in enumerate([*delays, None], start=1):
        try:
            return call()
        except GatewayError as exc:
            if not exc.retryable or delay is None:
                raise
            logger.warning("payment provider call %s failed (attempt %s), retrying in %.2fs: %s",
                           what, attempt, delay, exc)
            if delay:
                sleep(delay)
    raise AssertionError("unreachable")


SECRET_KEYS = frozenset({
    "client_secret", "signature", "secretkey", "secret_key", "accesskey", "access_key", "access_token",
    "card", "cvc", "number", "exp_month", "exp_year", "password", "authorization", "stripe-signature",
    "paypal-transmission-sig", "paypal-cert-url", "refresh_token",
})


def redact(value: Any) -> Any:
    """A copy of a provider payload with secrets removed (the reconciliation log keeps no secrets)."""
    if isinstance(value, Mapping):
        return {k: ("[redacted]" if str(k).lower() in SECRET_KEYS else redact(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value
