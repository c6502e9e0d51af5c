"""Trending, bought together and personal recommendations: never an unavailable or already-bought product."""
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from apps.analytics import services
from apps.analytics.models import ProductAffinity
from apps.analytics.services.recommendations import PERSONAL_KEY
from apps.catalog.models import Product, Variant
from tests.factories.accounts import UserFactory
from tests.factories.analytics import EventFactory
from tests.factories.catalog import BrandFactory, CategoryFactory, ProductFactory
from tests.factories.orders import OrderFactory
from tests.factories.shops import ShopFactory


def views(product, n, *, ago=timedelta(0)):
    for i in range(n):
        EventFactory(product=product, visitor=f"s:{product.pk}-{i}", occurred_at=timezone.now() - ago)


def bought(user, *products, status="delivered"):
    for p in products:
        OrderFactory(buyer=user, shop=p.shop, status=status, items=[(p.variants.first(), 1)])


def sold_out(product):
    Variant.objects.filter(product=product).update(stock=0)
    Product.objects.filter(pk=product.pk).update(in_stock=False)


def test_trending_ranks_recent_activity_and_leaves_out_unavailable_products(db):
    hot, warm, old, banned, empty = (ProductFactory(title=t) for t in ("hot", "warm", "old", "banned", "empty"))
    views(hot, 5)
    views(warm, 3)
    views(old, 8, ago=timedelta(days=6))
    views(banned, 20)
    views(empty, 20)
    Product.objects.filter(pk=banned.pk).update(status="banned")
    sold_out(empty)
    services.trending_compute()
    titles = [p.title for p in services.trending_products(limit=3)]
    assert titles == ["hot", "warm", "old"]


def test_sales_count_for_trending(db):
    quiet, seller = ProductFactory(title="quiet"), ProductFactory(title="seller")
    views(quiet, 2)
    OrderFactory(shop=seller.shop, items=[(seller.variants.first(), 1)])
    services.trending_compute()
    assert [p.title for p in services.trending_products(limit=2)] == ["seller", "quiet"]


def test_trending_falls_back_to_best_sellers_without_activity(db):
    ProductFactory(title="a", sold_count=1)
    ProductFactory(title="b", sold_count=9)
    assert [p.title for p in services.trending_products(limit=2)] == ["b", "a"]


def test_also_bought_from_co_occurrence(db):
    a, b, c, d = (ProductFactory(title=t) for t in "abcd")
    u1, u2, u3 = UserFactory(), UserFactory(), UserFactory()
    bought(u1, a, b)
    bought(u2, a, b, c)
    bought(u3, a, d, status="cancelled")  # a cancelled order is no purchase
    assert services.also_bought_compute() == 6
    assert ProductAffinity.objects.get(product=a, related=b).score == 2
    assert [p.title for p in services.also_bought_products(product=a)] == ["b", "c"]

    sold_out(c)
    assert [p.title for p in services.also_bought_products(product=a)] == ["b"]
    viewer = UserFactory()
    bought(viewer, b)
    assert services.also_bought_products(product=a, user=viewer) == []


def test_personal_recommendations_leave_out_unavailable_and_already_bought_items(db):
    phones, books = CategoryFactory(name="phones"), CategoryFactory(name="books")
    brand = BrandFactory(name="Lumi")
    shop = ShopFactory()
    owned = ProductFactory(shop=shop, category=phones, title="owned")
    fresh = ProductFactory(shop=shop, category=phones, title="fresh", sold_count=5)
    branded = ProductFactory(shop=shop, category=books, brand=brand, title="branded")
    empty = ProductFactory(shop=shop, category=phones, title="empty", sold_count=50)
    hidden = ProductFactory(shop=shop, category=phones, title="hidden", sold_count=50)
    elsewhere = ProductFactory(shop=ShopFactory(status="suspended"), category=phones, title="suspended shop",
                               sold_count=50)
    ProductFactory(category=CategoryFactory(), title="unrelated", sold_count=1000)
    user = UserFactory()
    bought(user, owned)
    viewed = ProductFactory(shop=shop, category=books, brand=brand, title="viewed")
    EventFactory(product=viewed, user=user, visitor=f"u:{user.pk}")
    sold_out(empty)
    Product.objects.filter(pk=hidden.pk).update(status="hidden")

    ids = services.recommendations_compute_for(user)
    assert str(owned.pk) not in ids and str(elsewhere.pk) not in ids
    products, personal = services.recommended_products(user=user, limit=3)
    assert personal is True
    # phones (bought: weight 5) before books and the brand Lumi (viewed: 1 + 0.5)
    assert products[0].title == "fresh"
    assert {p.title for p in products[1:]} == {"branded", "viewed"}

    # Stale cached lists are re-checked when read: an item bought or sold out since is left out.
    bought(user, fresh)
    sold_out(branded)
    products, _personal = services.recommended_products(user=user, limit=5)
    titles = {p.title for p in products}
    assert not titles & {"owned", "fresh", "branded", "empty", "hidden", "suspended shop"}


def test_without_history_recommendations_are_trending_products(db):
    ProductFactory(title="popular", sold_count=3)
    user = UserFactory()
    products, personal = services.recommended_products(user=user, limit=3)
    assert personal is False and [p.title for p in products] == ["popular"]
    guest_products, guest_personal = services.recommended_products(user=None, limit=3)
    assert guest_personal is False and [p.title for p in guest_products] == ["popular"]


def test_batch_refresh_caches_lists_of_active_users(db):
    from django.core.cache import cache

    active, idle = UserFactory(), UserFactory()
    EventFactory(user=active, visitor=f"u:{active.pk}")
    assert services.recommendations_refresh() == 1
    assert cache.get(PERSONAL_KEY.format(user_id=active.pk)) is not None
    assert cache.get(PERSONAL_KEY.format(user_id=idle.pk)) is None


def test_api(api_client, auth_client):
    ProductFactory(title="popular", sold_count=3)
    assert api_client.get("/api/v1/recommendations").status_code == 401
    body = auth_client.get("/api/v1/recommendations").json()
    assert body["personal"] is False and [p["title"] for p in body["results"]] == ["popular"]
    trending = api_client.get("/api/v1/products/trending", {"limit": 5}).json()
    assert [p["title"] for p in trending] == ["popular"]
    assert set(trending[0]) >= {"id", "title", "price", "currency", "image", "shop", "in_stock"}
    assert api_client.get("/api/v1/products/trending", {"limit": "x"}).status_code == 400


@pytest.mark.parametrize("size", [2, 6])
def test_trending_api_query_count_is_fixed(db, size, api_client, django_assert_max_num_queries):
    for _ in range(size):
        views(ProductFactory(), 1)
    services.trending_compute()
    with django_assert_max_num_queries(3):  # products with shops, their images, best sellers to top up
        assert len(api_client.get("/api/v1/products/trending").json()) == size


def test_template_tags_render_product_strips(db):
    a, b = ProductFactory(title="Máy ảnh"), ProductFactory(title="Ống kính")
    buyer = UserFactory()
    bought(buyer, a, b)
    services.also_bought_compute()
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = Template("{% load recommendations %}{% also_bought product %}|{% trending_products %}|"
                    "{% recommended_for request fallback=False %}").render(
        Context({"product": a, "request": request}))
    also, trending, personal = html.split("|")
    assert "Ống kính" in also and "Máy ảnh" not in also
    assert "product-card" in trending
    assert personal.strip() == ""
