"""The search document carries copies of the product columns search filters, sorts and counts by (PostgreSQL
reads them instead of joining the product); they must follow every change a shopper would notice."""
from decimal import Decimal

import pytest
from django.core.cache import cache

from apps.catalog.models import Product
from apps.search.filters import SearchFilters
from apps.search.models import ProductSearchDocument
from apps.search.selectors import search_results

pytestmark = pytest.mark.django_db


def _ids(query, **kwargs):
    cache.clear()  # the result cache would (rightly) hide changes made without reindexing
    return set(search_results(query=query, **kwargs).ids)


def test_indexing_copies_the_product_columns(make_product):
    phone = make_product("Điện thoại Oppo A18", brand="Oppo", price=3_290_000, average_rating=Decimal("4.2"),
                         condition="used")
    doc = ProductSearchDocument.objects.get(pk=phone.pk)
    assert doc.is_public and doc.in_stock
    assert (doc.price, doc.average_rating, doc.condition) == (Decimal("3290000"), Decimal("4.2"), "used")
    assert (doc.category_id, doc.brand_id, doc.created_at) == (phone.category_id, phone.brand_id, phone.created_at)


@pytest.mark.postgres
def test_product_changes_reach_search_without_reindexing(make_product):
    phone = make_product("Điện thoại Vivo Y17", price=2_000_000)
    assert _ids("vivo", filters=SearchFilters(price_max=Decimal("3000000"))) == {phone.pk}

    Product.objects.filter(pk=phone.pk).update(price=4_500_000, sold_count=12, in_stock=False)
    doc = ProductSearchDocument.objects.get(pk=phone.pk)
    assert (doc.price, doc.sold_count, doc.in_stock) == (Decimal("4500000"), 12, False)
    assert _ids("vivo", filters=SearchFilters(price_max=Decimal("3000000"))) == set()
    assert _ids("vivo", filters=SearchFilters(in_stock=True)) == set()

    Product.objects.filter(pk=phone.pk).update(status="hidden")
    assert _ids("vivo") == set()


@pytest.mark.postgres
def test_a_suspended_shop_hides_its_products_and_reactivation_brings_them_back(make_product):
    phone = make_product("Điện thoại Realme C55")
    shop = phone.shop
    shop.status = "suspended"
    shop.save(update_fields=["status"])
    assert _ids("realme") == set()
    shop.status = "active"
    shop.save(update_fields=["status"])
    assert _ids("realme") == {phone.pk}


def test_results_page_facets_equal_the_counts_of_the_filtered_lists(make_product):
    make_product("Điện thoại Samsung A15", brand="Samsung", price=4_000_000, average_rating=Decimal("4.5"))
    make_product("Điện thoại Samsung S24", brand="Samsung", price=22_000_000, average_rating=Decimal("3.2"))
    make_product("Điện thoại iPhone 13", brand="Apple", price=12_000_000, condition="used")
    make_product("Điện thoại Nokia 105", brand="Nokia", category="Điện thoại phổ thông", price=450_000)
    samsung = str(make_product.brands["Samsung"].pk)

    chosen = SearchFilters(brands=(samsung,))
    page = search_results(query="dien thoai", filters=chosen)
    assert page.total == 2
    for row in page.facets["brand"]:  # OR within the facet: each brand counts as if chosen alone
        assert row["count"] == search_results(query="dien thoai", filters=SearchFilters(brands=(row["id"],))).total
    for row in page.facets["price"]:  # AND between facets: narrowed by the chosen brand
        narrowed = SearchFilters(brands=(samsung,), price_min=row["min"], price_max=row["max"])
        assert row["count"] == search_results(query="dien thoai", filters=narrowed).total
    for row in page.facets["condition"]:
        narrowed = SearchFilters(brands=(samsung,), conditions=(row["value"],))
        assert row["count"] == search_results(query="dien thoai", filters=narrowed).total
    assert {r["name"]: r["count"] for r in page.facets["brand"]} == {"Samsung": 2, "Apple": 1, "Nokia": 1}
