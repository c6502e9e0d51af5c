"""Cart and wishlist API through DRF's client: status, body shape, errors, query counts."""
from decimal import Decimal

import pytest

from apps.cart.services import cart_add, cart_get_for_user, cart_save_for_later, wishlist_add
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.factories.vouchers import VoucherFactory

pytestmark = pytest.mark.django_db


def test_cart_needs_authentication(api_client):
    response = api_client.get("/api/v1/cart")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_add_items_and_get_the_cart_grouped_by_shop(auth_client, phone, book):
    response = auth_client.post("/api/v1/cart/items", {"variant_id": str(phone.pk), "quantity": 2}, format="json")
    assert response.status_code == 201
    auth_client.post("/api/v1/cart/items", {"variant_id": str(book.pk)}, format="json")
    body = auth_client.get("/api/v1/cart").json()
    assert [s["shop"]["name"] for s in body["shops"]] == ["Điện Thoại Sài Gòn", "Nhà Sách Hà Nội"]
    first = body["shops"][0]
    assert first["subtotal"] == "518000.00"
    assert first["shipping_fee"] == "0.00"  # the shop's 500.000 threshold is reached
    assert first["items"][0]["quantity"] == 2
    assert body["shops"][1]["shipping_fee"] == "20000.00"
    assert body["total"] == "623000.00"
    assert body["currency"] == "VND"
    assert body["item_count"] == 3
    assert set(body) >= {"shops", "subtotal", "shipping_fee", "discount", "tax", "total", "vouchers"}


def test_express_shipping_by_query_param(auth_client, phone):
    auth_client.post("/api/v1/cart/items", {"variant_id": str(phone.pk)}, format="json")
    body = auth_client.get("/api/v1/cart?shipping_method=express").json()
    assert body["shipping_fee"] == "50000.00"
    assert auth_client.get("/api/v1/cart?shipping_method=drone").status_code == 400


def test_adding_more_than_the_stock_is_422_with_the_available_quantity(auth_client, phone):
    response = auth_client.post("/api/v1/cart/items", {"variant_id": str(phone.pk), "quantity": 6}, format="json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "out_of_stock"
    assert error["details"]["available"] == 5
    assert auth_client.get("/api/v1/cart").json()["item_count"] == 0


def test_unknown_variant_is_404_and_bad_quantity_400(auth_client):
    assert auth_client.post("/api/v1/cart/items", {"variant_id": "00000000-0000-0000-0000-000000000000"},
                            format="json").status_code == 404
    assert auth_client.post("/api/v1/cart/items", {"variant_id": "x", "quantity": 0},
                            format="json").status_code == 400


def test_patch_and_delete_an_item_and_others_items_are_404(auth_client, phone, make_user, client_for):
    auth_client.post("/api/v1/cart/items", {"variant_id": str(phone.pk)}, format="json")
    item_id = auth_client.get("/api/v1/cart").json()["shops"][0]["items"][0]["id"]
    response = auth_client.patch(f"/api/v1/cart/items/{item_id}", {"quantity": 3}, format="json")
    assert response.status_code == 200
    assert response.json()["item_count"] == 3
    other = client_for(make_user())
    assert other.patch(f"/api/v1/cart/items/{item_id}", {"quantity": 1}, format="json").status_code == 404
    assert other.delete(f"/api/v1/cart/items/{item_id}").status_code == 404
    assert auth_client.delete(f"/api/v1/cart/items/{item_id}").status_code == 204
    assert auth_client.get("/api/v1/cart").json()["shops"] == []


def test_clear_the_cart(auth_client, phone):
    auth_client.post("/api/v1/cart/items", {"variant_id": str(phone.pk)}, format="json")
    assert auth_client.delete("/api/v1/cart").status_code == 204
    assert auth_client.get("/api/v1/cart").json()["item_count"] == 0


def test_sync_reports_adjustments(auth_client, phone):
    response = auth_client.post("/api/v1/cart/sync", {"items": [{"variant_id": str(phone.pk), "quantity": 9}]},
                                format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["item_count"] == 5
    assert body["adjustments"][0]["quantity"] == 5


def test_apply_and_remove_a_voucher(auth_client, phone):
    VoucherFactory(code="GIAM10", title="Giảm 10%")
    VoucherFactory(code="MIN1M", min_order_value=Decimal("1000000"))
    auth_client.post("/api/v1/cart/items", {"variant_id": str(phone.pk)}, format="json")
    body = auth_client.post("/api/v1/cart/vouchers", {"code": "giam10"}, format="json").json()
    assert body["discount"] == "25900.00"
    assert body["vouchers"][0]["code"] == "GIAM10"
    refused = auth_client.post("/api/v1/cart/vouchers", {"code": "MIN1M"}, format="json")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "voucher_invalid"
    assert "1.000.000" in refused.json()["error"]["message"]
    assert auth_client.delete("/api/v1/cart/vouchers/GIAM10").status_code == 204
    assert auth_client.get("/api/v1/cart").json()["discount"] == "0.00"
    assert auth_client.delete("/api/v1/cart/vouchers/GIAM10").status_code == 404


def test_save_for_later_list_and_move_back(auth_client, phone, book):
    auth_client.post("/api/v1/cart/items", {"variant_id": str(phone.pk)}, format="json")
    auth_client.post("/api/v1/cart/items", {"variant_id": str(book.pk)}, format="json")
    item_id = auth_client.get("/api/v1/cart").json()["shops"][0]["items"][0]["id"]
    body = auth_client.post(f"/api/v1/cart/items/{item_id}/save-for-later").json()
    assert body["subtotal"] == "85000.00"
    saved = auth_client.get("/api/v1/cart/saved").json()
    assert saved["count"] == 1
    assert saved["results"][0]["title"] == "Điện thoại Lumi X"
    assert auth_client.post(f"/api/v1/cart/saved/{item_id}/move-to-cart").json()["subtotal"] == "344000.00"


def test_price_change_shows_in_the_api(auth_client, phone):
    auth_client.post("/api/v1/cart/items", {"variant_id": str(phone.pk)}, format="json")
    phone.price = Decimal("249000")
    phone.save()
    line = auth_client.get("/api/v1/cart").json()["shops"][0]["items"][0]
    assert line["unit_price"] == "249000.00"
    assert line["price_changed_from"] == "259000.00"


def test_cart_query_count_does_not_grow_with_items(auth_client):
    cart = cart_get_for_user(auth_client.user)
    VoucherFactory(code="ALL5", value=Decimal("5"))
    for _ in range(2):
        cart_add(cart=cart, variant_id=VariantFactory().pk)
    auth_client.post("/api/v1/cart/vouchers", {"code": "ALL5"}, format="json")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert auth_client.get("/api/v1/cart").status_code == 200
    for _ in range(5):
        cart_add(cart=cart, variant_id=VariantFactory().pk)
    with CaptureQueriesContext(connection) as large:
        assert auth_client.get("/api/v1/cart").json()["item_count"] == 7
    assert len(large) == len(small)


# --- wishlist -------------------------------------------------------------------------------
def test_wishlist_add_list_count_remove(auth_client, phone):
    product_id = str(phone.product_id)
    assert auth_client.post("/api/v1/wishlist", {"product_id": product_id}, format="json").status_code == 201
    assert auth_client.post("/api/v1/wishlist", {"product_id": product_id}, format="json").status_code == 200
    body = auth_client.get("/api/v1/wishlist").json()
    assert body["count"] == 1
    assert body["results"][0]["product"]["price"] == "259000.00"
    assert body["results"][0]["product"]["in_stock"] is True
    assert auth_client.get("/api/v1/wishlist/count").json() == {"count": 1}
    assert auth_client.delete(f"/api/v1/wishlist/{product_id}").status_code == 204
    assert auth_client.delete(f"/api/v1/wishlist/{product_id}").status_code == 404


def test_wishlist_move_to_cart(auth_client, phone):
    wishlist_add(user=auth_client.user, product_id=phone.product_id)
    response = auth_client.post(f"/api/v1/wishlist/{phone.product_id}/move-to-cart", {"variant_id": str(phone.pk)},
                                format="json")
    assert response.status_code == 200
    assert response.json()["item_count"] == 1
    assert auth_client.get("/api/v1/wishlist/count").json() == {"count": 0}


def test_wishlist_query_count_is_fixed(auth_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        wishlist_add(user=auth_client.user, product_id=ProductFactory().pk)
    auth_client.get("/api/v1/wishlist")  # the running promotions are cached by the first request
    with CaptureQueriesContext(connection) as small:
        auth_client.get("/api/v1/wishlist")
    for _ in range(4):
        wishlist_add(user=auth_client.user, product_id=ProductFactory().pk)
    with CaptureQueriesContext(connection) as large:
        assert auth_client.get("/api/v1/wishlist").json()["count"] == 6
    assert len(large) == len(small)


def test_saved_list_query_count_is_fixed(auth_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cart = cart_get_for_user(auth_client.user)

    def save_one():
        item = cart_add(cart=cart, variant_id=VariantFactory().pk)
        cart_save_for_later(cart=cart, item_id=item.pk)

    save_one()
    with CaptureQueriesContext(connection) as small:
        auth_client.get("/api/v1/cart/saved")
    for _ in range(3):
        save_one()
    with CaptureQueriesContext(connection) as large:
        assert auth_client.get("/api/v1/cart/saved").json()["count"] == 4
    assert len(large) == len(small)
