"""PayPal: Orders v2 create and capture, refunds of captures, through paypal-server-sdk; webhooks
verified by PayPal's verify-webhook-signature endpoint.

PayPal does not settle in every currency (VND among them): an order in such a currency is charged
in settings.PAYPAL_CURRENCY at the rate in settings.PAYPAL_FX_RATES, and the Payment keeps both.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from paypalserversdk.configuration import Environment
from paypalserversdk.exceptions.api_exception import ApiException
from paypalserversdk.http.auth.o_auth_2 import ClientCredentialsAuthCredentials
from paypalserversdk.models.amount_with_breakdown import AmountWithBreakdown
from paypalserversdk.models.checkout_payment_intent import CheckoutPaymentIntent
from paypalserversdk.models.money import Money
from paypalserversdk.models.order_request import OrderRequest
from paypalserversdk.models.payment_source import PaymentSource
from paypalserversdk.models.paypal_wallet import PaypalWallet
from paypalserversdk.models.paypal_wallet_experience_context import PaypalWalletExperienceContext
from paypalserversdk.models.purchase_unit_request import PurchaseUnitRequest
from paypalserversdk.models.refund_request import RefundRequest
from paypalserversdk.paypal_serversdk_client import PaypalServersdkClient

from apps.core.money import quantize

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
    http_timeout,
    with_retries,
)

BASE_URLS = {"sandbox": "https://api-m.sandbox.paypal.com", "production": "https://api-m.paypal.com",
             "live": "https://api-m.paypal.com"}
SUPPORTED_CURRENCIES = frozenset(
    ["AUD", "BRL", "CAD", "CNY", "CZK", "DKK", "EUR", "HKD", "HUF", "ILS", "JPY", "MYR", "MXN", "TWD", "NZD", "NOK", "PHP", "PLN", "GBP", "SGD", "SEK", "CHF", "THB", "USD"]
)
ORDER_STATUS = {"CREATED": PENDING, "SAVED": PENDING, "PAYER_ACTION_REQUIRED": PENDING, "APPROVED": AUTHORIZED,
                "COMPLETED": COMPLETED, "VOIDED": FAILED}
CAPTURE_STATUS = {"COMPLETED": COMPLETED, "PENDING": PENDING, "DECLINED": FAILED, "FAILED": FAILED,
                  "REFUNDED": COMPLETED, "PARTIALLY_REFUNDED": COMPLETED}
REFUND_STATUS = {"COMPLETED": COMPLETED, "PENDING": PENDING, "FAILED": FAILED, "CANCELLED": FAILED}
EVENT_KINDS = {
    "CHECKOUT.ORDER.APPROVED": EVENT_AUTHORIZED,
    "CHECKOUT.ORDER.COMPLETED": EVENT_SUCCEEDED,
    "PAYMENT.CAPTURE.COMPLETED": EVENT_SUCCEEDED,
    "PAYMENT.CAPTURE.PENDING": EVENT_PENDING,
    "PAYMENT.CAPTURE.DENIED": EVENT_FAILED,
    "PAYMENT.CAPTURE.DECLINED": EVENT_FAILED,
    "PAYMENT.CAPTURE.REFUNDED": EVENT_REFUNDED,
}
SIGNATURE_HEADERS = {
    "auth_algo": "PAYPAL-AUTH-ALGO",
    "cert_url": "PAYPAL-CERT-URL",
    "transmission_id": "PAYPAL-TRANSMISSION-ID",
    "transmission_sig": "PAYPAL-TRANSMISSION-SIG",
    "transmission_time": "PAYPAL-TRANSMISSION-TIME",
}


def base_url() -> str:
    return BASE_URLS.get(getattr(settings, "PAYPAL_ENVIRONMENT", "sandbox"), BASE_URLS["sandbox"])


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return ""


def _translate(exc: Exception) -> GatewayError:
    if isinstance(exc, requests.RequestException):
        return ProviderUnavailable(raw={"error": exc.__class__.__name__})
    if isinstance(exc, ApiException):
        code = exc.response_code or 0
        body: Any = {}
        try:
            body = json.loads(exc.response.text) if getattr(exc, "response", None) is not None else {}
        except ValueError:
            body = {}
        if code >= 500 or code == 429:
            return ProviderUnavailable(raw=body)
        issue = ((body.get("details") or [{}])[0] or {}).get("issue", "") if isinstance(body, dict) else ""
        if issue in ("INSTRUMENT_DECLINED", "PAYER_ACTION_REQUIRED", "ORDER_NOT_APPROVED"):
            return GatewayError(_("PayPal did not approve the payment. Please try again or choose another method."),
                                provider_code=issue, raw=body)
        if issue in ("ORDER_ALREADY_CAPTURED", "DUPLICATE_INVOICE_ID"):
            return GatewayError(_("This PayPal order was already captured."), provider_code=issue, raw=body)
        return GatewayError(provider_code=issue or str(code), raw=body)
    raise exc


class PayPalGateway(Gateway):
    code = "paypal"
    label = _("PayPal")

    @classmethod
    def is_configured(cls) -> bool:
        return bool(getattr(settings, "PAYPAL_CLIENT_ID", "") and getattr(settings, "PAYPAL_CLIENT_SECRET", ""))

    def __init__(self, client: PaypalServersdkClient | None = None):
        self._client = client

    @property
    def client(self) -> PaypalServersdkClient:
        if self._client is None:
            environment = (Environment.PRODUCTION if getattr(settings, "PAYPAL_ENVIRONMENT", "sandbox")
                           in ("production", "live") else Environment.SANDBOX)
            self._client = PaypalServersdkClient(
                client_credentials_auth_credentials=ClientCredentialsAuthCredentials(
                    o_auth_client_id=settings.PAYPAL_CLIENT_ID, o_auth_client_secret=settings.PAYPAL_CLIENT_SECRET),
                environment=environment, timeout=http_timeout())
        return self._client

    def _call(self, what: str, fn, options: dict) -> dict:
        def attempt():
            try:
                response = fn(options)
            except (requests.RequestException, ApiException) as exc:
                raise _translate(exc) from exc
            return json.loads(response.text) if response.text else {}

        return with_retries(attempt, what=f"paypal.{what}")

    # --- money ------------------------------------------------------------------------------

    @staticmethod
    def provider_money(amount: Decimal, currency: str) -> tuple[Decimal, str]:
        """The amount PayPal charges: the same when PayPal supports the currency, else converted."""
        currency = currency.upper()
        if currency in SUPPORTED_CURRENCIES:
            return quantize(amount, currency), currency
        target = getattr(settings, "PAYPAL_CURRENCY", "USD")
        rates = getattr(settings, "PAYPAL_FX_RATES", {"VND": "0.000039"})
        if currency not in rates:
            raise GatewayError(_("PayPal cannot take payments in this currency."), provider_code="CURRENCY")
        return quantize(amount * Decimal(str(rates[currency])), target), target

    # --- payments ---------------------------------------------------------------------------

    def create_intent(self, request: IntentRequest) -> IntentResult:
        value, currency = self.provider_money(request.amount, request.currency)
        body = OrderRequest(
            intent=CheckoutPaymentIntent.CAPTURE,
            purchase_units=[PurchaseUnitRequest(
                reference_id=request.payment_id, custom_id=request.payment_id, invoice_id=request.order_number,
                description=(request.description or request.order_number)[:127],
                amount=AmountWithBreakdown(currency_code=currency, value=str(value)))],
            payment_source=PaymentSource(paypal=PaypalWallet(experience_context=PaypalWalletExperienceContext(
                brand_name=getattr(settings, "PAYPAL_BRAND_NAME", "Chợ"), return_url=request.return_url or None,
                cancel_url=request.cancel_url or None, user_action="PAY_NOW", shipping_preference="NO_SHIPPING"))),
        )
        data = self._call("orders.create", self.client.orders.create_order, {
            "body": body, "paypal_request_id": request.idempotency_key or None, "prefer": "return=representation"})
        approval = next((link["href"] for link in data.get("links", [])
                         if link.get("rel") in ("payer-action", "approve")), "")
        return IntentResult(provider_reference=data["id"], status=ORDER_STATUS.get(data.get("status"), PENDING),
                            approval_url=approval, provider_amount=value, provider_currency=currency, raw=data)

    def capture(self, *, provider_reference: str, idempotency_key: str = "") -> CaptureResult:
        data = self._call("orders.capture", self.client.orders.capture_order, {
            "id": provider_reference, "paypal_request_id": idempotency_key or None, "prefer": "return=representation"})
        capture = self._first_capture(data)
        status = CAPTURE_STATUS.get(capture.get("status"), ORDER_STATUS.get(data.get("status"), PENDING))
        amount = capture.get("amount") or {}
        return CaptureResult(status=status, provider_reference=capture.get("id", ""),
                             amount=Decimal(amount["value"]) if amount.get("value") else None,
                             currency=amount.get("currency_code", ""), raw=data)

    def retrieve(self, provider_reference: str) -> CaptureResult:
        data = self._call("orders.get", self.client.orders.get_order, {"id": provider_reference})
        capture = self._first_capture(data)
        status = (CAPTURE_STATUS.get(capture.get("status"), PENDING) if capture
                  else ORDER_STATUS.get(data.get("status"), PENDING))
        amount = capture.get("amount") or {}
        return CaptureResult(status=status, provider_reference=capture.get("id", ""),
                             amount=Decimal(amount["value"]) if amount.get("value") else None,
                             currency=amount.get("currency_code", ""), raw=data)

    @staticmethod
    def _first_capture(order: dict) -> dict:
        for unit in order.get("purchase_units") or []:
            captures = (unit.get("payments") or {}).get("captures") or []
            if captures:
                return captures[0]
        return {}

    def refund(self, *, provider_reference: str, amount: Decimal | None, currency: str, reason: str = "",
               idempotency_key: str = "") -> RefundResult:
        """`provider_reference` is the capture id. No amount: PayPal refunds what is left."""
        body = RefundRequest(
            amount=Money(currency_code=currency, value=str(quantize(amount, currency))) if amount is not None else None,
            note_to_payer=(reason or None) and reason[:255])
        data = self._call("payments.refund", self.client.payments.refund_captured_payment, {
            "capture_id": provider_reference, "body": body, "paypal_request_id": idempotency_key or None,
            "prefer": "return=representation"})
        value = (data.get("amount") or {}).get("value")
        return RefundResult(provider_reference=data.get("id", ""), status=REFUND_STATUS.get(data.get("status"), PENDING),
                            amount=Decimal(value) if value else amount, raw=data)

    # --- webhooks ---------------------------------------------------------------------------

    def _access_token(self) -> str:
        key = f"payments:paypal:token:{settings.PAYPAL_CLIENT_ID}"
        token = cache.get(key)
        if token:
            return token

        timeout = http_timeout()

        def attempt():
            try:
                response = requests.post(f"{base_url()}/v1/oauth2/token", data={"grant_type": "client_credentials"},
                                         auth=(settings.PAYPAL_CLIENT_ID, settings.PAYPAL_CLIENT_SECRET),
                                         timeout=timeout)
            except requests.RequestException as exc:
                raise ProviderUnavailable() from exc
            if response.status_code >= 500:
                raise ProviderUnavailable()
            if response.status_code != 200:
                raise GatewayError(provider_code=str(response.status_code))
            return response.json()

        data = with_retries(attempt, what="paypal.oauth2")
        cache.set(key, data["access_token"], max(int(data.get("expires_in", 600)) - 60, 60))
        return data["access_token"]

    def verify_signature(self, *, event: dict, headers: Mapping[str, str]) -> bool:
        webhook_id = getattr(settings, "PAYPAL_WEBHOOK_ID", "")
        if not webhook_id:
            return False
        fields = {name: _header(headers, header) for name, header in SIGNATURE_HEADERS.items()}
        if not all(fields.values()):
            return False
        token = self._access_token()
        timeout = http_timeout()

        def attempt():
            try:
                response = requests.post(
                    f"{base_url()}/v1/notifications/verify-webhook-signature",
                    json={**fields, "webhook_id": webhook_id, "webhook_event": event},
                    headers={"Authorization": f"Bearer {token}"}, timeout=timeout)
            except requests.RequestException as exc:
                raise ProviderUnavailable() from exc
            if response.status_code >= 500:
                raise ProviderUnavailable()
            return response

        response = with_retries(attempt, what="paypal.verify_webhook")
        return response.status_code == 200 and response.json().get("verification_status") == "SUCCESS"

    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        try:
            event = json.loads(body)
        except ValueError as exc:
            raise WebhookInvalid(_("Invalid PayPal payload.")) from exc
        if not isinstance(event, dict) or not event.get("id"):
            raise WebhookInvalid(_("Invalid PayPal payload."))
        if not self.verify_signature(event=event, headers=headers):
            raise WebhookInvalid(_("Invalid PayPal signature."))
        return self.normalise_event(event)

    def normalise_event(self, event: dict) -> WebhookEvent:
        etype = event.get("event_type", "")
        resource = event.get("resource") or {}
        kind = EVENT_KINDS.get(etype, EVENT_OTHER)
        related = ((resource.get("supplementary_data") or {}).get("related_ids") or {})
        amount = resource.get("amount") or {}
        fields: dict[str, Any] = {"payment_hint": resource.get("custom_id") or ""}
        if etype.startswith("CHECKOUT.ORDER."):
            fields["provider_reference"] = resource.get("id", "")
            units = resource.get("purchase_units") or [{}]
            fields["payment_hint"] = units[0].get("custom_id") or units[0].get("reference_id") or ""
            capture = self._first_capture(resource)
            fields["capture_reference"] = capture.get("id", "")
            amount = capture.get("amount") or units[0].get("amount") or {}
        elif etype == "PAYMENT.CAPTURE.REFUNDED":
            fields["refund_reference"] = resource.get("id", "")
            fields["provider_reference"] = related.get("order_id", "")
            fields["capture_reference"] = related.get("capture_id", "") or next(
                (link["href"].rstrip("/").rsplit("/", 1)[-1] for link in resource.get("links", [])
                 if link.get("rel") == "up"), "")
        elif etype.startswith("PAYMENT.CAPTURE."):
            fields["provider_reference"] = related.get("order_id", "")
            fields["capture_reference"] = resource.get("id", "")
            details = resource.get("status_details") or {}
            fields["failure_message"] = details.get("reason", "")
        return WebhookEvent(provider=self.code, event_id=event.get("id", ""), kind=kind, provider_type=etype,
                            amount=Decimal(amount["value"]) if amount.get("value") else None,
                            currency=amount.get("currency_code", ""), payload=event, **fields)
