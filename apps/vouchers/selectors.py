"""Reads of the vouchers app: rows turned into the rules engine's dataclasses, running promotions,
available vouchers and the per-voucher report."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, F, Prefetch, Q, Sum, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.cache import CATEGORIES
from apps.core.cache import cache_version_bump_on_commit, cached
from apps.core.errors import NotFound
from apps.vouchers import domain
from apps.vouchers.models import CategoryDiscount, FlashSaleItem, Voucher, VoucherRedemption

ZERO = Decimal("0")


def currency() -> str:
    return settings.DEFAULT_CURRENCY


def buyer_for(user) -> domain.Buyer:
    """The engine's view of a user: a guest, or whether they ordered before and when they joined."""
    if user is None or not getattr(user, "is_authenticated", False):
        return domain.Buyer()
    orders = getattr(user, "orders", None)
    has_orders = bool(orders is not None and orders.exclude(status="cancelled").exists())
    return domain.Buyer(user_id=user.pk, has_orders=has_orders, joined_at=getattr(user, "date_joined", None))


def _usage_counts(voucher_ids, user) -> dict:
    """{voucher id: uses}: one use per checkout, however many shop orders shared the voucher, plus each use
    outside a checkout; released uses do not count. One query."""
    rows = (VoucherRedemption.objects.filter(voucher_id__in=list(voucher_ids), user=user, released_at__isnull=True)
            .values("voucher_id").order_by()
            .annotate(checkouts=Count("checkout_id", distinct=True),
                      alone=Count("pk", filter=Q(checkout_id__isnull=True))))
    return {row["voucher_id"]: row["checkouts"] + row["alone"] for row in rows}


def user_usage_count(*, voucher, user) -> int:
    return _usage_counts([voucher.pk], user).get(voucher.pk, 0)


def user_usage_counts(*, vouchers, user) -> dict:
    """{voucher id: user_usage_count} of the vouchers with a per-user limit, in one query."""
    ids = [v.pk for v in vouchers if v.per_user_limit is not None]
    if not ids or user is None or not getattr(user, "is_authenticated", False):
        return {}
    return _usage_counts(ids, user)


def _vouchers_qs():
    return Voucher.objects.select_related("shop").prefetch_related(
        Prefetch("categories", to_attr="scope_categories"),
        Prefetch("products", to_attr="scope_products"),
        Prefetch("users", to_attr="chosen_users"),
    )


def rule_for(voucher: Voucher, *, user=None, user_used: int | None = None) -> domain.VoucherRule:
    """`user_used`: the user's uses when already counted (user_usage_counts)."""
    if user_used is None:
        user_used = 0
        if user is not None and getattr(user, "is_authenticated", False) and voucher.per_user_limit is not None:
            user_used = user_usage_count(voucher=voucher, user=user)
    categories = getattr(voucher, "scope_categories", None)
    products = getattr(voucher, "scope_products", None)
    users = getattr(voucher, "chosen_users", None)
    return domain.VoucherRule(
        code=voucher.code, type=voucher.type, value=voucher.value, shop_id=voucher.shop_id,
        shop_name=voucher.shop.name if voucher.shop_id else "", title=voucher.title,
        max_discount=voucher.max_discount, min_order_value=voucher.min_order_value,
        starts_at=voucher.starts_at, ends_at=voucher.ends_at, usage_limit=voucher.usage_limit,
        used_count=voucher.used_count, per_user_limit=voucher.per_user_limit, user_used_count=user_used,
        scope=voucher.scope,
        category_ids=frozenset(c.pk for c in (categories if categories is not None else voucher.categories.all())),
        product_ids=frozenset(p.pk for p in (products if products is not None else voucher.products.all())),
        first_order_only=voucher.first_order_only, audience=voucher.audience,
        user_ids=frozenset(u.pk for u in (users if users is not None else voucher.users.all())),
        is_active=voucher.is_active,
    )


def voucher_rules_for_codes(*, codes: Iterable[str], user=None) -> tuple[list[domain.VoucherRule], dict[str, str]]:
    """(rules in the order of `codes`, {unknown code: reason})."""
    wanted = []
    for code in codes:
        code = domain.normalize_code(code)
        if code and code not in wanted:
            wanted.append(code)
    if not wanted:
        return [], {}
    found = {v.code: v for v in Voucher.objects.select_related("shop").filter(code__in=wanted)}
    _scopes_load(found.values())
    used = user_usage_counts(vouchers=found.values(), user=user)
    rules, unknown = [], {}
    for code in wanted:
        if code in found:
            rules.append(rule_for(found[code], user=user, user_used=used.get(found[code].pk, 0)))
        else:
            unknown[code] = _("This code does not exist.")
    return rules, unknown


# (to_attr, relation, whether a voucher's rule reads it): the engine looks at the chosen categories, products and
# users only under their scope or audience.
_SCOPES = (
    ("scope_categories", "categories", lambda v: v.scope == domain.VoucherScope.CATEGORIES),
    ("scope_products", "products", lambda v: v.scope == domain.VoucherScope.PRODUCTS),
    ("chosen_users", "users", lambda v: v.audience == domain.VoucherAudience.CHOSEN_USERS),
)


def _scopes_load(vouchers) -> None:
    """What _vouchers_qs prefetches, for the vouchers whose rule reads it (a query per relation in use)."""
    vouchers = list(vouchers)
    for attr, relation, reads in _SCOPES:
        wanted = [v for v in vouchers if reads(v)]
        if wanted:
            prefetch_related_objects(wanted, Prefetch(relation, to_attr=attr))
        for voucher in vouchers:
            if not reads(voucher):
                setattr(voucher, attr, [])


def voucher_by_code(code: str) -> Voucher:
    try:
        return _vouchers_qs().get(code=domain.normalize_code(code))
    except Voucher.DoesNotExist as exc:
        raise NotFound(_("This code does not exist.")) from exc


def vouchers_available(*, shop_id=None, now=None):
    """Running vouchers a shopper may pick: the shop's (when given) and the platform's, not used up."""
    now = now or timezone.now()
    qs = _vouchers_qs().running(now).filter(Q(usage_limit__isnull=True) | Q(used_count__lt=F("usage_limit")))
    qs = qs.filter(Q(shop__isnull=True) | Q(shop_id=shop_id)) if shop_id else qs.filter(shop__isnull=True)
    return qs.exclude(audience=domain.VoucherAudience.CHOSEN_USERS).order_by("shop_id", "min_order_value", "code")


def vouchers_for_shop(shop):
    return Voucher.objects.filter(shop=shop).order_by("-created_at")


def voucher_for_shop(*, shop, voucher_id) -> Voucher:
    try:
        return _vouchers_qs().get(pk=voucher_id, shop=shop)
    except (Voucher.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


# --- automatic promotions ---------------------------------------------------------------------
def _flash_promotion(item: FlashSaleItem) -> domain.Promotion:
    return domain.Promotion(kind=domain.PromotionKind.FLASH_SALE, name=item.flash_sale.name,
                            starts_at=item.flash_sale.starts_at, ends_at=item.flash_sale.ends_at,
                            sale_price=item.sale_price, remaining=item.remaining, source_id=item.pk)


def _category_promotion(discount: CategoryDiscount) -> domain.Promotion:
    return domain.Promotion(kind=domain.PromotionKind.CATEGORY_DISCOUNT, name=discount.name,
                            starts_at=discount.starts_at, ends_at=discount.ends_at, percent=discount.percent,
                            max_off=discount.max_discount_per_unit, source_id=discount.pk)


PROMOTIONS = "promotions"
PROMOTIONS_TIMEOUT = 300


def _promotions_loaded(now) -> tuple[list, list]:
    """Active flash-sale items and category discounts that have not ended by `now` (scheduled ones too, so a
    cached copy stays right when they start): [(variant id, product id, Promotion)], [(category path, shop
    id, Promotion)]. Two queries."""
    items = (FlashSaleItem.objects.filter(flash_sale__is_active=True, flash_sale__ends_at__gte=now)
             .select_related("flash_sale", "variant")
             .only("variant_id", "variant__product_id", "sale_price", "quantity_limit", "sold_count",
                   "flash_sale__name", "flash_sale__starts_at", "flash_sale__ends_at"))
    flash = [(item.variant_id, item.variant.product_id, _flash_promotion(item)) for item in items]
    category = [(d.category.path, d.shop_id, _category_promotion(d))
                for d in CategoryDiscount.objects.filter(is_active=True, ends_at__gte=now).select_related("category")]
    return flash, category


def promotions_changed(**_kwargs) -> None:
    """Receiver and hook: a flash sale, flash-sale item, sold count or category discount was written."""
    cache_version_bump_on_commit(PROMOTIONS)


class PromotionSnapshot:
    """Every running promotion, then looked up in memory per variant or product. What is running now comes
    from the cache (one read; group PROMOTIONS, bumped after every write to flash sales, their items and sold
    counts, and category discounts; "categories" too, since discounts match by category path); an explicit
    `now` (a past or future moment) reads the database."""

    def __init__(self, now=None):
        if now is None:
            self.now = timezone.now()
            flash, category = cached("promotions:unexpired", (PROMOTIONS, CATEGORIES), PROMOTIONS_TIMEOUT,
                                     lambda: _promotions_loaded(self.now))
        else:
            self.now = now
            flash, category = _promotions_loaded(now)
        self.flash_by_variant: dict = {}
        self.flash_by_product: dict = {}
        for variant_id, product_id, promo in flash:
            if promo.starts_at <= self.now <= promo.ends_at:
                self.flash_by_variant.setdefault(variant_id, []).append(promo)
                self.flash_by_product.setdefault(product_id, []).append(promo)
        self.category_discounts = [(path, shop_id, promo) for path, shop_id, promo in category
                                   if promo.starts_at <= self.now <= promo.ends_at]

    def _category(self, product) -> list[domain.Promotion]:
        if not self.category_discounts:
            return []
        path = product.category.path if product.category_id else ""
        return [promo for cat_path, shop_id, promo in self.category_discounts
                if path.startswith(cat_path) and (shop_id is None or shop_id == product.shop_id)]

    def for_variant(self, variant, *, quantity: int = 1) -> domain.EffectivePrice:
        promos = self.flash_by_variant.get(variant.pk, []) + self._category(variant.product)
        return domain.effective_price(variant.price, promos, now=self.now, currency=currency(), quantity=quantity)

    def for_product(self, product) -> domain.EffectivePrice:
        """A product card's "from" price: the cheapest of its price with category discounts and any
        flash-sale price of its variants."""
        base = product.price
        best = domain.effective_price(base, self._category(product), now=self.now, currency=currency())
        for promo in self.flash_by_product.get(product.pk, []):
            candidate = domain.effective_price(promo.sale_price if promo.sale_price is not None else base,
                                               [], now=self.now, currency=currency())
            if promo.is_running(self.now) and candidate.price < best.price:
                best = domain.EffectivePrice(candidate.price, max(base, candidate.price), promo)
        return best


def effective_price(variant, *, now=None, quantity: int = 1) -> domain.EffectivePrice:
    """The price of one variant now (for one-off use; lists should share a PromotionSnapshot)."""
    return PromotionSnapshot(now).for_variant(variant, quantity=quantity)


# --- reports ----------------------------------------------------------------------------------
def voucher_report(*, shop=None, platform_only: bool = False, date_from=None, date_to=None):
    """Vouchers annotated with redemptions, orders, discount given and revenue of those orders
    (released redemptions and cancelled orders are not counted)."""
    money = DecimalField(max_digits=14, decimal_places=2)
    live = Q(redemptions__released_at__isnull=True) & ~Q(redemptions__order__status="cancelled")
    if date_from:
        live &= Q(redemptions__created_at__gte=date_from)
    if date_to:
        live &= Q(redemptions__created_at__lt=date_to)
    qs = Voucher.objects.select_related("shop")
    if shop is not None:
        qs = qs.filter(shop=shop)
    elif platform_only:
        qs = qs.filter(shop__isnull=True)
    return qs.annotate(
        redemption_count=Count("redemptions", filter=live),
        order_count=Count("redemptions__order", filter=live, distinct=True),
        discount_given=Coalesce(Sum("redemptions__amount", filter=live), Value(ZERO), output_field=money),
        revenue=Coalesce(Sum("redemptions__order__total", filter=live), Value(ZERO), output_field=money),
    ).order_by("-redemption_count", "-created_at")
