from decimal import Decimal

import pytest
from django.urls import reverse

from apps.catalog.models import ProductStatus
from apps.shops.models import ShopStatus
from tests.factories.catalog import BrandFactory, CategoryFactory, ProductFactory, ProductImageFactory, VariantFactory
from tests.factories.shops import ShopFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products"


def ids(response):
    return [r["id"] for r in response.json()["results"]]


def test_list_item_shape(api_client):
    p = ProductFactory(default_variant__price=Decimal("259000"), default_variant__compare_at_price=Decimal("300000"))
    ProductImageFactory(product=p)
    body = api_client.get(LIST).json()
    item = body["results"][0]
    assert set(item) == {"id", "title", "slug", "price", "currency", "compare_at_price", "image", "shop",
                         "average_rating", "review_count", "sold_count", "in_stock"}
    assert item["price"] == "259000.00" and item["currency"] == "VND" and item["compare_at_price"] == "300000.00"
    assert item["shop"] == {"id": str(p.shop_id), "name": p.shop.name}
    assert item["image"].startswith("http://testserver/media/")


def test_hidden_products_and_shops_are_not_listed(api_client):
    visible = ProductFactory()
    ProductFactory(status=ProductStatus.DRAFT)
    ProductFactory(status=ProductStatus.BANNED)
    ProductFactory(is_deleted=True)
    ProductFactory(shop=ShopFactory(status=ShopStatus.PENDING))
    ProductFactory(shop=ShopFactory(status=ShopStatus.SUSPENDED))
    assert ids(api_client.get(LIST)) == [str(visible.pk)]


def test_products_of_pending_or_suspended_shops_have_no_detail(api_client):
    pending = ProductFactory(shop=ShopFactory(status=ShopStatus.PENDING))
    suspended = ProductFactory(shop=ShopFactory(status=ShopStatus.SUSPENDED))
    for p in (pending, suspended):
        r = api_client.get(f"{LIST}/{p.pk}")
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_category_filter_includes_descendants(api_client):
    root = CategoryFactory()
    child = CategoryFactory(parent=root)
    grandchild = CategoryFactory(parent=child)
    other = CategoryFactory()
    a, b, c = ProductFactory(category=root), ProductFactory(category=child), ProductFactory(category=grandchild)
    ProductFactory(category=other)
    assert set(ids(api_client.get(LIST, {"category": root.pk}))) == {str(a.pk), str(b.pk), str(c.pk)}
    assert set(ids(api_client.get(LIST, {"category": child.slug}))) == {str(b.pk), str(c.pk)}
    assert ids(api_client.get(LIST, {"category": "no-such"})) == []


def test_shop_brand_condition_rating_stock_filters(api_client):
    brand = BrandFactory()
    shop = ShopFactory()
    p1 = ProductFactory(shop=shop, brand=brand, condition="used", average_rating=Decimal("4.5"))
    p2 = ProductFactory(condition="refurbished", average_rating=Decimal("3.0"), default_variant__stock=0)
    p3 = ProductFactory(average_rating=Decimal("4.9"))
    assert ids(api_client.get(LIST, {"shop": shop.pk})) == [str(p1.pk)]
    assert ids(api_client.get(LIST, {"shop": shop.slug})) == [str(p1.pk)]
    assert ids(api_client.get(LIST, {"brand": brand.slug})) == [str(p1.pk)]
    assert ids(api_client.get(LIST, {"brand": str(brand.pk)})) == [str(p1.pk)]
    assert set(ids(api_client.get(LIST, {"condition": "used,refurbished"}))) == {str(p1.pk), str(p2.pk)}
    assert set(ids(api_client.get(LIST, {"min_rating": "4"}))) == {str(p1.pk), str(p3.pk)}
    assert ids(api_client.get(LIST, {"in_stock": "false"})) == [str(p2.pk)]
    assert str(p2.pk) not in ids(api_client.get(LIST, {"in_stock": "true"}))


def test_price_filters_and_sorts(api_client):
    cheap = ProductFactory(default_variant__price=Decimal("100000"), sold_count=5, average_rating=Decimal("3"))
    mid = ProductFactory(default_variant__price=Decimal("200000"), sold_count=50, average_rating=Decimal("5"))
    dear = ProductFactory(default_variant__price=Decimal("300000"), sold_count=1, average_rating=Decimal("4"))
    assert set(ids(api_client.get(LIST, {"min_price": "150000", "max_price": "300000"}))) == {str(mid.pk), str(dear.pk)}
    assert ids(api_client.get(LIST, {"sort": "price"})) == [str(cheap.pk), str(mid.pk), str(dear.pk)]
    assert ids(api_client.get(LIST, {"sort": "-price"})) == [str(dear.pk), str(mid.pk), str(cheap.pk)]
    assert ids(api_client.get(LIST, {"sort": "newest"})) == [str(dear.pk), str(mid.pk), str(cheap.pk)]
    assert ids(api_client.get(LIST, {"sort": "popular"})) == [str(mid.pk), str(cheap.pk), str(dear.pk)]
    assert ids(api_client.get(LIST, {"sort": "rating"})) == [str(mid.pk), str(dear.pk), str(cheap.pk)]


def test_price_of_a_product_is_its_cheapest_active_variant(api_client):
    p = ProductFactory(default_variant__price=Decimal("500000"))
    VariantFactory(product=p, price=Decimal("450000"))
    VariantFactory(product=p, price=Decimal("100000"), is_active=False)
    assert api_client.get(LIST).json()["results"][0]["price"] == "450000.00"


@pytest.mark.parametrize("params", [{"min_price": "abc"}, {"sort": "cheapest"}, {"min_rating": "7"},
                                    {"condition": "broken"}, {"in_stock": "maybe"}])
def test_bad_filters_are_a_400_naming_the_parameter(api_client, params):
    r = api_client.get(LIST, params)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "validation_error"
    assert set(r.json()["error"]["details"]) == set(params)


def test_query_and_relevance(api_client):
    phone = ProductFactory(title="Điện thoại Samsung Galaxy")
    book = ProductFactory(title="Sách lập trình Python")
    from apps.search.services import index_products

    index_products(product_ids=[phone.pk, book.pk])
    r = api_client.get(LIST, {"q": "samsung"})
    assert r.status_code == 200
    assert ids(r) == [str(phone.pk)]
    assert ids(api_client.get(LIST, {"q": "samsung", "sort": "relevance"})) == [str(phone.pk)]


def test_facets(api_client):
    brand = BrandFactory()
    ProductFactory(brand=brand)
    ProductFactory()
    body = api_client.get(LIST, {"facets": "true"}).json()
    assert {"category", "brand", "price", "rating"} <= set(body["facets"])
    assert body["facets"]["brand"][0]["count"] == 1


@pytest.mark.parametrize("size", [2, 7])
def test_list_query_count_is_fixed(api_client, django_assert_num_queries, size):
    for _ in range(size):
        ProductImageFactory(product=ProductFactory())
    with django_assert_num_queries(4):  # count, the page's ids, then its cards: products with shops, images
        r = api_client.get(LIST, {"sort": "price", "in_stock": "true"})
    assert len(r.json()["results"]) == size


def test_detail_shape(api_client):
    brand = BrandFactory()
    p = ProductFactory(brand=brand, rating_distribution={"5": 2, "4": 1}, review_count=3,
                       average_rating=Decimal("4.67"))
    VariantFactory(product=p, name="Đỏ", attributes={"colour": "red"})
    ProductImageFactory(product=p, alt="Mặt trước")
    body = api_client.get(f"{LIST}/{p.pk}").json()
    assert body["category"] == {"id": p.category_id, "name": p.category.name, "slug": p.category.slug}
    assert body["brand"]["slug"] == brand.slug
    assert body["specifications"] == [{"name": "Xuất xứ", "value": "Việt Nam"}]
    assert len(body["variants"]) == 2 and body["variants"][1]["attributes"] == {"colour": "red"}
    assert set(body["variants"][0]) >= {"id", "sku", "name", "attributes", "price", "compare_at_price", "stock",
                                        "is_active"}
    assert body["images"][0]["alt"] == "Mặt trước" and body["images"][0]["thumbnail_url"]
    assert body["rating"] == {"average": "4.67", "count": 3,
                              "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 2}}
    assert body["shop"]["id"] == str(p.shop_id)


@pytest.mark.parametrize("extra", [0, 4])
def test_detail_query_count_is_fixed(api_client, django_assert_num_queries, extra):
    p = ProductFactory()
    for _ in range(extra):
        VariantFactory(product=p)
        ProductImageFactory(product=p)
    with django_assert_num_queries(3):  # product+shop+category+brand, variants, images
        api_client.get(f"{LIST}/{p.pk}")


def test_inactive_variants_are_not_offered(api_client):
    p = ProductFactory()
    VariantFactory(product=p, is_active=False)
    body = api_client.get(f"{LIST}/{p.pk}/variants").json()
    assert len(body) == 1


def test_related_products_share_the_category(api_client):
    p = ProductFactory()
    same = ProductFactory(category=p.category, sold_count=3)
    ProductFactory()
    ProductFactory(category=p.category, status=ProductStatus.HIDDEN)
    body = api_client.get(f"{LIST}/{p.pk}/related").json()
    assert [r["id"] for r in body] == [str(same.pk)]


def test_variant_availability(api_client):
    v = VariantFactory(stock=4)
    body = api_client.get(f"/api/v1/variants/{v.pk}/availability").json()
    assert body["available"] is True and body["stock"] == 4
    v.product.status = ProductStatus.HIDDEN
    v.product.save()
    assert api_client.get(f"/api/v1/variants/{v.pk}/availability").status_code == 404


def test_category_tree_and_detail(api_client):
    root = CategoryFactory(name="Điện tử")
    child = CategoryFactory(parent=root, name="Điện thoại")
    CategoryFactory(parent=root, name="Ẩn", is_active=False)
    tree = api_client.get("/api/v1/categories/tree").json()
    node = next(n for n in tree if n["id"] == root.pk)
    assert [c["name"] for c in node["children"]] == ["Điện thoại"]
    detail = api_client.get(f"/api/v1/categories/{child.pk}").json()
    assert detail["ancestors"] == [{"id": root.pk, "name": "Điện tử", "slug": root.slug}]
    flat = api_client.get("/api/v1/categories", {"page_size": 100}).json()
    entry = next(c for c in flat["results"] if c["id"] == child.pk)
    assert entry["parent_id"] == root.pk
    assert api_client.get(reverse("api:brand-list")).status_code == 200
