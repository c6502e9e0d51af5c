"""Storefront pages: checkout, confirmation, my orders, and the seller centre's orders."""
import pytest
from django.urls import reverse

from apps.accounts.models import Address
from apps.orders.models import Order
from tests.factories.accounts import UserFactory
from tests.factories.orders import OrderFactory
from tests.factories.shops import ShopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(client, buyer):
    client.force_login(buyer)
    return client


def checkout_post(address=None, **overrides):
    data = {"address": str(address.pk) if address else "new", "shipping_method": "standard", "payment_method": "cod",
            "voucher_codes": "", "notes": "", "idempotency_key": "web-key-1"}
    data.update(overrides)
    return data


def test_checkout_requires_login(client):
    response = client.get(reverse("orders:checkout"))
    assert response.status_code == 302


def test_checkout_page_offers_addresses_methods_and_a_summary(web, buyer, address, variant, book, add_to_cart):
    add_to_cart(buyer, variant, 1)
    add_to_cart(buyer, book, 1)
    html = web.get(reverse("orders:checkout")).content.decode()
    assert address.street_address in html
    assert 'value="cod"' in html and 'value="bank_transfer"' in html
    assert 'value="stripe"' not in html and 'value="momo"' not in html
    assert "Điện Thoại Sài Gòn" in html and "Nhà Sách Hà Nội" in html  # summary by shop
    assert 'hx-post="/checkout/summary/"' in html


def test_online_methods_appear_when_their_keys_are_set(web, buyer, address, variant, add_to_cart, settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_1", "pk_test_1"
    settings.MOMO_PARTNER_CODE, settings.MOMO_ACCESS_KEY, settings.MOMO_SECRET_KEY = "MOMO", "access", "secret"
    add_to_cart(buyer, variant, 1)
    html = web.get(reverse("orders:checkout")).content.decode()
    assert 'value="stripe"' in html and 'value="momo"' in html and 'value="paypal"' not in html


def test_summary_partial_follows_the_shipping_method(web, buyer, variant, add_to_cart):
    add_to_cart(buyer, variant, 1)
    standard = web.post(reverse("orders:checkout-summary"), {"shipping_method": "standard"}, HTTP_HX_REQUEST="true")
    express = web.post(reverse("orders:checkout-summary"), {"shipping_method": "express"}, HTTP_HX_REQUEST="true")
    assert "30.000" in standard.content.decode()
    assert "50.000" in express.content.decode()
    assert "<html" not in express.content.decode()


def test_placing_from_the_page_redirects_to_the_confirmation(web, buyer, address, variant, add_to_cart):
    add_to_cart(buyer, variant, 2)
    response = web.post(reverse("orders:checkout"), checkout_post(address))
    order = Order.objects.get(buyer=buyer)
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:checkout-done", kwargs={"checkout_id": order.checkout_id})
    done = web.get(response["Location"]).content.decode()
    assert order.order_number in done
    # A double submit of the same form places nothing new.
    web.post(reverse("orders:checkout"), checkout_post(address))
    assert Order.objects.filter(buyer=buyer).count() == 1


def test_checkout_with_a_new_address_saves_it(web, buyer, variant, add_to_cart):
    add_to_cart(buyer, variant, 1)
    data = checkout_post(recipient_name="Trần Thị Bình",
                         phone_number="0912345678", street_address="5 Hàng Bông", ward="Phường Hàng Gai",
                         district="Quận Hoàn Kiếm", city="Hà Nội")
    response = web.post(reverse("orders:checkout"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get(buyer=buyer)
    assert order.shipping_address["street_address"] == "5 Hàng Bông"
    assert Address.objects.filter(user=buyer, street_address="5 Hàng Bông").exists()


def test_new_address_needs_its_fields(web, buyer, variant, add_to_cart):
    add_to_cart(buyer, variant, 1)
    response = web.post(reverse("orders:checkout"), checkout_post())
    assert response.status_code == 400
    assert Order.objects.count() == 0
    assert "errorlist" in response.content.decode()


def test_out_of_stock_shows_a_message_and_keeps_the_cart(web, buyer, address, variant, add_to_cart):
    add_to_cart(buyer, variant, 1)
    variant.stock = 0
    variant.save()
    response = web.post(reverse("orders:checkout"), checkout_post(address), follow=True)
    assert Order.objects.count() == 0
    assert "message-error" in response.content.decode()


def test_done_page_of_another_buyer_is_404(web):
    other = OrderFactory()
    assert web.get(reverse("orders:checkout-done", kwargs={"checkout_id": other.checkout_id})).status_code == 404


def test_order_list_with_tabs_and_pagination(web, buyer):
    OrderFactory.create_batch(11, buyer=buyer)
    OrderFactory(buyer=buyer, status="cancelled")
    OrderFactory()  # not mine
    html = web.get(reverse("orders:list")).content.decode()
    assert html.count('class="card order-card"') == 10
    assert "1 / 2" in html
    cancelled = web.get(reverse("orders:list"), {"status": "cancelled"}).content.decode()
    assert cancelled.count('class="card order-card"') == 1


def test_order_detail_timeline_and_cancel(web, buyer):
    order = OrderFactory(buyer=buyer)
    html = web.get(order.get_absolute_url()).content.decode()
    assert order.order_number in html and 'class="timeline"' in html
    assert reverse("orders:cancel", kwargs={"pk": order.pk}) in html
    response = web.post(reverse("orders:cancel", kwargs={"pk": order.pk}), {"reason": "Không cần nữa"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "cancelled" and order.cancellation_reason == "Không cần nữa"
    assert reverse("orders:cancel", kwargs={"pk": order.pk}) not in web.get(order.get_absolute_url()).content.decode()


def test_someone_elses_order_pages_are_404(web):
    other = OrderFactory()
    assert web.get(other.get_absolute_url()).status_code == 404
    assert web.post(reverse("orders:cancel", kwargs={"pk": other.pk}), {"reason": "x"}).status_code == 404
    assert web.get(reverse("orders:invoice", kwargs={"pk": other.pk})).status_code == 404
    assert Order.objects.get(pk=other.pk).status == "pending"


def test_invoice_link_downloads_a_pdf(web, buyer):
    order = OrderFactory(buyer=buyer)
    response = web.get(reverse("orders:invoice", kwargs={"pk": order.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- seller centre ----------------------------------------------------------------------------
@pytest.fixture
def seller_web(client):
    shop = ShopFactory()
    client.force_login(shop.owner)
    client.shop = shop
    return client


def test_seller_list_tabs_and_bulk_confirm(seller_web):
    shop = seller_web.shop
    first, second = OrderFactory(shop=shop), OrderFactory(shop=shop)
    OrderFactory(shop=shop, status="shipping")
    OrderFactory()  # another shop's
    html = seller_web.get(reverse("orders:seller-list")).content.decode()
    assert html.count('name="order_ids"') == 2
    assert first.order_number in html
    response = seller_web.post(reverse("orders:seller-bulk-confirm"), {"order_ids": [first.pk, second.pk]})
    assert response.status_code == 302
    assert set(Order.objects.filter(shop=shop, status="confirmed").values_list("pk", flat=True)) == {first.pk,
                                                                                                   second.pk}


def test_seller_status_actions_and_packing_slip(seller_web):
    order = OrderFactory(shop=seller_web.shop, status="packed")
    html = seller_web.get(reverse("orders:seller-detail", kwargs={"pk": order.pk})).content.decode()
    assert 'value="shipping"' in html and 'name="tracking_number"' in html
    seller_web.post(reverse("orders:seller-status", kwargs={"pk": order.pk}),
                    {"status": "shipping", "tracking_number": "GHTK77", "carrier": "GHTK"})
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == ("shipping", "GHTK77")
    slip = seller_web.get(reverse("orders:seller-packing-slip", kwargs={"pk": order.pk})).content.decode()
    assert order.order_number in slip and order.items.first().sku in slip


def test_seller_forbidden_action_shows_an_error(seller_web):
    order = OrderFactory(shop=seller_web.shop, status="pending")
    response = seller_web.post(reverse("orders:seller-status", kwargs={"pk": order.pk}), {"status": "delivered"},
                               follow=True)
    assert "message-error" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == "pending"


def test_seller_cannot_see_another_shops_order(seller_web):
    other = OrderFactory()
    for name in ("orders:seller-detail", "orders:seller-packing-slip"):
        assert seller_web.get(reverse(name, kwargs={"pk": other.pk})).status_code == 404
    assert seller_web.post(reverse("orders:seller-status", kwargs={"pk": other.pk}),
                           {"status": "confirmed"}).status_code == 404


def test_buyer_without_shop_is_sent_to_open_one(web):
    response = web.get(reverse("orders:seller-list"))
    assert response.status_code == 302 and response["Location"] == "/seller/register/"


def test_admin_lists_and_searches_orders(client, staff_user):
    order = OrderFactory()
    client.force_login(staff_user)
    html = client.get("/admin/orders/order/", {"q": order.order_number}).content.decode()
    assert order.order_number in html
    detail = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert order.items.first().sku in detail


def test_other_buyers_see_nothing_of_my_orders(client):
    order = OrderFactory()
    client.force_login(UserFactory())
    assert order.order_number not in client.get(reverse("orders:list")).content.decode()


def test_pages_speak_vietnamese(web, buyer):
    order = OrderFactory(buyer=buyer, status="shipping")
    html = web.get(order.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đang giao" in html  # the status, not the shipping fee
    assert "Phí vận chuyển" in html
    assert "Thanh toán khi nhận hàng" in html
    english = web.get(order.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Shipping fee" in english


def test_done_page_links_to_payment_for_non_cod_orders(web, buyer, address, variant, add_to_cart):
    add_to_cart(buyer, variant, 1)
    response = web.post(reverse("orders:checkout"), checkout_post(address, payment_method="bank_transfer"),
                        follow=True)
    order = Order.objects.get(buyer=buyer)
    assert order.payment_method == "bank_transfer"
    assert reverse("payments:pay", args=[order.pk]) in response.content.decode()
