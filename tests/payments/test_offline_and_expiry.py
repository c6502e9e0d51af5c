"""Cash on delivery, bank transfer, the expiry of unpaid online orders, and orders cancelled after payment."""
from datetime import timedelta
from decimal import Decimal

import pytest
import requests
import responses
from django.utils import timezone

from apps.core.errors import NotFound, PermissionDenied
from apps.orders.models import Order
from apps.orders.services import order_cancel, order_transition
from apps.payments import services
from apps.payments.models import Payment
from tests.factories.accounts import UserFactory
from tests.factories.payments import PaymentFactory
from tests.payments import fakes
from tests.payments.conftest import notifications_of

pytestmark = [pytest.mark.django_db]


def age(order, minutes):
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))


# --- cash on delivery -----------------------------------------------------------------------------

def test_cod_is_paid_when_the_seller_marks_the_order_delivered(order_for, buyer, on_commit):
    order = order_for("cod")
    seller = order.shop.owner
    for status in ("confirmed", "packed", "shipping"):
        order_transition(order=order, to_status=status, by=seller, tracking_number="GHN123")
    order.refresh_from_db()
    assert order.payment_status == "unpaid"
    with on_commit():
        order_transition(order=order, to_status="delivered", by=seller)
    order.refresh_from_db()
    payment = Payment.objects.get(order=order)
    assert (payment.provider, payment.status, order.payment_status) == ("cod", "completed", "paid")
    assert payment.events.filter(kind="cod.collected").exists()
    assert len(notifications_of(buyer, "payment.completed")) == 1


def test_cod_pay_page_payment_is_the_one_completed_on_delivery(order_for):
    order = order_for("cod")
    opened = services.payment_offline_open(order=order)
    assert services.payment_offline_open(order=order).pk == opened.pk
    services.payment_cod_collect(order=order)
    opened.refresh_from_db()
    assert opened.status == "completed" and Payment.objects.filter(order=order).count() == 1


# --- bank transfer --------------------------------------------------------------------------------

def test_bank_transfer_instructions_carry_the_reference_and_a_vietqr(order_for):
    order = order_for("bank_transfer")
    payment = services.payment_offline_open(order=order)
    reference = "".join(c for c in order.order_number if c.isalnum())
    assert payment.provider_reference == reference
    assert payment.next_action["reference"] == reference
    assert reference in payment.next_action["qr_payload"]


def test_the_shops_seller_marks_a_transfer_received(order_for, buyer, on_commit):
    order = order_for("bank_transfer")
    with on_commit():
        payment = services.payment_bank_transfer_mark_received(order=order, by=order.shop.owner, note="VCB 21/11")
    order.refresh_from_db()
    assert (payment.status, order.payment_status) == ("completed", "paid")
    assert payment.events.filter(kind="bank_transfer.received", note="VCB 21/11").exists()
    assert len(notifications_of(buyer, "payment.completed")) == 1


def test_staff_mark_a_transfer_received(order_for, staff_user):
    order = order_for("bank_transfer")
    assert services.payment_bank_transfer_mark_received(order=order, by=staff_user).status == "completed"


def test_the_buyer_and_strangers_cannot_mark_a_transfer_received(order_for, buyer):
    order = order_for("bank_transfer")
    with pytest.raises(PermissionDenied):
        services.payment_bank_transfer_mark_received(order=order, by=buyer)
    with pytest.raises(NotFound):
        services.payment_bank_transfer_mark_received(order=order, by=UserFactory())
    order.refresh_from_db()
    assert order.payment_status == "unpaid"


# --- expiry ---------------------------------------------------------------------------------------

def test_unpaid_online_orders_expire_and_give_their_stock_back(settings, order_for, on_commit):
    settings.UNPAID_ORDER_EXPIRY_MINUTES = 30
    overdue = order_for("stripe", quantity=3)
    recent = order_for("stripe")
    cod = order_for("cod")
    age(overdue, 31)
    age(recent, 5)
    age(cod, 600)
    overdue.variant.refresh_from_db()
    assert overdue.variant.stock == 7
    with on_commit():
        assert services.payments_expire_unpaid() == 1
    overdue.refresh_from_db()
    overdue.variant.refresh_from_db()
    assert overdue.status == "cancelled" and overdue.variant.stock == 10
    for untouched in (recent, cod):
        untouched.refresh_from_db()
        assert untouched.status == "pending"


def test_an_order_whose_attempt_failed_expires_without_asking_the_provider(order_for, stripe_keys):
    order = order_for("stripe", payment_status="failed")
    PaymentFactory(order=order, status="failed", provider_reference="pi_failed")
    age(order, 45)
    with responses.RequestsMock():  # no provider call
        assert services.payments_expire_unpaid() == 1
    order.refresh_from_db()
    assert order.status == "cancelled"


@responses.activate
def test_an_order_paid_but_whose_webhook_is_late_is_not_expired(stripe_keys, order_for):
    order = order_for("stripe", payment_status="pending")
    payment = PaymentFactory(order=order, status="pending", provider_reference="pi_late")
    age(order, 45)
    responses.get(f"{fakes.STRIPE_API}/payment_intents/pi_late",
                  json=fakes.stripe_intent(pi_id="pi_late", status="succeeded", payment_id=str(payment.pk)))
    assert services.payments_expire_unpaid() == 0
    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.status, order.payment_status, payment.status) == ("pending", "paid", "completed")


@responses.activate
def test_an_order_whose_provider_cannot_be_asked_waits_for_the_next_run(stripe_keys, order_for):
    order = order_for("stripe", payment_status="pending")
    PaymentFactory(order=order, status="pending", provider_reference="pi_unknown")
    age(order, 45)
    responses.get(f"{fakes.STRIPE_API}/payment_intents/pi_unknown", body=requests.ConnectionError("down"))
    assert services.payments_expire_unpaid() == 0
    order.refresh_from_db()
    assert order.status == "pending"


@responses.activate
def test_an_expired_open_intent_is_failed(stripe_keys, order_for):
    order = order_for("stripe", payment_status="pending")
    payment = PaymentFactory(order=order, status="pending", provider_reference="pi_open")
    age(order, 45)
    responses.get(f"{fakes.STRIPE_API}/payment_intents/pi_open",
                  json=fakes.stripe_intent(pi_id="pi_open", status="requires_payment_method"))
    assert services.payments_expire_unpaid() == 1
    payment.refresh_from_db()
    assert payment.status == "failed"


def test_the_beat_schedule_runs_the_expiry():
    from config.celery_app import collect_beat_schedule

    assert collect_beat_schedule()["payments-expire-unpaid"]["task"] == "payments.expire_unpaid"


# --- money that arrives when it should not --------------------------------------------------------

@responses.activate
def test_a_payment_arriving_after_expiry_is_refunded_automatically(stripe_keys, order_for, on_commit):
    order = order_for("stripe")
    payment = PaymentFactory(order=order, status="failed", provider_reference="pi_late")
    age(order, 45)
    services.payments_expire_unpaid()
    refund = responses.post(f"{fakes.STRIPE_API}/refunds", json=fakes.stripe_refund(pi_id="pi_late"))
    obj = fakes.stripe_intent(pi_id="pi_late", status="succeeded", payment_id=str(payment.pk))
    body = fakes.dumps(fakes.stripe_event("payment_intent.succeeded", obj))
    with on_commit():
        services.webhook_receive(provider="stripe", body=body.encode(),
                                 headers={"Stripe-Signature": fakes.stripe_signature(body)})
    assert refund.call_count == 1
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == "refunded"
    assert (order.status, order.payment_status) == ("cancelled", "refunded")


@responses.activate
def test_a_second_payment_of_a_paid_order_is_refunded_and_the_order_stays_paid(stripe_keys, order_for, on_commit):
    order = order_for("stripe", payment_status="paid")
    PaymentFactory(order=order, status="completed", provider_reference="pi_first")
    second = PaymentFactory(order=order, status="pending", provider_reference="pi_second")
    refund = responses.post(f"{fakes.STRIPE_API}/refunds", json=fakes.stripe_refund(pi_id="pi_second"))
    obj = fakes.stripe_intent(pi_id="pi_second", status="succeeded", payment_id=str(second.pk))
    body = fakes.dumps(fakes.stripe_event("payment_intent.succeeded", obj))
    with on_commit():
        services.webhook_receive(provider="stripe", body=body.encode(),
                                 headers={"Stripe-Signature": fakes.stripe_signature(body)})
    assert refund.call_count == 1 and "payment_intent=pi_second" in refund.calls[0].request.body
    order.refresh_from_db()
    second.refresh_from_db()
    assert second.status == "refunded"
    assert (order.status, order.payment_status) == ("pending", "paid")


@responses.activate
def test_cancelling_a_paid_order_refunds_it(stripe_keys, order_for, buyer, on_commit):
    order = order_for("stripe", payment_status="paid")
    payment = PaymentFactory(order=order, status="completed", provider_reference="pi_paid")
    refund = responses.post(f"{fakes.STRIPE_API}/refunds", json=fakes.stripe_refund(pi_id="pi_paid"))
    with on_commit():
        order_cancel(order=order, by=buyer, reason="Đổi ý")
    assert refund.call_count == 1
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("refunded", Decimal("259000"))
    assert order.payment_status == "refunded"
