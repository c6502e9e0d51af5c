"""The search API through DRF's client."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.search.models import SearchClick, SearchQueryLog
from apps.search.services import search_logs_flush
from tests.factories.search import SearchQueryLogFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(make_product):
    make_product("Điện thoại Samsung Galaxy A55", brand="Samsung", price=9_000_000, sold_count=300,
                 average_rating=Decimal("4.6"))
    make_product("Điện thoại Samsung Galaxy S24 Ultra", brand="Samsung", price=29_000_000, sold_count=120)
    make_product("Apple iPhone 15", brand="Apple", price=21_000_000, sold_count=500, condition="used")
    make_product("Tai nghe Sony WH-1000XM5", brand="Sony", category="Tai nghe", price=7_000_000)
    return make_product


def test_search_returns_products_facets_and_logs_the_search(api_client, catalogue):
    response = api_client.get("/api/v1/search", {"q": "dien thoai samsung"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {p["title"] for p in body["results"]} == {"Điện thoại Samsung Galaxy A55",
                                                      "Điện thoại Samsung Galaxy S24 Ultra"}
    assert set(body["results"][0]) >= {"id", "title", "slug", "price", "currency", "image", "shop", "in_stock"}
    assert [b["name"] for b in body["facets"]["brand"]] == ["Samsung"]
    assert body["facets"]["brand"][0]["count"] == 2
    search_logs_flush()  # with Redis a visitor's search waits in a buffer until the flush (test_log_buffer)
    log = SearchQueryLog.objects.get()
    assert (log.normalized, log.results_count, str(log.pk)) == ("dien thoai samsung", 2, body["search_id"])


def test_or_within_a_facet_and_and_between_facets(api_client, catalogue):
    samsung = str(catalogue.brands["Samsung"].pk)
    apple = str(catalogue.brands["Apple"].pk)
    body = api_client.get("/api/v1/search", {"q": "samsung OR iphone", "brand": [samsung, apple]}).json()
    assert body["count"] == 3
    body = api_client.get("/api/v1/search", {"q": "samsung OR iphone", "brand": [samsung, apple],
                                             "condition": "used"}).json()
    assert [p["title"] for p in body["results"]] == ["Apple iPhone 15"]
    # The brand facet is counted without the brand filter but with the condition filter.
    assert {b["name"]: b["count"] for b in body["facets"]["brand"]} == {"Apple": 1}
    assert {c["value"]: c["count"] for c in body["facets"]["condition"]} == {"new": 2, "used": 1}


def test_price_filter_and_sort(api_client, catalogue):
    body = api_client.get("/api/v1/search", {"q": "samsung", "sort": "price_desc"}).json()
    assert [p["title"] for p in body["results"]] == ["Điện thoại Samsung Galaxy S24 Ultra",
                                                      "Điện thoại Samsung Galaxy A55"]
    body = api_client.get("/api/v1/search", {"q": "samsung", "price_max": "10000000"}).json()
    assert [p["title"] for p in body["results"]] == ["Điện thoại Samsung Galaxy A55"]


def test_pagination_links(api_client, catalogue):
    body = api_client.get("/api/v1/search", {"q": "samsung OR iphone OR sony", "page_size": 2}).json()
    assert body["count"] == 4
    assert len(body["results"]) == 2
    assert body["previous"] is None and "page=2" in body["next"]
    second = api_client.get(body["next"]).json()
    assert len(second["results"]) == 2 and second["next"] is None and second["search_id"] is None
    assert {p["id"] for p in body["results"]}.isdisjoint({p["id"] for p in second["results"]})


@pytest.mark.parametrize("params", [{"brand": "not-a-uuid"}, {"sort": "cheapest"}, {"page": "0"},
                                    {"rating": "9"}, {"price_min": "-5"}, {"condition": "broken"}])
def test_bad_parameters_are_400(api_client, catalogue, params):
    response = api_client.get("/api/v1/search", {"q": "samsung", **params})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("q", ["", "   ", "!!!", "x" * 1000, '"""', "-samsung"])
def test_empty_and_junk_queries_are_empty_results(api_client, catalogue, q):
    response = api_client.get("/api/v1/search", {"q": q})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_no_results_suggests_a_spelling(api_client, catalogue):
    body = api_client.get("/api/v1/search", {"q": "samsnug", "condition": "refurbished"}).json()
    assert body["count"] == 0
    assert body["did_you_mean"] == "samsung"


def test_typo_results_say_what_was_searched(api_client, catalogue):
    body = api_client.get("/api/v1/search", {"q": "iphnoe"}).json()
    assert [p["title"] for p in body["results"]] == ["Apple iPhone 15"]
    assert body["corrected"] == "iphone"


def test_results_are_cached_until_the_index_changes(api_client, catalogue, django_assert_max_num_queries):
    api_client.get("/api/v1/search", {"q": "samsung"})
    # No search query and no product card query (both cached); only the log's insert in a savepoint without Redis
    # (with SET LOCAL on PostgreSQL: 4 statements), nothing with Redis (the log waits in a buffer: test_log_buffer).
    with django_assert_max_num_queries(4):
        body = api_client.get("/api/v1/search", {"q": "samsung"}).json()
    assert body["count"] == 2
    catalogue("Samsung Galaxy Tab S9", brand="Samsung", category="Máy tính bảng")  # indexes: new version
    assert api_client.get("/api/v1/search", {"q": "samsung"}).json()["count"] == 3


def test_search_query_count_does_not_grow_with_results(api_client, make_product, django_assert_max_num_queries):
    for i in range(3):
        make_product(f"Bàn phím cơ {i}", brand=f"Hãng {i}")
    with django_assert_max_num_queries(16) as small:
        api_client.get("/api/v1/search", {"q": "ban phim"})
    for i in range(3, 15):
        make_product(f"Bàn phím cơ {i}", brand=f"Hãng {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        api_client.get("/api/v1/search", {"q": "ban phim", "page_size": 50})


def test_autocomplete_titles_categories_brands(api_client, catalogue):
    body = api_client.get("/api/v1/search/autocomplete", {"q": "dien th"}).json()
    assert body["products"][0]["title"] == "Điện thoại Samsung Galaxy A55"  # best seller first
    names = [c["name"] for c in body["categories"]]
    assert "Điện thoại" in names and "Tai nghe" not in names
    body = api_client.get("/api/v1/search/autocomplete", {"q": "sams"}).json()
    assert [b["name"] for b in body["brands"]] == ["Samsung"]
    assert len(body["products"]) == 2


def test_autocomplete_is_fuzzy_when_nothing_matches(api_client, catalogue):
    body = api_client.get("/api/v1/search/autocomplete", {"q": "iphnoe"}).json()
    assert [p["title"] for p in body["products"]] == ["Apple iPhone 15"]
    assert body["corrected"] == "iphone"


@pytest.mark.parametrize("q", ["", "a", "!!", "x" * 600])
def test_autocomplete_of_nothing_is_empty(api_client, catalogue, q):
    body = api_client.get("/api/v1/search/autocomplete", {"q": q}).json()
    assert body["products"] == [] and body["categories"] == [] and body["brands"] == []


def test_popular_searches_of_the_last_week_that_found_something(api_client, db):
    for _ in range(3):
        SearchQueryLogFactory(query="Điện thoại")
    SearchQueryLogFactory(query="laptop")
    SearchQueryLogFactory(query="xyzzy", results_count=0)
    old = SearchQueryLogFactory(query="máy ảnh")
    SearchQueryLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    body = api_client.get("/api/v1/search/popular").json()
    assert body["results"] == [{"query": "dien thoai", "count": 3}, {"query": "laptop", "count": 1}]


def test_history_is_personal_and_can_be_cleared(auth_client, api_client, make_user, catalogue):
    auth_client.get("/api/v1/search", {"q": "Samsung"})
    auth_client.get("/api/v1/search", {"q": "tai nghe"})
    auth_client.get("/api/v1/search", {"q": "samsung "})  # same search again: listed once, newest first
    other = make_user()
    SearchQueryLogFactory(query="bí mật", user=other)

    body = auth_client.get("/api/v1/search/history").json()
    assert [e["query"] for e in body["results"]] == ["samsung", "tai nghe"]

    assert auth_client.delete("/api/v1/search/history").status_code == 204
    assert auth_client.get("/api/v1/search/history").json()["results"] == []
    assert SearchQueryLog.objects.filter(user=other, in_history=True).count() == 1
    assert SearchQueryLog.objects.count() == 4  # analytics keep the searches


def test_history_needs_sign_in(api_client):
    assert api_client.get("/api/v1/search/history").status_code == 401
    assert api_client.delete("/api/v1/search/history").status_code == 401


def test_click_is_recorded(api_client, catalogue):
    body = api_client.get("/api/v1/search", {"q": "sony"}).json()
    product_id = body["results"][0]["id"]
    response = api_client.post("/api/v1/search/clicks", {"search_id": body["search_id"], "product_id": product_id,
                                                         "position": 1}, format="json")
    assert response.status_code == 204
    search_logs_flush()  # with Redis the visitor's search and its click wait in a buffer until the flush
    click = SearchClick.objects.get()
    assert (str(click.product_id), click.position, str(click.query_log_id)) == (product_id, 1, body["search_id"])


def test_click_on_unknown_search_or_product_is_404(api_client, catalogue):
    body = api_client.get("/api/v1/search", {"q": "sony"}).json()
    unknown = "00000000-0000-0000-0000-000000000000"
    assert api_client.post("/api/v1/search/clicks", {"search_id": unknown, "product_id": body["results"][0]["id"]},
                           format="json").status_code == 404
    assert api_client.post("/api/v1/search/clicks", {"search_id": body["search_id"], "product_id": unknown},
                           format="json").status_code == 404
    assert api_client.post("/api/v1/search/clicks", {"search_id": "x"}, format="json").status_code == 400
    assert not SearchClick.objects.exists()


def test_result_cards_follow_a_price_change(api_client, make_product, django_capture_on_commit_callbacks):
    from apps.catalog.services.products import product_update
    from apps.catalog.services.stock import stock_set

    phone = make_product("Điện thoại Xiaomi Redmi 13", price=3_990_000)
    card = api_client.get("/api/v1/search", {"q": "redmi"}).json()["results"][0]
    assert Decimal(card["price"]) == Decimal("3990000")
    assert api_client.get("/api/v1/search", {"q": "redmi"}).json()["results"][0] == card  # cached, the same

    variant = phone.variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=phone, by=phone.shop.owner, title="Điện thoại Xiaomi Redmi 13 NFC")
        stock_set(variant=variant, stock=0, reason="count", by=phone.shop.owner)
    card = api_client.get("/api/v1/search", {"q": "redmi"}).json()["results"][0]
    assert card["title"] == "Điện thoại Xiaomi Redmi 13 NFC"
    assert card["in_stock"] is False
