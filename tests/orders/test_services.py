"""Order use cases against the database: placement from the cart, snapshots, idempotency, transitions,
cancellation, payment hooks, auto-completion, notifications."""
import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.catalog.models import InventoryMovement, Variant
from apps.core.errors import (
    BusinessRuleViolation,
    InvalidTransition,
    NotFound,
    OutOfStock,
    ValidationFailed,
    VoucherInvalid,
)
from apps.notifications.models import Notification
from apps.orders.domain import ALLOWED_TRANSITIONS, Actor, OrderStatus, order_number_is_valid
from apps.orders.models import Order, OrderItem, OrderStatusHistory
from apps.orders.services import (
    order_cancel,
    order_expire_unpaid,
    order_mark_paid,
    order_set_payment_status,
    order_transition,
    orders_auto_complete,
    orders_bulk_confirm,
)
from tests.factories.accounts import AddressFactory, UserFactory
from tests.factories.orders import OrderFactory

S = OrderStatus
pytestmark = pytest.mark.django_db


def cart_lines(user):
    from apps.cart.models import CartItem

    return list(CartItem.objects.filter(cart__user=user).values_list("variant_id", "quantity"))


# --- placement --------------------------------------------------------------------------------
def test_place_makes_one_order_per_shop_with_snapshots(buyer, address, variant, book, add_to_cart, place):
    add_to_cart(buyer, variant, 2)
    add_to_cart(buyer, book, 1)

    orders = place(notes="Giao giờ hành chính")

    assert len(orders) == 2
    assert {o.shop_id for o in orders} == {variant.product.shop_id, book.product.shop_id}
    assert len({o.checkout_id for o in orders}) == 1
    for order in orders:
        assert order_number_is_valid(order.order_number)
        assert order.status == S.PENDING and order.payment_status == "unpaid"
        assert order.shipping_address["street_address"] == address.street_address
        assert order.notes == "Giao giờ hành chính"
        assert order.estimated_delivery_date > timezone.localdate()
        assert list(order.status_history.values_list("status", "actor")) == [(S.PENDING, Actor.BUYER)]
    phone_order = next(o for o in orders if o.shop_id == variant.product.shop_id)
    item = phone_order.items.get()
    assert item.quantity == 2 and item.unit_price == Decimal("259000") and item.subtotal == Decimal("518000")
    assert item.product_snapshot["title"] == "Điện thoại Lumi X"
    assert item.variant_snapshot["sku"] == "LUMI-X-128" and item.variant_snapshot["name"] == "128GB Đen"
    variant.refresh_from_db()
    book.refresh_from_db()
    assert (variant.stock, book.stock) == (8, 4)
    assert cart_lines(buyer) == []


def test_order_totals_equal_the_pricing_modules(buyer, variant, book, add_to_cart, place):
    from apps.cart.services import cart_get_for_user, cart_quote

    add_to_cart(buyer, variant, 3)
    add_to_cart(buyer, book, 2)
    quote = cart_quote(cart=cart_get_for_user(buyer), user=buyer, shipping_method="express")

    orders = place(shipping_method="express")

    by_shop = {o.shop_id: o for o in orders}
    for shop_quote in quote.shops:
        order = by_shop[shop_quote.shop_id]
        assert (order.subtotal, order.shipping_fee, order.discount, order.tax, order.total) == (
            shop_quote.subtotal, shop_quote.shipping_fee, shop_quote.discount, shop_quote.tax, shop_quote.total)
        assert [(i.variant_id, i.unit_price, i.subtotal) for i in order.items.all()] == [
            (line.variant_id, line.unit_price, line.line_total) for line in shop_quote.lines]
    assert sum(o.total for o in orders) == quote.total
    assert by_shop[variant.product.shop_id].shipping_fee == Decimal("50000")


def test_snapshots_do_not_change_when_the_product_is_edited(buyer, variant, add_to_cart, place):
    add_to_cart(buyer, variant, 1)
    order = place()[0]

    product = variant.product
    product.title = "Tên mới hoàn toàn"
    product.save()
    Variant.objects.filter(pk=variant.pk).update(price=Decimal("999000"), sku="CHANGED", name="Khác")

    item = OrderItem.objects.get(order=order)
    assert item.product_snapshot["title"] == "Điện thoại Lumi X"
    assert item.variant_snapshot["sku"] == "LUMI-X-128"
    assert item.variant_snapshot["price"] == "259000.00"
    assert item.unit_price == Decimal("259000")
    assert Order.objects.get(pk=order.pk).total == order.total


def test_the_snapshot_keeps_the_main_images_thumbnail_else_the_image(buyer, variant, book, add_to_cart, place):
    from tests.factories.catalog import ProductImageFactory

    second = ProductImageFactory(product=variant.product, position=5)
    main = ProductImageFactory(product=variant.product, position=1, thumbnail=second.image.name)
    only = ProductImageFactory(product=book.product)
    add_to_cart(buyer, variant, 1)
    add_to_cart(buyer, book, 1)

    images = {o.shop_id: o.items.get().product_snapshot["image"] for o in place()}

    assert images == {variant.product.shop_id: main.thumbnail.url, book.product.shop_id: only.image.url}


def test_snapshots_survive_product_deletion(buyer, variant, add_to_cart, place):
    add_to_cart(buyer, variant, 1)
    order = place()[0]
    variant.product.delete()
    item = OrderItem.objects.get(order=order)
    assert item.product_id is None and item.variant_id is None
    assert item.title == "Điện thoại Lumi X"


def test_same_idempotency_key_returns_the_same_orders(buyer, variant, add_to_cart, place):
    add_to_cart(buyer, variant, 2)
    first = place(idempotency_key="key-123")
    add_to_cart(buyer, variant, 1)  # the cart changed meanwhile; the replay must still create nothing

    again = place(idempotency_key="key-123")

    assert [o.pk for o in again] == [o.pk for o in first]
    assert Order.objects.count() == 1
    variant.refresh_from_db()
    assert variant.stock == 8
    assert cart_lines(buyer) == [(variant.pk, 1)]


def test_idempotency_keys_belong_to_their_user(buyer, variant, add_to_cart, place):
    other = UserFactory()
    AddressFactory(user=other, is_default=True)
    add_to_cart(buyer, variant, 1)
    add_to_cart(other, variant, 1)
    mine = place(idempotency_key="same")
    theirs = place(buyer=other, idempotency_key="same")
    assert mine[0].pk != theirs[0].pk
    assert theirs[0].buyer == other


def test_too_much_quantity_is_out_of_stock_and_changes_nothing(buyer, variant, add_to_cart, place):
    add_to_cart(buyer, variant, 11)
    with pytest.raises(OutOfStock):
        place()
    variant.refresh_from_db()
    assert variant.stock == 10
    assert Order.objects.count() == 0 and OrderItem.objects.count() == 0
    assert cart_lines(buyer) == [(variant.pk, 11)]


def test_unavailable_lines_stay_in_the_cart_and_are_left_out(buyer, variant, book, add_to_cart, place):
    add_to_cart(buyer, variant, 1)
    add_to_cart(buyer, book, 1)
    Variant.objects.filter(pk=variant.pk).update(is_active=False)

    orders = place()

    assert [o.shop_id for o in orders] == [book.product.shop_id]
    assert cart_lines(buyer) == [(variant.pk, 1)]
    variant.refresh_from_db()
    assert variant.stock == 10


def test_nothing_available_is_out_of_stock(buyer, variant, add_to_cart, place):
    add_to_cart(buyer, variant, 1)
    Variant.objects.filter(pk=variant.pk).update(stock=0)
    with pytest.raises(OutOfStock):
        place()
    assert Order.objects.count() == 0


def test_empty_cart_cannot_be_ordered(buyer, address, place):
    with pytest.raises(BusinessRuleViolation) as exc:
        place()
    assert exc.value.code == "cart_empty"


def test_another_users_address_is_refused(buyer, variant, add_to_cart, place):
    add_to_cart(buyer, variant, 1)
    stranger_address = AddressFactory()
    with pytest.raises(ValidationFailed) as exc:
        place(address=stranger_address)
    assert "address_id" in exc.value.details
    assert Order.objects.count() == 0


def test_payment_methods_without_keys_are_refused(buyer, variant, add_to_cart, place, settings):
    add_to_cart(buyer, variant, 1)
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(ValidationFailed):
        place(payment_method="stripe")
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_123", "pk_test_123"
    assert place(payment_method="stripe")[0].payment_method == "stripe"


def test_unknown_shipping_method_is_refused(buyer, variant, add_to_cart, place):
    add_to_cart(buyer, variant, 1)
    with pytest.raises(ValidationFailed):
        place(shipping_method="teleport")


def test_inventory_movements_reference_the_checkout(buyer, variant, add_to_cart, place):
    add_to_cart(buyer, variant, 2)
    order = place()[0]
    movement = InventoryMovement.objects.get(variant=variant, reason="order")
    assert movement.delta == -2 and movement.reference == str(order.checkout_id)


def test_an_order_number_clash_is_retried_with_new_numbers(buyer, variant, book, add_to_cart, place, monkeypatch):
    from apps.orders import services

    taken = OrderFactory().order_number
    numbers = iter([taken, "CHO-20261121-22222", "CHO-20261121-33333", "CHO-20261121-44444"])
    monkeypatch.setattr(services, "order_number_generate", lambda _day: next(numbers))
    add_to_cart(buyer, variant, 1)
    add_to_cart(buyer, book, 1)

    orders = place()

    placed = {o.order_number for o in orders}
    assert len(placed) == 2 and taken not in placed
    assert set(Order.objects.filter(buyer=buyer).values_list("order_number", flat=True)) == placed


def test_placed_orders_come_back_as_the_selector_reads_them(buyer, variant, book, add_to_cart, place):
    from apps.orders.selectors import orders_for_checkout

    add_to_cart(buyer, variant, 2)
    add_to_cart(buyer, book, 1)

    placed = place()

    stored = orders_for_checkout(buyer, placed[0].checkout_id)
    assert [o.pk for o in placed] == [o.pk for o in stored]
    for mine, theirs in zip(placed, stored, strict=True):
        assert mine.shop.slug == theirs.shop.slug
        assert [(i.pk, i.product_snapshot, i.variant_snapshot, i.quantity, i.subtotal) for i in mine.items.all()] == [
            (i.pk, i.product_snapshot, i.variant_snapshot, i.quantity, i.subtotal) for i in theirs.items.all()]
        assert [(h.status, h.actor, h.at) for h in mine.status_history.all()] == [
            (h.status, h.actor, h.at) for h in theirs.status_history.all()]


def test_sold_counts_grow_after_commit(buyer, variant, book, add_to_cart, place, django_capture_on_commit_callbacks):
    add_to_cart(buyer, variant, 2)
    add_to_cart(buyer, book, 1)
    with django_capture_on_commit_callbacks(execute=True):
        place()
    variant.product.refresh_from_db()
    book.product.refresh_from_db()
    assert (variant.product.sold_count, book.product.sold_count) == (2, 1)


def test_flash_sale_units_taken_after_pricing_refuse_the_placement_and_change_nothing(buyer, variant, add_to_cart,
                                                                                       place, monkeypatch):
    from apps.cart import services as cart_services
    from apps.vouchers.models import FlashSaleItem
    from tests.factories.vouchers import FlashSaleItemFactory

    flash = FlashSaleItemFactory(variant=variant, sale_price=Decimal("199000"), quantity_limit=2)
    add_to_cart(buyer, variant, 1)
    real_quote = cart_services.cart_quote_for_checkout

    def quote_then_another_buyer_takes_the_last_units(**kwargs):
        quote, items = real_quote(**kwargs)
        assert quote.shops[0].lines[0].unit_price == Decimal("199000")
        FlashSaleItem.objects.filter(pk=flash.pk).update(sold_count=2)
        return quote, items

    monkeypatch.setattr(cart_services, "cart_quote_for_checkout", quote_then_another_buyer_takes_the_last_units)
    with pytest.raises(BusinessRuleViolation) as exc:
        place()
    assert exc.value.code == "flash_sale_sold_out"
    variant.refresh_from_db()
    assert variant.stock == 10 and Order.objects.count() == 0 and len(cart_lines(buyer)) == 1
    assert FlashSaleItem.objects.get(pk=flash.pk).sold_count == 2
    assert OrderItem.objects.count() == 0


def test_a_flash_sale_at_its_cap_leaves_the_variant_orderable_at_the_regular_price(buyer, variant, add_to_cart,
                                                                                     place):
    from apps.vouchers.models import FlashSaleItem
    from tests.factories.vouchers import FlashSaleItemFactory

    flash = FlashSaleItemFactory(variant=variant, sale_price=Decimal("199000"), quantity_limit=2, sold_count=2)
    add_to_cart(buyer, variant, 1)

    [order] = place()

    [item] = order.items.all()
    assert (item.quantity, item.unit_price, item.subtotal) == (1, Decimal("259000"), Decimal("259000"))
    assert order.subtotal == Decimal("259000")
    assert FlashSaleItem.objects.get(pk=flash.pk).sold_count == 2
    variant.refresh_from_db()
    assert variant.stock == 9 and cart_lines(buyer) == []


def test_a_line_priced_at_the_flash_price_counts_against_the_cap(buyer, variant, book, add_to_cart, place):
    from apps.vouchers.models import FlashSaleItem
    from tests.factories.vouchers import FlashSaleItemFactory

    flash = FlashSaleItemFactory(variant=variant, sale_price=Decimal("199000"), quantity_limit=5, sold_count=1)
    add_to_cart(buyer, variant, 2)
    add_to_cart(buyer, book, 1)

    orders = place()

    item = OrderItem.objects.get(order__in=orders, variant=variant)
    assert (item.unit_price, item.subtotal) == (Decimal("199000"), Decimal("398000"))
    assert FlashSaleItem.objects.get(pk=flash.pk).sold_count == 3


# --- transitions ------------------------------------------------------------------------------
@pytest.mark.parametrize(("current", "target"), list(itertools.product(S.values, S.values)))
def test_every_transition_by_staff(current, target, staff_user):
    order = OrderFactory(status=current)
    if target in ALLOWED_TRANSITIONS[current]:
        order = order_transition(order=order, to_status=target, by=staff_user)
        assert Order.objects.get(pk=order.pk).status == target
        last = order.status_history.order_by("-at").first()
        assert (last.status, last.by, last.actor) == (target, staff_user, Actor.STAFF)
    else:
        with pytest.raises(InvalidTransition):
            order_transition(order=order, to_status=target, by=staff_user)
        assert Order.objects.get(pk=order.pk).status == current


def test_seller_walks_the_pipeline_and_history_records_everything():
    order = OrderFactory()
    seller = order.shop.owner
    order_transition(order=order, to_status=S.CONFIRMED, by=seller)
    order_transition(order=order, to_status=S.PACKED, by=seller, note="Đã đóng gói")
    order_transition(order=order, to_status=S.SHIPPING, by=seller, tracking_number="GHN123", carrier="GHN")
    order = order_transition(order=order, to_status=S.DELIVERED, by=seller)

    assert (order.tracking_number, order.carrier) == ("GHN123", "GHN")
    assert order.delivered_at is not None
    history = list(order.status_history.order_by("at", "created_at").values_list("status", "actor", "note"))
    assert history == [(S.PENDING, Actor.BUYER, ""), (S.CONFIRMED, Actor.SELLER, ""),
                       (S.PACKED, Actor.SELLER, "Đã đóng gói"), (S.SHIPPING, Actor.SELLER, ""),
                       (S.DELIVERED, Actor.SELLER, "")]


@pytest.mark.parametrize("target", [S.CANCELLED, S.COMPLETED])
def test_seller_may_not_cancel_or_complete(target):
    order = OrderFactory(status=S.CONFIRMED if target == S.CANCELLED else S.DELIVERED)
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to_status=target, by=order.shop.owner)


@pytest.mark.parametrize("target", [S.CONFIRMED, S.PACKED, S.COMPLETED])
def test_buyer_may_only_cancel(target):
    order = OrderFactory(status={S.CONFIRMED: S.PENDING, S.PACKED: S.CONFIRMED, S.COMPLETED: S.DELIVERED}[target])
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to_status=target, by=order.buyer)


@pytest.mark.parametrize(("status", "ok"), [(S.PENDING, True), (S.CONFIRMED, True), (S.PACKED, False),
                                            (S.SHIPPING, False), (S.DELIVERED, False), (S.COMPLETED, False),
                                            (S.CANCELLED, False)])
def test_buyer_cancels_pending_or_confirmed_only(status, ok):
    order = OrderFactory(status=status)
    if ok:
        assert order_cancel(order=order, by=order.buyer, reason="Đổi ý").status == S.CANCELLED
    else:
        with pytest.raises(InvalidTransition):
            order_cancel(order=order, by=order.buyer, reason="Đổi ý")


def test_a_stranger_cannot_touch_an_order():
    order = OrderFactory()
    with pytest.raises(NotFound):
        order_transition(order=order, to_status=S.CANCELLED, by=UserFactory())


def test_online_orders_must_be_paid_before_confirmation():
    order = OrderFactory(payment_method="stripe")
    with pytest.raises(BusinessRuleViolation) as exc:
        order_transition(order=order, to_status=S.CONFIRMED, by=order.shop.owner)
    assert exc.value.code == "payment_required"
    order_mark_paid(order=order)
    assert order_transition(order=order, to_status=S.CONFIRMED, by=order.shop.owner).status == S.CONFIRMED


def test_cancellation_gives_stock_back_and_records_the_reason(buyer, variant, add_to_cart, place):
    add_to_cart(buyer, variant, 3)
    order = place()[0]
    variant.refresh_from_db()
    assert variant.stock == 7

    order = order_cancel(order=order, by=buyer, reason="Đặt nhầm")

    variant.refresh_from_db()
    assert variant.stock == 10
    assert order.cancellation_reason == "Đặt nhầm" and order.cancelled_at is not None
    assert InventoryMovement.objects.filter(variant=variant, reason="cancellation", delta=3,
                                            reference=order.order_number).exists()
    last = OrderStatusHistory.objects.filter(order=order).order_by("-at").first()
    assert (last.status, last.note, last.by) == (S.CANCELLED, "Đặt nhầm", buyer)


def test_bulk_confirm_confirms_pending_and_reports_the_rest():
    pending = OrderFactory()
    shop = pending.shop
    shipped = OrderFactory(shop=shop, status=S.SHIPPING)
    foreign = OrderFactory()
    confirmed, refused = orders_bulk_confirm(shop=shop, order_ids=[pending.pk, shipped.pk, foreign.pk],
                                             by=shop.owner)
    assert [o.pk for o in confirmed] == [pending.pk]
    assert set(refused) == {str(shipped.pk), str(foreign.pk)}
    assert Order.objects.get(pk=foreign.pk).status == S.PENDING


# --- payment hooks, expiry, auto-completion ----------------------------------------------------
def test_expire_unpaid_cancels_and_returns_stock(buyer, variant, add_to_cart, place, settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_123", "pk_test_123"
    add_to_cart(buyer, variant, 2)
    order = place(payment_method="stripe")[0]

    order = order_expire_unpaid(order=order)

    variant.refresh_from_db()
    assert order.status == S.CANCELLED and variant.stock == 10
    assert InventoryMovement.objects.filter(variant=variant, reason="expiry", delta=2).exists()
    assert order.status_history.order_by("-at").first().actor == Actor.SYSTEM
    # A second call (the task retried) changes nothing.
    assert order_expire_unpaid(order=order).status == S.CANCELLED
    variant.refresh_from_db()
    assert variant.stock == 10


def test_expire_unpaid_leaves_paid_orders_alone():
    order = OrderFactory(payment_method="stripe")
    order_mark_paid(order=order)
    assert order_expire_unpaid(order=order).status == S.PENDING


def test_payment_status_updates():
    order = OrderFactory(payment_method="paypal")
    assert order_set_payment_status(order=order, payment_status="pending").payment_status == "pending"
    paid = order_set_payment_status(order=order, payment_status="paid")
    assert paid.payment_status == "paid" and paid.paid_at is not None
    assert order_mark_paid(order=order).paid_at == paid.paid_at  # idempotent
    with pytest.raises(ValidationFailed):
        order_set_payment_status(order=order, payment_status="stolen")


def test_delivered_orders_complete_after_the_configured_days(settings):
    settings.ORDER_AUTO_COMPLETE_DAYS = 7
    old = OrderFactory(status=S.DELIVERED, delivered_at=timezone.now() - timedelta(days=8))
    recent = OrderFactory(status=S.DELIVERED, delivered_at=timezone.now() - timedelta(days=2))
    shipping = OrderFactory(status=S.SHIPPING)

    from apps.orders.tasks import orders_auto_complete_task

    assert orders_auto_complete_task() == 1
    assert Order.objects.get(pk=old.pk).status == S.COMPLETED
    assert Order.objects.get(pk=recent.pk).status == S.DELIVERED
    assert Order.objects.get(pk=shipping.pk).status == S.SHIPPING
    assert orders_auto_complete() == 0


def test_beat_schedule_includes_auto_completion():
    from config.celery_app import collect_beat_schedule

    assert collect_beat_schedule()["orders-auto-complete"]["task"] == "orders.auto_complete"


# --- notifications ----------------------------------------------------------------------------
def kinds_for(user):
    return list(Notification.objects.filter(user=user).order_by("created_at").values_list("kind", flat=True))


def test_placement_notifies_buyer_and_seller_after_commit(buyer, variant, add_to_cart, place,
                                                          django_capture_on_commit_callbacks):
    add_to_cart(buyer, variant, 1)
    with django_capture_on_commit_callbacks(execute=True):
        order = place()[0]
    assert kinds_for(buyer) == ["order.placed"]
    assert kinds_for(order.shop.owner) == ["order.new_for_seller"]
    assert order.order_number in Notification.objects.get(user=buyer).title


def test_placement_sends_orders_placed_after_commit(buyer, variant, book, add_to_cart, place,
                                                    django_capture_on_commit_callbacks):
    from apps.orders.signals import orders_placed

    received = []

    def receiver(sender, orders, buyer, **kwargs):
        received.append(([o.pk for o in orders], buyer.pk))

    orders_placed.connect(receiver, dispatch_uid="test-orders-placed")
    try:
        add_to_cart(buyer, variant, 1)
        add_to_cart(buyer, book, 1)
        with django_capture_on_commit_callbacks(execute=True):
            orders = place()
    finally:
        orders_placed.disconnect(dispatch_uid="test-orders-placed")
    assert received == [([o.pk for o in orders], buyer.pk)]


def test_placement_that_fails_notifies_nobody(buyer, variant, add_to_cart, place, django_capture_on_commit_callbacks):
    add_to_cart(buyer, variant, 50)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(OutOfStock):
        place()
    assert Notification.objects.count() == 0


def test_status_changes_notify_the_buyer_and_cancellation_the_seller_too(django_capture_on_commit_callbacks):
    order = OrderFactory()
    seller, buyer = order.shop.owner, order.buyer
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to_status=S.CONFIRMED, by=seller)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to_status=S.PACKED, by=seller)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to_status=S.SHIPPING, by=seller, tracking_number="VN1", carrier="VNPost")
    assert kinds_for(buyer) == ["order.status_changed", "order.status_changed", "order.shipped"]
    assert "VN1" in Notification.objects.get(user=buyer, kind="order.shipped").message

    other = OrderFactory(shop=order.shop, buyer=buyer)
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=other, by=buyer, reason="Hết cần")
    assert kinds_for(buyer)[-1] == "order.cancelled"
    assert kinds_for(seller) == ["order.cancelled"]


# --- vouchers ---------------------------------------------------------------------------------
def test_voucher_is_redeemed_with_the_orders_and_released_on_cancellation(buyer, variant, book, add_to_cart,
                                                                           place):
    from apps.cart.services import cart_get_for_user, cart_quote
    from apps.vouchers.models import Voucher, VoucherRedemption
    from tests.factories.vouchers import VoucherFactory

    voucher = VoucherFactory(code="GIAM10", value=Decimal("10"))
    add_to_cart(buyer, variant, 1)
    add_to_cart(buyer, book, 1)
    quote = cart_quote(cart=cart_get_for_user(buyer), user=buyer, voucher_codes=("GIAM10",))

    orders = place(voucher_codes=["giam10"])

    assert sum(o.discount for o in orders) == quote.discount > 0
    assert sum(o.total for o in orders) == quote.total
    assert Voucher.objects.get(pk=voucher.pk).used_count == 1
    assert VoucherRedemption.objects.filter(voucher=voucher).count() == 2
    for order in orders:
        order_cancel(order=order, by=buyer, reason="Đổi ý")
    assert Voucher.objects.get(pk=voucher.pk).used_count == 0


def test_a_used_up_voucher_refuses_the_placement_and_changes_nothing(buyer, variant, add_to_cart, place):
    from tests.factories.vouchers import VoucherFactory

    VoucherFactory(code="MOTLAN", usage_limit=1, used_count=1)
    add_to_cart(buyer, variant, 1)
    with pytest.raises(VoucherInvalid) as exc:
        place(voucher_codes=["MOTLAN"])
    assert "MOTLAN" in exc.value.details["voucher_codes"]
    variant.refresh_from_db()
    assert variant.stock == 10 and Order.objects.count() == 0
