"""Query budgets: a list costs the same number of queries with 2 rows as with 12 (no N+1), and a cached
read costs none."""
import pytest
from django.urls import reverse

from tests.factories.catalog import CategoryFactory, ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db

SIZES = [2, 12]


def _products(n, **kwargs):
    products = ProductFactory.create_batch(n, **kwargs)
    for p in products:
        ProductImageFactory(product=p)
    return products


@pytest.mark.parametrize("size", SIZES)
def test_product_list_api_pages(api_client, django_assert_num_queries, size):
    _products(size)
    with django_assert_num_queries(4):  # count, the page's ids, then its cards: products with shops, images
        body = api_client.get("/api/v1/products?page_size=50").json()
    assert body["count"] == size
    with django_assert_num_queries(0):  # the same page again: from the cache
        assert api_client.get("/api/v1/products?page_size=50").json() == body
    with django_assert_num_queries(1):  # another order: only its ids (count and cards from the cache)
        cheapest_first = api_client.get("/api/v1/products?page_size=50&sort=price").json()
    assert sorted(cheapest_first["results"], key=lambda c: c["id"]) == sorted(body["results"], key=lambda c: c["id"])


@pytest.mark.parametrize("size", SIZES)
def test_product_list_api_cursor(api_client, django_assert_num_queries, size):
    _products(size)
    with django_assert_num_queries(3):  # the page's ids, its cards (products with shops, images); no COUNT
        body = api_client.get("/api/v1/products?cursor=&page_size=50").json()
    assert len(body["results"]) == size and "count" not in body


@pytest.mark.parametrize("size", SIZES)
def test_product_detail_api(api_client, django_assert_num_queries, size):
    product = ProductFactory()
    ProductImageFactory.create_batch(size, product=product)
    with django_assert_num_queries(3):  # product with shop/category/brand, variants, images
        assert api_client.get(f"/api/v1/products/{product.pk}").status_code == 200
    with django_assert_num_queries(0):
        assert api_client.get(f"/api/v1/products/{product.pk}").status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_category_tree(api_client, django_assert_num_queries, size):
    root = CategoryFactory()
    for _ in range(size):
        root.add_child(name="x", slug=f"x-{_}-{size}")
    with django_assert_num_queries(1):
        first = api_client.get("/api/v1/categories/tree").json()
    with django_assert_num_queries(0):
        assert api_client.get("/api/v1/categories/tree").json() == first


@pytest.mark.parametrize("size", SIZES)
def test_home_page(client, django_assert_max_num_queries, size):
    _products(size)
    with django_assert_max_num_queries(16):  # categories, three product rows (+ images), header, analytics
        assert client.get(reverse("catalog:home")).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_category_page(client, django_assert_max_num_queries, size):
    category = CategoryFactory()
    _products(size, category=category)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("catalog:category", kwargs={"slug": category.slug})).status_code == 200


def _count_queries(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # both sizes start cold: the comparison is about rows, not about what is cached
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_storefront_pages_do_not_grow_with_the_catalogue(client):
    category = CategoryFactory()
    _products(2, category=category)
    small = {u: _count_queries(client, u) for u in (reverse("catalog:home"),
                                                    reverse("catalog:category", kwargs={"slug": category.slug}))}
    _products(10, category=category)
    large = {u: _count_queries(client, u) for u in small}
    assert large == small
