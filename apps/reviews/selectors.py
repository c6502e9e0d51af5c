"""Read queries of the reviews app. Lists have a fixed number of queries whatever their length."""
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from apps.core.errors import NotFound
from apps.orders.models import Order, OrderItem
from apps.reviews import domain
from apps.reviews.domain import ReviewStatus
from apps.reviews.models import Review, ReviewImage, ReviewVote


def _images():
    return Prefetch("images", queryset=ReviewImage.objects.order_by("position", "created_at"))


def public_product(product_id):
    """A product a shopper may see (catalog's rule), or NotFound."""
    from apps.catalog.selectors import public_products

    try:
        product = public_products().filter(pk=product_id).first()
    except (ValueError, TypeError):
        product = None
    if product is None:
        raise NotFound(_("Product not found."))
    return product


def product_reviews(*, product_id, rating=None, sort: str = domain.ReviewSort.NEWEST,
                    with_images: bool = False) -> QuerySet:
    """The visible reviews of a product with authors and images (2 queries), filtered and sorted."""
    qs = (Review.objects.filter(product_id=product_id, status=ReviewStatus.VISIBLE)
          .select_related("author").prefetch_related(_images()))
    rating = domain.normalise_rating(rating)
    if rating:
        qs = qs.filter(rating=rating)
    if with_images:
        qs = qs.filter(image_count__gt=0)
    return qs.order_by(*domain.SORT_ORDERING[domain.normalise_sort(sort)])


def votes_of(user, review_ids) -> dict:
    """{review_id: True (helpful) | False} of the user's votes among these reviews (one query)."""
    if user is None or not user.is_authenticated or not review_ids:
        return {}
    return dict(ReviewVote.objects.filter(user=user, review_id__in=list(review_ids))
                .values_list("review_id", "helpful"))


def review_public(review_id) -> Review:
    review = (Review.objects.filter(pk=review_id, status=ReviewStatus.VISIBLE)
              .select_related("author").prefetch_related(_images()).first())
    if review is None:
        raise NotFound(_("Review not found."))
    return review


def review_for_author(user, review_id) -> Review:
    review = None
    if user.is_authenticated:
        review = (Review.objects.filter(pk=review_id, author=user).select_related("author", "product")
                  .prefetch_related(_images()).first())
    if review is None:
        raise NotFound(_("Review not found."))
    return review


def reviews_of_author(user) -> QuerySet:
    return (Review.objects.filter(author=user).select_related("author", "product", "shop")
            .prefetch_related(_images()).order_by("-created_at", "-id"))


SELLER_FILTERS = {
    "unreplied": {"replied_at__isnull": True},
    "replied": {"replied_at__isnull": False},
    "reported": {"is_reported": True},
    "pending": {"status": ReviewStatus.PENDING},
    "hidden": {"status": ReviewStatus.HIDDEN},
}


def reviews_for_shop(shop, *, rating=None, state: str | None = None) -> QuerySet:
    """All reviews of the shop's products (any status: the seller sees what is held or hidden too)."""
    qs = (Review.objects.filter(shop=shop).select_related("author", "product")
          .prefetch_related(_images()).order_by("-created_at", "-id"))
    rating = domain.normalise_rating(rating)
    if rating:
        qs = qs.filter(rating=rating)
    if state in SELLER_FILTERS:
        qs = qs.filter(**SELLER_FILTERS[state])
    return qs


def order_for_review(user, order_id) -> tuple[Order, list[tuple[OrderItem, Review | None]]]:
    """The buyer's order and each distinct product line with the buyer's review of it (None: not yet)."""
    order = None
    if user.is_authenticated:
        order = (Order.objects.filter(pk=order_id, buyer=user).select_related("shop")
                 .prefetch_related(Prefetch("items", queryset=OrderItem.objects.select_related("product")
                                            .order_by("created_at", "id"))).first())
    if order is None:
        raise NotFound(_("Order not found."))
    items, seen = [], set()
    for item in order.items.all():
        if item.product_id and item.product_id not in seen:
            seen.add(item.product_id)
            items.append(item)
    reviews = {r.product_id: r for r in Review.objects.filter(author=user, product_id__in=seen)}
    return order, [(item, reviews.get(item.product_id)) for item in items]


def reviews_by_product_for_order(order) -> dict:
    """{product_id: Review} of the order's buyer for the order's products; cached on the order object
    so a template asking once per line costs one query per order."""
    cached = getattr(order, "_reviews_by_product", None)
    if cached is None:
        product_ids = [item.product_id for item in order.items.all() if item.product_id]
        cached = {r.product_id: r for r in Review.objects.filter(author_id=order.buyer_id,
                                                                 product_id__in=product_ids)}
        order._reviews_by_product = cached
    return cached
