"""Reviews for tests.

delivered_order(buyer=..., product=...) → an order of that buyer, delivered (or status=...), holding the product;
ReviewFactory(product=..., author=..., rating=...) → a review written straight to the table (aggregates are NOT
recomputed: use apps.reviews.services.review_create for that).
"""
import factory
from django.utils import timezone

from apps.orders.domain import OrderStatus
from apps.reviews.domain import ReviewStatus
from apps.reviews.models import Review, ReviewImage, ReviewVote
from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.orders import OrderFactory


def delivered_order(*, buyer=None, product=None, status=OrderStatus.DELIVERED, delivered_at=None, products=None):
    """An order of `buyer` containing `product` (or `products`), in `status` (delivered by default)."""
    products = products or [product or ProductFactory()]
    buyer = buyer or UserFactory()
    lines = [(p.variants.order_by("position", "created_at").first(), 1) for p in products]
    delivered = status in (OrderStatus.DELIVERED, OrderStatus.COMPLETED)
    return OrderFactory(buyer=buyer, shop=products[0].shop, status=status, items=lines,
                        delivered_at=(delivered_at or timezone.now()) if delivered else None)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    product = factory.SubFactory(ProductFactory)
    shop = factory.LazyAttribute(lambda o: o.product.shop)
    author = factory.SubFactory(UserFactory)
    order = None
    rating = 5
    title = factory.Sequence(lambda n: f"Đánh giá {n}")
    content = "Sản phẩm tốt, giao hàng nhanh."
    status = ReviewStatus.VISIBLE
    is_verified_purchase = True


class ReviewImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewImage

    review = factory.SubFactory(ReviewFactory)
    image = factory.django.ImageField(width=20, height=20, color="blue", format="JPEG")
    position = factory.Sequence(lambda n: n)


class ReviewVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewVote

    review = factory.SubFactory(ReviewFactory)
    user = factory.SubFactory(UserFactory)
    helpful = True
