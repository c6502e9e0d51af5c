"""Row locks of the reviews app in one place. Order everywhere: reviews, then products, then shops, each by pk,
so concurrent writers lock in the same order and never deadlock."""
from apps.catalog.models import Product
from apps.reviews.models import Review
from apps.shops.models import Shop


def reviews_qs_select_for_update(queryset=None):
    qs = Review.objects.all() if queryset is None else queryset
    return qs.select_for_update(of=("self",)).order_by("pk")


def products_qs_select_for_update(product_ids):
    return Product.objects.select_for_update().filter(pk__in=list(product_ids)).order_by("pk")


def shops_qs_select_for_update(shop_ids):
    return Shop.objects.select_for_update().filter(pk__in=list(shop_ids)).order_by("pk")
