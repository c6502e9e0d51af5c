"""Cart pricing: one pure function used by the cart, the checkout summary and order placement.

No ORM: apps.cart.services turns the cart's rows into `LineInput`/`ShopInfo` and calls `quote_build`.

Per shop, in this order:
- subtotal: the sum of the available lines (unit price after automatic promotions × quantity);
  unavailable lines are listed, flagged, and left out of every total;
- shipping: the shop's standard or express fee; standard shipping is free when the subtotal reaches
  the shop's free-shipping threshold (express is always charged); a shop with nothing available ships
  nothing;
- discount: the vouchers, by the stacking order of apps.vouchers.domain (shop voucher, share of the
  platform voucher, free shipping);
- tax: VAT at `vat_rate` on what is payable (goods + shipping − discount). With tax-inclusive prices
  (the default) the tax is the part of that amount that is tax and the total does not change; otherwise
  it is added on top;
- every amount is rounded by apps.core.money.quantize, per shop, so sum(shop.total) == quote.total.
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from apps.core.money import quantize, tax_included, tax_on
from apps.vouchers import domain as rules

ZERO = Decimal("0")
STANDARD = "standard"
EXPRESS = "express"
SHIPPING_METHODS = (STANDARD, EXPRESS)
DEFAULT_DELIVERY_DAYS = {STANDARD: 4, EXPRESS: 1}


@dataclass(frozen=True)
class ShopInfo:
    shop_id: Hashable
    name: str
    shipping_fee: Decimal
    express_shipping_fee: Decimal
    free_shipping_threshold: Decimal | None = None


@dataclass(frozen=True)
class LineInput:
    """One cart item as pricing needs it. `unit_price`: what a unit costs now (promotions applied);
    `regular_price`: before promotions; `price_at_add`: the unit price when it was put in the cart;
    `flash_sale_item_id`: the flash-sale item whose price `unit_price` is (its cap counts the line at placement)."""

    item_id: Hashable
    variant_id: Hashable
    product_id: Hashable
    shop_id: Hashable
    category_id: Hashable | None
    title: str
    variant_name: str
    quantity: int
    unit_price: Decimal
    regular_price: Decimal | None = None
    price_at_add: Decimal | None = None
    available: bool = True
    unavailable_reason: str = ""
    category_ids: frozenset = frozenset()  # the category and its ancestors (voucher scope)
    stock: int | None = None
    promotion_ends_at: datetime | None = None
    flash_sale_item_id: Hashable | None = None


@dataclass(frozen=True)
class PricedLine:
    item_id: Hashable
    variant_id: Hashable
    product_id: Hashable
    shop_id: Hashable
    category_id: Hashable | None
    title: str
    variant_name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    available: bool
    price_changed_from: Decimal | None
    # Beyond the contract, for display:
    regular_price: Decimal | None = None  # struck-through price when a promotion applies
    unavailable_reason: str = ""
    stock: int | None = None
    promotion_ends_at: datetime | None = None
    # Beyond the contract, for placement: the flash-sale item whose price this line pays (None: not a flash price).
    flash_sale_item_id: Hashable | None = None


@dataclass(frozen=True)
class ShopQuote:
    shop_id: Hashable
    shop_name: str
    lines: tuple[PricedLine, ...]
    subtotal: Decimal
    shipping_fee: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    voucher_codes: tuple[str, ...]
    estimated_delivery_days: int
    # Beyond the contract: the discount per voucher code, and the part of `discount` that is shipping.
    voucher_discounts: tuple[tuple[str, Decimal], ...] = ()
    shipping_discount: Decimal = ZERO
    free_shipping_threshold: Decimal | None = None

    @property
    def available_lines(self) -> tuple[PricedLine, ...]:
        return tuple(line for line in self.lines if line.available)

    @property
    def amount_to_free_shipping(self) -> Decimal | None:
        """How much more to spend for free standard shipping, when the shop offers it and it is not reached."""
        if self.free_shipping_threshold is None or self.subtotal >= self.free_shipping_threshold:
            return None
        return self.free_shipping_threshold - self.subtotal


@dataclass(frozen=True)
class Quote:
    shops: tuple[ShopQuote, ...]
    subtotal: Decimal
    shipping_fee: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    currency: str
    voucher_codes: tuple[str, ...]
    refused_vouchers: dict[str, str]
    # Beyond the contract:
    vouchers: tuple[rules.AppliedVoucher, ...] = ()
    shipping_method: str = STANDARD
    prices_include_tax: bool = True

    @property
    def lines(self) -> tuple[PricedLine, ...]:
        return tuple(line for shop in self.shops for line in shop.lines)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines if line.available)

    @property
    def has_unavailable(self) -> bool:
        return any(not line.available for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not any(line.available for line in self.lines)


def shipping_fee_for(shop: ShopInfo, *, subtotal: Decimal, method: str, currency: str) -> Decimal:
    """The shop's shipping fee for `method`; standard is free from the shop's threshold; nothing to ship costs 0."""
    if method not in SHIPPING_METHODS:
        raise ValueError(f"unknown shipping method: {method!r}")
    if subtotal <= 0:
        return quantize(ZERO, currency)
    if method == EXPRESS:
        return quantize(shop.express_shipping_fee, currency)
    if shop.free_shipping_threshold is not None and subtotal >= shop.free_shipping_threshold:
        return quantize(ZERO, currency)
    return quantize(shop.shipping_fee, currency)


def quote_build(*, lines: Sequence[LineInput], shops: Mapping[Hashable, ShopInfo], currency: str,
                vat_rate: Decimal, prices_include_tax: bool = True, shipping_method: str = STANDARD,
                vouchers: Sequence[rules.VoucherRule] = (), buyer: rules.Buyer | None = None,
                now: datetime | None = None, refused: Mapping[str, str] | None = None,
                delivery_days: Mapping[str, int] | None = None) -> Quote:
    """Price `lines` grouped by shop (in the order the shops first appear) and apply `vouchers`.

    `refused` carries reasons found before pricing (e.g. an unknown code) into the quote."""
    if shipping_method not in SHIPPING_METHODS:
        raise ValueError(f"unknown shipping method: {shipping_method!r}")
    days = {**DEFAULT_DELIVERY_DAYS, **(delivery_days or {})}[shipping_method]

    priced: dict[Hashable, list[PricedLine]] = {}
    engine_lines = []
    for line in lines:
        pl = _price_line(line, currency)
        priced.setdefault(line.shop_id, []).append(pl)
        if pl.available:
            categories = line.category_ids | ({line.category_id} if line.category_id is not None else set())
            engine_lines.append(rules.Line(shop_id=line.shop_id, amount=pl.line_total, product_id=line.product_id,
                                           category_ids=frozenset(categories)))

    subtotals = {sid: sum((pl.line_total for pl in pls if pl.available), ZERO) for sid, pls in priced.items()}
    shipping = {sid: shipping_fee_for(shops[sid], subtotal=subtotals[sid], method=shipping_method, currency=currency)
                for sid in priced}

    evaluation = rules.Evaluation()
    if vouchers:
        if now is None or buyer is None:
            raise ValueError("vouchers need `now` and `buyer`")
        evaluation = rules.evaluate(vouchers=vouchers, lines=engine_lines, shipping=shipping, buyer=buyer, now=now,
                                    currency=currency)

    shop_quotes = []
    for sid, pls in priced.items():
        subtotal = quantize(subtotals[sid], currency)
        item_off = evaluation.item_discount(sid)
        ship_off = evaluation.shipping_discount(sid)
        discount = quantize(item_off + ship_off, currency)
        payable = subtotal + shipping[sid] - discount
        tax = tax_included(payable, vat_rate, currency) if prices_include_tax else tax_on(payable, vat_rate, currency)
        total = quantize(payable if prices_include_tax else payable + tax, currency)
        info = shops[sid]
        shop_quotes.append(ShopQuote(
            shop_id=sid, shop_name=info.name, lines=tuple(pls), subtotal=subtotal, shipping_fee=shipping[sid],
            discount=discount, tax=tax, total=total, voucher_codes=evaluation.codes_for(sid),
            estimated_delivery_days=days, voucher_discounts=evaluation.discounts_for(sid),
            shipping_discount=quantize(ship_off, currency), free_shipping_threshold=info.free_shipping_threshold,
        ))

    applied_codes = tuple(v.code for v in evaluation.applied)
    return Quote(
        shops=tuple(shop_quotes),
        subtotal=_sum(s.subtotal for s in shop_quotes),
        shipping_fee=_sum(s.shipping_fee for s in shop_quotes),
        discount=_sum(s.discount for s in shop_quotes),
        tax=_sum(s.tax for s in shop_quotes),
        total=_sum(s.total for s in shop_quotes),
        currency=currency,
        voucher_codes=applied_codes,
        refused_vouchers={**(refused or {}), **evaluation.refused},
        vouchers=evaluation.applied,
        shipping_method=shipping_method,
        prices_include_tax=prices_include_tax,
    )


def _price_line(line: LineInput, currency: str) -> PricedLine:
    unit = quantize(line.unit_price, currency)
    changed = None
    if line.price_at_add is not None and quantize(line.price_at_add, currency) != unit:
        changed = quantize(line.price_at_add, currency)
    regular = quantize(line.regular_price, currency) if line.regular_price is not None else None
    return PricedLine(
        item_id=line.item_id, variant_id=line.variant_id, product_id=line.product_id, shop_id=line.shop_id,
        category_id=line.category_id, title=line.title, variant_name=line.variant_name, quantity=line.quantity,
        unit_price=unit, line_total=quantize(unit * line.quantity, currency), available=line.available,
        price_changed_from=changed, regular_price=regular if regular is not None and regular > unit else None,
        unavailable_reason=line.unavailable_reason, stock=line.stock, promotion_ends_at=line.promotion_ends_at,
        flash_sale_item_id=line.flash_sale_item_id,
    )


def _sum(values) -> Decimal:
    return sum(values, ZERO)
