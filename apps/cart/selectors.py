"""Reads of the cart app: a cart's items with everything pricing and pages need, fetched once."""
from django.db.models import Prefetch, Sum

from apps.cart.models import Cart, CartItem, WishlistItem
from apps.catalog.models import Category, ProductImage
from apps.catalog.selectors import main_image_file
from apps.core.prepared import PreparedQuery

# What pricing, the presenters and the stock checks read of an item's variant, product, shop and category.
ITEM_FIELDS = (
    "id", "created_at", "cart_id", "variant_id", "quantity", "unit_price_at_add", "saved_for_later",
    "variant__id", "variant__product_id", "variant__name", "variant__price", "variant__stock", "variant__is_active",
    "variant__is_deleted",
    "variant__product__id", "variant__product__title", "variant__product__slug", "variant__product__status",
    "variant__product__is_deleted", "variant__product__shop_id", "variant__product__category_id",
    "variant__product__shop__id", "variant__product__shop__name", "variant__product__shop__status",
    "variant__product__shop__shipping_fee", "variant__product__shop__express_shipping_fee",
    "variant__product__shop__free_shipping_threshold",
    "variant__product__category__id", "variant__product__category__path",
)
VARIANT_FIELDS = tuple(name.removeprefix("variant__") for name in ITEM_FIELDS if name.startswith("variant__"))
# ...and what an order's snapshots keep of them (orders.services._snapshots), for checkout.
CHECKOUT_FIELDS = (*ITEM_FIELDS, "variant__sku", "variant__attributes", "variant__compare_at_price",
                   "variant__product__brand_id", "variant__product__condition", "variant__product__shop__slug",
                   "variant__product__category__name", "variant__product__brand__id", "variant__product__brand__name")


def _lines_query(fields, *, related=("variant__product__shop", "variant__product__category"), images=True):
    def build(cart_id):
        qs = (CartItem.objects.filter(cart_id=cart_id, saved_for_later=False).select_related(*related)
              .only(*fields).order_by("created_at", "id"))
        return qs.annotate(image_name=main_image_file("variant__product")) if images else qs
    return PreparedQuery(build)


# Every cart read, add to cart and checkout runs one of these: compiled once per process (apps.core.prepared).
_LINES = _lines_query(ITEM_FIELDS)
_LINES_NO_IMAGES = _lines_query(ITEM_FIELDS, images=False)
_CHECKOUT_LINES = _lines_query(CHECKOUT_FIELDS, related=("variant__product__shop", "variant__product__category",
                                                         "variant__product__brand"))


def cart_lines(cart: Cart | None, *, images: bool = True) -> list[CartItem]:
    """The cart's items (not saved for later) as the cart prices and shows them, in one query: only the columns
    of ITEM_FIELDS, and `image_name`, the product's main image file (unless `images` is False)."""
    if cart is None or cart.pk is None:
        return []
    return (_LINES if images else _LINES_NO_IMAGES)(cart.pk)


def cart_lines_for_checkout(cart: Cart | None) -> list[CartItem]:
    """The lines checkout prices and snapshots, in one query: cart_lines' columns, `image_name`, and the
    variant's SKU, attributes and compare-at price, the product's condition and brand, the shop's slug and the
    category's name."""
    if cart is None or cart.pk is None:
        return []
    return _CHECKOUT_LINES(cart.pk)


def saved_lines(cart: Cart | None):
    """The items saved for later, in the order they were added (a queryset: the API pages it)."""
    if cart is None or cart.pk is None:
        return CartItem.objects.none()
    return (CartItem.objects.filter(cart=cart, saved_for_later=True)
            .select_related("variant__product__shop", "variant__product__category").only(*ITEM_FIELDS)
            .annotate(image_name=main_image_file("variant__product")).order_by("created_at", "id"))


def cart_item_count(cart: Cart | None) -> int:
    """Units in the cart (not saved for later), for the header badge."""
    if cart is None or cart.pk is None:
        return 0
    return CartItem.objects.filter(cart=cart, saved_for_later=False).aggregate(n=Sum("quantity"))["n"] or 0


def category_ancestor_ids(categories) -> dict:
    """{category id: frozenset(its id and its ancestors' ids)} in one query (materialised paths)."""
    categories = [c for c in categories if c is not None]
    if not categories:
        return {}
    step = Category.steplen
    prefixes = {c.path[:n] for c in categories for n in range(step, len(c.path) + 1, step)}
    by_path = dict(Category.objects.filter(path__in=prefixes).values_list("path", "pk"))
    return {
        c.pk: frozenset(by_path[c.path[:n]] for n in range(step, len(c.path) + 1, step) if c.path[:n] in by_path)
        for c in categories
    }


def wishlist_items(user):
    return (WishlistItem.objects.filter(user=user)
            .select_related("product__shop", "product__category")
            .prefetch_related(Prefetch("product__images", queryset=ProductImage.objects.order_by("position",
                                                                                                  "created_at")))
            .order_by("-created_at", "id"))


def wishlist_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return WishlistItem.objects.filter(user=user).count()


def wishlist_product_ids(user) -> set:
    if user is None or not user.is_authenticated:
        return set()
    return set(WishlistItem.objects.filter(user=user).values_list("product_id", flat=True))
