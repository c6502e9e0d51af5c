"""Catalog reads. Pages and the API use the same querysets; related rows are fetched once."""
from django.db.models import Prefetch

from apps.catalog.models import Product, ProductImage, ProductStatus, Variant
from apps.core.errors import NotFound
from apps.shops.models import ShopStatus


def public_products():
    """Products a shopper may see: active, not deleted, from an active shop."""
    return Product.objects.filter(status=ProductStatus.ACTIVE, is_deleted=False, shop__status=ShopStatus.ACTIVE)


def live_variants():
    return Variant.objects.filter(is_active=True, is_deleted=False)


def purchasable_variants():
    """Active variants of public products."""
    return live_variants().filter(product__status=ProductStatus.ACTIVE, product__is_deleted=False,
                                  product__shop__status=ShopStatus.ACTIVE)


def product_list_qs(queryset=None):
    """A product list with what a card shows: shop, and images in one prefetch."""
    qs = public_products() if queryset is None else queryset
    return qs.select_related("shop").prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "created_at")))


def product_detail_qs(queryset=None):
    qs = public_products() if queryset is None else queryset
    return qs.select_related("shop", "category", "brand").prefetch_related(
        Prefetch("variants", queryset=live_variants().order_by("position", "created_at")),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "created_at")),
    )


def product_detail(*, product_id=None, slug=None) -> Product:
    """A public product with shop, category, brand, live variants and images; NotFound otherwise."""
    qs = product_detail_qs()
    lookup = {"pk": product_id} if product_id is not None else {"slug": slug}
    try:
        return qs.get(**lookup)
    except (Product.DoesNotExist, ValueError) as exc:
        raise NotFound("Product not found.") from exc
