"""Storefront pages: the cart page, htmx partials and their HX-Trigger, the header counts, wishlist hearts."""
import json
from decimal import Decimal

import pytest
from django.test import Client

from apps.cart.models import Cart, CartItem
from apps.cart.services import cart_add, cart_get_for_user, wishlist_add
from tests.factories.vouchers import FlashSaleItemFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_guest_adds_with_htmx_gets_a_confirmation_and_the_header_event(client, phone):
    response = client.post("/cart/add/", {"variant_id": str(phone.pk), "quantity": "2"}, **HTMX)
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"cart-changed": True}
    assert "/cart/" in response.content.decode()
    assert client.get("/cart/count/").content.decode() == "2"


def test_count_is_empty_for_an_empty_cart(client):
    response = client.get("/cart/count/")
    assert response.status_code == 200
    assert response.content == b""


def test_add_beyond_stock_says_how_many_are_left(client, phone):
    response = client.post("/cart/add/", {"variant_id": str(phone.pk), "quantity": "9"}, **HTMX)
    assert "HX-Trigger" not in response
    assert "5" in response.content.decode()
    assert client.get("/cart/count/").content == b""


def test_cart_page_groups_by_shop_and_shows_totals(signed_in, user, phone, book):
    cart = cart_get_for_user(user)
    cart_add(cart=cart, variant_id=phone.pk)
    cart_add(cart=cart, variant_id=book.pk)
    page = signed_in.get("/cart/").content.decode()
    assert "Điện Thoại Sài Gòn" in page and "Nhà Sách Hà Nội" in page
    assert "394.000 ₫" in page  # 259.000 + 85.000 + 30.000 + 20.000


def test_stepper_changes_quantity_and_rerenders_the_body(signed_in, user, phone):
    item = cart_add(cart=cart_get_for_user(user), variant_id=phone.pk)
    response = signed_in.post(f"/cart/items/{item.pk}/quantity/", {"step": "up"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"]
    assert CartItem.objects.get(pk=item.pk).quantity == 2
    assert "<html" not in response.content.decode()
    too_many = signed_in.post(f"/cart/items/{item.pk}/quantity/", {"quantity": "50"}, **HTMX)
    assert "message-error" in too_many.content.decode()
    assert CartItem.objects.get(pk=item.pk).quantity == 2


def test_price_change_notice_on_the_page(signed_in, user, phone):
    cart_add(cart=cart_get_for_user(user), variant_id=phone.pk)
    phone.price = Decimal("199000")
    phone.save()
    page = signed_in.get("/cart/").content.decode()
    assert "259.000 ₫" in page and "199.000 ₫" in page


def test_save_for_later_list_and_voucher_form_without_javascript(signed_in, user, phone):
    from tests.factories.vouchers import VoucherFactory

    VoucherFactory(code="GIAM10")
    item = cart_add(cart=cart_get_for_user(user), variant_id=phone.pk)
    signed_in.post(f"/cart/items/{item.pk}/save/")
    page = signed_in.get("/cart/").content.decode()
    assert "cart-saved" in page
    signed_in.post(f"/cart/saved/{item.pk}/move/")
    response = signed_in.post("/cart/vouchers/", {"code": "giam10"}, follow=True)
    assert "GIAM10" in response.content.decode()
    assert Cart.objects.get(user=user).voucher_codes == ["GIAM10"]


def test_guest_cart_follows_the_shopper_into_their_account(client, user, password, phone):
    client.post("/cart/add/", {"variant_id": str(phone.pk), "quantity": "1"})
    client.force_login(user)  # sends user_logged_in like every login view
    assert CartItem.objects.get(cart__user=user).variant_id == phone.pk
    assert not Cart.objects.filter(user__isnull=True).exists()


def test_wishlist_heart_toggles_and_triggers_the_badge(signed_in, user, phone):
    url = f"/wishlist/toggle/{phone.product_id}/"
    on = signed_in.post(url, **HTMX)
    assert json.loads(on["HX-Trigger"]) == {"wishlist-changed": True}
    assert 'aria-pressed="true"' in on.content.decode()
    assert signed_in.get("/wishlist/count/").content.decode() == "1"
    off = signed_in.post(url, **HTMX)
    assert 'aria-pressed="false"' in off.content.decode()


def test_guest_heart_redirects_to_sign_in(client, phone):
    response = client.post(f"/wishlist/toggle/{phone.product_id}/", **HTMX)
    assert "HX-Redirect" in response
    assert client.get("/wishlist/").status_code == 302


def test_wishlist_page_lists_price_and_stock(signed_in, user, phone):
    wishlist_add(user=user, product_id=phone.product_id)
    page = signed_in.get("/wishlist/").content.decode()
    assert "Điện thoại Lumi X" in page and "259.000 ₫" in page


def test_promotions_template_tag_shows_struck_price_and_countdown(phone, rf):
    from django.template import Context, Template

    FlashSaleItemFactory(variant=phone, sale_price=Decimal("199000"))
    html = Template("{% load promotions %}{% effective_price v as ep %}{% price_tag ep %}").render(
        Context({"v": phone, "request": rf.get("/")}))
    assert "199.000 ₫" in html and "price-old" in html and "data-countdown" in html
