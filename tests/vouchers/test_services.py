"""Redemption, release, the race, seller vouchers and the report, against the database."""
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from apps.core.errors import BusinessRuleViolation, Conflict, ValidationFailed, VoucherInvalid
from apps.orders.models import Order, OrderItem
from apps.vouchers.models import FlashSaleItem, Voucher, VoucherRedemption
from apps.vouchers.selectors import user_usage_count, voucher_report
from apps.vouchers.services import (
    promotions_record_sales,
    voucher_create,
    voucher_update,
    vouchers_redeem,
    vouchers_release,
)
from tests.factories.accounts import UserFactory
from tests.factories.vouchers import FlashSaleItemFactory, VoucherFactory

D = Decimal


def make_order(buyer, shop, *, subtotal="100000", discount="0", checkout_id=None, status="pending", variant=None):
    total = D(subtotal) - D(discount)
    order = Order.objects.create(
        order_number=f"CHO-20261121-{uuid.uuid4().hex[:5].upper()}", checkout_id=checkout_id or uuid.uuid4(),
        buyer=buyer, shop=shop, status=status, payment_method="cod", subtotal=D(subtotal), shipping_fee=D("0"),
        discount=D(discount), tax=D("0"), total=total, currency="VND")
    if variant is not None:
        OrderItem.objects.create(order=order, product=variant.product, variant=variant, quantity=1,
                                 unit_price=D(subtotal), subtotal=D(subtotal), product_snapshot={}, variant_snapshot={})
    return order


@pytest.mark.django_db
def test_redeem_counts_one_use_per_checkout_and_records_each_orders_share(user, shop, other_shop):
    voucher = VoucherFactory(code="ALL10", usage_limit=10)
    checkout = uuid.uuid4()
    first = make_order(user, shop, checkout_id=checkout)
    second = make_order(user, other_shop, checkout_id=checkout)
    vouchers_redeem(user=user, order_vouchers=[(first, ("ALL10",), D("6000")), (second, ("all10",), D("4000"))])
    voucher.refresh_from_db()
    assert voucher.used_count == 1
    assert sorted(VoucherRedemption.objects.values_list("amount", flat=True)) == [D("4000"), D("6000")]
    assert user_usage_count(voucher=voucher, user=user) == 1


@pytest.mark.django_db
def test_redeem_refuses_past_the_per_user_limit(user, shop):
    VoucherFactory(code="ONCE", per_user_limit=1)
    vouchers_redeem(user=user, order_vouchers=[(make_order(user, shop), ("ONCE",), D("1000"))])
    with pytest.raises(VoucherInvalid):
        vouchers_redeem(user=user, order_vouchers=[(make_order(user, shop), ("ONCE",), D("1000"))])
    assert Voucher.objects.get(code="ONCE").used_count == 1


@pytest.mark.django_db
def test_redeem_refuses_past_the_total_limit(shop):
    VoucherFactory(code="LAST", usage_limit=1, per_user_limit=None)
    a, b = UserFactory(), UserFactory()
    vouchers_redeem(user=a, order_vouchers=[(make_order(a, shop), ("LAST",), D("1000"))])
    with pytest.raises(VoucherInvalid):
        vouchers_redeem(user=b, order_vouchers=[(make_order(b, shop), ("LAST",), D("1000"))])


@pytest.mark.django_db
def test_a_decimal_discount_with_two_codes_is_split_shop_voucher_first(user, shop, phone):
    VoucherFactory(code="SHOP5K", shop=shop, type="fixed", value=D("5000"))
    VoucherFactory(code="ALL10")
    order = make_order(user, shop, subtotal="259000", discount="30400", variant=phone)
    vouchers_redeem(user=user, order_vouchers=[(order, ("SHOP5K", "ALL10"), D("30400"))])
    amounts = dict(VoucherRedemption.objects.values_list("voucher__code", "amount"))
    assert amounts == {"SHOP5K": D("5000"), "ALL10": D("25400")}


@pytest.mark.django_db
def test_release_on_cancellation_gives_the_use_back_when_the_last_order_of_the_checkout_goes(user, shop, other_shop):
    voucher = VoucherFactory(code="ALL10", per_user_limit=1)
    checkout = uuid.uuid4()
    first = make_order(user, shop, checkout_id=checkout)
    second = make_order(user, other_shop, checkout_id=checkout)
    vouchers_redeem(user=user, order_vouchers=[(first, ("ALL10",), D("1")), (second, ("ALL10",), D("1"))])
    vouchers_release(order=first)
    voucher.refresh_from_db()
    assert voucher.used_count == 1
    vouchers_release(order=second)
    vouchers_release(order=second)  # twice changes nothing
    voucher.refresh_from_db()
    assert voucher.used_count == 0
    assert user_usage_count(voucher=voucher, user=user) == 0
    # The buyer may use it again.
    vouchers_redeem(user=user, order_vouchers=[(make_order(user, shop), ("ALL10",), D("1"))])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_buyers_race_for_five_uses_exactly_five_win(shop):
    VoucherFactory(code="RACE5", usage_limit=5, per_user_limit=1)
    buyers = [UserFactory() for _ in range(20)]
    orders = [make_order(b, shop) for b in buyers]
    barrier = threading.Barrier(len(buyers))
    results: list[str] = []
    lock = threading.Lock()

    def buy(buyer, order):
        try:
            barrier.wait()
            with transaction.atomic():
                vouchers_redeem(user=buyer, order_vouchers=[(order, ("RACE5",), D("10000"))])
            outcome = "won"
        except VoucherInvalid:
            outcome = "refused"
        finally:
            close_old_connections()
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=buy, args=pair) for pair in zip(buyers, orders, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("won") == 5
    assert results.count("refused") == 15
    assert Voucher.objects.get(code="RACE5").used_count == 5
    assert VoucherRedemption.objects.count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_buyer_racing_themselves_uses_a_single_use_voucher_once(shop):
    VoucherFactory(code="MINE", usage_limit=None, per_user_limit=1)
    buyer = UserFactory()
    orders = [make_order(buyer, shop) for _ in range(6)]
    barrier = threading.Barrier(len(orders))
    won = []

    def buy(order):
        try:
            barrier.wait()
            with transaction.atomic():
                vouchers_redeem(user=buyer, order_vouchers=[(order, ("MINE",), D("1"))])
            won.append(order.pk)
        except VoucherInvalid:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(o,)) for o in orders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1
    assert VoucherRedemption.objects.filter(voucher__code="MINE").count() == 1


# --- sellers' vouchers ------------------------------------------------------------------------
@pytest.mark.django_db
def test_seller_creates_a_voucher_with_a_normalised_unique_code(shop):
    voucher = voucher_create(shop=shop, by=shop.owner, code=" sale50k ", title="Giảm 50K", type="fixed",
                             value=D("50000"), min_order_value=D("300000"))
    assert voucher.code == "SALE50K"
    with pytest.raises(Conflict):
        voucher_create(shop=shop, by=shop.owner, code="Sale50K", title="x", type="fixed", value=D("1"))


@pytest.mark.django_db
def test_bad_vouchers_are_refused(shop):
    with pytest.raises(ValidationFailed):
        voucher_create(shop=shop, by=shop.owner, code="P150", title="x", type="percentage", value=D("150"))
    with pytest.raises(ValidationFailed):
        voucher_create(shop=shop, by=shop.owner, code="BAD CODE", title="x", type="fixed", value=D("1"))
    with pytest.raises(ValidationFailed):
        voucher_create(shop=None, by=shop.owner, code="PLAT", title="x", type="fixed", value=D("1"))


@pytest.mark.django_db
def test_a_used_voucher_keeps_its_value(user, shop):
    voucher = VoucherFactory(shop=shop, code="USED")
    vouchers_redeem(user=user, order_vouchers=[(make_order(user, shop), ("USED",), D("1"))])
    with pytest.raises(BusinessRuleViolation):
        voucher_update(voucher=voucher, by=shop.owner, value=D("50"))
    assert voucher_update(voucher=voucher, by=shop.owner, title="Mới", is_active=False).title == "Mới"


# --- flash sale caps --------------------------------------------------------------------------
@pytest.mark.django_db
def test_flash_sale_units_are_counted_within_the_cap(phone):
    item = FlashSaleItemFactory(variant=phone, quantity_limit=3)
    promotions_record_sales(items=[(item.pk, 2)])
    with pytest.raises(BusinessRuleViolation) as exc:
        promotions_record_sales(items=[(item.pk, 2)])
    assert exc.value.code == "flash_sale_sold_out" and exc.value.details == {"variant_id": str(phone.pk)}
    assert FlashSaleItem.objects.get(pk=item.pk).sold_count == 2


@pytest.mark.django_db
def test_flash_sale_units_count_only_against_the_item_named(phone):
    named = FlashSaleItemFactory(variant=phone, quantity_limit=3)
    other_sale_same_variant = FlashSaleItemFactory(variant=phone, quantity_limit=1, sold_count=1)
    promotions_record_sales(items=[(named.pk, 1)])
    promotions_record_sales(items=[])
    assert FlashSaleItem.objects.get(pk=named.pk).sold_count == 1
    assert FlashSaleItem.objects.get(pk=other_sale_same_variant.pk).sold_count == 1


# --- report -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_report_counts_redemptions_discount_orders_and_revenue(shop, other_shop):
    VoucherFactory(code="REP", per_user_limit=None)
    a, b = UserFactory(), UserFactory()
    vouchers_redeem(user=a, order_vouchers=[(make_order(a, shop, subtotal="200000", discount="20000"), ("REP",),
                                             D("20000"))])
    cancelled = make_order(b, shop, subtotal="100000", discount="10000")
    vouchers_redeem(user=b, order_vouchers=[(cancelled, ("REP",), D("10000"))])
    Order.objects.filter(pk=cancelled.pk).update(status="cancelled", cancelled_at=timezone.now())
    vouchers_release(order=cancelled)
    row = voucher_report().get(code="REP")
    assert (row.redemption_count, row.order_count, row.discount_given, row.revenue) == (1, 1, D("20000"), D("180000"))
