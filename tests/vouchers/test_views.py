"""Seller-centre voucher pages and the admin report."""
from decimal import Decimal

import pytest
from django.test import Client

from apps.vouchers.models import Voucher
from tests.factories.shops import ShopFactory
from tests.factories.vouchers import VoucherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(shop):
    client = Client()
    client.force_login(shop.owner)
    return client


def test_seller_creates_edits_and_pauses_a_voucher(seller, shop):
    response = seller.post("/seller/vouchers/new/", {
        "code": "tet2026", "title": "Tết giảm 10%", "type": "percentage", "value": "10", "max_discount": "50000",
        "min_order_value": "200000", "per_user_limit": "1", "scope": "all", "audience": "everyone",
        "is_active": "on"})
    assert response.status_code == 302
    voucher = Voucher.objects.get(code="TET2026", shop=shop)
    page = seller.get("/seller/vouchers/").content.decode()
    assert "TET2026" in page
    seller.post(f"/seller/vouchers/{voucher.pk}/pause/")
    voucher.refresh_from_db()
    assert voucher.is_active is False
    edit = seller.post(f"/seller/vouchers/{voucher.pk}/edit/", {
        "code": "TET2026", "title": "Tết", "type": "percentage", "value": "150", "min_order_value": "0",
        "scope": "all", "audience": "everyone"})
    assert edit.status_code == 200
    assert "errorlist" in edit.content.decode()


def test_other_shops_voucher_is_404_and_buyers_are_refused(seller, user):
    foreign = VoucherFactory(shop=ShopFactory())
    assert seller.get(f"/seller/vouchers/{foreign.pk}/edit/").status_code == 404
    buyer = Client()
    buyer.force_login(user)
    assert buyer.get("/seller/vouchers/").status_code == 403


def test_admin_report_page(staff_user):
    VoucherFactory(code="ADMINREP", value=Decimal("5"))
    client = Client()
    client.force_login(staff_user)
    response = client.get("/admin/vouchers/voucher/report/")
    assert response.status_code == 200
    assert "ADMINREP" in response.content.decode()
    assert client.get("/admin/vouchers/flashsale/add/").status_code == 200
    assert client.get("/admin/cart/cart/").status_code == 200
