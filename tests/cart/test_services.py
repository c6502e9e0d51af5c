"""Cart and wishlist use cases against the database."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from apps.cart.models import Cart, CartItem, WishlistItem
from apps.cart.services import (
    cart_add,
    cart_apply_voucher,
    cart_clear,
    cart_get_for_session,
    cart_merge_at_login,
    cart_move_to_cart,
    cart_quote,
    cart_remove_variants,
    cart_save_for_later,
    cart_sync,
    cart_update_quantity,
    carts_remove_stale_guest,
    carts_send_reminders,
    wishlist_add,
    wishlist_alerts_check,
    wishlist_move_to_cart,
)
from apps.catalog.models import ProductStatus
from apps.catalog.services import product_refresh_summary
from apps.core.errors import NotFound, OutOfStock, VoucherInvalid
from apps.notifications.models import Notification
from tests.factories.catalog import CategoryFactory, ProductFactory, VariantFactory
from tests.factories.vouchers import CategoryDiscountFactory, FlashSaleItemFactory, VoucherFactory

D = Decimal
pytestmark = pytest.mark.django_db


def test_add_and_quote_groups_by_shop_with_per_shop_shipping(cart, user, phone, book):
    cart_add(cart=cart, variant_id=phone.pk, quantity=1)
    cart_add(cart=cart, variant_id=book.pk, quantity=2)
    quote = cart_quote(cart=cart, user=user)
    assert [s.shop_name for s in quote.shops] == ["Điện Thoại Sài Gòn", "Nhà Sách Hà Nội"]
    assert [s.subtotal for s in quote.shops] == [D("259000"), D("170000")]
    assert [s.shipping_fee for s in quote.shops] == [D("30000"), D("20000")]
    assert quote.total == D("259000") + D("170000") + D("50000")
    assert quote.tax == sum(s.tax for s in quote.shops) > 0


def test_free_shipping_threshold_reached(cart, user, phone):
    cart_add(cart=cart, variant_id=phone.pk, quantity=2)  # 518.000 ≥ 500.000
    assert cart_quote(cart=cart, user=user).shops[0].shipping_fee == 0
    assert cart_quote(cart=cart, user=user, shipping_method="express").shops[0].shipping_fee == D("50000")


def test_adding_again_adds_up_to_the_stock_then_422_naming_what_is_left(cart, phone):
    cart_add(cart=cart, variant_id=phone.pk, quantity=3)
    item = cart_add(cart=cart, variant_id=phone.pk, quantity=2)
    assert item.quantity == 5
    with pytest.raises(OutOfStock) as err:
        cart_add(cart=cart, variant_id=phone.pk, quantity=1)
    assert err.value.details == {"variant_id": str(phone.pk), "available": 5}
    assert CartItem.objects.get(cart=cart).quantity == 5


def test_update_quantity_checks_stock_and_zero_removes(cart, phone):
    item = cart_add(cart=cart, variant_id=phone.pk)
    with pytest.raises(OutOfStock):
        cart_update_quantity(cart=cart, item_id=item.pk, quantity=6)
    assert cart_update_quantity(cart=cart, item_id=item.pk, quantity=4).quantity == 4
    assert cart_update_quantity(cart=cart, item_id=item.pk, quantity=0) is None
    assert not CartItem.objects.filter(cart=cart).exists()


@pytest.mark.django_db(transaction=True)
def test_changing_a_quantity_writes_the_line_and_the_cart_in_one_transaction(monkeypatch, cart, phone):
    from apps.cart.services import cart as cart_services

    item = cart_add(cart=cart, variant_id=phone.pk, quantity=1)

    def broken_touch(cart):
        raise RuntimeError("the cart's row could not be written")

    monkeypatch.setattr(cart_services, "_touch", broken_touch)
    with pytest.raises(RuntimeError):
        cart_update_quantity(cart=cart, item_id=item.pk, quantity=3)
    assert CartItem.objects.get(pk=item.pk).quantity == 1


def test_changing_a_line_removed_meanwhile_is_not_found(monkeypatch, cart, phone):
    from apps.cart.services import cart as cart_services

    item = cart_add(cart=cart, variant_id=phone.pk, quantity=1)
    real = cart_services._current_price

    def removed_by_another_tab(*args, **kwargs):
        CartItem.objects.filter(pk=item.pk).delete()
        return real(*args, **kwargs)

    monkeypatch.setattr(cart_services, "_current_price", removed_by_another_tab)
    with pytest.raises(NotFound):
        cart_update_quantity(cart=cart, item_id=item.pk, quantity=3)


def test_another_carts_item_is_not_found(cart, phone, make_user):
    from apps.cart.services import cart_get_for_user

    item = cart_add(cart=cart_get_for_user(make_user()), variant_id=phone.pk)
    with pytest.raises(NotFound):
        cart_update_quantity(cart=cart, item_id=item.pk, quantity=2)


def test_unavailable_items_are_flagged_and_left_out_of_totals(cart, user, phone, book):
    cart_add(cart=cart, variant_id=phone.pk)
    cart_add(cart=cart, variant_id=book.pk)
    phone.product.status = ProductStatus.HIDDEN
    phone.product.save()
    quote = cart_quote(cart=cart, user=user)
    phone_line = next(line for line in quote.lines if line.variant_id == phone.pk)
    assert not phone_line.available
    assert phone_line.unavailable_reason
    assert quote.subtotal == D("85000")


def test_a_line_above_the_remaining_stock_is_flagged(cart, user, phone):
    cart_add(cart=cart, variant_id=phone.pk, quantity=4)
    phone.stock = 2
    phone.save()
    line = cart_quote(cart=cart, user=user).lines[0]
    assert not line.available
    assert "2" in line.unavailable_reason


def test_price_change_since_added_is_shown(cart, user, phone):
    cart_add(cart=cart, variant_id=phone.pk)
    phone.price = D("239000")
    phone.save()
    line = cart_quote(cart=cart, user=user).lines[0]
    assert line.unit_price == D("239000")
    assert line.price_changed_from == D("259000")


def test_flash_sale_and_category_discount_lower_the_unit_price(cart, user, phone):
    FlashSaleItemFactory(variant=phone, sale_price=D("199000"))
    CategoryDiscountFactory(category=phone.product.category, percent=D("10"))
    cart_add(cart=cart, variant_id=phone.pk)
    line = cart_quote(cart=cart, user=user).lines[0]
    assert line.unit_price == D("199000")
    assert line.regular_price == D("259000")
    assert line.price_changed_from is None


def test_a_capped_flash_sale_prices_what_the_line_holds_when_added(cart, user, phone):
    FlashSaleItemFactory(variant=phone, sale_price=D("199000"), quantity_limit=3)
    cart_add(cart=cart, variant_id=phone.pk, quantity=2)
    assert CartItem.objects.get(cart=cart).unit_price_at_add == D("199000")
    item = cart_add(cart=cart, variant_id=phone.pk, quantity=2)  # 4 > the 3 left at the sale price
    assert item.unit_price_at_add == D("259000")
    assert CartItem.objects.get(cart=cart).unit_price_at_add == D("259000")
    line = cart_quote(cart=cart, user=user).lines[0]
    assert (line.quantity, line.unit_price, line.price_changed_from) == (4, D("259000"), None)


def test_adding_a_variant_saved_for_later_brings_the_line_back_with_the_quantity_added(cart, phone):
    item = cart_add(cart=cart, variant_id=phone.pk, quantity=4)
    cart_save_for_later(cart=cart, item_id=item.pk)
    again = cart_add(cart=cart, variant_id=phone.pk, quantity=2)
    assert again.pk == item.pk
    line = CartItem.objects.get(cart=cart)
    assert (line.quantity, line.saved_for_later) == (2, False)


def test_adding_touches_the_cart_and_rearms_the_reminder(cart, phone):
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now() - timedelta(days=2),
                                           reminder_sent_at=timezone.now())
    cart_add(cart=cart, variant_id=phone.pk)
    cart.refresh_from_db()
    assert cart.reminder_sent_at is None
    assert timezone.now() - cart.updated_at < timedelta(minutes=1)


def test_refused_add_changes_nothing(cart, phone):
    cart_add(cart=cart, variant_id=phone.pk, quantity=5)
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now() - timedelta(days=2))
    with pytest.raises(OutOfStock):
        cart_add(cart=cart, variant_id=phone.pk, quantity=1)
    assert CartItem.objects.get(cart=cart).quantity == 5
    assert timezone.now() - Cart.objects.get(pk=cart.pk).updated_at > timedelta(days=1)


def test_save_for_later_and_move_back(cart, user, phone, book):
    item = cart_add(cart=cart, variant_id=phone.pk)
    cart_add(cart=cart, variant_id=book.pk)
    cart_save_for_later(cart=cart, item_id=item.pk)
    assert cart_quote(cart=cart, user=user).subtotal == D("85000")
    cart_move_to_cart(cart=cart, item_id=item.pk)
    assert cart_quote(cart=cart, user=user).subtotal == D("344000")


def test_clear_keeps_saved_items(cart, phone, book):
    saved = cart_add(cart=cart, variant_id=phone.pk)
    cart_save_for_later(cart=cart, item_id=saved.pk)
    cart_add(cart=cart, variant_id=book.pk)
    cart_clear(cart=cart)
    assert list(CartItem.objects.filter(cart=cart).values_list("variant_id", flat=True)) == [phone.pk]


def test_remove_variants_after_an_order(cart, phone, book):
    cart_add(cart=cart, variant_id=phone.pk)
    cart_add(cart=cart, variant_id=book.pk)
    cart_remove_variants(cart=cart, variant_ids=[phone.pk])
    assert list(CartItem.objects.filter(cart=cart).values_list("variant_id", flat=True)) == [book.pk]


def test_sync_takes_the_larger_quantity_capped_by_stock(cart, phone, book):
    cart_add(cart=cart, variant_id=phone.pk, quantity=2)
    gone = VariantFactory(is_active=False)
    adjustments = cart_sync(cart=cart, items=[{"variant_id": phone.pk, "quantity": 1},
                                              {"variant_id": book.pk, "quantity": 9},
                                              {"variant_id": gone.pk, "quantity": 1}])
    quantities = dict(CartItem.objects.filter(cart=cart).values_list("variant_id", "quantity"))
    assert quantities == {phone.pk: 2, book.pk: 3}
    assert {a.variant_id for a in adjustments} == {str(book.pk), str(gone.pk)}


def test_guest_cart_merges_at_login_adding_quantities_capped_by_stock(user, phone, book, cart):
    cart_add(cart=cart, variant_id=phone.pk, quantity=3)
    session = SessionStore()
    guest = cart_get_for_session(session, create=True)
    cart_add(cart=guest, variant_id=phone.pk, quantity=4)
    cart_add(cart=guest, variant_id=book.pk, quantity=1)
    merged, adjustments = cart_merge_at_login(session=session, user=user)
    assert merged == 2
    quantities = dict(CartItem.objects.filter(cart=cart).values_list("variant_id", "quantity"))
    assert quantities == {phone.pk: 5, book.pk: 1}
    assert [a.quantity for a in adjustments] == [5]
    assert not Cart.objects.filter(pk=guest.pk).exists()


def test_merge_keeps_saved_for_later_lines_and_leaves_a_sold_out_line_as_it_is(user, phone, book, cart):
    cart_add(cart=cart, variant_id=phone.pk, quantity=2)
    session = SessionStore()
    guest = cart_get_for_session(session, create=True)
    saved_phone = cart_add(cart=guest, variant_id=phone.pk, quantity=1)
    cart_save_for_later(cart=guest, item_id=saved_phone.pk)
    saved_book = cart_add(cart=guest, variant_id=book.pk, quantity=1)
    cart_save_for_later(cart=guest, item_id=saved_book.pk)
    cart_merge_at_login(session=session, user=user)
    lines = {i.variant_id: (i.quantity, i.saved_for_later) for i in CartItem.objects.filter(cart=cart)}
    assert lines == {phone.pk: (3, False), book.pk: (1, True)}

    type(phone).objects.filter(pk=phone.pk).update(stock=0)
    adjustments = cart_sync(cart=cart, items=[{"variant_id": phone.pk, "quantity": 1}])
    assert CartItem.objects.get(cart=cart, variant=phone).quantity == 3
    assert [(a.requested, a.quantity) for a in adjustments] == [(3, 0)]


def test_apply_voucher_stores_it_and_refused_one_says_why(cart, user, phone):
    VoucherFactory(code="GIAM10", value=D("10"))
    VoucherFactory(code="TOITHIEU", min_order_value=D("1000000"))
    cart_add(cart=cart, variant_id=phone.pk)
    quote = cart_apply_voucher(cart=cart, user=user, code="giam10")
    assert quote.discount == D("25900")
    assert Cart.objects.get(pk=cart.pk).voucher_codes == ["GIAM10"]
    with pytest.raises(VoucherInvalid) as err:
        cart_apply_voucher(cart=cart, user=user, code="TOITHIEU")
    assert "1.000.000" in str(err.value.message)
    with pytest.raises(VoucherInvalid):
        cart_apply_voucher(cart=cart, user=user, code="NOPE")


def test_a_new_platform_voucher_replaces_the_previous_one(cart, user, phone):
    VoucherFactory(code="A10", value=D("10"))
    VoucherFactory(code="B20", value=D("20"))
    cart_add(cart=cart, variant_id=phone.pk)
    cart_apply_voucher(cart=cart, user=user, code="A10")
    cart_apply_voucher(cart=cart, user=user, code="B20")
    assert Cart.objects.get(pk=cart.pk).voucher_codes == ["B20"]


def test_vouchers_scoped_to_categories_products_or_users_apply_as_scoped(cart, user, phone, book, make_user):
    parent = CategoryFactory()
    phone.product.category = CategoryFactory(parent=parent)
    phone.product.save()
    VoucherFactory(code="PHONES", scope="categories", per_user_limit=None).categories.add(parent)
    VoucherFactory(code="BOOK", shop=book.product.shop, scope="products").products.add(book.product)
    VoucherFactory(code="VIP", audience="chosen_users").users.add(make_user())
    cart_add(cart=cart, variant_id=phone.pk)
    cart_add(cart=cart, variant_id=book.pk)
    quote = cart_quote(cart=cart, user=user, voucher_codes=["PHONES", "BOOK"])
    assert [s.discount for s in quote.shops] == [D("25900"), D("8500")]
    assert "VIP" in cart_quote(cart=cart, user=user, voucher_codes=["VIP"]).refused_vouchers


def test_voucher_rules_count_the_buyers_uses_like_redemption_does(user, shop, other_shop):
    import uuid

    from apps.vouchers.models import VoucherRedemption
    from apps.vouchers.selectors import user_usage_count, voucher_rules_for_codes
    from tests.factories.orders import OrderFactory

    vouchers = [VoucherFactory(code=code, per_user_limit=5) for code in ("SHARED", "ALONE", "FREED", "NONE")]
    checkout = uuid.uuid4()
    for order in (OrderFactory(buyer=user, shop=shop, checkout_id=checkout),
                  OrderFactory(buyer=user, shop=other_shop, checkout_id=checkout)):
        VoucherRedemption.objects.create(voucher=vouchers[0], user=user, order=order, checkout_id=checkout)
    for _ in range(2):
        VoucherRedemption.objects.create(voucher=vouchers[1], user=user, order=OrderFactory(buyer=user, shop=shop),
                                         checkout_id=None)
    VoucherRedemption.objects.create(voucher=vouchers[2], user=user, order=OrderFactory(buyer=user, shop=shop),
                                     released_at=timezone.now())
    rules, _unknown = voucher_rules_for_codes(codes=[v.code for v in vouchers], user=user)
    assert [r.user_used_count for r in rules] == [user_usage_count(voucher=v, user=user) for v in vouchers]
    assert [r.user_used_count for r in rules] == [1, 2, 0, 0]


# --- abandoned carts ------------------------------------------------------------------------
def test_stale_guest_carts_are_removed(settings, phone):
    settings.GUEST_CART_MAX_AGE_DAYS = 30
    old = cart_get_for_session(SessionStore(), create=True)
    fresh = cart_get_for_session(SessionStore(), create=True)
    Cart.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=31))
    assert carts_remove_stale_guest() == 1
    assert list(Cart.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_one_reminder_for_a_cart_left_24_hours(cart, user, phone):
    cart_add(cart=cart, variant_id=phone.pk, quantity=2)
    assert carts_send_reminders() == 0
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now() - timedelta(hours=25))
    assert carts_send_reminders() == 1
    assert carts_send_reminders() == 0
    note = Notification.objects.get(user=user, kind="cart.reminder")
    assert note.data == {"item_count": 2}


# --- wishlist -------------------------------------------------------------------------------
def test_wishlist_move_to_cart(user, phone, cart):
    wishlist_add(user=user, product_id=phone.product_id)
    wishlist_move_to_cart(user=user, product_id=phone.product_id, variant_id=phone.pk)
    assert not WishlistItem.objects.filter(user=user).exists()
    assert CartItem.objects.get(cart=cart).variant_id == phone.pk


def test_back_in_stock_alert_fires_once_per_event(user):
    product = ProductFactory(default_variant__stock=0)
    variant = product.variants.get()
    wishlist_add(user=user, product_id=product.pk)
    assert wishlist_alerts_check(product_ids=[product.pk]) == 0
    variant.stock = 4
    variant.save()
    product_refresh_summary(product_ids=[product.pk])
    assert wishlist_alerts_check(product_ids=[product.pk]) == 1
    assert wishlist_alerts_check(product_ids=[product.pk]) == 0
    assert Notification.objects.filter(user=user, kind="wishlist.back_in_stock").count() == 1
    # Sold out and back again: a new event.
    variant.stock = 0
    variant.save()
    product_refresh_summary(product_ids=[product.pk])
    wishlist_alerts_check(product_ids=[product.pk])
    variant.stock = 1
    variant.save()
    product_refresh_summary(product_ids=[product.pk])
    assert wishlist_alerts_check() == 1


def test_price_drop_alert_fires_once_with_old_and_new_price(user):
    product = ProductFactory(default_variant__price=D("500000"))
    variant = product.variants.get()
    wishlist_add(user=user, product_id=product.pk)
    variant.price = D("450000")
    variant.save()
    product_refresh_summary(product_ids=[product.pk])
    assert wishlist_alerts_check(product_ids=[product.pk]) == 1
    assert wishlist_alerts_check(product_ids=[product.pk]) == 0
    note = Notification.objects.get(user=user, kind="wishlist.price_drop")
    assert note.data["old_price"] == "500000.00"
    assert note.data["new_price"] == "450000.00"


def test_variant_save_triggers_the_alert_check_after_commit(user, django_capture_on_commit_callbacks):
    product = ProductFactory(default_variant__stock=0)
    variant = product.variants.get()
    wishlist_add(user=user, product_id=product.pk)
    with django_capture_on_commit_callbacks(execute=True):
        variant.stock = 3
        variant.save()
        product_refresh_summary(product_ids=[product.pk])
    assert Notification.objects.filter(user=user, kind="wishlist.back_in_stock").count() == 1
