"""The discount rules: which vouchers apply to a cart, why each refused one does not, and how much
each applied one takes off, per shop. Also the automatic promotions' unit price. No ORM here: the
services turn rows into the frozen dataclasses below, and everything is unit-tested without a DB.

Stacking order (also in docs/vouchers.md)
-----------------------------------------
1. Automatic promotions lower the unit price before anything else: a running flash sale gives its
   sale price, a category discount takes its percentage off; when several apply, the lowest price
   wins (they never stack with each other). Line totals are computed from that price.
2. Shop vouchers: at most one per shop. A percentage or fixed voucher takes its discount off the
   shop's subtotal of in-scope lines (after step 1), capped by its maximum discount and by that
   subtotal.
3. The platform voucher: at most one per order. It is computed on the remaining order total (per shop:
   the in-scope lines, less what the shop voucher already took off) and split across the shops in
   proportion to that remainder, by largest remainder in the currency's minor unit, so the shares
   sum exactly to the discount.
4. Free-shipping vouchers (a shop's or the platform's, each taking that voucher's slot) reduce only
   shipping, never goods: the shop's shipping fee, or for the platform the fees of the shops with
   in-scope lines, capped by the maximum discount and split like step 3.

Rules for a voucher to apply (the first failing one is the reason given):
active, started (starts_at <= now), not expired (now <= ends_at: valid through the second of expiry),
total usage below its limit, audience (new customers: an account younger than NEW_CUSTOMER_DAYS;
chosen users), per-user usage below its limit, first order only, the shop's items in the cart, items in
scope (categories include their sub-categories), in-scope subtotal >= minimum order value (exactly the
minimum applies), the slot still free (the earlier applied code keeps it).
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from apps.core.money import CURRENCY_EXPONENTS, format_money, quantize

ZERO = Decimal("0")
HUNDRED = Decimal("100")
NEW_CUSTOMER_DAYS = 30


class VoucherType(models.TextChoices):
    PERCENTAGE = "percentage", gettext_lazy("Percentage")
    FIXED = "fixed", gettext_lazy("Fixed amount")
    FREE_SHIPPING = "free_shipping", gettext_lazy("Free shipping")


class VoucherScope(models.TextChoices):
    ALL = "all", gettext_lazy("Everything")
    CATEGORIES = "categories", gettext_lazy("Chosen categories")
    PRODUCTS = "products", gettext_lazy("Chosen products")


class VoucherAudience(models.TextChoices):
    EVERYONE = "everyone", gettext_lazy("Everyone")
    NEW_CUSTOMERS = "new_customers", gettext_lazy("New customers")
    CHOSEN_USERS = "chosen_users", gettext_lazy("Chosen users")


def normalize_code(code: str) -> str:
    """Codes are case-insensitive: stored and compared upper-case, without surrounding spaces."""
    return (code or "").strip().upper()


@dataclass(frozen=True)
class VoucherRule:
    """A voucher as the engine sees it. `used_count`/`user_used_count` are the usages so far."""

    code: str
    type: str
    value: Decimal = ZERO
    shop_id: Hashable | None = None
    shop_name: str = ""
    title: str = ""
    max_discount: Decimal | None = None
    min_order_value: Decimal = ZERO
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    usage_limit: int | None = None
    used_count: int = 0
    per_user_limit: int | None = None
    user_used_count: int = 0
    scope: str = VoucherScope.ALL
    category_ids: frozenset = frozenset()
    product_ids: frozenset = frozenset()
    first_order_only: bool = False
    audience: str = VoucherAudience.EVERYONE
    user_ids: frozenset = frozenset()
    is_active: bool = True

    @property
    def is_platform(self) -> bool:
        return self.shop_id is None

    @property
    def is_shipping(self) -> bool:
        return self.type == VoucherType.FREE_SHIPPING


@dataclass(frozen=True)
class Buyer:
    """Who is buying: `user_id` None for a guest. `has_orders`: placed an order before (not cancelled)."""

    user_id: Hashable | None = None
    has_orders: bool = False
    joined_at: datetime | None = None


@dataclass(frozen=True)
class Line:
    """A cart line for the engine: its total after automatic promotions. `category_ids` holds the
    product's category and all its ancestors (so a voucher on "Phones" covers "Phones > Android")."""

    shop_id: Hashable
    amount: Decimal
    product_id: Hashable | None = None
    category_ids: frozenset = frozenset()


@dataclass(frozen=True)
class AppliedVoucher:
    code: str
    type: str
    shop_id: Hashable | None
    amount: Decimal
    shares: tuple[tuple[Hashable, Decimal], ...]  # (shop_id, amount) with amount > 0
    title: str = ""

    @property
    def is_shipping(self) -> bool:
        return self.type == VoucherType.FREE_SHIPPING

    def share_for(self, shop_id) -> Decimal:
        return next((amount for sid, amount in self.shares if sid == shop_id), ZERO)


@dataclass(frozen=True)
class Evaluation:
    applied: tuple[AppliedVoucher, ...] = ()
    refused: dict[str, str] = field(default_factory=dict)

    def item_discount(self, shop_id) -> Decimal:
        return sum((v.share_for(shop_id) for v in self.applied if not v.is_shipping), ZERO)

    def shipping_discount(self, shop_id) -> Decimal:
        return sum((v.share_for(shop_id) for v in self.applied if v.is_shipping), ZERO)

    def codes_for(self, shop_id) -> tuple[str, ...]:
        return tuple(v.code for v in self.applied if v.share_for(shop_id) > 0)

    def discounts_for(self, shop_id) -> tuple[tuple[str, Decimal], ...]:
        return tuple((v.code, v.share_for(shop_id)) for v in self.applied if v.share_for(shop_id) > 0)


# --- messages ---------------------------------------------------------------------------------
def _money(amount, currency) -> str:
    return format_money(amount, currency, get_language() or "vi")


def _date(value: datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else \
        value.strftime("%d/%m/%Y %H:%M")


# --- rules that do not depend on the cart -----------------------------------------------------
def refusal_reason(rule: VoucherRule, *, buyer: Buyer, now: datetime) -> str | None:
    """Why `rule` cannot be used by `buyer` at `now` whatever the cart holds, or None."""
    if not rule.is_active:
        return _("This voucher is not available any more.")
    if rule.starts_at is not None and now < rule.starts_at:
        return _("This voucher starts on %(date)s.") % {"date": _date(rule.starts_at)}
    if rule.ends_at is not None and now > rule.ends_at:
        return _("This voucher has expired.")
    if rule.usage_limit is not None and rule.used_count >= rule.usage_limit:
        return _("This voucher has reached its usage limit.")
    needs_account = rule.first_order_only or rule.audience != VoucherAudience.EVERYONE
    if needs_account and buyer.user_id is None:
        return _("Sign in to use this voucher.")
    if rule.audience == VoucherAudience.NEW_CUSTOMERS and not is_new_customer(buyer, now):
        return _("This voucher is for new customers only.")
    if rule.audience == VoucherAudience.CHOSEN_USERS and buyer.user_id not in rule.user_ids:
        return _("This voucher is not available for your account.")
    if (rule.per_user_limit is not None and buyer.user_id is not None
            and rule.user_used_count >= rule.per_user_limit):
        return _("You have already used this voucher the maximum number of times.")
    if rule.first_order_only and buyer.has_orders:
        return _("This voucher is for your first order only.")
    return None


def is_new_customer(buyer: Buyer, now: datetime, days: int = NEW_CUSTOMER_DAYS) -> bool:
    if buyer.has_orders:
        return False
    return buyer.joined_at is None or (now - buyer.joined_at).days < days


def in_scope(rule: VoucherRule, line: Line) -> bool:
    if rule.shop_id is not None and line.shop_id != rule.shop_id:
        return False
    if rule.scope == VoucherScope.CATEGORIES:
        return bool(rule.category_ids & line.category_ids)
    if rule.scope == VoucherScope.PRODUCTS:
        return line.product_id in rule.product_ids
    return True


def minimum_reason(rule: VoucherRule, subtotal: Decimal, currency: str) -> str | None:
    if subtotal < rule.min_order_value:
        return _("Minimum order %(amount)s") % {"amount": _money(rule.min_order_value, currency)}
    return None


# --- amounts ----------------------------------------------------------------------------------
def item_discount(rule: VoucherRule, base: Decimal, currency: str) -> Decimal:
    """What a percentage or fixed voucher takes off `base`: rounded, capped by max_discount and by base."""
    if base <= 0 or rule.is_shipping:
        return ZERO
    if rule.type == VoucherType.PERCENTAGE:
        amount = quantize(base * rule.value / HUNDRED, currency)
    else:
        amount = quantize(rule.value, currency)
    return _capped(rule, amount, base, currency)


def shipping_discount(rule: VoucherRule, shipping: Decimal, currency: str) -> Decimal:
    """A free-shipping voucher waives `shipping`, up to its maximum discount when it has one."""
    if shipping <= 0:
        return ZERO
    return _capped(rule, quantize(shipping, currency), shipping, currency)


def _capped(rule: VoucherRule, amount: Decimal, ceiling: Decimal, currency: str) -> Decimal:
    if rule.max_discount is not None:
        amount = min(amount, quantize(rule.max_discount, currency))
    return max(ZERO, min(amount, quantize(ceiling, currency)))


def split_proportionally(total: Decimal, weights: Sequence[tuple[Hashable, Decimal]], currency: str
                         ) -> tuple[tuple[Hashable, Decimal], ...]:
    """Split `total` across keys in proportion to their weights, in the currency's minor unit, by
    largest remainder: the shares sum to `total` exactly, and no share exceeds its weight when
    total <= sum(weights). Ties go to the earlier key."""
    step = Decimal(1).scaleb(-CURRENCY_EXPONENTS.get(currency, 2))
    units = int(quantize(total, currency) / step)
    weight_units = [(key, max(0, int(quantize(w, currency) / step))) for key, w in weights]
    whole = sum(w for _, w in weight_units)
    if units <= 0 or whole <= 0:
        return tuple((key, quantize(ZERO, currency)) for key, _ in weight_units)
    floors = [units * w // whole for _, w in weight_units]
    fractions = [units * w % whole for _, w in weight_units]
    left = units - sum(floors)
    for index in sorted(range(len(floors)), key=lambda i: (-fractions[i], i))[:left]:
        floors[index] += 1
    return tuple((key, quantize(n * step, currency)) for (key, _), n in zip(weight_units, floors, strict=True))


# --- the engine ---------------------------------------------------------------------------------
def evaluate(*, vouchers: Sequence[VoucherRule], lines: Sequence[Line], shipping: Mapping[Hashable, Decimal],
             buyer: Buyer, now: datetime, currency: str) -> Evaluation:
    """Apply `vouchers` (in the order the shopper added them) to `lines` with per-shop `shipping` fees.

    Returns the applied vouchers with their per-shop shares and a reason for each refused code.
    """
    refused: dict[str, str] = {}
    chosen: dict[Hashable | None, VoucherRule] = {}  # slot (shop id, None = platform) -> voucher
    shop_ids = _ordered_shops(lines)
    for rule in vouchers:
        reason = _cart_reason(rule, lines=lines, shipping=shipping, buyer=buyer, now=now, currency=currency)
        if reason is None and rule.shop_id in chosen:
            reason = (_("Only one platform voucher can be used per order.") if rule.is_platform
                      else _("Only one voucher per shop can be used."))
        if reason is not None:
            refused[rule.code] = reason
        else:
            chosen[rule.shop_id] = rule

    applied: list[AppliedVoucher] = []
    item_taken: dict[Hashable, Decimal] = dict.fromkeys(shop_ids, ZERO)
    shipping_taken: dict[Hashable, Decimal] = dict.fromkeys(shop_ids, ZERO)
    # Step 2 (shop vouchers) and the shop's free shipping.
    for sid in shop_ids:
        rule = chosen.get(sid)
        if rule is None:
            continue
        if rule.is_shipping:
            amount = shipping_discount(rule, shipping.get(sid, ZERO), currency)
            shipping_taken[sid] = amount
        else:
            amount = item_discount(rule, _in_scope_total(rule, lines, sid), currency)
            item_taken[sid] = amount
        applied.append(AppliedVoucher(rule.code, rule.type, sid, amount, ((sid, amount),), rule.title))
    # Step 3/4: the platform voucher on what is left.
    platform = chosen.get(None)
    if platform is not None:
        if platform.is_shipping:
            weights = [(sid, shipping.get(sid, ZERO) - shipping_taken[sid]) for sid in shop_ids
                       if _in_scope_total(platform, lines, sid) > 0]
            amount = shipping_discount(platform, sum((w for _, w in weights), ZERO), currency)
        else:
            weights = []
            for sid in shop_ids:
                remaining = _shop_total(lines, sid) - item_taken[sid]
                weights.append((sid, max(ZERO, min(_in_scope_total(platform, lines, sid), remaining))))
            amount = item_discount(platform, sum((w for _, w in weights), ZERO), currency)
        shares = tuple((sid, share) for sid, share in split_proportionally(amount, weights, currency) if share > 0)
        applied.append(AppliedVoucher(platform.code, platform.type, None, amount, shares, platform.title))
    order = {rule.code: i for i, rule in enumerate(vouchers)}
    applied.sort(key=lambda v: order[v.code])
    return Evaluation(tuple(applied), refused)


def _cart_reason(rule: VoucherRule, *, lines, shipping, buyer, now, currency) -> str | None:
    reason = refusal_reason(rule, buyer=buyer, now=now)
    if reason:
        return reason
    if rule.shop_id is not None and not any(line.shop_id == rule.shop_id for line in lines):
        return _("This voucher is for %(shop)s: add an item from that shop first.") % {
            "shop": rule.shop_name or _("another shop")}
    scoped = [line for line in lines if in_scope(rule, line)]
    if not scoped:
        return _("No item in your cart is eligible for this voucher.")
    reason = minimum_reason(rule, sum((line.amount for line in scoped), ZERO), currency)
    if reason:
        return reason
    if rule.is_shipping and sum((shipping.get(sid, ZERO) for sid in {line.shop_id for line in scoped}), ZERO) <= 0:
        return _("Shipping is already free for this order.")
    return None


def _ordered_shops(lines: Iterable[Line]) -> list:
    seen: dict = {}
    for line in lines:
        seen.setdefault(line.shop_id, None)
    return list(seen)


def _shop_total(lines: Sequence[Line], shop_id) -> Decimal:
    return sum((line.amount for line in lines if line.shop_id == shop_id), ZERO)


def _in_scope_total(rule: VoucherRule, lines: Sequence[Line], shop_id) -> Decimal:
    return sum((line.amount for line in lines if line.shop_id == shop_id and in_scope(rule, line)), ZERO)


def check_subtotal(rule: VoucherRule, *, subtotal: Decimal, buyer: Buyer, now: datetime, currency: str,
                   shop_id: Hashable | None = None, shipping: Decimal = ZERO) -> tuple[Decimal, str | None]:
    """Quick check for the validate/available endpoints: (discount, reason-or-None) for a subtotal of
    in-scope goods of `shop_id` (or of the whole order when None)."""
    reason = refusal_reason(rule, buyer=buyer, now=now)
    if reason is None and rule.shop_id is not None and shop_id is not None and shop_id != rule.shop_id:
        reason = _("This voucher is for %(shop)s only.") % {"shop": rule.shop_name or _("another shop")}
    if reason is None:
        reason = minimum_reason(rule, subtotal, currency)
    if reason is None and rule.is_shipping and shipping <= 0 and subtotal > 0:
        return ZERO, None  # shipping unknown here: valid, the cart shows the amount
    if reason is not None:
        return ZERO, reason
    if rule.is_shipping:
        return shipping_discount(rule, shipping, currency), None
    return item_discount(rule, subtotal, currency), None


# --- automatic promotions ---------------------------------------------------------------------
class PromotionKind(models.TextChoices):
    FLASH_SALE = "flash_sale", gettext_lazy("Flash sale")
    CATEGORY_DISCOUNT = "category_discount", gettext_lazy("Category discount")


@dataclass(frozen=True)
class Promotion:
    """A running or scheduled automatic promotion on one variant. Flash sale: `sale_price`, and
    `remaining` units at that price when capped. Category discount: `percent` off, `max_off` per unit.
    `source_id`: the row it comes from (a flash sale's FlashSaleItem, a CategoryDiscount), when loaded."""

    kind: str
    name: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    sale_price: Decimal | None = None
    percent: Decimal | None = None
    max_off: Decimal | None = None
    remaining: int | None = None
    source_id: Hashable | None = None

    def is_running(self, now: datetime) -> bool:
        return ((self.starts_at is None or self.starts_at <= now)
                and (self.ends_at is None or now <= self.ends_at)
                and (self.remaining is None or self.remaining > 0))

    def price_for(self, base: Decimal, currency: str) -> Decimal:
        if self.kind == PromotionKind.FLASH_SALE and self.sale_price is not None:
            return min(base, quantize(self.sale_price, currency))
        off = quantize(base * (self.percent or ZERO) / HUNDRED, currency)
        if self.max_off is not None:
            off = min(off, quantize(self.max_off, currency))
        return max(ZERO, quantize(base - off, currency))


@dataclass(frozen=True)
class EffectivePrice:
    price: Decimal
    regular_price: Decimal
    promotion: Promotion | None = None

    @property
    def is_discounted(self) -> bool:
        return self.promotion is not None and self.price < self.regular_price

    @property
    def percent_off(self) -> int:
        if not self.is_discounted or self.regular_price <= 0:
            return 0
        return int(((self.regular_price - self.price) * HUNDRED / self.regular_price).to_integral_value())

    @property
    def ends_at(self) -> datetime | None:
        return self.promotion.ends_at if self.promotion else None

    @property
    def flash_sale_item_id(self) -> Hashable | None:
        """The flash-sale item whose price this is (its cap counts the units sold at it); None otherwise."""
        if self.is_discounted and self.promotion.kind == PromotionKind.FLASH_SALE:
            return self.promotion.source_id
        return None


def effective_price(base: Decimal, promotions: Iterable[Promotion], *, now: datetime, currency: str,
                    quantity: int = 1) -> EffectivePrice:
    """The price a shopper pays per unit now: the lowest of the running promotions, else `base`.

    A capped flash sale applies only while at least `quantity` units remain at the sale price."""
    base = quantize(base, currency)
    best = EffectivePrice(base, base)
    for promo in promotions:
        if not promo.is_running(now) or (promo.remaining is not None and promo.remaining < quantity):
            continue
        price = promo.price_for(base, currency)
        if price < best.price:
            best = EffectivePrice(price, base, promo)
    return best
