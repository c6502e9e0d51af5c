"""product_search / product_facets / index_products on whichever database the run uses."""
from decimal import Decimal

import pytest
from django.db import connection

from apps.search.filters import SearchFilters
from apps.search.models import ProductSearchDocument
from apps.search.services import index_products, product_facets, product_search

pytestmark = pytest.mark.django_db


def titles(qs):
    return [p.title for p in qs]


def test_diacritics_are_optional(make_product, public_products):
    phone = make_product("Điện thoại Samsung Galaxy A55", brand="Samsung")
    make_product("Tai nghe Sony WH-1000XM5", brand="Sony", category="Tai nghe")

    for query in ("dien thoai samsung", "Điện thoại Samsung", "ĐIỆN THOẠI", "đien thoai", "galaxy"):
        assert titles(product_search(queryset=public_products(), query=query)) == [phone.title], query


def test_diacritics_in_the_query_match_plain_titles(make_product, public_products):
    plain = make_product("Dien thoai Nokia 105")
    assert titles(product_search(queryset=public_products(), query="điện thoại nokia")) == [plain.title]


def test_brand_category_specifications_and_sku_are_searchable(make_product, public_products):
    p = make_product("Galaxy A55", brand="Samsung", category="Điện thoại thông minh",
                     specifications=[{"name": "Màn hình", "value": "AMOLED 6.6 inch"}])
    make_product("Bàn phím cơ", category="Phụ kiện")
    sku = p.variants.get().sku
    for query in ("samsung", "thong minh", "amoled", sku):
        assert titles(product_search(queryset=public_products(), query=query)) == ["Galaxy A55"], query


def test_every_word_must_match(make_product, public_products):
    make_product("Ốp lưng iPhone 15", category="Phụ kiện")
    make_product("iPhone 15 Pro Max", brand="Apple")
    assert titles(product_search(queryset=public_products(), query="iphone op lung")) == ["Ốp lưng iPhone 15"]


def test_phrases_and_exclusion(make_product, public_products):
    make_product("Laptop gaming ASUS ROG", brand="ASUS", category="Laptop")
    make_product("Laptop văn phòng Dell", brand="Dell", category="Laptop")
    make_product("Túi đựng laptop chống sốc", category="Phụ kiện")

    assert set(titles(product_search(queryset=public_products(), query="laptop -gaming"))) == {
        "Laptop văn phòng Dell", "Túi đựng laptop chống sốc"}
    assert titles(product_search(queryset=public_products(), query='"van phong"')) == ["Laptop văn phòng Dell"]
    # A phrase needs its words adjacent and in order.
    assert titles(product_search(queryset=public_products(), query='"laptop dell"')) == []
    assert set(titles(product_search(queryset=public_products(), query='laptop -"chong soc"'))) == {
        "Laptop gaming ASUS ROG", "Laptop văn phòng Dell"}


def test_or_between_terms(make_product, public_products):
    make_product("Điện thoại Samsung", brand="Samsung")
    make_product("Điện thoại Xiaomi", brand="Xiaomi")
    make_product("Điện thoại Nokia", brand="Nokia")
    assert set(titles(product_search(queryset=public_products(), query="samsung OR xiaomi"))) == {
        "Điện thoại Samsung", "Điện thoại Xiaomi"}


@pytest.mark.parametrize("junk", ["", "   ", "!!!", '"', "-samsung", "OR", "a" * 5000, "\x00", "%_%", "' OR 1=1 --"])
def test_empty_or_junk_queries_do_not_fail(make_product, public_products, junk):
    make_product("Điện thoại Samsung", brand="Samsung")
    assert list(product_search(queryset=public_products(), query=junk)) == []


def test_exact_title_ranks_first(make_product, public_products):
    make_product("Ốp lưng cho iPhone 15", category="Phụ kiện", sold_count=900)
    make_product("iPhone 15 Pro Max 256GB", brand="Apple", sold_count=500)
    exact = make_product("iPhone 15", brand="Apple", sold_count=1)
    assert titles(product_search(queryset=public_products(), query="iphone 15"))[0] == exact.title


def test_popularity_breaks_ties(make_product, public_products):
    make_product("Sạc nhanh 20W", category="Phụ kiện", sold_count=0)
    popular = make_product("Sạc nhanh 25W", category="Phụ kiện", sold_count=5000, average_rating=Decimal("4.8"))
    assert titles(product_search(queryset=public_products(), query="sac nhanh"))[0] == popular.title


def test_only_the_given_queryset_is_searched(make_product, public_products):
    make_product("Điện thoại ẩn", status="hidden")
    shown = make_product("Điện thoại hiện")
    assert titles(product_search(queryset=public_products(), query="dien thoai")) == [shown.title]


def test_results_carry_a_rank(make_product, public_products):
    make_product("Loa Bluetooth JBL", brand="JBL", category="Loa")
    result = product_search(queryset=public_products(), query="loa")
    assert result[0].rank > 0


def test_reindex_reflects_changes_and_deleted_products_are_skipped(make_product, public_products):
    p = make_product("Máy ảnh Canon")
    p.title = "Máy ảnh Fujifilm"
    p.save()
    assert titles(product_search(queryset=public_products(), query="fujifilm")) == []  # not reindexed yet
    index_products(product_ids=[p.pk, "00000000-0000-0000-0000-000000000000"])
    assert titles(product_search(queryset=public_products(), query="fujifilm")) == ["Máy ảnh Fujifilm"]
    assert titles(product_search(queryset=public_products(), query="canon")) == []
    assert ProductSearchDocument.objects.count() == 1


def test_typo_is_forgiven_from_the_vocabulary(make_product, public_products):
    make_product("Apple iPhone 15 Pro", brand="Apple")
    make_product("Samsung Galaxy S24", brand="Samsung")
    assert titles(product_search(queryset=public_products(), query="iphnoe")) == ["Apple iPhone 15 Pro"]
    assert titles(product_search(queryset=public_products(), query="samsnug galaxy")) == ["Samsung Galaxy S24"]


def test_facet_counts_equal_the_filtered_lists(make_product, public_products):
    make_product("Điện thoại Samsung A15", brand="Samsung", price=4_000_000, average_rating=Decimal("4.5"))
    make_product("Điện thoại Samsung S24", brand="Samsung", price=22_000_000, average_rating=Decimal("3.2"))
    make_product("Điện thoại iPhone 13", brand="Apple", price=12_000_000, condition="used")
    make_product("Điện thoại Nokia 105", brand="Nokia", category="Điện thoại phổ thông", price=450_000)
    make_product("Tai nghe Samsung Buds", brand="Samsung", category="Tai nghe", price=2_000_000)

    base = product_search(queryset=public_products(), query="dien thoai")
    filters = SearchFilters(brands=(str(make_product.brands["Samsung"].pk),))
    result = product_facets(queryset=base, filters=filters)

    def count_with(f):
        return base.filter(f.q()).count()

    for row in result["brand"]:  # brand counts ignore the brand selection (OR within the facet)
        assert row["count"] == count_with(SearchFilters(brands=(row["id"],))), row
    assert {r["name"]: r["count"] for r in result["brand"]} == {"Samsung": 2, "Apple": 1, "Nokia": 1}
    for row in result["category"]:  # other facets are narrowed by the brand (AND between facets)
        assert row["count"] == count_with(SearchFilters(brands=filters.brands, categories=(row["id"],))), row
    assert sum(r["count"] for r in result["category"]) == 2
    for row in result["price"]:
        f = SearchFilters(brands=filters.brands, price_min=row["min"], price_max=row["max"])
        assert row["count"] == count_with(f), row
    for row in result["rating"]:
        assert row["count"] == count_with(SearchFilters(brands=filters.brands, rating_min=row["min"])), row
    assert {r["min"]: r["count"] for r in result["rating"]} == {4: 1, 3: 2, 2: 2, 1: 2}
    for row in result["condition"]:
        assert row["count"] == count_with(SearchFilters(brands=filters.brands, conditions=(row["value"],))), row


def test_facets_without_filters_count_the_queryset(make_product, public_products):
    make_product("Chuột Logitech", brand="Logitech", category="Chuột")
    make_product("Chuột Razer", brand="Razer", category="Chuột", condition="refurbished")
    result = product_facets(queryset=product_search(queryset=public_products(), query="chuot"))
    assert sorted((r["name"], r["count"]) for r in result["brand"]) == [("Logitech", 1), ("Razer", 1)]
    assert result["category"][0]["count"] == 2
    assert {r["value"]: r["count"] for r in result["condition"]} == {"new": 1, "refurbished": 1}


def test_facets_take_a_bounded_number_of_queries(make_product, public_products, django_assert_max_num_queries):
    for i in range(6):
        make_product(f"Bàn phím {i}", brand=f"Hãng {i}", category=f"Loại {i % 3}", price=100_000 * (i + 1))
    base = product_search(queryset=public_products(), query="ban phim")
    # No selection: one GROUPING SETS query on PostgreSQL (then the names of the categories and brands found),
    # one GROUP BY per facet on SQLite.
    with django_assert_max_num_queries(3 if connection.vendor == "postgresql" else 5):
        product_facets(queryset=base)
    # One more per facet with a selection on PostgreSQL; SQLite stays at one per facet.
    with django_assert_max_num_queries(5):
        product_facets(queryset=base, filters=SearchFilters(conditions=("new",), rating_min=1))
