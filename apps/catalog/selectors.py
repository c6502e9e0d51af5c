"""Catalog reads. Pages and the API use the same querysets; related rows are fetched once."""
from django.db.models import CharField, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import Category, Product, ProductImage, ProductStatus, Variant
from apps.core.errors import NotFound
from apps.shops.models import ShopStatus


def public_products():
    """Products a shopper may see: active, not deleted, from an active shop."""
    return Product.objects.filter(status=ProductStatus.ACTIVE, is_deleted=False, shop__status=ShopStatus.ACTIVE)


def main_image_file(product: str = "product") -> Subquery:
    """Subquery for rows pointing at a product (through `product`, e.g. "variant__product"): the file name of
    its first image, its thumbnail when it has one. For lists that show only the picture (image_file_url)."""
    first = ProductImage.objects.filter(product=OuterRef(product)).order_by("position", "created_at")
    name = Coalesce(NullIf("thumbnail", Value("")), "image", output_field=CharField())
    return Subquery(first.values(name=name)[:1], output_field=CharField())


def image_file_url(name: str | None) -> str:
    """The URL of a product image file by name (main_image_file); "" without one."""
    return ProductImage._meta.get_field("image").storage.url(name) if name else ""


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
        raise NotFound(_("Product not found.")) from exc


def category_tree(*, active_only: bool = True) -> list[dict]:
    """The whole tree as nested dicts, from one query (materialised paths sort parents before children)."""
    qs = Category.objects.order_by("path")
    if active_only:
        qs = qs.filter(is_active=True)
    roots: list[dict] = []
    by_path: dict = {}
    step = Category.steplen
    for c in qs.only("id", "name", "slug", "icon", "depth", "path", "sort_order"):
        node = {"id": c.pk, "name": c.name, "slug": c.slug, "icon": c.icon, "depth": c.depth, "children": []}
        by_path[c.path] = node
        if c.depth == 1:
            roots.append(node)
        else:
            parent = by_path.get(c.path[:-step])
            if parent is not None:  # an inactive parent hides its subtree
                parent["children"].append(node)
    return roots


def category_get(*, category_id=None, slug=None) -> Category:
    lookup = {"pk": category_id} if category_id is not None else {"slug": slug}
    try:
        return Category.objects.get(is_active=True, **lookup)
    except (Category.DoesNotExist, ValueError):
        raise NotFound(_("Category not found.")) from None


def category_ancestors(category: Category) -> list[Category]:
    step = Category.steplen
    paths = [category.path[: step * i] for i in range(1, category.depth)]
    return list(Category.objects.filter(path__in=paths).order_by("depth")) if paths else []


def category_children(category: Category) -> list[Category]:
    return list(category.get_children().filter(is_active=True))


def category_payload(category: Category) -> dict:
    ref = lambda c: {"id": c.pk, "name": c.name, "slug": c.slug}  # noqa: E731
    return {"id": category.pk, "name": category.name, "slug": category.slug, "icon": category.icon,
            "description": category.description, "depth": category.depth,
            "ancestors": [ref(c) for c in category_ancestors(category)],
            "children": [ref(c) for c in category_children(category)]}


def related_products(*, product: Product, limit: int = 12) -> list[Product]:
    """Best sellers of the same category, topped up from the same shop."""
    base = product_list_qs(public_products().exclude(pk=product.pk))
    same_category = list(base.filter(category_id=product.category_id).order_by("-sold_count", "-created_at")[:limit])
    if len(same_category) < limit:
        seen = [p.pk for p in same_category]
        same_category += list(base.filter(shop_id=product.shop_id).exclude(pk__in=seen)
                              .order_by("-sold_count", "-created_at")[: limit - len(same_category)])
    return same_category


def low_stock_variants(*, shop):
    """Live variants of the shop's products at or below their threshold, emptiest first."""
    return (Variant.objects.filter(product__shop=shop, product__is_deleted=False, is_deleted=False,
                                   stock__lte=F("low_stock_threshold"))
            .select_related("product").order_by("stock", "product__title", "sku"))


def seller_products(*, shop):
    return (Product.objects.filter(shop=shop, is_deleted=False).select_related("shop")
            .annotate(stock_total=Sum("variants__stock", filter=Q(variants__is_deleted=False)))
            .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "created_at")))
            .order_by("-created_at"))
