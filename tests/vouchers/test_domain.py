"""The voucher rules engine, without a database: every rule at its boundary, caps, stacking, splits."""
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from apps.vouchers.domain import (
    Buyer,
    Line,
    Promotion,
    PromotionKind,
    VoucherAudience,
    VoucherRule,
    VoucherScope,
    VoucherType,
    check_subtotal,
    effective_price,
    evaluate,
    item_discount,
    normalize_code,
    split_proportionally,
)

D = Decimal
NOW = datetime(2026, 11, 21, 12, 0, 0, tzinfo=UTC)
BUYER = Buyer(user_id="u1", has_orders=True, joined_at=NOW - timedelta(days=400))
SHOP_A, SHOP_B, SHOP_C = "shop-a", "shop-b", "shop-c"


def rule(code="SALE", type=VoucherType.PERCENTAGE, value="10", **kw):
    return VoucherRule(code=code, type=type, value=D(value), **kw)


def run(vouchers, lines, shipping=None, buyer=BUYER, now=NOW, currency="VND"):
    shipping = shipping if shipping is not None else {line.shop_id: D("30000") for line in lines}
    with translation.override("vi"):
        return evaluate(vouchers=vouchers, lines=lines, shipping=shipping, buyer=buyer, now=now, currency=currency)


def line(shop=SHOP_A, amount="100000", product="p1", categories=()):
    return Line(shop_id=shop, amount=D(amount), product_id=product, category_ids=frozenset(categories))


# --- minimum order value ----------------------------------------------------------------------
def test_exactly_the_minimum_applies():
    result = run([rule(min_order_value=D("200000"))], [line(amount="200000")])
    assert result.refused == {}
    assert result.item_discount(SHOP_A) == D("20000")


def test_one_dong_below_the_minimum_is_refused_with_the_amount_in_vietnamese():
    result = run([rule(min_order_value=D("200000"))], [line(amount="199999")])
    assert result.refused == {"SALE": "Đơn tối thiểu 200.000 ₫"}
    assert result.item_discount(SHOP_A) == 0


def test_minimum_message_in_english():
    with translation.override("en"):
        result = evaluate(vouchers=[rule(min_order_value=D("200000"))], lines=[line(amount="1000")],
                          shipping={}, buyer=BUYER, now=NOW, currency="VND")
    assert result.refused["SALE"] == "Minimum order ₫200,000"


# --- time window ------------------------------------------------------------------------------
def test_valid_at_the_second_of_expiry_and_expired_one_second_later():
    voucher = rule(ends_at=NOW)
    assert run([voucher], [line()]).refused == {}
    later = run([voucher], [line()], now=NOW + timedelta(seconds=1))
    assert list(later.refused) == ["SALE"]
    assert later.applied == ()


def test_not_started_until_the_start_second():
    voucher = rule(starts_at=NOW)
    assert "SALE" in run([voucher], [line()], now=NOW - timedelta(seconds=1)).refused
    assert run([voucher], [line()], now=NOW).refused == {}


def test_inactive_voucher_is_refused():
    assert "SALE" in run([rule(is_active=False)], [line()]).refused


# --- usage limits -----------------------------------------------------------------------------
def test_usage_limit_reached_at_the_limit():
    assert run([rule(usage_limit=5, used_count=4)], [line()]).refused == {}
    assert "SALE" in run([rule(usage_limit=5, used_count=5)], [line()]).refused


def test_per_user_limit():
    assert run([rule(per_user_limit=2, user_used_count=1)], [line()]).refused == {}
    assert "SALE" in run([rule(per_user_limit=2, user_used_count=2)], [line()]).refused


def test_per_user_limit_is_not_known_for_a_guest_so_not_held_against_them():
    assert run([rule(per_user_limit=1, user_used_count=0)], [line()], buyer=Buyer()).refused == {}


# --- audience ---------------------------------------------------------------------------------
def test_first_order_only():
    voucher = rule(first_order_only=True)
    assert run([voucher], [line()], buyer=Buyer(user_id="u2", has_orders=False)).refused == {}
    assert "SALE" in run([voucher], [line()], buyer=BUYER).refused
    assert "SALE" in run([voucher], [line()], buyer=Buyer()).refused  # guests must sign in


def test_new_customers_audience():
    voucher = rule(audience=VoucherAudience.NEW_CUSTOMERS)
    fresh = Buyer(user_id="u2", joined_at=NOW - timedelta(days=29))
    old = Buyer(user_id="u3", joined_at=NOW - timedelta(days=30))
    assert run([voucher], [line()], buyer=fresh).refused == {}
    assert "SALE" in run([voucher], [line()], buyer=old).refused


def test_chosen_users_audience():
    voucher = rule(audience=VoucherAudience.CHOSEN_USERS, user_ids=frozenset({"u1"}))
    assert run([voucher], [line()]).refused == {}
    assert "SALE" in run([voucher], [line()], buyer=Buyer(user_id="u9")).refused


# --- scope ------------------------------------------------------------------------------------
def test_category_scope_counts_only_lines_in_the_category_or_below():
    voucher = rule(scope=VoucherScope.CATEGORIES, category_ids=frozenset({"phones"}))
    lines = [line(amount="100000", categories=("phones", "android")), line(amount="900000", categories=("books",))]
    result = run([voucher], lines)
    assert result.item_discount(SHOP_A) == D("10000")


def test_product_scope_with_nothing_in_scope_is_refused():
    voucher = rule(scope=VoucherScope.PRODUCTS, product_ids=frozenset({"p9"}))
    assert "SALE" in run([voucher], [line(product="p1")]).refused


def test_minimum_counts_only_in_scope_lines():
    voucher = rule(scope=VoucherScope.PRODUCTS, product_ids=frozenset({"p1"}), min_order_value=D("150000"))
    lines = [line(amount="100000", product="p1"), line(amount="500000", product="p2")]
    assert "SALE" in run([voucher], lines).refused


def test_shop_voucher_without_that_shops_items_is_refused_naming_the_shop():
    voucher = rule(shop_id=SHOP_B, shop_name="Sách Hay")
    result = run([voucher], [line(shop=SHOP_A)])
    assert "Sách Hay" in result.refused["SALE"]


# --- amounts and caps -------------------------------------------------------------------------
def test_percentage_is_capped_by_max_discount():
    voucher = rule(value="50", max_discount=D("30000"))
    assert run([voucher], [line(amount="100000")]).item_discount(SHOP_A) == D("30000")
    assert run([voucher], [line(amount="50000")]).item_discount(SHOP_A) == D("25000")


def test_percentage_rounds_half_up_in_vnd():
    # 15% of 10.003 ₫ = 1.500,45 → 1.500; of 10.010 ₫ = 1.501,5 → 1.502
    assert item_discount(rule(value="15"), D("10003"), "VND") == D("1500")
    assert item_discount(rule(value="15"), D("10010"), "VND") == D("1502")


def test_fixed_amount_never_exceeds_the_subtotal():
    voucher = rule(type=VoucherType.FIXED, value="50000")
    assert run([voucher], [line(amount="30000")]).item_discount(SHOP_A) == D("30000")
    assert run([voucher], [line(amount="80000")]).item_discount(SHOP_A) == D("50000")


def test_cap_exactly_at_the_cap():
    voucher = rule(value="10", max_discount=D("10000"))
    assert run([voucher], [line(amount="100000")]).item_discount(SHOP_A) == D("10000")
    assert run([voucher], [line(amount="100010")]).item_discount(SHOP_A) == D("10000")


def test_free_shipping_reduces_only_shipping_up_to_its_cap():
    voucher = rule(type=VoucherType.FREE_SHIPPING, value="0", max_discount=D("20000"))
    result = run([voucher], [line()], shipping={SHOP_A: D("30000")})
    assert result.item_discount(SHOP_A) == 0
    assert result.shipping_discount(SHOP_A) == D("20000")


def test_free_shipping_when_shipping_is_already_free_is_refused():
    voucher = rule(type=VoucherType.FREE_SHIPPING, value="0")
    assert "SALE" in run([voucher], [line()], shipping={SHOP_A: D("0")}).refused


# --- stacking ---------------------------------------------------------------------------------
def test_one_voucher_per_shop_the_first_keeps_the_slot():
    first = rule("FIRST", shop_id=SHOP_A, value="10")
    second = rule("SECOND", shop_id=SHOP_A, value="50")
    result = run([first, second], [line()])
    assert [v.code for v in result.applied] == ["FIRST"]
    assert "SECOND" in result.refused


def test_one_platform_voucher_per_order():
    result = run([rule("P1"), rule("P2")], [line()])
    assert [v.code for v in result.applied] == ["P1"]
    assert "P2" in result.refused


def test_platform_voucher_applies_after_the_shop_voucher_on_the_remainder():
    shop_voucher = rule("SHOP", shop_id=SHOP_A, type=VoucherType.FIXED, value="20000")
    platform = rule("ALL", value="10")
    result = run([platform, shop_voucher], [line(amount="100000")])
    # shop voucher: 20.000; platform: 10% of the remaining 80.000 = 8.000
    assert result.item_discount(SHOP_A) == D("28000")
    assert [v.code for v in result.applied] == ["ALL", "SHOP"]  # in the order the shopper added them
    assert result.codes_for(SHOP_A) == ("ALL", "SHOP")


def test_platform_voucher_split_across_shops_sums_exactly():
    platform = rule("ALL", type=VoucherType.FIXED, value="10000")
    lines = [line(SHOP_A, "100000"), line(SHOP_B, "100000"), line(SHOP_C, "100000")]
    result = run([platform], lines)
    shares = [result.item_discount(s) for s in (SHOP_A, SHOP_B, SHOP_C)]
    assert sum(shares) == D("10000")
    assert sorted(shares) == [D("3333"), D("3333"), D("3334")]
    assert shares[0] == D("3334")  # the tie goes to the earliest shop


def test_platform_minimum_uses_the_whole_order():
    platform = rule("ALL", min_order_value=D("150000"))
    result = run([platform], [line(SHOP_A, "100000"), line(SHOP_B, "50000")])
    assert result.refused == {}


def test_platform_free_shipping_split_over_shops_with_in_scope_items():
    voucher = rule("SHIP", type=VoucherType.FREE_SHIPPING, value="0", max_discount=D("45000"))
    result = run([voucher], [line(SHOP_A), line(SHOP_B)], shipping={SHOP_A: D("30000"), SHOP_B: D("30000")})
    assert result.shipping_discount(SHOP_A) + result.shipping_discount(SHOP_B) == D("45000")
    assert result.shipping_discount(SHOP_A) == D("22500")


# --- split ------------------------------------------------------------------------------------
def test_split_with_no_weight_gives_nothing():
    assert split_proportionally(D("0"), [("a", D("0"))], "VND") == (("a", D("0")),)


def test_split_in_cents():
    shares = dict(split_proportionally(D("10.00"), [("a", D("1")), ("b", D("1")), ("c", D("1"))], "USD"))
    assert shares == {"a": D("3.34"), "b": D("3.33"), "c": D("3.33")}


# --- quick check for the validate endpoint ----------------------------------------------------
def test_check_subtotal_reports_discount_or_reason():
    voucher = rule(value="10", min_order_value=D("200000"))
    with translation.override("vi"):
        assert check_subtotal(voucher, subtotal=D("300000"), buyer=BUYER, now=NOW, currency="VND") == (D("30000"), None)
        discount, reason = check_subtotal(voucher, subtotal=D("100000"), buyer=BUYER, now=NOW, currency="VND")
    assert discount == 0
    assert reason == "Đơn tối thiểu 200.000 ₫"


def test_check_subtotal_refuses_another_shops_voucher():
    voucher = rule(shop_id=SHOP_B, shop_name="B")
    _, reason = check_subtotal(voucher, subtotal=D("1"), shop_id=SHOP_A, buyer=BUYER, now=NOW, currency="VND")
    assert reason


def test_codes_are_case_insensitive():
    assert normalize_code("  sale10 ") == "SALE10"


# --- automatic promotions ---------------------------------------------------------------------
def test_lowest_running_promotion_wins():
    flash = Promotion(PromotionKind.FLASH_SALE, sale_price=D("80000"), starts_at=NOW, ends_at=NOW + timedelta(hours=1))
    category = Promotion(PromotionKind.CATEGORY_DISCOUNT, percent=D("25"))
    price = effective_price(D("100000"), [flash, category], now=NOW, currency="VND")
    assert price.price == D("75000")
    assert price.regular_price == D("100000")
    assert price.percent_off == 25


def test_flash_sale_ends_at_its_last_second():
    flash = Promotion(PromotionKind.FLASH_SALE, sale_price=D("80000"), ends_at=NOW)
    assert effective_price(D("100000"), [flash], now=NOW, currency="VND").price == D("80000")
    after = effective_price(D("100000"), [flash], now=NOW + timedelta(seconds=1), currency="VND")
    assert after.price == D("100000")
    assert not after.is_discounted


def test_flash_sale_cap_applies_only_while_enough_units_remain():
    flash = Promotion(PromotionKind.FLASH_SALE, sale_price=D("80000"), remaining=2)
    assert effective_price(D("100000"), [flash], now=NOW, currency="VND", quantity=2).price == D("80000")
    assert effective_price(D("100000"), [flash], now=NOW, currency="VND", quantity=3).price == D("100000")
    sold_out = Promotion(PromotionKind.FLASH_SALE, sale_price=D("80000"), remaining=0)
    assert effective_price(D("100000"), [sold_out], now=NOW, currency="VND").price == D("100000")


def test_the_flash_sale_item_is_named_only_when_its_price_is_charged():
    flash = Promotion(PromotionKind.FLASH_SALE, sale_price=D("80000"), remaining=2, source_id="fs-1")
    assert effective_price(D("100000"), [flash], now=NOW, currency="VND", quantity=2).flash_sale_item_id == "fs-1"
    assert effective_price(D("100000"), [flash], now=NOW, currency="VND", quantity=3).flash_sale_item_id is None
    cheaper = Promotion(PromotionKind.CATEGORY_DISCOUNT, percent=D("25"), source_id="cd-1")
    assert effective_price(D("100000"), [flash, cheaper], now=NOW, currency="VND").flash_sale_item_id is None


def test_category_discount_capped_per_unit():
    category = Promotion(PromotionKind.CATEGORY_DISCOUNT, percent=D("50"), max_off=D("10000"))
    assert effective_price(D("100000"), [category], now=NOW, currency="VND").price == D("90000")


def test_a_sale_price_above_the_price_changes_nothing():
    flash = Promotion(PromotionKind.FLASH_SALE, sale_price=D("120000"))
    result = effective_price(D("100000"), [flash], now=NOW, currency="VND")
    assert result.price == D("100000")
    assert result.promotion is None


# --- properties -------------------------------------------------------------------------------
amounts = st.integers(min_value=0, max_value=50_000_000).map(D)
shops = st.sampled_from([SHOP_A, SHOP_B, SHOP_C])


@st.composite
def carts(draw):
    lines = draw(st.lists(st.builds(lambda s, a, p: Line(shop_id=s, amount=a, product_id=p),
                                    shops, amounts, st.sampled_from(["p1", "p2", "p3"])), min_size=1, max_size=8))
    shipping = {sid: draw(st.integers(0, 100_000).map(D)) for sid in {ln.shop_id for ln in lines}}
    return lines, shipping


voucher_rules = st.builds(
    lambda code, shop, kind, value, cap, minimum: VoucherRule(
        code=code, shop_id=shop, type=kind, value=D(value if kind != VoucherType.PERCENTAGE else min(value, 100)),
        max_discount=cap, min_order_value=minimum),
    st.sampled_from(["V1", "V2", "V3", "V4"]), st.sampled_from([None, SHOP_A, SHOP_B]),
    st.sampled_from(list(VoucherType.values)), st.integers(0, 2_000_000),
    st.one_of(st.none(), st.integers(0, 500_000).map(D)), st.integers(0, 1_000_000).map(D),
)


@hsettings(deadline=None)
@given(carts(), st.lists(voucher_rules, max_size=4, unique_by=lambda v: v.code))
def test_discounts_never_exceed_what_they_discount(cart, vouchers):
    lines, shipping = cart
    result = evaluate(vouchers=vouchers, lines=lines, shipping=shipping, buyer=BUYER, now=NOW, currency="VND")
    for sid in shipping:
        subtotal = sum((ln.amount for ln in lines if ln.shop_id == sid), D(0))
        assert 0 <= result.item_discount(sid) <= subtotal
        assert 0 <= result.shipping_discount(sid) <= shipping[sid]
    for voucher in result.applied:
        assert sum(amount for _, amount in voucher.shares) == voucher.amount
    assert len([v for v in result.applied if v.shop_id is None]) <= 1
    assert len(result.applied) + len(result.refused) == len(vouchers)


@hsettings(deadline=None)
@given(amounts, st.lists(amounts, min_size=1, max_size=6))
def test_split_shares_sum_to_the_total_and_respect_weights(total, weights):
    keyed = list(enumerate(weights))
    if sum(weights) == 0:
        return
    total = min(total, sum(weights))
    shares = split_proportionally(total, keyed, "VND")
    assert sum(amount for _, amount in shares) == total
    assert all(0 <= amount <= weights[key] for key, amount in shares)


@pytest.mark.parametrize("currency", ["VND", "USD"])
def test_split_keeps_order_of_keys(currency):
    keys = [key for key, _ in split_proportionally(D("7"), [("x", D("1")), ("y", D("2"))], currency)]
    assert keys == ["x", "y"]
