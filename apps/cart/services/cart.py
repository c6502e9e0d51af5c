"""Cart use cases: one cart for signed-in users (in the database, by user) and guests (by a random
token kept in the session), merged at login; every change checks stock; pricing by apps.cart.pricing."""
from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.cart import pricing
from apps.cart.models import Cart, CartItem
from apps.cart.selectors import VARIANT_FIELDS, cart_lines, cart_lines_for_checkout, category_ancestor_ids
from apps.catalog.models import ProductStatus, Variant
from apps.core.errors import NotFound, OutOfStock, ValidationFailed, VoucherInvalid
from apps.core.prepared import PreparedQuery
from apps.shops.models import ShopStatus
from apps.vouchers.domain import VoucherScope, normalize_code
from apps.vouchers.selectors import PromotionSnapshot, buyer_for, voucher_rules_for_codes

SESSION_KEY = "cart_token"
MAX_QUANTITY = 999


# --- finding the cart ---------------------------------------------------------------------------
# Run on every cart request and add to cart: compiled once per process (apps.core.prepared).
_cart_of_user = PreparedQuery(lambda user_id: Cart.objects.filter(user_id=user_id))
_purchase_variant = PreparedQuery(lambda variant_id: Variant.objects.filter(pk=variant_id)
                                  .select_related("product__shop", "product__category").only(*VARIANT_FIELDS))


def cart_get_for_user(user) -> Cart:
    """The signed-in user's cart, created on first use."""
    found = _cart_of_user(user.pk)
    if found:
        return found[0]
    try:
        with transaction.atomic():
            return Cart.objects.create(user=user)
    except IntegrityError:
        return Cart.objects.get(user=user)


def cart_get_for_session(session, *, create: bool = False) -> Cart | None:
    """A guest's cart, keyed by a random token in the session (the session key itself changes at login)."""
    token = session.get(SESSION_KEY)
    if token:
        cart = Cart.objects.filter(session_key=token, user__isnull=True).first()
        if cart is not None or not create:
            return cart
    if not create:
        return None
    token = secrets.token_urlsafe(24)
    session[SESSION_KEY] = token
    return Cart.objects.create(session_key=token)


def cart_for_request(request, *, create: bool = False) -> Cart | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return cart_get_for_user(user)
    return cart_get_for_session(request.session, create=create)


def _touch(cart: Cart) -> None:
    """Every change: the abandoned-cart clock restarts and a new reminder may go out later."""
    now = timezone.now()
    Cart.objects.filter(pk=cart.pk).update(updated_at=now, reminder_sent_at=None)
    cart.updated_at, cart.reminder_sent_at = now, None


# --- stock and prices ---------------------------------------------------------------------------
def _purchasable(variant: Variant) -> bool:
    product = variant.product
    return (variant.is_active and not variant.is_deleted and product.status == ProductStatus.ACTIVE
            and not product.is_deleted and product.shop.status == ShopStatus.ACTIVE)


def _variant(variant_id) -> Variant:
    try:
        variant = _purchase_variant(variant_id)[0]
    except (IndexError, ValueError) as exc:
        raise NotFound(_("This product does not exist."), details={"variant_id": str(variant_id)}) from exc
    if not _purchasable(variant):
        raise OutOfStock(_("“%(title)s” is no longer available.") % {"title": variant.product.title},
                         details={"variant_id": str(variant.pk), "available": 0})
    return variant


def _out_of_stock(variant: Variant) -> OutOfStock:
    if variant.stock <= 0:
        message = _("“%(title)s” is sold out.") % {"title": variant.product.title}
    else:
        message = _("Only %(n)s of “%(title)s” left.") % {"n": variant.stock, "title": variant.product.title}
    return OutOfStock(message, details={"variant_id": str(variant.pk), "available": variant.stock})


def _ensure_stock(variant: Variant, quantity: int) -> None:
    if quantity > variant.stock:
        raise _out_of_stock(variant)


def _quantity(value) -> int:
    try:
        quantity = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("Enter a whole number."), details={"quantity": [_("Enter a whole number.")]}) \
            from exc
    if quantity < 0 or quantity > MAX_QUANTITY:
        raise ValidationFailed(_("Enter a quantity between 1 and %(max)s.") % {"max": MAX_QUANTITY},
                               details={"quantity": [_("Out of range.")]})
    return quantity


def _current_price(variant: Variant, quantity: int = 1, promotions: PromotionSnapshot | None = None):
    return (promotions or PromotionSnapshot()).for_variant(variant, quantity=quantity).price


def _item(cart: Cart, item_id, *, saved_for_later: bool | None = None) -> CartItem:
    qs = CartItem.objects.filter(cart=cart).select_related("variant__product__shop", "variant__product__category")
    if saved_for_later is not None:
        qs = qs.filter(saved_for_later=saved_for_later)
    try:
        return qs.get(pk=item_id)
    except (CartItem.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound(_("This item is not in your cart.")) from exc


# --- changes ------------------------------------------------------------------------------------
# Adds `quantity` to the line of (cart, variant), or inserts it; a saved-for-later line comes back with just
# `quantity`. Nothing is written when the line would go above `stock` (no row returned). One statement, so two
# adds racing on one line queue on its unique index and the second adds to the first's quantity.
_LINE_UPSERT = """
INSERT INTO cart_cartitem (id, created_at, updated_at, cart_id, variant_id, quantity, unit_price_at_add,
                           saved_for_later)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (cart_id, variant_id) DO UPDATE SET
    quantity = CASE WHEN cart_cartitem.saved_for_later THEN excluded.quantity
                    ELSE cart_cartitem.quantity + excluded.quantity END,
    unit_price_at_add = excluded.unit_price_at_add, saved_for_later = excluded.saved_for_later,
    updated_at = excluded.updated_at
WHERE CASE WHEN cart_cartitem.saved_for_later THEN excluded.quantity
           ELSE cart_cartitem.quantity + excluded.quantity END <= %s
RETURNING id, created_at, updated_at, cart_id, variant_id, quantity, unit_price_at_add, saved_for_later
"""
# Inserts the line or, when (cart, variant) has one already (a racing add may have just made it: the statement
# waits for that add), locks that line and returns it unchanged, for the caller to set what it holds.
_LINE_INSERT_OR_LOCK = """
INSERT INTO cart_cartitem (id, created_at, updated_at, cart_id, variant_id, quantity, unit_price_at_add,
                           saved_for_later)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_cartitem.quantity
RETURNING id, created_at, updated_at, cart_id, variant_id, quantity, unit_price_at_add, saved_for_later
"""
_UPSERT_FIELDS = ("id", "created_at", "updated_at", "cart", "variant", "quantity", "unit_price_at_add",
                  "saved_for_later")


def _new_line(*, cart: Cart, variant: Variant, quantity: int, price, saved_for_later: bool = False) -> CartItem:
    now = timezone.now()
    return CartItem(cart=cart, variant=variant, quantity=quantity, unit_price_at_add=price,
                    saved_for_later=saved_for_later, created_at=now, updated_at=now)


def _line_upsert(sql: str, new: CartItem, *params) -> CartItem | None:
    """The line after `sql` (_LINE_UPSERT or _LINE_INSERT_OR_LOCK) wrote `new` (through raw(), so the returned row
    is read like any other), or None. A line it inserted is announced with post_save(created=True) as
    Model.save() would (analytics records an add to cart); `item.pk != new.pk`: the line was there already."""
    fields = [CartItem._meta.get_field(name) for name in _UPSERT_FIELDS]
    values = [f.get_db_prep_save(getattr(new, f.attname), connection) for f in fields]
    item = next(iter(CartItem.objects.raw(sql, [*values, *params])), None)
    if item is None:
        return None
    item.cart, item.variant = new.cart, new.variant
    if item.pk == new.pk:
        post_save.send(sender=CartItem, instance=item, created=True, update_fields=None, raw=False,
                       using=item._state.db)
    return item


def cart_add(*, cart: Cart, variant_id, quantity=1, promotions: PromotionSnapshot | None = None) -> CartItem:
    """Add `quantity` of a variant (on top of what the cart holds); a saved-for-later line moves back.
    OutOfStock (422) names the quantity available. `promotions`: the running ones, when already loaded."""
    quantity = _quantity(quantity)
    if quantity < 1:
        raise ValidationFailed(_("Enter a quantity of at least 1."), details={"quantity": [_("At least 1.")]})
    variant = _variant(variant_id)
    _ensure_stock(variant, quantity)
    promotions = promotions or PromotionSnapshot()
    price = _current_price(variant, quantity, promotions)
    item = _line_upsert(_LINE_UPSERT, _new_line(cart=cart, variant=variant, quantity=quantity, price=price),
                        variant.stock)
    if item is None:
        raise _out_of_stock(variant)
    if item.quantity != quantity:  # added to a line: the price is the one for what the line now holds
        item.unit_price_at_add = _current_price(variant, item.quantity, promotions)
        if item.unit_price_at_add != price:
            CartItem.objects.filter(pk=item.pk, quantity=item.quantity).update(
                unit_price_at_add=item.unit_price_at_add)
    _touch(cart)
    return item


def cart_update_quantity(*, cart: Cart, item_id, quantity, promotions: PromotionSnapshot | None = None
                         ) -> CartItem | None:
    """Set a line's quantity; 0 removes it (returns None). The price notice is cleared: the shopper saw it."""
    quantity = _quantity(quantity)
    item = _item(cart, item_id)
    if quantity == 0:
        cart_remove_item(cart=cart, item_id=item.pk)
        return None
    variant = item.variant
    if not _purchasable(variant):
        raise OutOfStock(_("“%(title)s” is no longer available.") % {"title": variant.product.title},
                         details={"variant_id": str(variant.pk), "available": 0})
    _ensure_stock(variant, quantity)
    item.quantity, item.updated_at = quantity, timezone.now()
    item.unit_price_at_add = _current_price(variant, quantity, promotions)
    # The line and the cart's clock in one transaction (no savepoint inside a caller's: nothing in it is refused).
    # A filtered UPDATE, not save(): a line removed meanwhile (another tab) is a 404, not a 500.
    with transaction.atomic(savepoint=False):
        changed = CartItem.objects.filter(pk=item.pk).update(quantity=item.quantity, updated_at=item.updated_at,
                                                             unit_price_at_add=item.unit_price_at_add)
        if changed:
            _touch(cart)
    if not changed:
        raise NotFound(_("This item is not in your cart."))
    return item


def cart_remove_item(*, cart: Cart, item_id) -> None:
    item = _item(cart, item_id)
    item.delete()
    _touch(cart)


def cart_clear(*, cart: Cart) -> None:
    """Empty the cart (saved-for-later items stay) and drop its vouchers."""
    CartItem.objects.filter(cart=cart, saved_for_later=False).delete()
    Cart.objects.filter(pk=cart.pk).update(voucher_codes=[])
    cart.voucher_codes = []
    _touch(cart)


def cart_remove_variants(*, cart: Cart, variant_ids: Iterable) -> None:
    """After an order is placed: the ordered variants leave the cart (saved-for-later ones stay), and
    the vouchers, now used, leave with them."""
    CartItem.objects.filter(cart=cart, variant_id__in=list(variant_ids), saved_for_later=False).delete()
    Cart.objects.filter(pk=cart.pk).update(voucher_codes=[], updated_at=timezone.now())
    cart.voucher_codes = []


def cart_save_for_later(*, cart: Cart, item_id) -> CartItem:
    item = _item(cart, item_id, saved_for_later=False)
    item.saved_for_later = True
    item.save(update_fields=["saved_for_later", "updated_at"])
    _touch(cart)
    return item


def cart_move_to_cart(*, cart: Cart, item_id) -> CartItem:
    """A saved item back into the cart, with the stock checked and today's price noted."""
    item = _item(cart, item_id, saved_for_later=True)
    variant = item.variant
    if not _purchasable(variant):
        raise OutOfStock(_("“%(title)s” is no longer available.") % {"title": variant.product.title},
                         details={"variant_id": str(variant.pk), "available": 0})
    _ensure_stock(variant, item.quantity)
    item.saved_for_later = False
    item.save(update_fields=["saved_for_later", "updated_at"])
    _touch(cart)
    return item


@dataclass(frozen=True)
class Adjustment:
    """Something a merge or sync changed from what the shopper asked for, to tell them."""

    variant_id: str
    requested: int
    quantity: int
    message: str

    def as_dict(self) -> dict:
        return {"variant_id": self.variant_id, "requested": self.requested, "quantity": self.quantity,
                "message": self.message}


def _merge_lines(cart: Cart, wanted: Sequence[tuple[object, int, bool]], *, add: bool) -> list[Adjustment]:
    """Put (variant_id, quantity, saved_for_later) lines into `cart`; `add` adds to what is there,
    otherwise the larger quantity wins. Quantities are capped by stock; what changed is reported.
    The lines there are locked first; a line that is not is inserted with _LINE_INSERT_OR_LOCK, so one a racing
    add makes meanwhile is merged into (locked), not inserted twice."""
    adjustments: list[Adjustment] = []
    ids = {str(v) for v, _q, _s in wanted}
    variants = {str(v.pk): v for v in Variant.objects.filter(pk__in=ids).select_related("product__shop")}
    existing = {str(i.variant_id): i for i in CartItem.objects.select_for_update().filter(cart=cart,
                                                                                        variant_id__in=ids)}
    snapshot = PromotionSnapshot()
    for variant_id, quantity, saved in wanted:
        key = str(variant_id)
        variant = variants.get(key)
        if variant is None or not _purchasable(variant):
            title = variant.product.title if variant else _("An item")
            adjustments.append(Adjustment(key, quantity, 0, _("“%(title)s” is no longer available.") % {
                "title": title}))
            continue
        cap = min(variant.stock, MAX_QUANTITY)
        item, inserted = existing.get(key), False
        if item is None and cap > 0:
            new = min(quantity, cap)
            line = _new_line(cart=cart, variant=variant, quantity=new, saved_for_later=saved,
                             price=snapshot.for_variant(variant, quantity=new).price)
            item = existing[key] = _line_upsert(_LINE_INSERT_OR_LOCK, line)
            inserted = item.pk == line.pk
        have = item.quantity if item is not None and not inserted else 0
        target = have + quantity if add else max(have, quantity)
        capped = min(target, cap)
        if capped < target:
            adjustments.append(Adjustment(key, target, capped, _(
                "Only %(n)s of “%(title)s” left: your cart holds %(n)s.") % {"n": capped, "title": variant.product.title}))
        if item is None or inserted or capped <= 0:  # inserted with `capped` already; a sold-out line stays as is
            continue
        if capped != item.quantity or (item.saved_for_later and not saved):
            item.quantity = capped
            item.saved_for_later = item.saved_for_later and saved
            item.save(update_fields=["quantity", "saved_for_later", "updated_at"])
    return adjustments


def cart_sync(*, cart: Cart, items: Sequence[dict]) -> list[Adjustment]:
    """Merge a device's offline cart: per variant the larger of the two quantities, capped by stock;
    unavailable variants are skipped. Returns what was changed from the device's request."""
    wanted: dict[str, int] = {}
    for entry in items:
        key = str(entry["variant_id"])
        wanted[key] = wanted.get(key, 0) + _quantity(entry.get("quantity", 1))
    with transaction.atomic():
        adjustments = _merge_lines(cart, [(k, q, False) for k, q in wanted.items() if q > 0], add=False)
        _touch(cart)
    return adjustments


def cart_merge(*, source: Cart, target: Cart) -> list[Adjustment]:
    """A guest cart into the user's cart at login: quantities added, capped by stock; vouchers kept;
    the guest cart is deleted."""
    if source.pk == target.pk:
        return []
    with transaction.atomic():
        lines = [(i.variant_id, i.quantity, i.saved_for_later)
                 for i in CartItem.objects.filter(cart=source).order_by("created_at", "id")]
        adjustments = _merge_lines(target, lines, add=True) if lines else []
        codes = list(target.voucher_codes) + [c for c in source.voucher_codes if c not in target.voucher_codes]
        source.delete()
        Cart.objects.filter(pk=target.pk).update(voucher_codes=codes)
        target.voucher_codes = codes
        if lines:
            _touch(target)
    return adjustments


def cart_merge_at_login(*, session, user) -> tuple[int, list[Adjustment]]:
    """Called when a user signs in: the session's guest cart joins their cart.
    Returns (number of lines merged, adjustments)."""
    guest = cart_get_for_session(session)
    session.pop(SESSION_KEY, None)
    if guest is None:
        return 0, []
    count = guest.items.count()
    adjustments = cart_merge(source=guest, target=cart_get_for_user(user))
    return count, adjustments


# --- vouchers on the cart -----------------------------------------------------------------------
def cart_apply_voucher(*, cart: Cart, user, code: str, shipping_method: str = pricing.STANDARD) -> pricing.Quote:
    """Add a code to the cart if it applies now; it takes the slot (shop or platform) of a code there
    before. VoucherInvalid (422) with the reason otherwise. Returns the cart's quote with it."""
    quote, _items = _apply_voucher(cart_lines(cart, images=False), cart=cart, user=user, code=code,
                                   shipping_method=shipping_method)
    return quote


def cart_apply_voucher_for_display(*, cart: Cart, user, code: str, shipping_method: str = pricing.STANDARD
                                   ) -> tuple[pricing.Quote, dict]:
    """cart_apply_voucher, answering the quote and {item id: CartItem} as cart_quote_for_display does: the cart is
    priced once, for the check and the answer."""
    return _apply_voucher(cart_lines(cart), cart=cart, user=user, code=code, shipping_method=shipping_method)


def _apply_voucher(items, *, cart: Cart, user, code: str, shipping_method: str) -> tuple[pricing.Quote, dict]:
    code = normalize_code(code)
    if not code:
        raise ValidationFailed(_("Enter a voucher code."), details={"code": [_("Enter a voucher code.")]})
    rules, unknown = voucher_rules_for_codes(codes=[code], user=user)
    if unknown:
        raise VoucherInvalid(unknown[code], details={"code": code})
    new = rules[0]
    kept = []
    if cart.voucher_codes:
        others, _unknown = voucher_rules_for_codes(codes=[c for c in cart.voucher_codes if c != code], user=user)
        kept = [r.code for r in others if r.shop_id != new.shop_id]
    quote, items = _quote(items, cart=cart, user=user, shipping_method=shipping_method, voucher_codes=[*kept, code])
    if code in quote.refused_vouchers:
        raise VoucherInvalid(str(quote.refused_vouchers[code]), details={"code": code})
    Cart.objects.filter(pk=cart.pk).update(voucher_codes=[*kept, code])
    cart.voucher_codes = [*kept, code]
    return quote, items


def cart_remove_voucher(*, cart: Cart, code: str) -> None:
    code = normalize_code(code)
    if code not in cart.voucher_codes:
        raise NotFound(_("This voucher is not on your cart."))
    cart.voucher_codes = [c for c in cart.voucher_codes if c != code]
    Cart.objects.filter(pk=cart.pk).update(voucher_codes=cart.voucher_codes)


# --- pricing ------------------------------------------------------------------------------------
def cart_quote(*, cart: Cart, user, shipping_method: str = pricing.STANDARD, voucher_codes: Sequence[str] = ()
               ) -> pricing.Quote:
    """Price the cart. `voucher_codes` empty → the codes applied on the cart. Unavailable lines (gone,
    sold out, more than the stock) are flagged and left out of the totals."""
    items = cart_lines(cart, images=False)
    quote, _items = _quote(items, cart=cart, user=user, shipping_method=shipping_method, voucher_codes=voucher_codes)
    return quote


def cart_quote_for_checkout(*, cart: Cart | None, user, shipping_method: str = pricing.STANDARD,
                            voucher_codes: Sequence[str] = ()) -> tuple[pricing.Quote, dict]:
    """The quote and {item id: CartItem} with what the orders' snapshots keep (selectors.cart_lines_for_checkout),
    read in the same query as the lines priced."""
    items = cart_lines_for_checkout(cart)
    return _quote(items, cart=cart, user=user, shipping_method=shipping_method, voucher_codes=voucher_codes)


def cart_quote_for_display(*, cart: Cart | None, user, shipping_method: str = pricing.STANDARD,
                           promotions: PromotionSnapshot | None = None) -> tuple[pricing.Quote, dict]:
    """The quote and {item id: CartItem} as the cart API and pages show them (selectors.cart_lines: what the
    presenters read, with `image_name`). `promotions`: the running ones, when the request already loaded them."""
    items = cart_lines(cart)
    return _quote(items, cart=cart, user=user, shipping_method=shipping_method, voucher_codes=(),
                  promotions=promotions)


def _quote(items, *, cart: Cart | None, user, shipping_method: str, voucher_codes: Sequence[str],
           promotions: PromotionSnapshot | None = None) -> tuple[pricing.Quote, dict]:
    if shipping_method not in pricing.SHIPPING_METHODS:
        raise ValidationFailed(_("Choose standard or express delivery."),
                               details={"shipping_method": [_("Choose standard or express delivery.")]})
    items = list(items)
    codes = list(voucher_codes) or (list(cart.voucher_codes) if cart is not None else [])
    user = user if user is not None and getattr(user, "is_authenticated", False) else None
    snapshot = promotions or PromotionSnapshot()
    now = snapshot.now
    rules, unknown = voucher_rules_for_codes(codes=codes, user=user) if codes else ([], {})
    ancestors = {}
    if any(rule.scope == VoucherScope.CATEGORIES for rule in rules):  # only a category scope reads them
        ancestors = category_ancestor_ids({i.variant.product.category for i in items
                                           if i.variant.product.category_id})
    lines, shops = [], {}
    for item in items:
        variant, product = item.variant, item.variant.product
        shop = product.shop
        shops.setdefault(shop.pk, pricing.ShopInfo(shop.pk, shop.name, shop.shipping_fee, shop.express_shipping_fee,
                                                   shop.free_shipping_threshold))
        price = snapshot.for_variant(variant, quantity=item.quantity)
        reason = _unavailable_reason(item)
        lines.append(pricing.LineInput(
            item_id=item.pk, variant_id=variant.pk, product_id=product.pk, shop_id=shop.pk,
            category_id=product.category_id, title=product.title, variant_name=variant.name, quantity=item.quantity,
            unit_price=price.price, regular_price=price.regular_price if price.is_discounted else None,
            price_at_add=item.unit_price_at_add, available=not reason,
            unavailable_reason=reason, category_ids=ancestors.get(product.category_id, frozenset()),
            stock=variant.stock, promotion_ends_at=price.ends_at if price.is_discounted else None,
            flash_sale_item_id=price.flash_sale_item_id,
        ))
    quote = pricing.quote_build(
        lines=lines, shops=shops, currency=settings.DEFAULT_CURRENCY, vat_rate=settings.VAT_RATE,
        prices_include_tax=getattr(settings, "PRICES_INCLUDE_TAX", True), shipping_method=shipping_method,
        vouchers=rules, buyer=buyer_for(user) if rules else None, now=now, refused=unknown,
        delivery_days=getattr(settings, "DELIVERY_DAYS", None),
    )
    return quote, {item.pk: item for item in items}


def _unavailable_reason(item: CartItem) -> str:
    variant = item.variant
    if not _purchasable(variant):
        return _("No longer available")
    if variant.stock <= 0:
        return _("Sold out")
    if item.quantity > variant.stock:
        return _("Only %(n)s left: lower the quantity") % {"n": variant.stock}
    return ""
