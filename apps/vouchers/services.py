"""Writes of the vouchers app: redemption at order placement (race-safe), release on cancellation,
vouchers created and edited by sellers and staff, flash-sale units sold."""
from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import BusinessRuleViolation, Conflict, ValidationFailed, VoucherInvalid
from apps.core.money import quantize
from apps.vouchers import domain
from apps.vouchers.models import FlashSaleItem, Voucher, VoucherRedemption
from apps.vouchers.selectors import currency, promotions_changed, rule_for, user_usage_count

ZERO = Decimal("0")


# --- redemption -------------------------------------------------------------------------------
def vouchers_redeem(*, user, order_vouchers: Sequence[tuple[object, Sequence[str], object]]) -> None:
    """Record the vouchers used by the orders of one placement; run inside the caller's transaction.

    `order_vouchers`: (order, its voucher codes, its discount) per order. The discount is either the
    order's total discount (a Decimal; split per code from the order's own lines when there are
    several codes) or {code: amount}. Each voucher counts one use per call (a platform voucher shared
    by several shop orders is one use). Voucher rows are locked in pk order, then the per-user count is
    read and the total count incremented by a conditional UPDATE; if either limit was reached meanwhile
    (a concurrent buyer won the last use), VoucherInvalid rolls the whole placement back.
    """
    per_code: dict[str, list[tuple[object, object]]] = {}
    for order, codes, discount in order_vouchers:
        for code in codes:
            per_code.setdefault(domain.normalize_code(code), []).append((order, discount))
    if not per_code:
        return
    with transaction.atomic():
        vouchers = list(Voucher.objects.select_for_update().filter(code__in=list(per_code)).order_by("pk"))
        found = {v.code for v in vouchers}
        missing = [code for code in per_code if code not in found]
        if missing:
            raise VoucherInvalid(_("Voucher %(code)s does not exist.") % {"code": missing[0]},
                                 details={"code": missing[0]})
        redemptions = []
        for voucher in vouchers:
            _ensure_redeemable(voucher, user)
            updated = Voucher.objects.filter(pk=voucher.pk).filter(
                Q(usage_limit__isnull=True) | Q(used_count__lt=F("usage_limit"))
            ).update(used_count=F("used_count") + 1, updated_at=timezone.now())
            if not updated:
                raise VoucherInvalid(_("Voucher %(code)s has just been used up.") % {"code": voucher.code},
                                     details={"code": voucher.code})
            for order, discount in per_code[voucher.code]:
                amount = _amount_for(voucher, order, discount, codes=_codes_of(order, order_vouchers))
                redemptions.append(VoucherRedemption(voucher=voucher, user=user, order=order, amount=amount,
                                                     checkout_id=getattr(order, "checkout_id", None)))
        try:
            with transaction.atomic():
                VoucherRedemption.objects.bulk_create(redemptions)
        except IntegrityError as exc:
            raise Conflict(_("These vouchers were already recorded for this order.")) from exc


def _ensure_redeemable(voucher: Voucher, user) -> None:
    if not voucher.is_active:
        raise VoucherInvalid(_("Voucher %(code)s is not available any more.") % {"code": voucher.code},
                             details={"code": voucher.code})
    if voucher.per_user_limit is not None and user_usage_count(voucher=voucher, user=user) >= voucher.per_user_limit:
        raise VoucherInvalid(
            _("You have already used voucher %(code)s the maximum number of times.") % {"code": voucher.code},
            details={"code": voucher.code})


def _codes_of(order, order_vouchers) -> list[str]:
    for candidate, codes, _discount in order_vouchers:
        if candidate is order:
            return [domain.normalize_code(c) for c in codes]
    return []


def _amount_for(voucher: Voucher, order, discount, *, codes: list[str]) -> Decimal:
    if isinstance(discount, Mapping):
        value = discount.get(voucher.code, discount.get(voucher.code.lower(), ZERO))
        return quantize(value or ZERO, currency())
    total = quantize(discount or ZERO, currency())
    if len(codes) <= 1:
        return total
    return _split_order_discount(order, codes, total).get(voucher.code, ZERO)


def _split_order_discount(order, codes: list[str], total: Decimal) -> dict[str, Decimal]:
    """An order's total discount per code, recomputed from the order's own lines: the shop's vouchers
    depend only on them; the platform voucher's share is what remains (the stacking order)."""
    cur = currency()
    rules = {v.code: v for v in Voucher.objects.filter(code__in=codes).prefetch_related("categories", "products")}
    items = list(order.items.select_related("product__category")) if hasattr(order, "items") else []
    result: dict[str, Decimal] = {}
    left = total
    for code in codes:
        voucher = rules.get(code)
        if voucher is None or voucher.shop_id is None:
            continue
        rule = rule_for(voucher)
        if rule.is_shipping:
            amount = domain.shipping_discount(rule, order.shipping_fee, cur)
        else:
            base = sum((item.subtotal for item in items if domain.in_scope(rule, _line_of(item, order))), ZERO)
            amount = domain.item_discount(rule, base, cur)
        amount = min(amount, left)
        result[code] = amount
        left -= amount
    platform = [code for code in codes if code in rules and rules[code].shop_id is None]
    if platform:
        result[platform[0]] = max(ZERO, left)
    return result


def _line_of(item, order) -> domain.Line:
    product = item.product
    categories = frozenset()
    if product is not None and product.category_id:
        categories = _category_path_ids(product.category)
    return domain.Line(shop_id=order.shop_id, amount=item.subtotal, product_id=item.product_id,
                       category_ids=categories)


def _category_path_ids(category) -> frozenset:
    from apps.catalog.models import Category

    steplen = getattr(Category, "steplen", 4)
    prefixes = [category.path[:n] for n in range(steplen, len(category.path) + 1, steplen)]
    return frozenset(Category.objects.filter(path__in=prefixes).values_list("pk", flat=True))


def vouchers_release(*, order) -> None:
    """A cancelled order gives its redemptions back. A voucher shared by the orders of one checkout
    is given back (used_count − 1) when the last of those orders releases it."""
    now = timezone.now()
    with transaction.atomic():
        redemptions = list(VoucherRedemption.objects.select_for_update()
                           .filter(order=order, released_at__isnull=True).order_by("voucher_id"))
        for redemption in redemptions:
            VoucherRedemption.objects.filter(pk=redemption.pk).update(released_at=now)
            others = VoucherRedemption.objects.filter(voucher_id=redemption.voucher_id, released_at__isnull=True,
                                                      checkout_id=redemption.checkout_id)
            if redemption.checkout_id is None or not others.exists():
                Voucher.objects.filter(pk=redemption.voucher_id, used_count__gt=0).update(
                    used_count=F("used_count") - 1, updated_at=now)


# --- vouchers by sellers and staff ------------------------------------------------------------
EDITABLE_FIELDS = ("code", "title", "description", "type", "value", "max_discount", "min_order_value", "starts_at",
                   "ends_at", "usage_limit", "per_user_limit", "scope", "first_order_only", "audience", "is_active")
# Once a voucher has been used, changing what it promises would change past orders' meaning.
LOCKED_AFTER_USE = ("code", "type", "value")


def voucher_create(*, shop, by, categories=(), products=(), users=(), **fields) -> Voucher:
    """A shop's voucher (or, with shop=None, a platform voucher, staff only)."""
    if shop is None and not getattr(by, "is_staff", False):
        raise ValidationFailed(_("Only staff can create platform vouchers."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    voucher = Voucher(shop=shop, created_by=by if getattr(by, "pk", None) else None, **fields)
    voucher.code = domain.normalize_code(voucher.code)
    _validate(voucher, shop=shop, products=products)
    with transaction.atomic():
        try:
            with transaction.atomic():
                voucher.save()
        except IntegrityError as exc:
            raise Conflict(_("A voucher with this code already exists."),
                           details={"code": [_("A voucher with this code already exists.")]}) from exc
        voucher.categories.set(categories)
        voucher.products.set(products)
        voucher.users.set(users)
    return voucher


def voucher_update(*, voucher: Voucher, by, categories=None, products=None, users=None, **fields) -> Voucher:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if "code" in fields:
            fields["code"] = domain.normalize_code(fields["code"])
        if voucher.used_count:
            changed = [name for name in LOCKED_AFTER_USE if name in fields and fields[name] != getattr(voucher, name)]
            if changed:
                raise BusinessRuleViolation(
                    _("This voucher has been used: its code, type and value can no longer change."),
                    details={name: [_("Cannot change after use.")] for name in changed})
        for name, value in fields.items():
            setattr(voucher, name, value)
        if voucher.usage_limit is not None and voucher.usage_limit < voucher.used_count:
            raise ValidationFailed(_("The limit cannot be below the uses so far (%(n)s).") % {"n": voucher.used_count},
                                   details={"usage_limit": [_("Too low.")]})
        _validate(voucher, shop=voucher.shop, products=products if products is not None else voucher.products.all())
        try:
            with transaction.atomic():
                voucher.save()
        except IntegrityError as exc:
            raise Conflict(_("A voucher with this code already exists."),
                           details={"code": [_("A voucher with this code already exists.")]}) from exc
        if categories is not None:
            voucher.categories.set(categories)
        if products is not None:
            voucher.products.set(products)
        if users is not None:
            voucher.users.set(users)
    return voucher


def voucher_set_active(*, voucher: Voucher, by, is_active: bool) -> Voucher:
    """Pause (False) or resume (True) a voucher."""
    Voucher.objects.filter(pk=voucher.pk).update(is_active=is_active, updated_at=timezone.now())
    voucher.is_active = is_active
    return voucher


def _validate(voucher: Voucher, *, shop, products) -> None:
    if not voucher.code or not all(c.isalnum() or c in "-_" for c in voucher.code):
        raise ValidationFailed(_("A code has letters, digits, - and _ only."),
                               details={"code": [_("Letters, digits, - and _ only.")]})
    try:
        voucher.clean()
    except ValidationError as exc:
        details = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        raise ValidationFailed(next(iter(details.values()))[0], details=details) from exc
    if shop is not None and any(getattr(p, "shop_id", shop.pk) != shop.pk for p in products):
        raise ValidationFailed(_("A shop voucher can only name the shop's own products."),
                               details={"products": [_("Not your product.")]})


# --- flash sales ------------------------------------------------------------------------------
def promotions_record_sales(*, items, now=None) -> None:
    """Count units sold at a capped flash-sale price, inside the placement's transaction.

    `items`: [(flash-sale item id, quantity)] for the lines the quote priced with that flash sale only (a
    line charged the regular price, e.g. because the cap was already reached, is not passed and counts
    nothing). A conditional UPDATE per item, in pk order, keeps sold_count within the cap;
    BusinessRuleViolation if the last units went to someone else between pricing and placement. An item
    whose sale has ended or been paused meanwhile is not counted."""
    now = now or timezone.now()
    quantities: dict[uuid.UUID, int] = {}
    for item_id, quantity in items:
        item_id = item_id if isinstance(item_id, uuid.UUID) else uuid.UUID(str(item_id))
        quantities[item_id] = quantities.get(item_id, 0) + quantity
    if not quantities:
        return
    running = FlashSaleItem.objects.filter(pk__in=list(quantities), flash_sale__is_active=True,
                                           flash_sale__starts_at__lte=now, flash_sale__ends_at__gte=now)
    for item_id, variant_id in running.order_by("pk").values_list("pk", "variant_id"):
        quantity = quantities[item_id]
        updated = FlashSaleItem.objects.filter(pk=item_id).filter(
            Q(quantity_limit__isnull=True) | Q(quantity_limit__gte=F("sold_count") + quantity)
        ).update(sold_count=F("sold_count") + quantity)
        if not updated:
            raise BusinessRuleViolation(_("The flash-sale price has just sold out. Check your cart again."),
                                        code="flash_sale_sold_out", details={"variant_id": str(variant_id)})
    promotions_changed()  # the units left at the sale price changed (an UPDATE sends no signal)
