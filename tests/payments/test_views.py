"""Storefront pay pages, outcomes, history, cards, refunds; and the back office."""
from decimal import Decimal

import pytest
import responses
from django.test import Client

from apps.payments.models import Payment
from tests.factories.accounts import UserFactory
from tests.factories.payments import PaymentEventFactory, PaymentFactory, SavedPaymentMethodFactory
from tests.payments import fakes

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def buyer_client(buyer):
    client = Client()
    client.force_login(buyer)
    return client


def test_cod_page_confirms_nothing_to_pay_now(buyer_client, order_for):
    order = order_for("cod")
    page = buyer_client.get(f"/pay/{order.pk}/")
    assert page.status_code == 200
    assert "Cash on delivery" in page.content.decode() or "Thanh toán khi nhận hàng" in page.content.decode()


def test_bank_transfer_page_shows_the_account_reference_and_a_qr_image(buyer_client, order_for, settings):
    settings.LANGUAGE_CODE = "en"
    order = order_for("bank_transfer")
    html = buyer_client.get(f"/pay/{order.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    reference = "".join(c for c in order.order_number if c.isalnum())
    assert reference in html
    assert settings.BANK_TRANSFER_ACCOUNT["account_number"] in html
    assert 'src="data:image/png;base64,' in html


@responses.activate
def test_stripe_page_mounts_elements_with_the_publishable_key_and_client_secret(buyer_client, order_for, stripe_keys):
    order = order_for("stripe")
    responses.post(f"{fakes.STRIPE_API}/payment_intents", json=fakes.stripe_intent(pi_id="pi_1"))
    page = buyer_client.get(f"/pay/{order.pk}/")
    html = page.content.decode()
    assert 'data-publishable-key="pk_test_51Fake"' in html
    assert 'data-client-secret="pi_1_secret_Xk9TfF3Pq1"' in html
    assert '<script src="https://js.stripe.com/v3/"' in html
    csp = page.headers["Content-Security-Policy"]
    assert "https://js.stripe.com" in csp and "unsafe-inline" not in csp
    assert "<script>" not in html  # every script carries the nonce or a source


def test_paypal_page_loads_the_buttons(buyer_client, order_for, paypal_keys):
    order = order_for("paypal")
    html = buyer_client.get(f"/pay/{order.pk}/").content.decode()
    assert "https://www.paypal.com/sdk/js?client-id=AeFakeClientId&currency=USD" in html
    assert f'data-create-url="/pay/{order.pk}/paypal/create/"' in html


@responses.activate
def test_momo_start_redirects_to_momo(buyer_client, order_for, momo_keys):
    order = order_for("momo")
    responses.post(f"{fakes.MOMO_API}/v2/gateway/api/create",
                   json=fakes.momo_create_response(order_id="x", request_id="y", amount=259000))
    response = buyer_client.post(f"/pay/{order.pk}/start/")
    assert response.status_code == 302 and response["Location"].startswith(f"{fakes.MOMO_API}/v2/gateway/pay")


@responses.activate
def test_paypal_return_captures_and_shows_success(buyer_client, order_for, paypal_keys):
    order = order_for("paypal")
    payment = PaymentFactory(order=order, provider="paypal", provider_reference="5O190127TN364715T",
                             provider_amount=Decimal("10.10"), provider_currency="USD")
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders/5O190127TN364715T/capture",
                   json=fakes.paypal_order_captured(payment_id=str(payment.pk)), status=201)
    response = buyer_client.get(f"/pay/{order.pk}/return/?token=5O190127TN364715T&PayerID=QYR5Z8XDVJNXQ")
    assert response["Location"] == f"/pay/{order.pk}/success/"
    assert buyer_client.get(response["Location"]).status_code == 200


@responses.activate
def test_paypal_buttons_capture_endpoint(buyer_client, order_for, paypal_keys):
    order = order_for("paypal")
    payment = PaymentFactory(order=order, provider="paypal", provider_reference="5O190127TN364715T",
                             provider_amount=Decimal("10.10"), provider_currency="USD")
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders/5O190127TN364715T/capture",
                   json=fakes.paypal_order_captured(payment_id=str(payment.pk)), status=201)
    response = buyer_client.post(f"/pay/{order.pk}/paypal/capture/", data='{"paypal_order_id": "5O190127TN364715T"}',
                            content_type="application/json")
    assert response.json() == {"status": "completed", "redirect": f"/pay/{order.pk}/success/"}


def test_failure_page_offers_to_pay_again(buyer_client, order_for):
    order = order_for("stripe", payment_status="failed")
    PaymentFactory(order=order, status="failed", failure_message="Thẻ của bạn bị từ chối.")
    html = buyer_client.get(f"/pay/{order.pk}/failed/").content.decode()
    assert "Thẻ của bạn bị từ chối." in html
    assert f'href="/pay/{order.pk}/"' in html


def test_no_pay_again_for_a_cancelled_order(buyer_client, order_for):
    order = order_for("stripe", status="cancelled", payment_status="failed")
    PaymentFactory(order=order, status="failed")
    assert f'href="/pay/{order.pk}/"' not in buyer_client.get(f"/pay/{order.pk}/failed/").content.decode()


def test_someone_elses_pay_page_is_404(order_for):
    client = Client()
    client.force_login(UserFactory())
    assert client.get(f"/pay/{order_for('cod').pk}/").status_code == 404


def test_pay_page_needs_login(order_for):
    response = Client().get(f"/pay/{order_for('cod').pk}/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_paid_order_goes_to_success(buyer_client, order_for):
    order = order_for("stripe", payment_status="paid")
    assert buyer_client.get(f"/pay/{order.pk}/")["Location"] == f"/pay/{order.pk}/success/"


def test_history_page_lists_my_payments_with_pay_again(buyer_client, order_for):
    failed = PaymentFactory(order=order_for("stripe", payment_status="failed"), status="failed")
    PaymentFactory()  # someone else's
    html = buyer_client.get("/payments/").content.decode()
    assert failed.order.order_number in html
    assert html.count("<tr>") == 2  # header + my one payment
    assert f'href="/pay/{failed.order.pk}/"' in html


@responses.activate
def test_saved_cards_page_removes_a_card(buyer_client, buyer, stripe_keys):
    card = SavedPaymentMethodFactory(user=buyer)
    assert "4242" in buyer_client.get("/payments/cards/").content.decode()
    responses.post(f"{fakes.STRIPE_API}/payment_methods/{card.payment_method_id}/detach",
                   json={"id": card.payment_method_id, "object": "payment_method"})
    buyer_client.post(f"/payments/cards/{card.pk}/remove/")
    assert "4242" not in buyer_client.get("/payments/cards/").content.decode()


def test_seller_refund_page_refuses_more_than_paid(order_for):
    order = order_for("cod", status="delivered", payment_status="paid")
    payment = PaymentFactory(order=order, provider="cod", status="completed", provider_reference="COD-x")
    client = Client()
    client.force_login(order.shop.owner)
    response = client.post(f"/payments/{payment.pk}/refund/", {"amount": "999999", "reason": "x"})
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.refunded_amount == 0
    client.post(f"/payments/{payment.pk}/refund/", {"amount": "59000", "reason": "Trả một phần"})
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("59000")


def test_buyer_cannot_open_the_refund_page(buyer_client, order_for):
    payment = PaymentFactory(order=order_for("stripe", payment_status="paid"), status="completed")
    assert buyer_client.get(f"/payments/{payment.pk}/refund/").status_code == 404


def test_seller_marks_transfer_received_from_the_order_page(order_for):
    order = order_for("bank_transfer")
    client = Client()
    client.force_login(order.shop.owner)
    response = client.post(f"/pay/{order.pk}/mark-received/", {"next": "https://evil.example/"})
    assert response["Location"] == f"/seller/orders/{order.pk}/"
    order.refresh_from_db()
    assert order.payment_status == "paid"


# --- back office ----------------------------------------------------------------------------------

@pytest.fixture
def staff_client(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


def test_admin_payment_shows_its_event_log(staff_client, order_for):
    event = PaymentEventFactory(payment=PaymentFactory(order=order_for("stripe")), event_id="evt_shown",
                                payload={"id": "evt_shown", "client_secret": "[redacted]"})
    html = staff_client.get(f"/admin/payments/payment/{event.payment.pk}/change/").content.decode()
    assert "evt_shown" in html and "[redacted]" in html


def test_reconciliation_flags_mismatches(staff_client, order_for):
    paid_unconfirmed = PaymentFactory(order=order_for("stripe", payment_status="paid"), status="completed")
    confirmed = PaymentFactory(order=order_for("stripe", payment_status="paid"), status="completed")
    PaymentEventFactory(payment=confirmed, amount=confirmed.amount, currency="VND")
    success_not_applied = PaymentFactory(order=order_for("stripe"), status="pending")
    PaymentEventFactory(payment=success_not_applied, amount=Decimal("1000"), applied=False,
                        note="amount mismatch: provider reports 1000")
    PaymentEventFactory(payment=None, provider="stripe", event_id="evt_orphan")

    html = staff_client.get("/admin/payments/payment/reconciliation/").content.decode()
    assert paid_unconfirmed.order.order_number in html
    assert "paid here, no confirmation from the provider" in html
    assert success_not_applied.order.order_number in html
    assert "provider reported success, ours is pending" in html
    assert "evt_orphan" in html and "provider event matches no payment" in html
    assert confirmed.order.order_number not in html  # matches: only shown with "all"
    assert confirmed.order.order_number in staff_client.get(
        "/admin/payments/payment/reconciliation/?all=1").content.decode()


@responses.activate
def test_admin_refund_action(staff_client, order_for, stripe_keys):
    payment = PaymentFactory(order=order_for("stripe", payment_status="paid"), status="completed",
                             provider_reference="pi_admin")
    responses.post(f"{fakes.STRIPE_API}/refunds", json=fakes.stripe_refund(pi_id="pi_admin"))
    staff_client.post("/admin/payments/payment/", {"action": "refund_in_full", "_selected_action": [payment.pk]})
    payment.refresh_from_db()
    assert payment.status == "refunded"


def test_reconciliation_is_staff_only(buyer_client):
    response = buyer_client.get("/admin/payments/payment/reconciliation/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_payments_cannot_be_added_by_hand(staff_client):
    assert staff_client.get("/admin/payments/payment/add/").status_code == 403
    assert Payment.objects.count() == 0


def _render_panel(order, user):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/orders/x/")
    request.user = user
    return Template("{% load payment_tags %}{% order_payment_panel order %}").render(
        Context({"order": order, "request": request, "csrf_token": "t"}))


def test_order_panel_offers_the_buyer_to_pay_again(order_for, buyer):
    order = order_for("stripe", payment_status="failed")
    PaymentFactory(order=order, status="failed", failure_message="Thẻ bị từ chối.")
    html = _render_panel(order, buyer)
    assert f'href="/pay/{order.pk}/"' in html and "Thẻ bị từ chối." in html


def test_order_panel_lets_the_seller_mark_a_transfer_and_refund(order_for):
    order = order_for("bank_transfer")
    html = _render_panel(order, order.shop.owner)
    assert f'action="/pay/{order.pk}/mark-received/"' in html
    paid = order_for("stripe", payment_status="paid")
    payment = PaymentFactory(order=paid, status="completed")
    assert f'href="/payments/{payment.pk}/refund/"' in _render_panel(paid, paid.shop.owner)
    assert "/refund/" not in _render_panel(paid, paid.buyer)


def test_pages_speak_vietnamese_by_default(buyer_client, order_for):
    order = order_for("stripe", payment_status="failed")
    PaymentFactory(order=order, status="failed")
    html = buyer_client.get(f"/pay/{order.pk}/failed/").content.decode()
    assert "Thanh toán của bạn không thành công" in html and "Thanh toán lại" in html
