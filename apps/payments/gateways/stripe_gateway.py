"""Stripe: PaymentIntents (card data stays with Stripe Elements), refunds, saved cards through
customers, webhooks verified with the endpoint secret."""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.payments.domain import from_minor_units, to_minor_units

from .base import (
    AUTHORIZED,
    COMPLETED,
    EVENT_AUTHORIZED,
    EVENT_FAILED,
    EVENT_OTHER,
    EVENT_PENDING,
    EVENT_REFUNDED,
    EVENT_SUCCEEDED,
    FAILED,
    PENDING,
    CaptureResult,
    Gateway,
    GatewayError,
    IntentRequest,
    IntentResult,
    ProviderUnavailable,
    RefundResult,
    WebhookEvent,
    WebhookInvalid,
    with_retries,
)

INTENT_STATUS = {
    "requires_payment_method": PENDING,
    "requires_confirmation": PENDING,
    "requires_action": PENDING,
    "processing": PENDING,
    "requires_capture": AUTHORIZED,
    "succeeded": COMPLETED,
    "canceled": FAILED,
}
REFUND_STATUS = {"succeeded": COMPLETED, "pending": PENDING, "requires_action": PENDING,
                 "failed": FAILED, "canceled": FAILED}
EVENT_KINDS = {
    "payment_intent.succeeded": EVENT_SUCCEEDED,
    "payment_intent.payment_failed": EVENT_FAILED,
    "payment_intent.canceled": EVENT_FAILED,
    "payment_intent.processing": EVENT_PENDING,
    "payment_intent.amount_capturable_updated": EVENT_AUTHORIZED,
    "charge.refunded": EVENT_REFUNDED,
}


def _to_dict(obj: Any) -> dict:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def _translate(exc: stripe.StripeError) -> GatewayError:
    """Stripe's errors in our terms: network trouble and 5xx/429 are retryable, the rest is final."""
    if isinstance(exc, (stripe.APIConnectionError, stripe.RateLimitError)) or (
        isinstance(exc, stripe.APIError) and (exc.http_status or 500) >= 500
    ):
        return ProviderUnavailable(raw={"error": str(exc)})
    if isinstance(exc, stripe.CardError):
        return GatewayError(exc.user_message or _("Your card was declined."), provider_code=exc.code or "",
                            raw={"error": exc.user_message, "code": exc.code})
    return GatewayError(provider_code=getattr(exc, "code", "") or "", raw={"error": str(exc)})


class StripeGateway(Gateway):
    code = "stripe"
    label = _("Card (Stripe)")

    @classmethod
    def is_configured(cls) -> bool:
        return bool(getattr(settings, "STRIPE_SECRET_KEY", "") and getattr(settings, "STRIPE_PUBLISHABLE_KEY", ""))

    def __init__(self, client: stripe.StripeClient | None = None):
        self._client = client

    @property
    def client(self) -> stripe.StripeClient:
        if self._client is None:
            # Our own with_retries does the backoff (with the same idempotency key), so Stripe's is off.
            self._client = stripe.StripeClient(settings.STRIPE_SECRET_KEY, http_client=stripe.RequestsClient(),
                                               max_network_retries=0)
        return self._client

    def _call(self, what: str, fn, *args, **kwargs):
        def attempt():
            try:
                return fn(*args, **kwargs)
            except stripe.StripeError as exc:
                raise _translate(exc) from exc

        return with_retries(attempt, what=f"stripe.{what}")

    # --- payments --------------------------------------------------------------------------

    def create_intent(self, request: IntentRequest) -> IntentResult:
        params: dict[str, Any] = {
            "amount": to_minor_units(request.amount, request.currency),
            "currency": request.currency.lower(),
            "description": request.description or request.order_number,
            "metadata": {"payment_id": request.payment_id, "order_number": request.order_number},
            "automatic_payment_methods": {"enabled": True, "allow_redirects": "never"},
        }
        if request.buyer_email:
            params["receipt_email"] = request.buyer_email
        if request.customer_id:
            params["customer"] = request.customer_id
            if request.save_payment_method:
                params["setup_future_usage"] = "on_session"
        if request.payment_method_id:
            params["payment_method"] = request.payment_method_id
        intent = self._call("payment_intents.create", self.client.v1.payment_intents.create, params,
                            {"idempotency_key": request.idempotency_key or None})
        return IntentResult(provider_reference=intent.id, status=INTENT_STATUS.get(intent.status, PENDING),
                            client_secret=intent.client_secret or "", raw=_to_dict(intent))

    def retrieve(self, provider_reference: str) -> CaptureResult:
        intent = self._call("payment_intents.retrieve", self.client.v1.payment_intents.retrieve, provider_reference)
        return self._capture_result(intent)

    def capture(self, *, provider_reference: str, idempotency_key: str = "") -> CaptureResult:
        """Settle an intent: capture an authorised one; otherwise report where it stands."""
        intent = self._call("payment_intents.retrieve", self.client.v1.payment_intents.retrieve, provider_reference)
        if intent.status == "requires_capture":
            intent = self._call("payment_intents.capture", self.client.v1.payment_intents.capture,
                                provider_reference, None, {"idempotency_key": idempotency_key or None})
        return self._capture_result(intent)

    @staticmethod
    def _capture_result(intent) -> CaptureResult:
        received = _to_dict(intent).get("amount_received") or 0
        return CaptureResult(status=INTENT_STATUS.get(intent.status, PENDING), provider_reference=intent.id,
                             amount=from_minor_units(received, intent.currency) if received else None,
                             currency=intent.currency.upper(), raw=_to_dict(intent))

    def refund(self, *, provider_reference: str, amount: Decimal | None, currency: str, reason: str = "",
               idempotency_key: str = "") -> RefundResult:
        params: dict[str, Any] = {"payment_intent": provider_reference, "reason": "requested_by_customer",
                                  "metadata": {"reason": reason[:500]}}
        if amount is not None:
            params["amount"] = to_minor_units(amount, currency)
        refund = self._call("refunds.create", self.client.v1.refunds.create, params,
                            {"idempotency_key": idempotency_key or None})
        return RefundResult(provider_reference=refund.id, status=REFUND_STATUS.get(refund.status, PENDING),
                            amount=from_minor_units(refund.amount, refund.currency), raw=_to_dict(refund))

    # --- saved cards (Stripe customers) -----------------------------------------------------

    def customer_create(self, *, email: str, name: str, user_id: str, idempotency_key: str) -> str:
        customer = self._call("customers.create", self.client.v1.customers.create,
                              {"email": email or None, "name": name or None, "metadata": {"user_id": user_id}},
                              {"idempotency_key": idempotency_key})
        return customer.id

    def payment_methods_list(self, *, customer_id: str) -> list[dict]:
        """The customer's cards: [{id, brand, last4, exp_month, exp_year}] (provider tokens, no card numbers)."""
        listing = self._call("payment_methods.list", self.client.v1.payment_methods.list,
                             {"customer": customer_id, "type": "card"})
        return [{"id": pm.id, "brand": pm.card.brand, "last4": pm.card.last4,
                 "exp_month": pm.card.exp_month, "exp_year": pm.card.exp_year} for pm in listing.data]

    def payment_method_detach(self, *, payment_method_id: str) -> None:
        self._call("payment_methods.detach", self.client.v1.payment_methods.detach, payment_method_id)

    # --- webhooks ---------------------------------------------------------------------------

    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        secret = getattr(settings, "STRIPE_WEBHOOK_SECRET", "")
        if not secret:
            raise WebhookInvalid(_("Stripe webhooks are not configured."))
        signature = headers.get("Stripe-Signature") or headers.get("stripe-signature") or ""
        tolerance = getattr(settings, "STRIPE_WEBHOOK_TOLERANCE", 300)
        try:
            event = stripe.Webhook.construct_event(body, signature, secret, tolerance=tolerance)
        except stripe.SignatureVerificationError as exc:
            raise WebhookInvalid(_("Invalid Stripe signature.")) from exc
        except ValueError as exc:
            raise WebhookInvalid(_("Invalid Stripe payload.")) from exc
        return self.normalise_event(_to_dict(event))

    def normalise_event(self, payload: dict) -> WebhookEvent:
        etype = payload.get("type", "")
        obj = (payload.get("data") or {}).get("object") or {}
        kind = EVENT_KINDS.get(etype, EVENT_OTHER)
        currency = (obj.get("currency") or "").upper()
        fields: dict[str, Any] = {"payment_hint": (obj.get("metadata") or {}).get("payment_id", "")}
        if etype.startswith("payment_intent."):
            fields["provider_reference"] = obj.get("id", "")
            fields["capture_reference"] = obj.get("latest_charge") or ""
            received = obj.get("amount_received") if kind == EVENT_SUCCEEDED else obj.get("amount")
            if received is not None and currency:
                fields["amount"] = from_minor_units(received, currency)
            error = obj.get("last_payment_error") or {}
            fields["failure_message"] = error.get("message") or ""
        elif etype.startswith("charge."):
            fields["provider_reference"] = obj.get("payment_intent") or ""
            fields["capture_reference"] = obj.get("id", "")
            if currency:
                fields["amount"] = from_minor_units(obj.get("amount_captured") or obj.get("amount") or 0, currency)
                fields["refunded_total"] = from_minor_units(obj.get("amount_refunded") or 0, currency)
        return WebhookEvent(provider=self.code, event_id=payload.get("id", ""), kind=kind, provider_type=etype,
                            currency=currency, payload=payload, **fields)
