"""Duplicates delivered at the same time, and refunds racing each other, on PostgreSQL with real threads."""
import json
import threading
from decimal import Decimal

import pytest
import responses
from django.db import connection

from apps.payments import services
from apps.payments.models import Payment, PaymentEvent, Refund
from tests.factories.payments import PaymentFactory, online_order
from tests.payments import fakes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 6


def run_together(target, n=WORKERS):
    """Run `target()` in n threads released at the same moment; returns (results, errors)."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # collected for the assertions
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_the_same_event_delivered_concurrently_is_applied_exactly_once(stripe_keys):
    from apps.notifications.models import Notification

    payment = PaymentFactory(order=online_order(method="stripe"), provider_reference="pi_race")
    obj = fakes.stripe_intent(pi_id="pi_race", status="succeeded", payment_id=str(payment.pk))
    body = fakes.dumps(fakes.stripe_event("payment_intent.succeeded", obj, event_id="evt_race"))
    headers = {"Stripe-Signature": fakes.stripe_signature(body)}

    results, errors = run_together(lambda: services.webhook_receive(provider="stripe", body=body.encode(),
                                                                    headers=headers))
    assert not errors
    assert sorted(applied for _event, applied in results) == [False] * (WORKERS - 1) + [True]
    assert PaymentEvent.objects.filter(provider="stripe", event_id="evt_race").count() == 1
    payment.refresh_from_db()
    assert payment.status == "completed"
    assert payment.order.__class__.objects.get(pk=payment.order_id).payment_status == "paid"
    assert Notification.objects.filter(kind="payment.completed").count() == 1


def test_different_events_for_one_payment_at_once_leave_it_consistent(stripe_keys):
    payment = PaymentFactory(order=online_order(method="stripe"), provider_reference="pi_mix")
    kinds = ["payment_intent.succeeded", "payment_intent.processing", "payment_intent.payment_failed"] * 2
    bodies = []
    for i, kind in enumerate(kinds):
        status = {"payment_intent.succeeded": "succeeded", "payment_intent.processing": "processing"}.get(
            kind, "requires_payment_method")
        obj = fakes.stripe_intent(pi_id="pi_mix", status=status, payment_id=str(payment.pk))
        bodies.append(fakes.dumps(fakes.stripe_event(kind, obj, event_id=f"evt_mix_{i}")))
    lock, queue = threading.Lock(), list(bodies)

    def deliver():
        with lock:
            body = queue.pop()
        return services.webhook_receive(provider="stripe", body=body.encode(),
                                        headers={"Stripe-Signature": fakes.stripe_signature(body)})

    _results, errors = run_together(deliver, n=len(bodies))
    assert not errors
    payment.refresh_from_db()
    # Whatever the arrival order, a success is never undone by a late failure or "processing".
    assert payment.status == "completed"
    assert PaymentEvent.objects.filter(payment=payment, direction="in").count() == len(bodies)


@responses.activate
def test_concurrent_refunds_never_exceed_what_was_paid(stripe_keys, django_user_model):
    order = online_order(method="stripe", payment_status="paid")
    payment = PaymentFactory(order=order, status="completed", provider_reference="pi_refunds")
    staff = django_user_model.objects.create_user(email="staff-race@example.com", password="x", is_staff=True)
    counter = iter(range(100))

    def refund_created(request):
        return 200, {}, json.dumps(fakes.stripe_refund(re_id=f"re_race_{next(counter)}", amount=100000))

    responses.add_callback(responses.POST, f"{fakes.STRIPE_API}/refunds", callback=refund_created)

    _results, errors = run_together(lambda: services.payment_refund(
        payment=Payment.objects.get(pk=payment.pk), by=staff, amount=Decimal("100000"), reason="race"))
    payment.refresh_from_db()
    assert {type(e).__name__ for e in errors} == {"ValidationFailed"}
    assert Refund.objects.filter(payment=payment, status="completed").count() == 2
    assert payment.refunded_amount == Decimal("200000")
    assert len(errors) == WORKERS - 2
    assert len(responses.calls) == 2  # the refused ones never reached Stripe
