"""Cart pricing without a database: per-shop subtotals, shipping and thresholds, tax, vouchers, rounding."""
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from apps.cart.pricing import LineInput, ShopInfo, quote_build, shipping_fee_for
from apps.vouchers.domain import Buyer, VoucherRule, VoucherType

D = Decimal
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
SHOPS = {
    "a": ShopInfo("a", "Điện Thoại Hay", D("30000"), D("50000"), D("500000")),
    "b": ShopInfo("b", "Sách Cũ", D("20000"), D("40000"), None),
}


def item(n, shop="a", price="100000", qty=1, **kw):
    return LineInput(item_id=f"i{n}", variant_id=f"v{n}", product_id=f"p{n}", shop_id=shop, category_id="c1",
                     title=f"Product {n}", variant_name="Default", quantity=qty, unit_price=D(price), **kw)


def quote(lines, **kw):
    kw.setdefault("vat_rate", D("0.10"))
    kw.setdefault("currency", "VND")
    return quote_build(lines=lines, shops=SHOPS, **kw)


def test_lines_grouped_by_shop_with_subtotals():
    q = quote([item(1, "a", "100000", 2), item(2, "b", "50000"), item(3, "a", "10000", 3)])
    assert [s.shop_name for s in q.shops] == ["Điện Thoại Hay", "Sách Cũ"]
    assert [s.subtotal for s in q.shops] == [D("230000"), D("50000")]
    assert q.subtotal == D("280000")
    assert q.item_count == 6


def test_standard_shipping_per_shop():
    q = quote([item(1, "a"), item(2, "b")])
    assert [s.shipping_fee for s in q.shops] == [D("30000"), D("20000")]
    assert q.shipping_fee == D("50000")
    assert q.total == D("100000") + D("100000") + D("50000")


def test_free_shipping_from_exactly_the_threshold():
    below = quote([item(1, "a", "499999")])
    at = quote([item(1, "a", "500000")])
    assert below.shops[0].shipping_fee == D("30000")
    assert below.shops[0].amount_to_free_shipping == D("1")
    assert at.shops[0].shipping_fee == D("0")
    assert at.shops[0].amount_to_free_shipping is None


def test_express_is_charged_even_above_the_threshold_and_faster():
    q = quote([item(1, "a", "900000")], shipping_method="express")
    assert q.shops[0].shipping_fee == D("50000")
    assert q.shops[0].estimated_delivery_days < quote([item(1, "a")]).shops[0].estimated_delivery_days


def test_unknown_shipping_method_is_an_error():
    with pytest.raises(ValueError, match="shipping method"):
        quote([item(1)], shipping_method="drone")
    with pytest.raises(ValueError, match="shipping method"):
        shipping_fee_for(SHOPS["a"], subtotal=D(1), method="drone", currency="VND")


def test_tax_included_is_shown_and_does_not_change_the_total():
    q = quote([item(1, "b", "90000")])  # 90.000 + 20.000 shipping = 110.000 incl. 10% VAT = 10.000
    assert q.tax == D("10000")
    assert q.total == D("110000")


def test_tax_added_when_prices_exclude_it():
    q = quote([item(1, "b", "80000")], prices_include_tax=False)  # (80.000 + 20.000) × 10%
    assert q.tax == D("10000")
    assert q.total == D("110000")


def test_unavailable_items_are_listed_but_left_out_of_totals():
    q = quote([item(1, "a", "100000"), item(2, "a", "300000", available=False, unavailable_reason="Sold out")])
    assert len(q.shops[0].lines) == 2
    assert q.shops[0].subtotal == D("100000")
    assert q.has_unavailable
    assert not q.shops[0].lines[1].available


def test_a_shop_with_only_unavailable_items_charges_no_shipping():
    q = quote([item(1, "a", available=False)])
    assert q.total == 0
    assert q.shipping_fee == 0
    assert q.is_empty


def test_price_change_since_added_is_reported():
    q = quote([item(1, price="90000", price_at_add=D("100000")), item(2, price="50000", price_at_add=D("50000"))])
    assert q.lines[0].price_changed_from == D("100000")
    assert q.lines[1].price_changed_from is None


def test_promotion_shows_the_regular_price():
    q = quote([item(1, price="80000", regular_price=D("100000"))])
    assert q.lines[0].regular_price == D("100000")
    assert q.lines[0].line_total == D("80000")


def test_vouchers_reduce_the_total_and_name_their_codes_per_shop():
    vouchers = [VoucherRule(code="SHOPA", type=VoucherType.FIXED, value=D("10000"), shop_id="a"),
                VoucherRule(code="ALL", type=VoucherType.PERCENTAGE, value=D("10"))]
    q = quote([item(1, "a", "100000"), item(2, "b", "100000")], vouchers=vouchers, buyer=Buyer("u"), now=NOW)
    a, b = q.shops
    assert a.voucher_codes == ("SHOPA", "ALL")
    assert b.voucher_codes == ("ALL",)
    # platform 10% of (90.000 + 100.000) = 19.000, split 9.000 / 10.000
    assert dict(a.voucher_discounts) == {"SHOPA": D("10000"), "ALL": D("9000")}
    assert b.discount == D("10000")
    assert q.discount == D("29000")
    assert q.total == D("200000") + D("50000") - D("29000")
    assert q.voucher_codes == ("SHOPA", "ALL")


def test_free_shipping_voucher_shows_as_a_discount_on_shipping():
    vouchers = [VoucherRule(code="SHIP", type=VoucherType.FREE_SHIPPING, shop_id="b")]
    q = quote([item(1, "b", "100000")], vouchers=vouchers, buyer=Buyer("u"), now=NOW)
    assert q.shops[0].shipping_fee == D("20000")
    assert q.shops[0].shipping_discount == D("20000")
    assert q.total == D("100000")


def test_refused_codes_carry_their_reason():
    vouchers = [VoucherRule(code="BIG", type=VoucherType.FIXED, value=D("1"), min_order_value=D("1000000"))]
    q = quote([item(1)], vouchers=vouchers, buyer=Buyer("u"), now=NOW, refused={"NOPE": "Unknown"})
    assert set(q.refused_vouchers) == {"BIG", "NOPE"}
    assert q.voucher_codes == ()


def test_usd_rounds_to_cents():
    shops = {"u": ShopInfo("u", "US", D("4.99"), D("9.99"), None)}
    q = quote_build(lines=[item(1, "u", "3.333", 3)], shops=shops, currency="USD", vat_rate=D("0.10"))
    assert q.lines[0].unit_price == D("3.33")
    assert q.subtotal == D("9.99")
    assert q.total == D("14.98")


prices = st.integers(min_value=0, max_value=5_000_000).map(D)


@hsettings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), prices, st.integers(1, 5), st.booleans()), min_size=1,
                max_size=6),
       st.lists(st.tuples(st.sampled_from([None, "a", "b"]), st.sampled_from(list(VoucherType.values)),
                          st.integers(0, 1_000_000)), max_size=3),
       st.sampled_from(["standard", "express"]), st.booleans())
def test_totals_add_up_and_never_go_negative(rows, voucher_rows, method, included):
    lines = [item(n, shop, price, qty, available=ok) for n, (shop, price, qty, ok) in enumerate(rows)]
    vouchers = [VoucherRule(code=f"V{n}", shop_id=shop, type=kind,
                            value=D(min(value, 100) if kind == VoucherType.PERCENTAGE else value))
                for n, (shop, kind, value) in enumerate(voucher_rows)]
    q = quote(lines, vouchers=vouchers, buyer=Buyer("u"), now=NOW, shipping_method=method,
              prices_include_tax=included)
    assert sum(s.total for s in q.shops) == q.total
    assert sum(s.discount for s in q.shops) == q.discount
    for shop in q.shops:
        assert shop.total >= 0
        assert shop.tax >= 0
        assert shop.discount <= shop.subtotal + shop.shipping_fee
        assert shop.subtotal == sum(line.line_total for line in shop.lines if line.available)
        assert sum(amount for _, amount in shop.voucher_discounts) == shop.discount
