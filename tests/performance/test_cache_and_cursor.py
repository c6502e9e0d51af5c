"""Cached catalogue reads stop being served the moment a write commits; cursor pages walk a list once, in
order, without gaps or repeats; the product API answers conditional requests."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.catalog import services
from tests.factories.catalog import ProductFactory

pytestmark = pytest.mark.django_db


def test_cursor_pages_cover_the_list_once_in_order(api_client):
    products = ProductFactory.create_batch(7)
    seen, url = [], "/api/v1/products?cursor=&page_size=3&sort=newest"
    while url:
        body = api_client.get(url).json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    expected = [str(p.pk) for p in sorted(products, key=lambda p: (p.created_at, p.pk), reverse=False)]
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen)) == 7
    paged = [r["id"] for r in api_client.get("/api/v1/products?page_size=100&sort=newest").json()["results"]]
    assert seen == paged  # the same order as page numbers


def test_a_bad_cursor_is_a_400(api_client):
    response = api_client.get("/api/v1/products?cursor=not-a-cursor")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_a_product_update_shows_at_once_in_list_and_detail(api_client, django_capture_on_commit_callbacks):
    product = ProductFactory(title="Old title")
    assert api_client.get("/api/v1/products").json()["results"][0]["title"] == "Old title"
    assert api_client.get(f"/api/v1/products/{product.pk}").json()["title"] == "Old title"
    with django_capture_on_commit_callbacks(execute=True):
        services.product_update(product=product, by=product.shop.owner, title="New title")
    assert api_client.get("/api/v1/products").json()["results"][0]["title"] == "New title"
    assert api_client.get(f"/api/v1/products/{product.pk}").json()["title"] == "New title"


def test_stock_taken_shows_in_the_product_api(api_client, django_capture_on_commit_callbacks):
    product = ProductFactory(default_variant__stock=5)
    variant = product.variants.get()
    assert api_client.get(f"/api/v1/products/{product.pk}").json()["variants"][0]["stock"] == 5
    with django_capture_on_commit_callbacks(execute=True):
        services.stock_take(items=[(variant.pk, 2)], reason="order", by=AnonymousUser())
    assert api_client.get(f"/api/v1/products/{product.pk}").json()["variants"][0]["stock"] == 3


def test_product_api_answers_if_none_match_with_304(api_client):
    product = ProductFactory()
    first = api_client.get(f"/api/v1/products/{product.pk}")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = api_client.get(f"/api/v1/products/{product.pk}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content


def test_a_sold_out_product_leaves_the_in_stock_list(api_client, django_capture_on_commit_callbacks):
    product = ProductFactory(default_variant__stock=1)
    assert api_client.get("/api/v1/products?in_stock=true").json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.stock_take(items=[(product.variants.get().pk, 1)], reason="order")
    assert api_client.get("/api/v1/products?in_stock=true").json()["count"] == 0


def test_one_count_serves_every_sort_and_stray_parameter_of_a_filter(api_client, django_assert_num_queries):
    for price in (100_000, 200_000, 300_000):
        ProductFactory(default_variant__price=price)
    assert api_client.get("/api/v1/products", {"max_price": "250000"}).json()["count"] == 2
    # Another order, a page size and a tracking parameter: the same products, so no COUNT again and the cards
    # come from the cache: only the page's ids are read.
    with django_assert_num_queries(1):
        body = api_client.get("/api/v1/products", {"max_price": "250000", "sort": "-price", "page_size": 1,
                                                   "utm_source": "zalo"}).json()
    assert body["count"] == 2 and Decimal(body["results"][0]["price"]) == Decimal("200000")
    # A different filter is a different count.
    assert api_client.get("/api/v1/products", {"max_price": "150000"}).json()["count"] == 1
