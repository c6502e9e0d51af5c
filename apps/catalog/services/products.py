"""Seller writes on products and variants. Soft deletes keep order history working."""
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from apps.catalog import domain
from apps.catalog.models import (
    Brand,
    Category,
    Condition,
    InventoryMovement,
    MovementReason,
    Product,
    ProductStatus,
    Variant,
)
from apps.catalog.services.indexing import index_products_on_commit
from apps.catalog.services.stock import product_refresh_summary, stock_set
from apps.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from apps.shops.models import ShopStatus

PRODUCT_FIELDS = {"title", "description", "category", "brand", "condition", "specifications", "status",
                  "is_featured"}
VARIANT_FIELDS = {"name", "sku", "attributes", "price", "compare_at_price", "stock", "low_stock_threshold",
                  "is_active", "position"}
SELLER_STATUSES = {ProductStatus.DRAFT, ProductStatus.ACTIVE, ProductStatus.HIDDEN}


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(message, details={field: [str(message)]})


def unique_product_slug(title: str, *, exclude_pk=None) -> str:
    base = domain.slugify_vi(title, max_length=200)
    qs = Product.objects.exclude(pk=exclude_pk) if exclude_pk else Product.objects.all()
    taken = set(qs.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _category(value) -> Category:
    if isinstance(value, Category):
        return value
    try:
        return Category.objects.get(pk=int(value), is_active=True)
    except (Category.DoesNotExist, TypeError, ValueError):
        raise _invalid("category_id", _("Choose an existing category.")) from None


def _brand(value):
    if value in (None, ""):
        return None
    if isinstance(value, Brand):
        return value
    try:
        return Brand.objects.get(pk=value)
    except (Brand.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise _invalid("brand_id", _("Choose an existing brand.")) from None


def _ensure_can_sell(shop) -> None:
    if shop.status == ShopStatus.SUSPENDED:
        raise PermissionDenied(_("Your shop is suspended; products cannot be changed."))


def _clean_product_fields(fields: dict, *, creating: bool) -> dict:
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    out = dict(fields)
    if "title" in out or creating:
        title = (out.get("title") or "").strip()
        if not title:
            raise _invalid("title", _("A product needs a title."))
        out["title"] = title[:200]
    if "description" in out:
        out["description"] = domain.sanitize_html(out["description"])
    if "category" in out or creating:
        out["category"] = _category(out.get("category"))
    if "brand" in out:
        out["brand"] = _brand(out["brand"])
    if "condition" in out and out["condition"] not in Condition.values:
        raise _invalid("condition", _("Choose new, used or refurbished."))
    if "specifications" in out:
        try:
            out["specifications"] = domain.normalize_specifications(out["specifications"])
        except ValueError:
            raise _invalid("specifications", _("Each specification needs a name and a value.")) from None
    if "status" in out and out["status"] not in SELLER_STATUSES:
        raise _invalid("status", _("Choose draft, active or hidden."))
    return out


def _clean_variant_fields(fields: dict, *, creating: bool, exclude_pk=None) -> dict:
    unknown = set(fields) - VARIANT_FIELDS
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    out = dict(fields)
    if "sku" in out or creating:
        sku = (out.get("sku") or "").strip()
        if not sku:
            raise _invalid("sku", _("Each variant needs a SKU."))
        if len(sku) > 64:
            raise _invalid("sku", _("A SKU has at most 64 characters."))
        qs = Variant.objects.filter(sku=sku)
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        if qs.exists():
            raise Conflict(_("The SKU %(sku)s is already used.") % {"sku": sku}, details={"sku": [sku]})
        out["sku"] = sku
    if "name" in out or creating:
        out["name"] = (out.get("name") or "").strip()[:120] or "Default"
    if "price" in out or creating:
        try:
            out["price"] = domain.parse_price(out.get("price"))
        except ValueError:
            raise _invalid("price", _("Enter a price of zero or more.")) from None
    if out.get("compare_at_price") not in (None, ""):
        try:
            out["compare_at_price"] = domain.parse_price(out["compare_at_price"])
        except ValueError:
            raise _invalid("compare_at_price", _("Enter a price of zero or more.")) from None
    elif "compare_at_price" in out:
        out["compare_at_price"] = None
    if "stock" in out or creating:
        try:
            out["stock"] = int(out.get("stock") or 0)
        except (TypeError, ValueError):
            raise _invalid("stock", _("Stock must be a whole number.")) from None
        if out["stock"] < 0:
            raise _invalid("stock", _("Stock cannot be negative."))
    if "attributes" in out:
        attrs = out["attributes"] or {}
        if not isinstance(attrs, dict):
            raise _invalid("attributes", _("Attributes are name/value pairs."))
        out["attributes"] = {str(k)[:50]: str(v)[:100] for k, v in attrs.items()}
    return out


def _check_compare_price(price, compare_at) -> None:
    if compare_at is not None and price is not None and Decimal(compare_at) <= Decimal(price):
        raise _invalid("compare_at_price", _("The compare-at price must be higher than the price."))


def _create_variant(product: Product, data: dict, *, by, reason=MovementReason.ADJUSTMENT, position=0) -> Variant:
    stock = data.pop("stock", 0)
    _check_compare_price(data.get("price"), data.get("compare_at_price"))
    data.setdefault("position", position)
    try:
        with transaction.atomic():
            variant = Variant.objects.create(product=product, stock=stock, **data)
    except IntegrityError as exc:
        raise Conflict(_("The SKU %(sku)s is already used.") % {"sku": data.get("sku")}) from exc
    if stock:
        InventoryMovement.objects.create(variant=variant, delta=stock, reason=reason, reference="initial stock",
                                         stock_after=stock, created_by=by if by and by.pk else None)
    return variant


def product_create(*, shop, by, variants, **fields) -> Product:
    """Create a product with its variants (at least one; a product without options has one default variant)."""
    _ensure_can_sell(shop)
    data = _clean_product_fields(fields, creating=True)
    if not variants:
        raise _invalid("variants", _("Add at least one variant with a SKU and a price."))
    cleaned, skus = [], set()
    for i, v in enumerate(variants):
        try:
            item = _clean_variant_fields(dict(v), creating=True)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, details={"variants": {str(i): exc.details}}) from None
        if item["sku"] in skus:
            raise Conflict(_("The SKU %(sku)s is used twice.") % {"sku": item["sku"]}, details={"sku": [item["sku"]]})
        skus.add(item["sku"])
        cleaned.append(item)
    data.setdefault("status", ProductStatus.ACTIVE)
    with transaction.atomic():
        product = Product.objects.create(shop=shop, slug=unique_product_slug(data["title"]), **data)
        for position, item in enumerate(cleaned):
            _create_variant(product, item, by=by, position=position)
        product_refresh_summary(product_ids=[product.pk])
        index_products_on_commit([product.pk])
    product.refresh_from_db()
    return product


def product_update(*, product: Product, by, **fields) -> Product:
    _ensure_can_sell(product.shop)
    if product.status == ProductStatus.BANNED and "status" in fields:
        raise PermissionDenied(_("This product was banned by the platform; its status cannot be changed."))
    data = _clean_product_fields(fields, creating=False)
    with transaction.atomic():
        for key, value in data.items():
            setattr(product, key, value)
        product.save()
        index_products_on_commit([product.pk])
    return product


def _retire_sku(sku: str) -> str:
    return f"{sku[:48]}~del-{uuid.uuid4().hex[:8]}"


def product_delete(*, product: Product, by) -> None:
    """Soft delete: the product leaves the store and the seller's lists; orders keep their rows and snapshots."""
    with transaction.atomic():
        product.is_deleted = True
        product.save(update_fields=["is_deleted", "updated_at"])
        live = list(product.variants.filter(is_deleted=False))
        for v in live:
            v.is_deleted, v.is_active, v.sku = True, False, _retire_sku(v.sku)
        Variant.objects.bulk_update(live, ["is_deleted", "is_active", "sku", "updated_at"])
        product_refresh_summary(product_ids=[product.pk])
        index_products_on_commit([product.pk])


def variant_create(*, product: Product, by, **fields) -> Variant:
    _ensure_can_sell(product.shop)
    data = _clean_variant_fields(fields, creating=True)
    with transaction.atomic():
        position = (product.variants.aggregate(m=Max("position"))["m"] or 0) + 1
        variant = _create_variant(product, data, by=by, position=position)
        product_refresh_summary(product_ids=[product.pk])
        index_products_on_commit([product.pk])
    return variant


def variant_update(*, variant: Variant, by, **fields) -> Variant:
    """Change a variant; a new stock level is recorded as an adjustment movement."""
    _ensure_can_sell(variant.product.shop)
    data = _clean_variant_fields(fields, creating=False, exclude_pk=variant.pk)
    stock = data.pop("stock", None)
    price = data.get("price", variant.price)
    compare_at = data.get("compare_at_price", variant.compare_at_price)
    _check_compare_price(price, compare_at)
    with transaction.atomic():
        if stock is not None:
            locked = stock_set(variant=variant, stock=stock, reason=MovementReason.ADJUSTMENT, by=by,
                               reference="edit")
            variant.stock, variant.low_stock_notified = locked.stock, locked.low_stock_notified
        for key, value in data.items():
            setattr(variant, key, value)
        try:
            with transaction.atomic():
                variant.save()
        except IntegrityError as exc:
            raise Conflict(_("The SKU %(sku)s is already used.") % {"sku": variant.sku}) from exc
        product_refresh_summary(product_ids=[variant.product_id])
        index_products_on_commit([variant.product_id])
    return variant


def variant_delete(*, variant: Variant, by) -> None:
    """Soft delete; the last live variant of a product cannot go (delete the product instead)."""
    if not Variant.objects.filter(product_id=variant.product_id, is_deleted=False).exclude(pk=variant.pk).exists():
        raise Conflict(_("A product needs at least one variant; delete the product instead."))
    with transaction.atomic():
        variant.is_deleted, variant.is_active, variant.sku = True, False, _retire_sku(variant.sku)
        variant.save(update_fields=["is_deleted", "is_active", "sku", "updated_at"])
        product_refresh_summary(product_ids=[variant.product_id])
        index_products_on_commit([variant.product_id])


def product_set_status(*, product: Product, status: str, by) -> Product:
    """Staff moderation: any status, including banned."""
    if status not in ProductStatus.values:
        raise _invalid("status", _("Unknown status."))
    product.status = status
    product.save(update_fields=["status", "updated_at"])
    index_products_on_commit([product.pk])
    return product


def product_for_seller(*, shop, product_id) -> Product:
    """A product of this shop (another shop's product is not found)."""
    try:
        return Product.objects.select_related("shop").get(pk=product_id, shop=shop, is_deleted=False)
    except (Product.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound(_("Product not found.")) from None


def variant_for_seller(*, shop, variant_id) -> Variant:
    try:
        return Variant.objects.select_related("product__shop").get(
            pk=variant_id, product__shop=shop, product__is_deleted=False, is_deleted=False)
    except (Variant.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound(_("Variant not found.")) from None
