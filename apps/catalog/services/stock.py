"""Every stock change goes through here: rows locked in pk order, a movement written per change,
stock never below zero (also a CHECK constraint), the seller told once when a variant runs low."""
import logging
import uuid

from django.db import transaction
from django.db.models import DecimalField, Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from apps.catalog import domain
from apps.catalog.cache import stock_changed
from apps.catalog.locks import variants_qs_select_for_update
from apps.catalog.models import InventoryMovement, Product, Variant
from apps.core.errors import NotFound, OutOfStock, ValidationFailed

logger = logging.getLogger(__name__)


def _as_uuid(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _merge(items) -> dict:
    try:
        return domain.merge_quantities((_as_uuid(k), q) for k, q in items)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("Quantities must be positive whole numbers.")) from exc


def product_refresh_summary(*, product_ids) -> None:
    """Recompute the denormalised price, compare-at price and in-stock flag of products from their variants."""
    product_ids = list(product_ids)
    if not product_ids:
        return
    live = Variant.objects.filter(product=OuterRef("pk"), is_active=True, is_deleted=False)
    cheapest = live.order_by("price", "position")
    Product.objects.filter(pk__in=product_ids).update(
        price=Coalesce(Subquery(cheapest.values("price")[:1]), Value(0),
                       output_field=DecimalField(max_digits=14, decimal_places=2)),
        compare_at_price=Subquery(cheapest.values("compare_at_price")[:1]),
        in_stock=Exists(live.filter(stock__gt=0)),
    )


def _notify_low_stock(variant_ids) -> None:
    def send():
        try:
            from apps.notifications.services import notify
        except ImportError:  # the notifications app is not there (yet)
            logger.warning("notifications.notify missing; low-stock notice for %s not sent", variant_ids)
            return
        for v in Variant.objects.filter(pk__in=variant_ids).select_related("product__shop__owner"):
            notify(v.product.shop.owner, "stock.low",
                   context={"product_title": v.product.title, "sku": v.sku, "stock": v.stock},
                   url="/seller/products/low-stock/")

    transaction.on_commit(send)


def _apply(variants: list[Variant], deltas: dict, *, reason: str, reference: str, by) -> None:
    """Write the new stock of locked variants, their movements and the low-stock flags."""
    movements, low, flipped = [], [], set()
    for v in variants:
        delta = deltas[v.pk]
        before, after = v.stock, v.stock + delta
        if (before > 0) != (after > 0):
            flipped.add(v.product_id)
        if after < 0:
            raise OutOfStock(_("Only %(n)s left of %(sku)s.") % {"n": before, "sku": v.sku},
                             details={"variant_id": str(v.pk), "available": before})
        v.stock = after
        if domain.crossed_low_stock(before=before, after=after, threshold=v.low_stock_threshold) \
                and not v.low_stock_notified:
            v.low_stock_notified = True
            low.append(v.pk)
        elif after > v.low_stock_threshold:
            v.low_stock_notified = False
        movements.append(InventoryMovement(variant=v, delta=delta, reason=reason, reference=reference[:100],
                                           stock_after=after, created_by=by if by and by.pk else None))
    if len(variants) == 1:  # bulk_update's CASE costs three times a plain UPDATE, inside the rows' lock
        Variant.objects.filter(pk=variants[0].pk).update(stock=variants[0].stock,
                                                         low_stock_notified=variants[0].low_stock_notified)
    else:
        Variant.objects.bulk_update(variants, ["stock", "low_stock_notified"])
    InventoryMovement.objects.bulk_create(movements)
    if flipped:  # stock moves only a product's in-stock flag, and only when a variant sells out or comes back
        product_refresh_summary(product_ids=flipped)
    stock_changed(product_ids={v.product_id for v in variants}, availability_changed=bool(flipped))
    if low:
        _notify_low_stock(low)


def _shortage(variants: list[Variant], wanted: dict) -> OutOfStock | None:
    found = {v.pk: v for v in variants}
    for variant_id in sorted(wanted):
        v = found.get(variant_id)
        available = v.stock if v and v.is_active and not v.is_deleted else 0
        if available < wanted[variant_id]:
            return OutOfStock(_("Only %(n)s left of %(sku)s.") % {"n": available, "sku": v.sku if v else variant_id},
                              details={"variant_id": str(variant_id), "available": available})
    return None


def stock_take(*, items, reason: str, reference: str = "", by=None) -> None:
    """Take stock for [(variant_id, quantity), ...]; all or nothing. Inactive or deleted variants have none.

    Inside the caller's transaction it adds no savepoint: a refusal is raised after the block, having written
    nothing, so the caller's transaction stays usable."""
    wanted = _merge(items)
    if not wanted:
        return
    with transaction.atomic(savepoint=False):
        variants = list(variants_qs_select_for_update(wanted))
        shortage = _shortage(variants, wanted)
        if shortage is None:
            _apply(variants, {k: -q for k, q in wanted.items()}, reason=reason, reference=reference, by=by)
    if shortage is not None:
        raise shortage


def stock_release(*, items, reason: str, reference: str = "", by=None) -> None:
    """Give stock back for [(variant_id, quantity), ...] (cancellation, expiry); unknown variants are skipped."""
    back = _merge(items)
    if not back:
        return
    with transaction.atomic():
        variants = list(variants_qs_select_for_update(back))
        _apply(variants, back, reason=reason, reference=reference, by=by)


def stock_adjust(*, variant, delta: int, reason: str, by, reference: str = "") -> Variant:
    """A seller's restock or correction; the result may not be negative."""
    try:
        delta = int(delta)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("The change must be a whole number."), details={"delta": [_("Not a number.")]}) \
            from exc
    with transaction.atomic():
        locked = list(variants_qs_select_for_update([variant.pk]))
        if not locked:
            raise NotFound(_("Variant not found."))
        if delta:
            _apply(locked, {locked[0].pk: delta}, reason=reason, reference=reference, by=by)
    return locked[0]


def stock_set(*, variant, stock: int, reason: str, by, reference: str = "") -> Variant:
    """Set an absolute stock level (edit form, CSV import) as a movement of the difference."""
    stock = int(stock)
    if stock < 0:
        raise ValidationFailed(_("Stock cannot be negative."), details={"stock": [_("Stock cannot be negative.")]})
    with transaction.atomic():
        locked = list(variants_qs_select_for_update([variant.pk]))
        if not locked:
            raise NotFound(_("Variant not found."))
        delta = stock - locked[0].stock
        if delta:
            _apply(locked, {locked[0].pk: delta}, reason=reason, reference=reference, by=by)
    return locked[0]


def product_sold_count_add(*, items) -> None:
    """Add sold quantities: items are (variant_id, quantity) as for stock_take (product ids are accepted too)."""
    totals = _merge(items)
    if not totals:
        return
    per_product: dict = {}
    variant_products = dict(Variant.objects.filter(pk__in=list(totals)).values_list("pk", "product_id"))
    for key, qty in totals.items():
        product_id = variant_products.get(key, key)
        per_product[product_id] = per_product.get(product_id, 0) + qty
    for product_id, qty in sorted(per_product.items()):
        Product.objects.filter(pk=product_id).update(sold_count=F("sold_count") + qty)
