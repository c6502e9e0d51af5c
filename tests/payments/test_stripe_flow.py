"""Card payments through Stripe, its HTTP faked with recorded-looking responses and webhooks signed for real."""
from decimal import Decimal

import pytest
import requests
import responses
from responses import matchers

from apps.core.errors import Conflict, PaymentFailed, ServiceUnavailable
from apps.payments import services
from apps.payments.gateways import get_gateway
from apps.payments.models import Payment, PaymentEvent
from tests.payments import fakes
from tests.payments.conftest import notifications_of

pytestmark = [pytest.mark.django_db]


def stripe_webhook(event_type, payment, *, event_id=None, status="succeeded", amount=None, **intent):
    """Deliver a Stripe event about `payment`, signed with the endpoint secret, through the adapter."""
    obj = fakes.stripe_intent(pi_id=payment.provider_reference, status=status, payment_id=str(payment.pk),
                              amount=int(amount if amount is not None else payment.amount), **intent)
    body = fakes.dumps(fakes.stripe_event(event_type, obj, event_id=event_id))
    return services.webhook_receive(provider="stripe", body=body.encode(),
                                    headers={"Stripe-Signature": fakes.stripe_signature(body)})


def start(order, buyer, **kwargs):
    responses.post(f"{fakes.STRIPE_API}/payment_intents", json=fakes.stripe_intent(pi_id="pi_1"))
    return services.payment_intent_create(order=order, buyer=buyer, provider="stripe", **kwargs)


@responses.activate
def test_starting_a_card_payment_creates_one_intent_and_marks_the_order_pending(stripe_keys, order_for, buyer):
    order = order_for("stripe")
    payment, body = start(order, buyer)
    assert body["client_secret"] == "pi_1_secret_Xk9TfF3Pq1"
    assert (payment.status, payment.provider_reference, payment.amount) == ("pending", "pi_1", Decimal("259000"))
    order.refresh_from_db()
    assert order.payment_status == "pending"
    sent = responses.calls[0].request
    assert sent.headers["Idempotency-Key"] == f"cho-{payment.pk}-intent"
    logged = PaymentEvent.objects.get(payment=payment, direction="out")
    assert logged.payload["client_secret"] == "[redacted]"  # the log keeps no secrets


@responses.activate
def test_the_same_idempotency_key_returns_the_first_answer_without_a_second_intent(stripe_keys, order_for, buyer):
    order = order_for("stripe")
    responses.post(f"{fakes.STRIPE_API}/payment_intents", json=fakes.stripe_intent(pi_id="pi_1"))
    responses.get(f"{fakes.STRIPE_API}/payment_intents/pi_1", json=fakes.stripe_intent(pi_id="pi_1"))
    first, body1 = services.payment_intent_create(order=order, buyer=buyer, provider="stripe", idempotency_key="k1")
    again, body2 = services.payment_intent_create(order=order, buyer=buyer, provider="stripe", idempotency_key="k1")
    assert again.pk == first.pk and body2 == body1
    assert len([c for c in responses.calls if c.request.method == "POST"]) == 1
    assert Payment.objects.filter(order=order).count() == 1


@responses.activate
def test_an_open_intent_is_reused_rather_than_charging_twice(stripe_keys, order_for, buyer):
    order = order_for("stripe")
    first, _ = start(order, buyer)
    responses.get(f"{fakes.STRIPE_API}/payment_intents/pi_1", json=fakes.stripe_intent(pi_id="pi_1"))
    again, body = services.payment_intent_create(order=order, buyer=buyer, provider="stripe")
    assert again.pk == first.pk and body["client_secret"]
    assert len([c for c in responses.calls if c.request.method == "POST"]) == 1


@responses.activate
def test_a_decline_fails_the_attempt_with_a_clear_message_and_the_buyer_can_pay_again(stripe_keys, order_for, buyer):
    order = order_for("stripe")
    responses.post(f"{fakes.STRIPE_API}/payment_intents", status=402, json={"error": {
        "type": "card_error", "code": "card_declined", "message": "Your card was declined."}})
    with pytest.raises(PaymentFailed) as exc:
        services.payment_intent_create(order=order, buyer=buyer, provider="stripe", saved_method_id=None)
    assert "declined" in str(exc.value.message)
    failed = Payment.objects.get(order=order)
    assert failed.status == "failed"
    order.refresh_from_db()
    assert order.payment_status == "failed"

    responses.replace(responses.POST, f"{fakes.STRIPE_API}/payment_intents", json=fakes.stripe_intent(pi_id="pi_2"))
    retry, body = services.payment_intent_create(order=order, buyer=buyer, provider="stripe")
    assert retry.pk != failed.pk and body["client_secret"].startswith("pi_2")
    order.refresh_from_db()
    assert order.payment_status == "pending"


@responses.activate
def test_stripe_down_is_retried_then_reported_as_unavailable(stripe_keys, order_for, buyer):
    order = order_for("stripe")
    responses.post(f"{fakes.STRIPE_API}/payment_intents", body=requests.ConnectionError("down"))
    with pytest.raises(ServiceUnavailable):
        services.payment_intent_create(order=order, buyer=buyer, provider="stripe")
    assert len(responses.calls) == 3  # with backoff, the same idempotency key each time
    assert len({c.request.headers["Idempotency-Key"] for c in responses.calls}) == 1


@responses.activate
def test_payment_succeeded_webhook_pays_the_order_and_tells_the_buyer(stripe_keys, order_for, buyer, on_commit):
    order = order_for("stripe")
    payment, _ = start(order, buyer)
    with on_commit():
        event, applied = stripe_webhook("payment_intent.succeeded", payment)
    assert applied
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == "completed" and payment.paid_at
    assert order.payment_status == "paid" and order.status == "pending"  # the seller confirms next
    [note] = notifications_of(buyer, "payment.completed")
    assert order.order_number in note.title


@responses.activate
def test_a_replayed_event_changes_nothing(stripe_keys, order_for, buyer, on_commit):
    order = order_for("stripe")
    payment, _ = start(order, buyer)
    with on_commit():
        stripe_webhook("payment_intent.succeeded", payment, event_id="evt_same")
        event, applied = stripe_webhook("payment_intent.succeeded", payment, event_id="evt_same")
    assert not applied
    assert PaymentEvent.objects.filter(provider="stripe", event_id="evt_same").count() == 1
    assert len(notifications_of(buyer, "payment.completed")) == 1


@responses.activate
def test_events_out_of_order_never_downgrade_a_completed_payment(stripe_keys, order_for, buyer):
    order = order_for("stripe")
    payment, _ = start(order, buyer)
    stripe_webhook("payment_intent.succeeded", payment)
    _e, applied_processing = stripe_webhook("payment_intent.processing", payment, status="processing")
    _e, applied_failed = stripe_webhook("payment_intent.payment_failed", payment, status="requires_payment_method",
                                        last_payment_error={"message": "Your card was declined."})
    assert not applied_processing and not applied_failed
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.payment_status) == ("completed", "paid")
    assert PaymentEvent.objects.filter(payment=payment, direction="in").count() == 3


@responses.activate
def test_a_failure_then_success_on_the_same_intent_completes(stripe_keys, order_for, buyer, on_commit):
    order = order_for("stripe")
    payment, _ = start(order, buyer)
    with on_commit():
        stripe_webhook("payment_intent.payment_failed", payment, status="requires_payment_method",
                       last_payment_error={"message": "Your card has insufficient funds."})
    payment.refresh_from_db()
    assert payment.status == "failed" and payment.failure_message == "Your card has insufficient funds."
    assert len(notifications_of(buyer, "payment.failed")) == 1
    stripe_webhook("payment_intent.succeeded", payment)
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.payment_status) == ("completed", "paid")


@responses.activate
def test_a_success_for_less_than_the_order_is_not_applied(stripe_keys, order_for, buyer):
    order = order_for("stripe")
    payment, _ = start(order, buyer)
    event, applied = stripe_webhook("payment_intent.succeeded", payment, amount=1000)
    assert not applied and event.note.startswith("amount mismatch")
    order.refresh_from_db()
    assert order.payment_status == "pending"


def test_an_event_for_no_payment_of_ours_is_logged_unmatched(stripe_keys, db):
    body = fakes.dumps(fakes.stripe_event("payment_intent.succeeded", fakes.stripe_intent(pi_id="pi_unknown",
                                                                                         status="succeeded")))
    event, applied = services.webhook_receive(provider="stripe", body=body.encode(),
                                              headers={"Stripe-Signature": fakes.stripe_signature(body)})
    assert not applied and event.payment is None and event.note == "no matching payment"


@responses.activate
def test_paying_an_already_paid_order_is_refused(stripe_keys, order_for, buyer):
    order = order_for("stripe", payment_status="paid")
    with pytest.raises(Conflict):
        services.payment_intent_create(order=order, buyer=buyer, provider="stripe")
    assert not responses.calls


@responses.activate
def test_saving_a_card_creates_a_stripe_customer_and_lists_the_card_after_payment(stripe_keys, order_for, buyer,
                                                                                  on_commit):
    order = order_for("stripe")
    responses.post(f"{fakes.STRIPE_API}/customers", json={"id": "cus_Q1", "object": "customer", "email": buyer.email})
    responses.post(f"{fakes.STRIPE_API}/payment_intents", json=fakes.stripe_intent(pi_id="pi_1", customer="cus_Q1"),
                   match=[matchers.urlencoded_params_matcher({"setup_future_usage": "on_session", "customer": "cus_Q1"},
                                                             allow_blank=True, strict_match=False)])
    payment, _ = services.payment_intent_create(order=order, buyer=buyer, provider="stripe", save_payment_method=True)
    responses.get(f"{fakes.STRIPE_API}/payment_methods", json={"object": "list", "has_more": False, "data": [
        {"id": "pm_1", "object": "payment_method", "type": "card", "customer": "cus_Q1",
         "card": {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2030}}]})
    with on_commit():
        stripe_webhook("payment_intent.succeeded", payment, customer="cus_Q1", payment_method="pm_1")
    [card] = buyer.saved_payment_methods.all()
    assert (card.brand, card.last4, card.payment_method_id) == ("visa", "4242", "pm_1")

    responses.post(f"{fakes.STRIPE_API}/payment_methods/pm_1/detach", json={"id": "pm_1", "object": "payment_method",
                                                                           "customer": None})
    services.saved_method_remove(user=buyer, method_id=card.pk)
    assert not buyer.saved_payment_methods.exists()


def test_gateway_is_the_one_configured(stripe_keys):
    assert get_gateway("stripe").code == "stripe"


def test_a_second_click_while_the_first_attempt_is_starting_is_told_to_wait(stripe_keys, order_for, buyer):
    order = order_for("stripe")
    Payment.objects.create(order=order, provider="stripe", amount=order.total, currency="VND")
    with responses.RequestsMock():  # no second intent at Stripe
        with pytest.raises(Conflict) as exc:
            services.payment_intent_create(order=order, buyer=buyer, provider="stripe")
    assert exc.value.code == "payment_in_progress"


@responses.activate
def test_an_attempt_that_never_reached_the_provider_does_not_block_forever(stripe_keys, order_for, buyer):
    from datetime import timedelta

    from django.utils import timezone

    order = order_for("stripe")
    stuck = Payment.objects.create(order=order, provider="stripe", amount=order.total, currency="VND")
    Payment.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    payment, _ = start(order, buyer)
    stuck.refresh_from_db()
    assert stuck.status == "failed" and payment.provider_reference == "pi_1"
