"""The orders REST API as the mobile app sees it (API.md, Orders)."""
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.core.money import format_money
from apps.orders.models import Order
from tests.factories.accounts import AddressFactory, UserFactory
from tests.factories.orders import OrderFactory
from tests.factories.shops import ShopFactory

pytestmark = pytest.mark.django_db

ORDER_KEYS = {"id", "order_number", "status", "shop", "items", "shipping_address", "shipping_method",
              "tracking_number", "subtotal", "shipping_fee", "discount", "tax", "total", "currency",
              "payment_method", "payment_status", "created_at", "status_history"}
ITEM_KEYS = {"product_snapshot", "variant_snapshot", "quantity", "unit_price", "subtotal"}


def url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs or None)


@pytest.fixture
def buyer_client(client_for, buyer):
    return client_for(buyer)


@pytest.fixture
def body(address):
    return {"address_id": str(address.pk), "payment_method": "cod", "shipping_method": "standard"}


# --- checkout and placement -------------------------------------------------------------------
def test_checkout_summary_prices_without_creating_anything(buyer_client, buyer, variant, book, add_to_cart, body):
    add_to_cart(buyer, variant, 2)
    add_to_cart(buyer, book, 1)
    response = buyer_client.post(url("checkout-summary"), {**body, "shipping_method": "express"}, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert len(data["shops"]) == 2
    assert data["subtotal"] == "603000.00"  # 2 × 259 000 + 85 000
    assert data["shipping_fee"] == "95000.00"  # express 50 000 + 45 000
    assert data["total"] == str(sum(Decimal(s["total"]) for s in data["shops"]).quantize(Decimal("0.01")))
    assert data["payment_methods"] == ["cod", "bank_transfer"]
    assert all(s["estimated_delivery_date"] for s in data["shops"])
    assert Order.objects.count() == 0


def test_place_returns_201_with_one_order_per_shop(buyer_client, buyer, variant, book, add_to_cart, body):
    add_to_cart(buyer, variant, 1)
    add_to_cart(buyer, book, 2)
    response = buyer_client.post(url("order-list"), {**body, "voucher_codes": [], "notes": "Gọi trước"},
                                 format="json")
    assert response.status_code == 201, response.json()
    orders = response.json()
    assert isinstance(orders, list) and len(orders) == 2
    for order in orders:
        assert ORDER_KEYS <= set(order)
        assert ITEM_KEYS <= set(order["items"][0])
        assert order["status"] == "pending" and order["currency"] == "VND"
        assert order["status_history"][0]["status"] == "pending" and order["status_history"][0]["by"] == "buyer"
        assert set(order["shipping_address"]) >= {"recipient_name", "phone_number", "street_address", "ward",
                                                   "district", "city"}
    assert buyer_client.get(reverse("api:order-list")).json()["count"] == 2


def test_the_placement_answer_is_what_reading_the_orders_back_gives(buyer_client, buyer, variant, book, add_to_cart,
                                                                      body):
    add_to_cart(buyer, variant, 1)
    add_to_cart(buyer, book, 2)
    placed = buyer_client.post(url("order-list"), body, format="json").json()
    assert [buyer_client.get(url("order-detail", pk=o["id"])).json() for o in placed] == placed


def test_the_same_idempotency_key_answers_the_same_orders(buyer_client, buyer, variant, add_to_cart, body):
    add_to_cart(buyer, variant, 1)
    first = buyer_client.post(url("order-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = buyer_client.post(url("order-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Order.objects.count() == 1
    variant.refresh_from_db()
    assert variant.stock == 9


@pytest.mark.parametrize(("change", "field"), [
    ({"address_id": None}, "address_id"),
    ({"payment_method": "bitcoin"}, "payment_method"),
    ({"shipping_method": "drone"}, "shipping_method"),
])
def test_bad_placement_input_is_400(buyer_client, buyer, variant, add_to_cart, body, change, field):
    add_to_cart(buyer, variant, 1)
    data = {**body, **change}
    if data["address_id"] is None:
        del data["address_id"]
    response = buyer_client.post(url("order-list"), data, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert field in response.json()["error"]["details"]
    assert Order.objects.count() == 0


def test_someone_elses_address_is_400(buyer_client, buyer, variant, add_to_cart, body):
    add_to_cart(buyer, variant, 1)
    response = buyer_client.post(url("order-list"), {**body, "address_id": str(AddressFactory().pk)}, format="json")
    assert response.status_code == 400
    assert "address_id" in response.json()["error"]["details"]


def test_out_of_stock_is_422(buyer_client, buyer, variant, add_to_cart, body):
    add_to_cart(buyer, variant, 1)
    variant.stock = 0
    variant.save()
    response = buyer_client.post(url("order-list"), body, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "out_of_stock"


def test_empty_cart_is_422(buyer_client, body):
    response = buyer_client.post(url("order-list"), body, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "cart_empty"


def test_unknown_voucher_is_422_voucher_invalid(buyer_client, buyer, variant, add_to_cart, body):
    add_to_cart(buyer, variant, 1)
    response = buyer_client.post(url("order-list"), {**body, "voucher_codes": ["NOPE2026"]}, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "voucher_invalid"
    assert Order.objects.count() == 0


def test_placement_is_rate_limited(buyer_client, body, settings):
    statuses = [buyer_client.post(url("order-list"), body, format="json").status_code for _ in range(31)]
    assert statuses[:30] == [422] * 30
    assert statuses[30] == 429


def test_anonymous_is_401(api_client, body):
    assert api_client.post(url("order-list"), body, format="json").status_code == 401
    assert api_client.get(url("order-list")).status_code == 401


# --- reading ----------------------------------------------------------------------------------
def test_list_is_own_only_paginated_and_filtered(buyer_client, buyer):
    OrderFactory.create_batch(3, buyer=buyer)
    OrderFactory(buyer=buyer, status="cancelled")
    OrderFactory()  # someone else's
    data = buyer_client.get(url("order-list"), {"page_size": 2}).json()
    assert data["count"] == 4 and len(data["results"]) == 2 and data["next"]
    cancelled = buyer_client.get(url("order-list"), {"status": "cancelled"}).json()
    assert cancelled["count"] == 1 and cancelled["results"][0]["status"] == "cancelled"
    assert buyer_client.get(url("order-list"), {"status": "bogus"}).json()["count"] == 0


def test_list_query_count_does_not_grow(buyer_client, buyer):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert buyer_client.get(url("order-list")).status_code == 200
        return len(ctx.captured_queries)

    OrderFactory.create_batch(2, buyer=buyer)
    few = count_queries()
    OrderFactory.create_batch(6, buyer=buyer, status="confirmed")
    assert count_queries() == few


def test_detail_of_anothers_order_is_404(buyer_client, buyer):
    mine, theirs = OrderFactory(buyer=buyer), OrderFactory()
    assert buyer_client.get(url("order-detail", pk=mine.pk)).status_code == 200
    response = buyer_client.get(url("order-detail", pk=theirs.pk))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert buyer_client.post(url("order-cancel", pk=theirs.pk), {"reason": "x"}, format="json").status_code == 404
    assert buyer_client.get(url("order-tracking", pk=theirs.pk)).status_code == 404


def test_cancel_then_cancel_again_is_invalid_transition(buyer_client, buyer):
    order = OrderFactory(buyer=buyer, status="confirmed")
    response = buyer_client.post(url("order-cancel", pk=order.pk), {"reason": "Đổi ý"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["status_history"][-1]["by"] == "buyer"
    again = buyer_client.post(url("order-cancel", pk=order.pk), {"reason": "Đổi ý"}, format="json")
    assert again.status_code == 422 and again.json()["error"]["code"] == "invalid_transition"


def test_cancel_needs_a_reason(buyer_client, buyer):
    order = OrderFactory(buyer=buyer)
    assert buyer_client.post(url("order-cancel", pk=order.pk), {}, format="json").status_code == 400


def test_shipping_order_cannot_be_cancelled(buyer_client, buyer):
    order = OrderFactory(buyer=buyer, status="shipping")
    response = buyer_client.post(url("order-cancel", pk=order.pk), {"reason": "x"}, format="json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_transition"


def test_tracking(buyer_client, buyer):
    order = OrderFactory(buyer=buyer, status="shipping", tracking_number="GHN42", carrier="GHN")
    data = buyer_client.get(url("order-tracking", pk=order.pk)).json()
    assert (data["tracking_number"], data["carrier"], data["status"]) == ("GHN42", "GHN", "shipping")
    assert [s["status"] for s in data["steps"]] == ["pending", "confirmed", "packed", "shipping", "delivered",
                                                   "completed"]
    assert data["steps"][0]["done"] and not data["steps"][-1]["done"]


# --- invoice ----------------------------------------------------------------------------------
def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(content)
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


def test_invoice_pdf_shows_number_total_and_vietnamese(buyer_client, buyer, tmp_path):
    order = OrderFactory(buyer=buyer, total=Decimal("1250000"), subtotal=Decimal("1220000"), tax=Decimal("113636"))
    response = buyer_client.get(url("order-invoice", pk=order.pk), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert order.order_number in text
    assert format_money(Decimal("1250000"), "VND", "vi") in text  # "1.250.000 ₫"
    assert order.shop.name in text
    assert "VAT" in text or "GTGT" in text


def test_invoice_is_for_buyer_seller_and_staff_only(client_for, staff_user):
    order = OrderFactory()
    for allowed in (order.buyer, order.shop.owner, staff_user):
        assert client_for(allowed).get(url("order-invoice", pk=order.pk)).status_code == 200
    for stranger in (UserFactory(), ShopFactory().owner):
        assert client_for(stranger).get(url("order-invoice", pk=order.pk)).status_code == 404


# --- seller -----------------------------------------------------------------------------------
def test_seller_sees_only_own_shop_orders(client_for):
    mine = OrderFactory()
    theirs = OrderFactory()
    seller = client_for(mine.shop.owner)
    data = seller.get(url("seller-order-list")).json()
    assert [o["id"] for o in data["results"]] == [str(mine.pk)]
    assert seller.get(url("seller-order-detail", pk=mine.pk)).status_code == 200
    assert seller.get(url("seller-order-detail", pk=theirs.pk)).status_code == 404
    assert seller.patch(url("seller-order-status", pk=theirs.pk), {"status": "confirmed"},
                        format="json").status_code == 404


def test_seller_moves_the_order_along(client_for):
    order = OrderFactory()
    seller = client_for(order.shop.owner)
    for status in ("confirmed", "packed"):
        response = seller.patch(url("seller-order-status", pk=order.pk), {"status": status}, format="json")
        assert response.status_code == 200 and response.json()["status"] == status
    shipped = seller.patch(url("seller-order-status", pk=order.pk),
                           {"status": "shipping", "tracking_number": "SPX9", "carrier": "SPX"}, format="json").json()
    assert (shipped["status"], shipped["tracking_number"], shipped["carrier"]) == ("shipping", "SPX9", "SPX")
    assert [h["status"] for h in shipped["status_history"]] == ["pending", "confirmed", "packed", "shipping"]
    assert shipped["status_history"][-1]["by"] == "seller"


@pytest.mark.parametrize(("current", "target"), [("pending", "packed"), ("confirmed", "cancelled"),
                                                 ("delivered", "completed"), ("cancelled", "confirmed")])
def test_seller_forbidden_change_is_422(client_for, current, target):
    order = OrderFactory(status=current)
    response = client_for(order.shop.owner).patch(url("seller-order-status", pk=order.pk), {"status": target},
                                                  format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_transition"
    assert Order.objects.get(pk=order.pk).status == current


def test_buyers_cannot_use_seller_endpoints(buyer_client):
    assert buyer_client.get(url("seller-order-list")).status_code == 403


def test_bulk_confirm(client_for):
    first = OrderFactory()
    second = OrderFactory(shop=first.shop)
    done = OrderFactory(shop=first.shop, status="delivered")
    response = client_for(first.shop.owner).post(url("seller-order-bulk-confirm"),
                                                 {"order_ids": [str(first.pk), str(second.pk), str(done.pk)]},
                                                 format="json")
    assert response.status_code == 200
    assert sorted(response.json()["confirmed"]) == sorted([str(first.pk), str(second.pk)])
    assert list(response.json()["refused"]) == [str(done.pk)]


def test_seller_list_query_count_does_not_grow(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    shop = ShopFactory()
    client = client_for(shop.owner)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("seller-order-list")).status_code == 200
        return len(ctx.captured_queries)

    OrderFactory(shop=shop)
    few = count()
    OrderFactory.create_batch(5, shop=shop)
    assert count() == few
