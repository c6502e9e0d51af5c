"""Wishlist use cases, and the back-in-stock / price-drop alerts (each fires once per event)."""
from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.cart.models import CartItem, WishlistItem
from apps.catalog.models import Product
from apps.catalog.selectors import public_products
from apps.core.errors import NotFound, ValidationFailed

logger = logging.getLogger(__name__)


def _product(product_id) -> Product:
    try:
        return public_products().get(pk=product_id)
    except (Product.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound(_("This product does not exist.")) from exc


def wishlist_add(*, user, product_id) -> tuple[WishlistItem, bool]:
    """(item, created). Adding twice is harmless. What the user sees now is the baseline for alerts."""
    product = _product(product_id)
    try:
        with transaction.atomic():
            item, created = WishlistItem.objects.get_or_create(
                user=user, product=product, defaults={"in_stock_seen": product.in_stock, "price_seen": product.price})
    except IntegrityError:
        item, created = WishlistItem.objects.get(user=user, product=product), False
    return item, created


def wishlist_remove(*, user, product_id) -> None:
    deleted, _rows = WishlistItem.objects.filter(user=user, product_id=product_id).delete() \
        if _is_uuid(product_id) else (0, None)
    if not deleted:
        raise NotFound(_("This product is not in your wishlist."))


def wishlist_toggle(*, user, product_id) -> bool:
    """Heart button: add when absent, remove when present. Returns whether it is now in the wishlist."""
    if _is_uuid(product_id) and WishlistItem.objects.filter(user=user, product_id=product_id).delete()[0]:
        return False
    wishlist_add(user=user, product_id=product_id)
    return True


def wishlist_move_to_cart(*, user, product_id, variant_id=None) -> CartItem:
    """One unit of the chosen variant (the product's only or cheapest purchasable one by default) into
    the cart, stock checked; the product leaves the wishlist."""
    from apps.cart.services.cart import cart_add, cart_get_for_user

    product = _product(product_id)
    if not WishlistItem.objects.filter(user=user, product=product).exists():
        raise NotFound(_("This product is not in your wishlist."))
    variants = product.variants.filter(is_active=True, is_deleted=False)
    if variant_id is None:
        variant = variants.filter(stock__gt=0).order_by("price", "position").first() or variants.first()
        if variant is None:
            raise ValidationFailed(_("Choose a variant."), details={"variant_id": [_("Choose a variant.")]})
    else:
        variant = variants.filter(pk=variant_id).first() if _is_uuid(variant_id) else None
        if variant is None:
            raise ValidationFailed(_("Choose a variant of this product."),
                                   details={"variant_id": [_("Not a variant of this product.")]})
    with transaction.atomic():
        item = cart_add(cart=cart_get_for_user(user), variant_id=variant.pk, quantity=1)
        WishlistItem.objects.filter(user=user, product=product).delete()
    return item


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# --- alerts -------------------------------------------------------------------------------------
def wishlist_alerts_check(*, product_ids: Iterable | None = None) -> int:
    """Compare wishlisted products with what their users last saw and alert once per event:
    back in stock (out → in) and price drop (below the price last seen). A product going out of stock,
    or up in price, re-arms the alert. Conditional UPDATEs make each event fire exactly once even if two
    workers check at the same time. Returns the number of alerts sent. None = every wishlisted product."""
    items = WishlistItem.objects.select_related("product", "user")
    if product_ids is not None:
        items = items.filter(product_id__in=list(product_ids))
    changed = items.filter(
        (Q(in_stock_seen=False) & Q(product__in_stock=True)) | (Q(in_stock_seen=True) & Q(product__in_stock=False))
        | Q(price_seen__isnull=True) | ~Q(product__price=F("price_seen"))
    )
    sent = 0
    now = timezone.now()
    for item in changed:
        product = item.product
        visible = product.status == "active" and not product.is_deleted
        # Back in stock.
        if product.in_stock and not item.in_stock_seen:
            won = WishlistItem.objects.filter(pk=item.pk, in_stock_seen=False).update(
                in_stock_seen=True, back_in_stock_notified_at=now)
            if won and visible:
                sent += _notify(item.user, "wishlist.back_in_stock", {"product_title": product.title}, product)
        elif not product.in_stock and item.in_stock_seen:
            WishlistItem.objects.filter(pk=item.pk, in_stock_seen=True).update(in_stock_seen=False)
        # Price.
        if item.price_seen is None or product.price > item.price_seen:
            WishlistItem.objects.filter(pk=item.pk, price_seen=item.price_seen).update(price_seen=product.price)
        elif product.price < item.price_seen:
            won = WishlistItem.objects.filter(pk=item.pk, price_seen=item.price_seen).update(
                price_seen=product.price, price_drop_notified_at=now)
            if won and visible and product.in_stock:
                sent += _notify(item.user, "wishlist.price_drop", {
                    "product_title": product.title, "old_price": str(item.price_seen), "new_price": str(product.price),
                    "currency": settings.DEFAULT_CURRENCY}, product)
    return sent


def _notify(user, kind: str, context: dict, product) -> int:
    from apps.notifications.services import notify

    try:
        url = product.get_absolute_url()
    except Exception:  # noqa: BLE001 - the product page may not be routed (yet); the alert still goes out
        url = "/wishlist/"
    notify(user, kind, context=context, url=url)
    return 1


def wishlist_alerts_check_later(*, product_ids: Iterable) -> None:
    """Queue an alert check for products after the current transaction commits (catalog writes)."""
    ids = [str(pk) for pk in product_ids]
    if not ids:
        return

    def queue():
        from apps.cart.tasks import wishlist_alerts_check_task

        wishlist_alerts_check_task.delay(product_ids=ids)

    transaction.on_commit(queue)
