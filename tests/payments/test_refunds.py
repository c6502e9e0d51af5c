"""Refunds: full and partial, by staff or the shop's seller, through the provider, never beyond what was paid."""
from decimal import Decimal

import pytest
import responses

from apps.core.errors import BusinessRuleViolation, NotFound, PermissionDenied, ValidationFailed
from apps.payments import services
from apps.payments.models import PaymentEvent, Refund
from tests.factories.accounts import UserFactory
from tests.factories.payments import PaymentFactory
from tests.payments import fakes
from tests.payments.conftest import notifications_of

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def paid(order_for, buyer):
    """A completed Stripe payment of 259 000 ₫ for a pending order (stock taken: 2 of 10)."""
    order = order_for("stripe", payment_status="paid")
    return PaymentFactory(order=order, status="completed", provider_reference="pi_paid")


def stripe_refund_ok(amount):
    return responses.post(f"{fakes.STRIPE_API}/refunds", json=fakes.stripe_refund(amount=int(amount)))


@responses.activate
def test_seller_refunds_part_then_the_rest(stripe_keys, paid, buyer, on_commit):
    seller = paid.order.shop.owner
    call = stripe_refund_ok(59000)
    with on_commit():
        refund = services.payment_refund(payment=paid, by=seller, amount=Decimal("59000"), reason="Thiếu phụ kiện")
    assert refund.status == "completed" and refund.provider_reference == "re_3PqXyZ2eZvKYlo2C0r1f2n3d"
    assert "amount=59000" in call.calls[0].request.body
    assert call.calls[0].request.headers["Idempotency-Key"] == f"cho-{refund.pk}-refund"
    paid.refresh_from_db()
    paid.order.refresh_from_db()
    assert (paid.status, paid.refunded_amount) == ("partially_refunded", Decimal("59000"))
    assert paid.order.payment_status == "partially_refunded"
    [note] = notifications_of(buyer, "payment.refunded")
    assert note.data["amount"] == "59000.00"

    responses.replace(responses.POST, f"{fakes.STRIPE_API}/refunds",
                      json=fakes.stripe_refund(re_id="re_2", amount=200000))
    services.payment_refund(payment=paid, by=seller, reason="Khách trả hàng")
    assert "amount" not in responses.calls[-1].request.body  # "the rest": the provider refunds what it holds
    paid.refresh_from_db()
    assert (paid.status, paid.refunded_amount) == ("refunded", Decimal("259000"))


@responses.activate
def test_a_full_refund_before_shipping_cancels_the_order_and_returns_the_stock(stripe_keys, paid, staff_user):
    stripe_refund_ok(259000)
    services.payment_refund(payment=paid, by=staff_user, reason="Hết hàng")
    order = paid.order
    order.refresh_from_db()
    order.variant.refresh_from_db()
    assert (order.status, order.payment_status) == ("cancelled", "refunded")
    assert order.variant.stock == 10


@pytest.mark.parametrize("amount", [Decimal("259001"), Decimal("0")])
def test_a_refund_can_never_exceed_what_was_paid(stripe_keys, paid, amount):
    with responses.RequestsMock():  # nothing may reach Stripe
        with pytest.raises(ValidationFailed) as exc:
            services.payment_refund(payment=paid, by=paid.order.shop.owner, amount=amount, reason="x")
    assert "amount" in exc.value.details
    assert not Refund.objects.exists()


@responses.activate
def test_after_a_partial_refund_only_the_rest_can_be_refunded(stripe_keys, paid):
    stripe_refund_ok(200000)
    services.payment_refund(payment=paid, by=paid.order.shop.owner, amount=Decimal("200000"), reason="x")
    with pytest.raises(ValidationFailed):
        services.payment_refund(payment=paid, by=paid.order.shop.owner, amount=Decimal("60000"), reason="x")
    assert Refund.objects.count() == 1


def test_the_buyer_may_not_refund_and_strangers_do_not_see_the_payment(stripe_keys, paid, buyer):
    with pytest.raises(PermissionDenied):
        services.payment_refund(payment=paid, by=buyer, reason="x")
    with pytest.raises(NotFound):
        services.payment_refund(payment=paid, by=UserFactory(), reason="x")


def test_an_unpaid_payment_cannot_be_refunded(stripe_keys, order_for, staff_user):
    payment = PaymentFactory(order=order_for("stripe"), status="pending")
    with pytest.raises(BusinessRuleViolation):
        services.payment_refund(payment=payment, by=staff_user, reason="x")


@responses.activate
def test_a_refused_refund_is_recorded_and_changes_nothing(stripe_keys, paid, staff_user):
    responses.post(f"{fakes.STRIPE_API}/refunds", status=400, json={"error": {
        "type": "invalid_request_error", "code": "charge_already_refunded", "message": "Charge already refunded."}})
    with pytest.raises(Exception):  # noqa: B017  (PaymentFailed, shown to staff)
        services.payment_refund(payment=paid, by=staff_user, reason="x")
    paid.refresh_from_db()
    assert (paid.status, paid.refunded_amount) == ("completed", Decimal("0"))
    assert Refund.objects.get().status == "failed"
    assert PaymentEvent.objects.filter(payment=paid, kind="refund", ok=False).exists()


@responses.activate
def test_stripe_refund_webhook_for_our_own_refund_is_not_booked_twice(stripe_keys, paid, staff_user):
    stripe_refund_ok(59000)
    services.payment_refund(payment=paid, by=staff_user, amount=Decimal("59000"), reason="x")
    charge = {"id": "ch_1", "object": "charge", "amount": 259000, "amount_captured": 259000, "amount_refunded": 59000,
              "currency": "vnd", "payment_intent": "pi_paid", "metadata": {}}
    body = fakes.dumps(fakes.stripe_event("charge.refunded", charge))
    _event, applied = services.webhook_receive(provider="stripe", body=body.encode(),
                                               headers={"Stripe-Signature": fakes.stripe_signature(body)})
    assert not applied
    paid.refresh_from_db()
    assert paid.refunded_amount == Decimal("59000") and paid.refunds.count() == 1


def test_a_refund_made_in_the_stripe_dashboard_is_recorded(stripe_keys, paid):
    charge = {"id": "ch_1", "object": "charge", "amount": 259000, "amount_captured": 259000,
              "amount_refunded": 100000, "currency": "vnd", "payment_intent": "pi_paid", "metadata": {}}
    body = fakes.dumps(fakes.stripe_event("charge.refunded", charge))
    _event, applied = services.webhook_receive(provider="stripe", body=body.encode(),
                                               headers={"Stripe-Signature": fakes.stripe_signature(body)})
    assert applied
    paid.refresh_from_db()
    assert (paid.status, paid.refunded_amount) == ("partially_refunded", Decimal("100000"))


@responses.activate
def test_paypal_partial_refund_is_converted_back_to_the_capture_currency(paypal_keys, order_for, staff_user):
    order = order_for("paypal", payment_status="paid")
    payment = PaymentFactory(order=order, provider="paypal", status="completed", provider_reference="5O19",
                             capture_reference="3C67", provider_amount=Decimal("10.10"), provider_currency="USD")
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    call = responses.post(f"{fakes.PAYPAL_API}/v2/payments/captures/3C67/refund",
                          json=fakes.paypal_refund(value="5.05"), status=201)
    services.payment_refund(payment=payment, by=staff_user, amount=Decimal("129500"), reason="x")
    import json
    assert json.loads(call.calls[0].request.body)["amount"] == {"currency_code": "USD", "value": "5.05"}
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("129500")


@responses.activate
def test_momo_refund_uses_the_payment_transaction(momo_keys, order_for, staff_user):
    order = order_for("momo", payment_status="paid")
    payment = PaymentFactory(order=order, provider="momo", status="completed", capture_reference="4088878653")
    call = responses.post(f"{fakes.MOMO_API}/v2/gateway/api/refund", json={
        "partnerCode": "MOMO", "orderId": "RF-x", "requestId": "x", "amount": 259000, "transId": 4088879000,
        "resultCode": 0, "message": "Thành công.", "responseTime": 1767236401000})
    services.payment_refund(payment=payment, by=staff_user, reason="x")
    import json
    sent = json.loads(call.calls[0].request.body)
    assert (sent["transId"], sent["amount"]) == (4088878653, 259000)
    payment.refresh_from_db()
    assert payment.status == "refunded"


def test_cash_on_delivery_refund_is_recorded_without_a_provider(order_for, staff_user):
    order = order_for("cod", status="delivered", payment_status="paid")
    payment = PaymentFactory(order=order, provider="cod", status="completed", provider_reference="COD-1")
    services.payment_refund(payment=payment, by=staff_user, amount=Decimal("100000"), reason="Trả lại một phần")
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == "partially_refunded"
    assert order.status == "delivered"  # a refund after delivery leaves the order's status alone
