"""The Payments section of API.md through DRF's client."""
from decimal import Decimal

import pytest
import responses

from apps.payments.models import Payment, PaymentEvent
from tests.factories.accounts import UserFactory
from tests.factories.payments import PaymentFactory, RefundFactory, SavedPaymentMethodFactory
from tests.payments import fakes

pytestmark = [pytest.mark.django_db]


def intent_url(order):
    return f"/api/v1/payments/orders/{order.pk}/intent"


@responses.activate
def test_start_a_stripe_payment(stripe_keys, order_for, buyer, client_for):
    order = order_for("stripe")
    responses.post(f"{fakes.STRIPE_API}/payment_intents", json=fakes.stripe_intent(pi_id="pi_1"))
    response = client_for(buyer).post(intent_url(order), {"provider": "stripe"}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"payment_id", "provider", "status", "amount", "currency", "client_secret"}
    assert (body["amount"], body["currency"], body["status"]) == ("259000.00", "VND", "pending")
    assert body["client_secret"] == "pi_1_secret_Xk9TfF3Pq1"

    responses.get(f"{fakes.STRIPE_API}/payment_intents/pi_1", json=fakes.stripe_intent(pi_id="pi_1"))
    again = client_for(buyer).post(intent_url(order), {"provider": "stripe"}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201 and again.json() == body
    assert Payment.objects.filter(order=order).count() == 1


@responses.activate
def test_start_a_paypal_payment_answers_the_approval_url(paypal_keys, order_for, buyer, client_for):
    order = order_for("paypal")
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders", json=fakes.paypal_order_created())
    body = client_for(buyer).post(intent_url(order), {"provider": "paypal"}).json()
    assert body["approval_url"].startswith("https://www.sandbox.paypal.com/checkoutnow")

    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders/5O190127TN364715T/capture",
                   json=fakes.paypal_order_captured(payment_id=body["payment_id"]), status=201)
    captured = client_for(buyer).post("/api/v1/payments/paypal/capture", {"paypal_order_id": "5O190127TN364715T"})
    assert captured.status_code == 200
    assert captured.json()["status"] == "completed" and captured.json()["order"]["payment_status"] == "paid"


@responses.activate
def test_start_a_momo_payment_answers_the_pay_url(momo_keys, order_for, buyer, client_for):
    order = order_for("momo")
    responses.post(f"{fakes.MOMO_API}/v2/gateway/api/create",
                   json=fakes.momo_create_response(order_id="x", request_id="y", amount=259000))
    body = client_for(buyer).post(intent_url(order), {"provider": "momo"}).json()
    assert body["pay_url"].startswith(fakes.MOMO_API)


def test_a_provider_without_keys_is_refused(settings, order_for, buyer, client_for):
    settings.STRIPE_SECRET_KEY = ""
    response = client_for(buyer).post(intent_url(order_for("stripe")), {"provider": "stripe"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_another_buyers_order_is_not_found(stripe_keys, order_for, client_for):
    response = client_for(UserFactory()).post(intent_url(order_for("stripe")), {"provider": "stripe"})
    assert response.status_code == 404


def test_intent_needs_authentication(api_client, order_for):
    assert api_client.post(intent_url(order_for("stripe")), {"provider": "stripe"}).status_code == 401


@responses.activate
def test_a_decline_is_422_with_the_providers_message(stripe_keys, order_for, buyer, client_for):
    responses.post(f"{fakes.STRIPE_API}/payment_intents", status=402, json={"error": {
        "type": "card_error", "code": "card_declined", "message": "Your card was declined."}})
    response = client_for(buyer).post(intent_url(order_for("stripe")), {"provider": "stripe"})
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "payment_failed", "message": "Your card was declined.",
                                         "details": {"provider_code": "card_declined", "retryable": False}}


# --- webhooks -----------------------------------------------------------------------------------

def _stripe_event_body(payment, event_id="evt_1"):
    obj = fakes.stripe_intent(pi_id=payment.provider_reference, status="succeeded", payment_id=str(payment.pk))
    return fakes.dumps(fakes.stripe_event("payment_intent.succeeded", obj, event_id=event_id))


def test_stripe_webhook_applies_a_signed_event_once(stripe_keys, order_for, api_client):
    payment = PaymentFactory(order=order_for("stripe"))
    body = _stripe_event_body(payment)
    post = lambda: api_client.post("/api/v1/payments/webhooks/stripe", data=body,  # noqa: E731
                                   content_type="application/json",
                                   HTTP_STRIPE_SIGNATURE=fakes.stripe_signature(body))
    first = post()
    assert first.status_code == 200 and first.json() == {"received": True, "applied": True}
    assert post().json() == {"received": True, "applied": False}
    payment.refresh_from_db()
    assert payment.status == "completed"


@pytest.mark.parametrize("signature", [
    lambda body: fakes.stripe_signature(body, secret="whsec_forged"),
    lambda body: fakes.stripe_signature(body, timestamp=1_600_000_000),
    lambda body: "",
    lambda body: "t=1,v1=deadbeef",
])
def test_stripe_webhook_with_a_bad_signature_is_400_and_changes_nothing(stripe_keys, order_for, api_client, signature):
    payment = PaymentFactory(order=order_for("stripe"))
    body = _stripe_event_body(payment)
    response = api_client.post("/api/v1/payments/webhooks/stripe", data=body, content_type="application/json",
                               HTTP_STRIPE_SIGNATURE=signature(body))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_signature"
    payment.refresh_from_db()
    assert payment.status == "pending" and not PaymentEvent.objects.filter(direction="in").exists()


def test_momo_ipn_is_answered_204(momo_keys, order_for, api_client):
    payment = PaymentFactory(order=order_for("momo"), provider="momo", provider_reference="m-1")
    ipn = fakes.momo_ipn(order_id="m-1", request_id="r", amount=259000)
    response = api_client.post("/api/v1/payments/webhooks/momo", data=fakes.dumps(ipn),
                               content_type="application/json")
    assert response.status_code == 204
    payment.refresh_from_db()
    assert payment.status == "completed"


def test_momo_ipn_with_a_bad_signature_is_400(momo_keys, api_client):
    ipn = fakes.momo_ipn(order_id="m-1", request_id="r", amount=259000, secret="wrong")
    response = api_client.post("/api/v1/payments/webhooks/momo", data=fakes.dumps(ipn),
                               content_type="application/json")
    assert response.status_code == 400


@responses.activate
def test_paypal_webhook(paypal_keys, order_for, api_client):
    payment = PaymentFactory(order=order_for("paypal"), provider="paypal", provider_reference="5O190127TN364715T",
                             provider_amount=Decimal("10.10"), provider_currency="USD")
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    responses.post(f"{fakes.PAYPAL_API}/v1/notifications/verify-webhook-signature",
                   json={"verification_status": "SUCCESS"})
    event = fakes.paypal_webhook("PAYMENT.CAPTURE.COMPLETED", fakes.paypal_capture_resource(payment_id=str(payment.pk)))
    response = api_client.post("/api/v1/payments/webhooks/paypal", data=fakes.dumps(event),
                               content_type="application/json", **fakes.PAYPAL_SIGNATURE_HEADERS)
    assert response.status_code == 200 and response.json()["applied"] is True


def test_webhooks_need_no_csrf_token(stripe_keys, order_for, client):
    from django.test import Client

    payment = PaymentFactory(order=order_for("stripe"))
    body = _stripe_event_body(payment)
    response = Client(enforce_csrf_checks=True).post("/api/v1/payments/webhooks/stripe", data=body,
                                                     content_type="application/json",
                                                     HTTP_STRIPE_SIGNATURE=fakes.stripe_signature(body))
    assert response.status_code == 200


# --- history and refunds ------------------------------------------------------------------------

def test_history_lists_only_my_payments(order_for, buyer, client_for):
    mine = PaymentFactory(order=order_for("stripe"), status="completed")
    RefundFactory(payment=mine, amount=Decimal("1000"))
    PaymentFactory()  # someone else's
    body = client_for(buyer).get("/api/v1/payments").json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == str(mine.pk) and row["order"]["order_number"] == mine.order.order_number
    assert row["refunds"][0]["amount"] == "1000.00"


def test_history_query_count_does_not_grow_with_the_list(order_for, buyer, client_for, django_assert_num_queries):
    client = client_for(buyer)
    for _ in range(2):
        PaymentFactory(order=order_for("stripe"))
    with django_assert_num_queries(4) as small:  # user, count, payments with order and shop, refunds
        client.get("/api/v1/payments")
    for _ in range(4):
        RefundFactory(payment=PaymentFactory(order=order_for("stripe"), status="completed"))
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get("/api/v1/payments").json()["count"] == 6


@responses.activate
def test_seller_refunds_through_the_api(stripe_keys, order_for, client_for):
    payment = PaymentFactory(order=order_for("stripe", payment_status="paid"), status="completed",
                             provider_reference="pi_x")
    responses.post(f"{fakes.STRIPE_API}/refunds", json=fakes.stripe_refund(amount=50000))
    response = client_for(payment.order.shop.owner).post(f"/api/v1/payments/{payment.pk}/refund",
                                                         {"amount": "50000", "reason": "Thiếu hàng"})
    assert response.status_code == 201
    assert (response.json()["amount"], response.json()["status"]) == ("50000.00", "completed")


def test_refund_over_the_paid_amount_is_400(stripe_keys, order_for, staff_user, client_for):
    payment = PaymentFactory(order=order_for("stripe", payment_status="paid"), status="completed")
    response = client_for(staff_user).post(f"/api/v1/payments/{payment.pk}/refund",
                                           {"amount": "999999999", "reason": "x"})
    assert response.status_code == 400 and "amount" in response.json()["error"]["details"]


def test_refund_by_the_buyer_is_403_and_by_a_stranger_404(order_for, buyer, client_for):
    payment = PaymentFactory(order=order_for("stripe", payment_status="paid"), status="completed")
    assert client_for(buyer).post(f"/api/v1/payments/{payment.pk}/refund", {"reason": "x"}).status_code == 403
    assert client_for(UserFactory()).post(f"/api/v1/payments/{payment.pk}/refund",
                                          {"reason": "x"}).status_code == 404


def test_methods_lists_only_configured_providers(settings, api_client):
    settings.STRIPE_SECRET_KEY = settings.PAYPAL_CLIENT_ID = settings.MOMO_PARTNER_CODE = ""
    assert api_client.get("/api/v1/payments/methods").json()["methods"] == ["cod", "bank_transfer"]


@responses.activate
def test_saved_cards_listed_and_removed(stripe_keys, buyer, client_for):
    card = SavedPaymentMethodFactory(user=buyer)
    SavedPaymentMethodFactory(user=UserFactory())
    client = client_for(buyer)
    body = client.get("/api/v1/payments/saved-methods").json()
    assert [(c["brand"], c["last4"]) for c in body["results"]] == [("visa", "4242")]
    responses.post(f"{fakes.STRIPE_API}/payment_methods/{card.payment_method_id}/detach",
                   json={"id": card.payment_method_id, "object": "payment_method", "customer": None})
    assert client.delete(f"/api/v1/payments/saved-methods/{card.pk}").status_code == 204
    assert client.get("/api/v1/payments/saved-methods").json()["count"] == 0


def test_seller_marks_a_transfer_received_through_the_api(order_for, client_for):
    order = order_for("bank_transfer")
    response = client_for(order.shop.owner).post(f"/api/v1/payments/orders/{order.pk}/mark-received", {})
    assert response.status_code == 200 and response.json()["order"]["payment_status"] == "paid"
