"""Vouchers API: validate, available, the seller's vouchers (own shop only), query counts."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.vouchers.models import VoucherRedemption
from tests.factories.accounts import UserFactory
from tests.factories.orders import OrderFactory
from tests.factories.shops import ShopFactory
from tests.factories.vouchers import VoucherFactory

pytestmark = pytest.mark.django_db


def test_validate_gives_discount_or_the_reason(api_client):
    VoucherFactory(code="GIAM10", value=Decimal("10"), max_discount=Decimal("50000"), min_order_value=Decimal("200000"))
    ok = api_client.post("/api/v1/vouchers/validate", {"code": "giam10", "subtotal": "300000"}, format="json")
    assert ok.status_code == 200
    assert ok.json()["valid"] is True
    assert ok.json()["discount"] == "30000.00"
    capped = api_client.post("/api/v1/vouchers/validate", {"code": "GIAM10", "subtotal": "900000"}, format="json")
    assert capped.json()["discount"] == "50000.00"
    short = api_client.post("/api/v1/vouchers/validate", {"code": "GIAM10", "subtotal": "199999"}, format="json",
                            HTTP_ACCEPT_LANGUAGE="vi")
    assert short.json() == {"valid": False, "discount": "0.00", "currency": "VND", "message": "Đơn tối thiểu 200.000 ₫"}
    unknown = api_client.post("/api/v1/vouchers/validate", {"code": "NOPE", "subtotal": "1"}, format="json")
    assert unknown.json()["valid"] is False
    assert api_client.post("/api/v1/vouchers/validate", {"code": "X"}, format="json").status_code == 400


def test_validate_a_shop_voucher_against_another_shop(api_client, shop, other_shop):
    VoucherFactory(code="SHOPONLY", shop=shop)
    response = api_client.post("/api/v1/vouchers/validate",
                               {"code": "SHOPONLY", "subtotal": "100000", "shop_id": str(other_shop.pk)}, format="json")
    assert response.json()["valid"] is False


def test_available_lists_the_shops_and_the_platforms_running_vouchers(api_client, shop, other_shop):
    VoucherFactory(code="MINE", shop=shop, min_order_value=Decimal("500000"))
    VoucherFactory(code="ALL")
    VoucherFactory(code="THEIRS", shop=other_shop)
    VoucherFactory(code="PAUSED", is_active=False)
    VoucherFactory(code="USEDUP", usage_limit=1, used_count=1)
    body = api_client.get(f"/api/v1/vouchers/available?shop_id={shop.pk}&subtotal=100000").json()
    rows = {row["code"]: row for row in body["results"]}
    assert set(rows) == {"MINE", "ALL"}
    assert rows["MINE"]["applicable"] is False
    assert rows["ALL"]["discount"] == "10000.00"


def test_available_counts_the_signed_in_shoppers_own_uses(client_for):
    shopper = UserFactory()
    once, twice = VoucherFactory(code="ONCE", per_user_limit=1), VoucherFactory(code="TWICE", per_user_limit=2)
    VoucherFactory(code="NOLIMIT", per_user_limit=None)
    for voucher in (once, twice):
        VoucherRedemption.objects.create(voucher=voucher, user=shopper, order=OrderFactory(buyer=shopper))
    url = "/api/v1/vouchers/available?subtotal=100000"
    mine = {r["code"]: r["applicable"] for r in client_for(shopper).get(url).json()["results"]}
    assert mine == {"ONCE": False, "TWICE": True, "NOLIMIT": True}
    theirs = {r["code"]: r["applicable"] for r in client_for(UserFactory()).get(url).json()["results"]}
    assert theirs == {"ONCE": True, "TWICE": True, "NOLIMIT": True}


def test_seller_creates_lists_edits_and_pauses_own_vouchers(client_for, shop):
    seller = client_for(shop.owner)
    created = seller.post("/api/v1/seller/vouchers", {
        "code": "shop50k", "title": "Giảm 50.000 ₫", "type": "fixed", "value": "50000",
        "min_order_value": "300000", "usage_limit": 100}, format="json")
    assert created.status_code == 201, created.json()
    voucher_id = created.json()["id"]
    assert created.json()["code"] == "SHOP50K"
    listed = seller.get("/api/v1/seller/vouchers").json()
    assert listed["results"][0]["redemption_count"] == 0
    paused = seller.patch(f"/api/v1/seller/vouchers/{voucher_id}", {"is_active": False}, format="json")
    assert paused.json()["is_active"] is False
    duplicate = seller.post("/api/v1/seller/vouchers", {"code": "SHOP50K", "title": "x", "type": "fixed",
                                                         "value": "1"}, format="json")
    assert duplicate.status_code == 409


def test_another_sellers_voucher_is_404_and_buyers_are_403(client_for, shop, auth_client):
    voucher = VoucherFactory(shop=shop)
    intruder = client_for(ShopFactory().owner)
    assert intruder.patch(f"/api/v1/seller/vouchers/{voucher.pk}", {"title": "x"}, format="json").status_code == 404
    assert intruder.get(f"/api/v1/seller/vouchers/{voucher.pk}").status_code == 404
    assert auth_client.get("/api/v1/seller/vouchers").status_code == 403


def test_seller_cannot_scope_a_voucher_to_another_shops_product(client_for, shop, book):
    response = client_for(shop.owner).post("/api/v1/seller/vouchers", {
        "code": "STEAL", "title": "x", "type": "percentage", "value": "10", "scope": "products",
        "product_ids": [str(book.product_id)]}, format="json")
    assert response.status_code == 400


def test_seller_list_query_count_is_fixed(client_for, shop):
    seller = client_for(shop.owner)
    for _ in range(2):
        VoucherFactory(shop=shop)
    with CaptureQueriesContext(connection) as small:
        seller.get("/api/v1/seller/vouchers")
    for _ in range(4):
        VoucherFactory(shop=shop)
    with CaptureQueriesContext(connection) as large:
        assert seller.get("/api/v1/seller/vouchers").json()["count"] == 6
    assert len(large) == len(small)
