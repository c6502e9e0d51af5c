"""Bank transfer: the buyer transfers to our account with the order's reference in the description
(a VietQR code carries account, amount and reference); staff or the shop's seller mark it received."""
import base64
import io
from collections.abc import Mapping
from decimal import Decimal

import qrcode
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.payments.domain import transfer_reference, vietqr_payload

from .base import COMPLETED, PENDING, CaptureResult, Gateway, IntentRequest, IntentResult, NotSupported, RefundResult


def bank_account() -> dict:
    return dict(getattr(settings, "BANK_TRANSFER_ACCOUNT", {}) or {})


def qr_png_data_uri(payload: str) -> str:
    """A PNG of the QR code as a data: URI (the CSP allows data: images)."""
    image = qrcode.make(payload, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def transfer_instructions(*, order_number: str, amount: Decimal, currency: str) -> dict:
    account = bank_account()
    reference = transfer_reference(order_number)
    payload = ""
    if currency.upper() == "VND" and account.get("bank_bin") and account.get("account_number"):
        payload = vietqr_payload(bank_bin=account["bank_bin"], account_number=account["account_number"],
                                 amount=amount, currency=currency, purpose=reference)
    return {
        "bank_name": account.get("bank_name", ""),
        "bank_bin": account.get("bank_bin", ""),
        "account_number": account.get("account_number", ""),
        "account_name": account.get("account_name", ""),
        "amount": str(amount),
        "currency": currency,
        "reference": reference,
        "qr_payload": payload,
    }


class BankTransferGateway(Gateway):
    code = "bank_transfer"
    label = _("Bank transfer")
    online = False
    supports_webhooks = False

    @classmethod
    def is_configured(cls) -> bool:
        return bool(bank_account().get("account_number"))

    def create_intent(self, request: IntentRequest) -> IntentResult:
        info = transfer_instructions(order_number=request.order_number, amount=request.amount,
                                     currency=request.currency)
        return IntentResult(provider_reference=info["reference"], status=PENDING, qr_payload=info["qr_payload"],
                            instructions=info, raw={"method": "bank_transfer", **info})

    def capture(self, *, provider_reference: str, idempotency_key: str = "") -> CaptureResult:
        # Staff or the seller saw the money arrive on the statement.
        return CaptureResult(status=COMPLETED, provider_reference=provider_reference)

    def refund(self, *, provider_reference: str, amount: Decimal | None, currency: str, reason: str = "",
               idempotency_key: str = "") -> RefundResult:
        return RefundResult(provider_reference=f"{provider_reference}-R-{idempotency_key[:12]}", status=COMPLETED,
                            amount=amount, raw={"manual": True, "reason": reason})

    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]):
        raise NotSupported(_("Bank transfers have no webhooks."))
