"""Reads of the cart app: a cart's items with everything pricing and pages need, fetched once."""
from django.db.models import Prefetch

from apps.cart.models import Cart, CartItem, WishlistItem
from apps.catalog.models import Category, ProductImage


def _images():
    return Prefetch("variant__product__images", queryset=ProductImage.objects.order_by("position", "created_at"))


def cart_items(cart: Cart, *, saved_for_later: bool = False):
    """The cart's items (or its saved-for-later list) with variant, product, shop and category, in the
    order they were added."""
    if cart is None or cart.pk is None:
        return CartItem.objects.none()
    return (CartItem.objects.filter(cart=cart, saved_for_later=saved_for_later)
            .select_related("variant__product__shop", "variant__product__category")
            .prefetch_related(_images()).order_by("created_at", "id"))


def cart_item_count(cart: Cart | None) -> int:
    """Units in the cart (not saved for later), for the header badge."""
    if cart is None or cart.pk is None:
        return 0
    from django.db.models import Sum

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
