"""Cash on delivery: nothing to call. The payment completes when the seller marks the order delivered."""
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .base import COMPLETED, PENDING, CaptureResult, Gateway, IntentRequest, IntentResult, NotSupported, RefundResult


class CashOnDeliveryGateway(Gateway):
    code = "cod"
    label = _("Cash on delivery")
    online = False
    supports_webhooks = False

    def create_intent(self, request: IntentRequest) -> IntentResult:
        return IntentResult(provider_reference=f"COD-{request.order_number}", status=PENDING,
                            raw={"method": "cod", "amount": str(request.amount), "currency": request.currency})

    def capture(self, *, provider_reference: str, idempotency_key: str = "") -> CaptureResult:
        # The courier collected the cash.
        return CaptureResult(status=COMPLETED, provider_reference=provider_reference)

    def refund(self, *, provider_reference: str, amount: Decimal | None, currency: str, reason: str = "",
               idempotency_key: str = "") -> RefundResult:
        # Cash goes back by hand or bank transfer; we record it.
        return RefundResult(provider_reference=f"{provider_reference}-R-{idempotency_key[:12]}", status=COMPLETED,
                            amount=amount, raw={"manual": True, "reason": reason})

    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]):
        raise NotSupported(_("Cash on delivery has no webhooks."))
