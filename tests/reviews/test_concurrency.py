"""Concurrent writers on PostgreSQL, in real threads through the services: the rating aggregates count every
committed review (none lost to a race), one review per product and buyer, one vote per user."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.catalog.models import Product
from apps.core.errors import Conflict
from apps.reviews import services
from apps.reviews.models import Review
from apps.shops.models import Shop
from tests.concurrency import run_in_threads
from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.reviews import ReviewFactory, delivered_order
from tests.factories.shops import ShopFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twelve_buyers_review_at_once_every_rating_counts():
    shop = ShopFactory()
    products = [ProductFactory(shop=shop), ProductFactory(shop=shop)]
    ratings = [5, 4, 3, 5, 1, 2, 5, 4, 4, 3, 5, 2]
    writers = []
    for i, rating in enumerate(ratings):
        buyer = UserFactory(email=f"reviewer{i}@example.com")
        product = products[i % 2]
        writers.append((buyer, product, delivered_order(buyer=buyer, product=product), rating))

    def review(i):
        buyer, product, order, rating = writers[i]
        return services.review_create(author=buyer, product_id=product.pk, order_id=order.pk, rating=rating)

    _, errors = run_in_threads(len(writers), review)
    assert not errors, {i: repr(e) for i, e in errors.items()}
    for index, product in enumerate(products):
        mine = ratings[index::2]
        p = Product.objects.get(pk=product.pk)
        assert p.review_count == len(mine)
        assert p.average_rating == (Decimal(sum(mine)) / len(mine)).quantize(Decimal("0.01"))
        assert p.rating_distribution == {str(r): mine.count(r) for r in range(1, 6)}
    s = Shop.objects.get(pk=shop.pk)
    assert s.rating_count == len(ratings)
    assert s.rating_distribution == {str(r): ratings.count(r) for r in range(1, 6)}


def test_the_same_buyer_racing_themselves_writes_one_review():
    buyer, product = UserFactory(), ProductFactory()
    orders = [delivered_order(buyer=buyer, product=product) for _ in range(5)]

    def review(i):
        return services.review_create(author=buyer, product_id=product.pk, order_id=orders[i].pk, rating=i + 1)

    results, errors = run_in_threads(5, review)
    assert len(results) == 1
    assert all(isinstance(e, Conflict) for e in errors.values()), {i: repr(e) for i, e in errors.items()}
    assert Review.objects.count() == 1
    assert Product.objects.get(pk=product.pk).review_count == 1


def test_ten_voters_at_once_every_vote_counts():
    review = ReviewFactory()
    voters = [UserFactory(email=f"voter{i}@example.com") for i in range(10)]

    def vote(i):
        return services.review_vote(review_id=review.pk, user=voters[i], helpful=i % 3 != 0)

    _, errors = run_in_threads(10, vote)
    assert not errors, {i: repr(e) for i, e in errors.items()}
    review.refresh_from_db()
    assert (review.helpful_count, review.not_helpful_count) == (6, 4)


def test_the_product_and_shop_rows_are_locked_before_they_are_counted():
    review = ReviewFactory()
    with CaptureQueriesContext(connection) as ctx:
        services.ratings_refresh(product_ids=[review.product_id], shop_ids=[review.shop_id])
    sql = [q["sql"] for q in ctx.captured_queries]
    lock_product = next(i for i, q in enumerate(sql) if 'FROM "catalog_product"' in q and "FOR UPDATE" in q)
    count_product = next(i for i, q in enumerate(sql) if 'FROM "reviews_review"' in q)
    update_product = next(i for i, q in enumerate(sql) if q.startswith('UPDATE "catalog_product"'))
    lock_shop = next(i for i, q in enumerate(sql) if 'FROM "shops_shop"' in q and "FOR UPDATE" in q)
    assert lock_product < count_product < update_product < lock_shop
