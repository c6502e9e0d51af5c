"""Storefront search pages through Django's client."""
from decimal import Decimal

import pytest
from django.test import Client

from apps.search.models import SearchQueryLog
from apps.search.services import search_logs_flush
from tests.factories.search import SearchQueryLogFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(make_product):
    make_product("Điện thoại Samsung Galaxy A55", brand="Samsung", price=9_000_000, sold_count=30,
                 average_rating=Decimal("4.5"))
    make_product("Điện thoại Xiaomi Redmi Note 13", brand="Xiaomi", price=5_000_000)
    make_product("Tai nghe Samsung Buds", brand="Samsung", category="Tai nghe", price=2_000_000)
    return make_product


def page_text(response) -> str:
    return response.content.decode()


def test_results_page_lists_matches_with_facet_counts(client, catalogue):
    response = client.get("/search/", {"q": "dien thoai"})
    assert response.status_code == 200
    html = page_text(response)
    assert "Điện thoại Samsung Galaxy A55" in html and "Điện thoại Xiaomi Redmi Note 13" in html
    assert "Tai nghe Samsung Buds" not in html
    assert 'class="facet-count">1<' in html  # one product per brand
    assert response.context["result"].total == 2
    search_logs_flush()  # with Redis a visitor's search waits in a buffer until the flush (test_log_buffer)
    assert SearchQueryLog.objects.get().results_count == 2


def test_facet_link_filters_and_keeps_other_brand_counts(client, catalogue):
    samsung = catalogue.brands["Samsung"]
    response = client.get("/search/", {"q": "dien thoai", "brand": str(samsung.pk)})
    assert [p.title for p in response.context["products"]] == ["Điện thoại Samsung Galaxy A55"]
    brand_group = next(g for g in response.context["facet_groups"] if g["key"] == "brand")
    assert {(o["label"], o["count"], o["selected"]) for o in brand_group["options"]} == {
        ("Samsung", 1, True), ("Xiaomi", 1, False)}
    # Clicking the selected brand again removes it.
    selected = next(o for o in brand_group["options"] if o["selected"])
    assert "brand=" not in selected["qs"] and "q=dien+thoai" in selected["qs"]


def test_did_you_mean_when_nothing_is_found(client, catalogue):
    SearchQueryLogFactory(query="tai nghe samsung")
    response = client.get("/search/", {"q": "tai nghe samsnug", "condition": "used"})
    html = page_text(response)
    assert response.context["result"].total == 0
    assert "tai nghe samsung" in response.context["result"].suggestion
    assert "?q=tai%20nghe%20samsung" in html


def test_empty_query_shows_the_search_form_and_popular_searches(client, catalogue):
    SearchQueryLogFactory(query="samsung")
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in page_text(response)
    assert ">samsung</a>" in page_text(response)
    assert not SearchQueryLog.objects.filter(query="").exists()


@pytest.mark.parametrize("params", [{"q": "x" * 3000}, {"q": "samsung", "page": "abc"}, {"q": "samsung", "page": "9999"},
                                    {"q": "samsung", "sort": "nope"}, {"q": "samsung", "brand": "zzz", "category": "x"},
                                    {"q": "samsung", "price_min": "NaN", "price_max": "-1"}, {"q": '"-OR'}])
def test_bad_parameters_never_fail(client, catalogue, params):
    assert client.get("/search/", params).status_code == 200


def test_pagination(client, make_product):
    for i in range(30):
        make_product(f"Cáp sạc USB-C {i}")
    first = client.get("/search/", {"q": "cap sac"})
    assert len(first.context["products"]) == 24 and 'rel="next"' in page_text(first)
    second = client.get("/search/", {"q": "cap sac", "page": 2})
    assert len(second.context["products"]) == 6 and 'rel="prev"' in page_text(second)
    search_logs_flush()
    assert SearchQueryLog.objects.count() == 1  # paging is not a new search


def test_suggest_partial_returns_links(client, catalogue):
    response = client.get("/search/suggest/", {"q": "samsu"}, HTTP_HX_REQUEST="true")
    html = page_text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert html.count("<a ") >= 3  # two products, the brand, "search for"
    assert "<mark>Samsung</mark>" in html
    assert client.get("/search/suggest/", {"q": ""}).content.strip() == b""


def test_suggest_escapes_what_was_typed(client, catalogue):
    html = page_text(client.get("/search/suggest/", {"q": "<script>alert(1)</script>"}))
    assert "<script>" not in html


def test_history_page_and_clear(client, make_user, password, catalogue):
    user = make_user()
    client.force_login(user)
    client.get("/search/", {"q": "Xiaomi Redmi"})
    html = page_text(client.get("/search/history/"))
    assert "Xiaomi Redmi" in html
    response = client.post("/search/history/clear/")
    assert response.status_code == 302
    assert "Xiaomi Redmi" not in page_text(client.get("/search/history/"))


def test_history_needs_sign_in(client):
    response = client.get("/search/history/")
    assert response.status_code == 302
    assert Client().post("/search/history/clear/").status_code == 302


def test_admin_analytics(client, staff_user, catalogue):
    client.get("/search/", {"q": "samsung"})
    client.get("/search/", {"q": "khong co gi"})
    search_logs_flush()  # the report counts a visitor's search once it is flushed (every 30 s with Redis)
    client.force_login(staff_user)
    response = client.get("/admin/search/searchquerylog/analytics/")
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats["searches"] == 2 and stats["zero_results"] == 1
    assert [r["normalized"] for r in stats["zero_result_queries"]] == ["khong co gi"]
    assert client.get("/admin/search/searchquerylog/").status_code == 200


def test_page_speaks_vietnamese_by_default(client, catalogue):
    html = page_text(client.get("/search/", {"q": "dien thoai"}))
    assert "2 kết quả cho “dien thoai”" in html
    assert "Thương hiệu" in html and "Sắp xếp theo" in html
