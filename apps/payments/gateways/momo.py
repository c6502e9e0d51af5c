"""MoMo e-wallet (Vietnam), following MoMo's public payment gateway API v2:

- create: POST {MOMO_ENDPOINT}/v2/gateway/api/create, requestType captureWallet, HMAC-SHA256 signature
  over the documented raw string; the answer carries payUrl (redirect), deeplink and qrCodeUrl;
- IPN: MoMo POSTs the result to ipnUrl, signed the same way; we verify, apply, and answer 204;
- query: POST /v2/gateway/api/query (status of an order);
- refund: POST /v2/gateway/api/refund with the original transId.
MoMo takes VND only, as whole numbers.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.money import quantize

from .base import (
    AUTHORIZED,
    COMPLETED,
    EVENT_AUTHORIZED,
    EVENT_FAILED,
    EVENT_PENDING,
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

CREATE_FIELDS = ("accessKey", "amount", "extraData", "ipnUrl", "orderId", "orderInfo", "partnerCode",
                 "redirectUrl", "requestId", "requestType")
IPN_FIELDS = ("accessKey", "amount", "extraData", "message", "orderId", "orderInfo", "orderType", "partnerCode",
              "payType", "requestId", "responseTime", "resultCode", "transId")
QUERY_FIELDS = ("accessKey", "orderId", "partnerCode", "requestId")
REFUND_FIELDS = ("accessKey", "amount", "description", "orderId", "partnerCode", "requestId", "transId")

SUCCESS = 0
AUTHORIZED_CODE = 9000
PENDING_CODES = frozenset({1000, 7000, 7002, 8000})
RETRYABLE_CODES = frozenset({10, 11, 12, 13, 40, 41, 42, 43, 47, 98, 99})  # maintenance, busy, system errors


def raw_signature(fields: tuple[str, ...], values: Mapping[str, Any]) -> str:
    """MoMo's raw string: the named fields in alphabetical order as key=value joined by '&'."""
    return "&".join(f"{name}={'' if values.get(name) is None else values.get(name)}" for name in fields)


def sign(raw: str, secret_key: str) -> str:
    return hmac.new(secret_key.encode("utf-8"), raw.encode("utf-8"), hashlib.sha256).hexdigest()


def status_for(result_code: int) -> str:
    if result_code == SUCCESS:
        return COMPLETED
    if result_code == AUTHORIZED_CODE:
        return AUTHORIZED
    if result_code in PENDING_CODES:
        return PENDING
    return FAILED


class MomoGateway(Gateway):
    code = "momo"
    label = _("MoMo e-wallet")

    @classmethod
    def is_configured(cls) -> bool:
        return all(getattr(settings, name, "") for name in ("MOMO_PARTNER_CODE", "MOMO_ACCESS_KEY", "MOMO_SECRET_KEY"))

    @property
    def endpoint(self) -> str:
        return getattr(settings, "MOMO_ENDPOINT", "https://test-payment.momo.vn").rstrip("/")

    def _signed(self, fields: tuple[str, ...], body: dict) -> dict:
        values = {**body, "accessKey": settings.MOMO_ACCESS_KEY}
        body["signature"] = sign(raw_signature(fields, values), settings.MOMO_SECRET_KEY)
        return body

    def _post(self, path: str, body: dict, *, what: str) -> dict:
        timeout = http_timeout()

        def attempt():
            try:
                response = requests.post(f"{self.endpoint}{path}", json=body, timeout=timeout)
            except requests.RequestException as exc:
                raise ProviderUnavailable(raw={"error": exc.__class__.__name__}) from exc
            if response.status_code >= 500:
                raise ProviderUnavailable(raw={"status": response.status_code})
            try:
                data = response.json()
            except ValueError as exc:
                raise GatewayError(raw={"status": response.status_code}) from exc
            code = int(data.get("resultCode", -1))
            if code in RETRYABLE_CODES:
                raise ProviderUnavailable(provider_code=str(code), raw=data)
            return data

        return with_retries(attempt, what=f"momo.{what}")

    @staticmethod
    def _amount(amount: Decimal, currency: str) -> int:
        if currency.upper() != "VND":
            raise GatewayError(_("MoMo only takes payments in VND."), provider_code="CURRENCY")
        return int(quantize(amount, "VND"))

    def create_intent(self, request: IntentRequest) -> IntentResult:
        body = {
            "partnerCode": settings.MOMO_PARTNER_CODE,
            "requestId": request.idempotency_key or request.payment_id,
            "amount": self._amount(request.amount, request.currency),
            "orderId": request.payment_id,
            "orderInfo": (request.description or request.order_number)[:255],
            "redirectUrl": request.return_url,
            "ipnUrl": request.notify_url,
            "requestType": "captureWallet",
            "extraData": "",
            "lang": getattr(settings, "MOMO_LANG", "vi"),
            "autoCapture": True,
        }
        data = self._post("/v2/gateway/api/create", self._signed(CREATE_FIELDS, body), what="create")
        if int(data.get("resultCode", -1)) != SUCCESS:
            raise GatewayError(data.get("message") or None, provider_code=str(data.get("resultCode")), raw=data)
        return IntentResult(provider_reference=body["orderId"], status=PENDING, pay_url=data.get("payUrl", ""),
                            qr_payload=data.get("qrCodeUrl", ""), raw=data,
                            instructions={"deeplink": data.get("deeplink", "")})

    def query(self, *, order_id: str, request_id: str) -> dict:
        body = {"partnerCode": settings.MOMO_PARTNER_CODE, "requestId": request_id, "orderId": order_id, "lang": "vi"}
        return self._post("/v2/gateway/api/query", self._signed(QUERY_FIELDS, body), what="query")

    def capture(self, *, provider_reference: str, idempotency_key: str = "") -> CaptureResult:
        """MoMo captures on its own (autoCapture); this asks where the payment stands."""
        data = self.query(order_id=provider_reference, request_id=idempotency_key or provider_reference)
        code = int(data.get("resultCode", -1))
        return CaptureResult(status=status_for(code), provider_reference=str(data.get("transId") or ""),
                             amount=Decimal(str(data["amount"])) if data.get("amount") is not None else None,
                             currency="VND", raw=data)

    def retrieve(self, provider_reference: str) -> CaptureResult:
        return self.capture(provider_reference=provider_reference)

    def refund(self, *, provider_reference: str, amount: Decimal | None, currency: str, reason: str = "",
               idempotency_key: str = "") -> RefundResult:
        """`provider_reference` is MoMo's transId of the payment; amount is required by MoMo."""
        if amount is None:
            raise GatewayError(_("MoMo refunds need an amount."), provider_code="AMOUNT")
        key = idempotency_key or provider_reference
        body = {
            "partnerCode": settings.MOMO_PARTNER_CODE,
            "orderId": f"RF-{key}"[:50],
            "requestId": key,
            "amount": self._amount(amount, currency),
            "transId": int(provider_reference),
            "lang": "vi",
            "description": (reason or "")[:255],
        }
        data = self._post("/v2/gateway/api/refund", self._signed(REFUND_FIELDS, body), what="refund")
        code = int(data.get("resultCode", -1))
        if code != SUCCESS and code not in PENDING_CODES:
            raise GatewayError(data.get("message") or None, provider_code=str(code), raw=data)
        return RefundResult(provider_reference=str(data.get("transId") or body["orderId"]),
                            status=COMPLETED if code == SUCCESS else PENDING, amount=amount, raw=data)

    def verify_ipn(self, data: Mapping[str, Any]) -> bool:
        given = str(data.get("signature") or "")
        if not given or str(data.get("partnerCode")) != settings.MOMO_PARTNER_CODE:
            return False
        expected = sign(raw_signature(IPN_FIELDS, {**data, "accessKey": settings.MOMO_ACCESS_KEY}),
                        settings.MOMO_SECRET_KEY)
        return hmac.compare_digest(expected, given)

    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        if not self.is_configured():
            raise WebhookInvalid(_("MoMo is not configured."))
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise WebhookInvalid(_("Invalid MoMo payload.")) from exc
        if not isinstance(data, dict) or not self.verify_ipn(data):
            raise WebhookInvalid(_("Invalid MoMo signature."))
        code = int(data.get("resultCode", -1))
        kind = {COMPLETED: EVENT_SUCCEEDED, AUTHORIZED: EVENT_AUTHORIZED, PENDING: EVENT_PENDING}.get(
            status_for(code), EVENT_FAILED)
        return WebhookEvent(
            provider=self.code,
            # MoMo repeats an IPN until it is acknowledged; the same request and result is the same event.
            event_id=f"{data.get('requestId')}:{data.get('transId')}:{code}",
            kind=kind, provider_type=f"ipn.{code}", provider_reference=str(data.get("orderId", "")),
            payment_hint=str(data.get("orderId", "")), capture_reference=str(data.get("transId") or ""),
            amount=Decimal(str(data["amount"])) if data.get("amount") is not None else None, currency="VND",
            failure_message=str(data.get("message") or "") if kind == EVENT_FAILED else "",
            payload=data, acknowledgement=None,
        )
