"""PayPal (Orders v2) and MoMo flows end to end, providers faked at the HTTP boundary."""
from decimal import Decimal

import pytest
import responses
from django.utils import translation

from apps.core.errors import NotFound, PaymentFailed
from apps.payments import services
from apps.payments.models import Payment
from tests.payments import fakes
from tests.payments.conftest import notifications_of

pytestmark = [pytest.mark.django_db]

ORDER_ID = "5O190127TN364715T"


def paypal_start(order, buyer):
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders", json=fakes.paypal_order_created())
    return services.payment_intent_create(order=order, buyer=buyer, provider="paypal")


def paypal_webhook(event_type, resource, *, event_id=None, verified=True):
    responses.post(f"{fakes.PAYPAL_API}/v1/notifications/verify-webhook-signature",
                   json={"verification_status": "SUCCESS" if verified else "FAILURE"})
    event = fakes.paypal_webhook(event_type, resource, event_id=event_id)
    return services.webhook_receive(provider="paypal", body=fakes.dumps(event).encode(),
                                    headers=fakes.wsgi_to_headers(fakes.PAYPAL_SIGNATURE_HEADERS))


@responses.activate
def test_paypal_approval_then_capture_pays_the_order(paypal_keys, order_for, buyer, on_commit):
    order = order_for("paypal")
    payment, body = paypal_start(order, buyer)
    assert body["approval_url"] == f"https://www.sandbox.paypal.com/checkoutnow?token={ORDER_ID}"
    assert (payment.provider_amount, payment.provider_currency) == (Decimal("10.10"), "USD")

    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders/{ORDER_ID}/capture",
                   json=fakes.paypal_order_captured(payment_id=str(payment.pk)), status=201)
    with on_commit():
        captured = services.paypal_capture(buyer=buyer, paypal_order_id=ORDER_ID)
    assert (captured.status, captured.capture_reference) == ("completed", "3C679366HH908993F")
    order.refresh_from_db()
    assert order.payment_status == "paid"
    assert len(notifications_of(buyer, "payment.completed")) == 1

    # Capturing again (the buttons and the redirect both fire) calls PayPal no more.
    calls = len(responses.calls)
    assert services.paypal_capture(buyer=buyer, paypal_order_id=ORDER_ID).status == "completed"
    assert len(responses.calls) == calls


@responses.activate
def test_paypal_capture_of_another_buyers_order_is_not_found(paypal_keys, order_for, buyer):
    from tests.factories.accounts import UserFactory

    paypal_start(order_for("paypal"), buyer)
    with pytest.raises(NotFound):
        services.paypal_capture(buyer=UserFactory(), paypal_order_id=ORDER_ID)


@responses.activate
def test_paypal_instrument_declined_fails_with_a_message_to_retry(paypal_keys, order_for, buyer):
    order = order_for("paypal")
    paypal_start(order, buyer)
    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders/{ORDER_ID}/capture", status=422, json={
        "name": "UNPROCESSABLE_ENTITY", "details": [{"issue": "INSTRUMENT_DECLINED",
                                                     "description": "The instrument presented was declined."}]})
    with pytest.raises(PaymentFailed) as exc:
        services.paypal_capture(buyer=buyer, paypal_order_id=ORDER_ID)
    with translation.override("en"):
        assert "another method" in str(exc.value.message)
    assert exc.value.details["provider_code"] == "INSTRUMENT_DECLINED"
    assert Payment.objects.get(order=order).status == "failed"


@responses.activate
def test_paypal_approved_webhook_captures_when_the_buyer_closed_the_window(paypal_keys, order_for, buyer, on_commit):
    order = order_for("paypal")
    payment, _ = paypal_start(order, buyer)
    capture = responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders/{ORDER_ID}/capture",
                             json=fakes.paypal_order_captured(payment_id=str(payment.pk)), status=201)
    with on_commit():
        _event, applied = paypal_webhook("CHECKOUT.ORDER.APPROVED", {
            "id": ORDER_ID, "status": "APPROVED", "intent": "CAPTURE",
            "purchase_units": [{"reference_id": str(payment.pk), "custom_id": str(payment.pk),
                                "amount": {"currency_code": "USD", "value": "10.10"}}]})
    assert applied and capture.call_count == 1
    payment.refresh_from_db()
    assert payment.status == "completed"


@responses.activate
def test_paypal_capture_completed_webhook_after_our_capture_changes_nothing(paypal_keys, order_for, buyer):
    order = order_for("paypal")
    payment, _ = paypal_start(order, buyer)
    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders/{ORDER_ID}/capture",
                   json=fakes.paypal_order_captured(payment_id=str(payment.pk)), status=201)
    services.paypal_capture(buyer=buyer, paypal_order_id=ORDER_ID)
    _event, applied = paypal_webhook("PAYMENT.CAPTURE.COMPLETED",
                                     fakes.paypal_capture_resource(payment_id=str(payment.pk)))
    assert not applied


@responses.activate
def test_paypal_webhook_not_verified_by_paypal_changes_nothing(paypal_keys, order_for, buyer):
    from apps.core.errors import ValidationFailed

    order = order_for("paypal")
    payment, _ = paypal_start(order, buyer)
    with pytest.raises(ValidationFailed):
        paypal_webhook("PAYMENT.CAPTURE.COMPLETED", fakes.paypal_capture_resource(payment_id=str(payment.pk)),
                       verified=False)
    payment.refresh_from_db()
    assert payment.status == "pending" and not payment.events.filter(direction="in").exists()


# --- MoMo ---------------------------------------------------------------------------------------

def momo_start(order, buyer):
    responses.post(f"{fakes.MOMO_API}/v2/gateway/api/create", json=fakes.momo_create_response(
        order_id="filled-by-test", request_id="x", amount=int(order.total)))
    return services.payment_intent_create(order=order, buyer=buyer, provider="momo")


def momo_ipn(payment, **kwargs):
    ipn = fakes.momo_ipn(order_id=str(payment.pk), request_id=f"cho-{payment.pk}-intent", amount=int(payment.amount),
                         **kwargs)
    return services.webhook_receive(provider="momo", body=fakes.dumps(ipn).encode(), headers={})


@responses.activate
def test_momo_pay_url_then_ipn_pays_the_order(momo_keys, order_for, buyer, on_commit):
    order = order_for("momo")
    payment, body = momo_start(order, buyer)
    assert body["pay_url"].startswith(f"{fakes.MOMO_API}/v2/gateway/pay")
    assert payment.provider_reference == str(payment.pk)
    with on_commit():
        _event, applied = momo_ipn(payment)
    assert applied
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, payment.capture_reference, order.payment_status) == ("completed", "4088878653", "paid")
    # MoMo repeats its IPN until acknowledged: the repeat changes nothing.
    assert momo_ipn(payment)[1] is False


@responses.activate
def test_momo_ipn_reporting_a_refusal_fails_the_payment(momo_keys, order_for, buyer, on_commit):
    order = order_for("momo")
    payment, _ = momo_start(order, buyer)
    with on_commit():
        momo_ipn(payment, result_code=1006, trans_id=0, message="Người dùng đã từ chối xác nhận thanh toán.")
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == "failed" and "từ chối" in payment.failure_message
    assert order.payment_status == "failed"
    assert len(notifications_of(buyer, "payment.failed")) == 1


@responses.activate
def test_momo_return_page_asks_momo_rather_than_trusting_the_query(momo_keys, order_for, buyer):
    order = order_for("momo")
    payment, _ = momo_start(order, buyer)
    responses.post(f"{fakes.MOMO_API}/v2/gateway/api/query", json={
        "partnerCode": "MOMO", "orderId": str(payment.pk), "requestId": str(payment.pk), "amount": 259000,
        "transId": 4088878653, "resultCode": 0, "message": "Thành công.", "payType": "qr",
        "responseTime": 1767236401000, "extraData": ""})
    settled = services.payment_settle(payment=payment)
    assert settled.status == "completed"
