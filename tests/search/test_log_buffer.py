"""Visitors' searches and their clicks wait in a Redis buffer (one round trip, no database work in the request) and
are written by the flush (the beat task search.flush_logs); signed-in shoppers' searches are written at once.

Most of these need Redis as the cache (the PostgreSQL + Redis run); without it everything is written directly,
which the other search tests check."""
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from apps.analytics.models import Event, EventKind
from apps.search import services
from apps.search.models import SearchClick, SearchQueryLog
from apps.search.tasks import search_flush_logs_task

pytestmark = pytest.mark.django_db

needs_redis = pytest.mark.skipif("redis" not in django_settings.CACHES["default"]["BACKEND"].lower(),
                                 reason="needs Redis as the cache (django-redis): the REDIS_URL run")


@pytest.fixture
def catalogue(make_product):
    return [make_product("Điện thoại Samsung Galaxy A55", brand="Samsung", price=9_000_000),
            make_product("Tai nghe Sony WH-1000XM5", brand="Sony", category="Tai nghe", price=7_000_000)]


def click(api_client, search_id, product, position=1):
    return api_client.post("/api/v1/search/clicks", {"search_id": search_id, "product_id": str(product.pk),
                                                     "position": position}, format="json")


@needs_redis
def test_a_visitors_search_waits_in_the_buffer_and_one_flush_writes_it(api_client, catalogue,
                                                                         django_assert_num_queries):
    api_client.get("/api/v1/search", {"q": "samsung"})  # the results are cached now
    services.search_logs_flush()
    SearchQueryLog.objects.all().delete()
    before = timezone.now()
    with django_assert_num_queries(0):  # a cached visitor search: no database work at all
        body = api_client.get("/api/v1/search", {"q": "Samsung"}).json()
    assert body["count"] == 1 and body["search_id"]
    assert not SearchQueryLog.objects.exists()
    assert services.search_logs_buffered() == 1

    assert search_flush_logs_task() == 1
    log = SearchQueryLog.objects.get()
    assert (str(log.pk), log.query, log.normalized, log.results_count, log.user_id) == (
        body["search_id"], "Samsung", "samsung", 1, None)
    assert before <= log.created_at <= before + timedelta(seconds=5)  # when it was searched, not flushed
    assert services.search_logs_flush() == 0  # nothing twice
    assert SearchQueryLog.objects.count() == 1

    from apps.analytics.services import events_flush

    events_flush()  # the flushed search is an analytics event too (bulk writes send no post_save)
    assert Event.objects.filter(kind=EventKind.SEARCH, query="Samsung").count() == 1


@needs_redis
def test_popular_searches_count_a_visitors_search_after_the_flush(api_client, catalogue):
    api_client.get("/api/v1/search", {"q": "samsung"})
    services.search_logs_flush()
    assert api_client.get("/api/v1/search/popular").json()["results"] == [{"query": "samsung", "count": 1}]


@needs_redis
def test_a_click_on_a_pending_search_is_accepted_and_written_after_its_search(api_client, catalogue):
    phone, headphones = catalogue
    search_id = api_client.get("/api/v1/search", {"q": "sony"}).json()["search_id"]
    assert click(api_client, search_id, headphones, position=1).status_code == 204
    assert not SearchClick.objects.exists()
    assert services.search_logs_buffered() == 2

    assert services.search_logs_flush(batch_size=1) == 2  # the search in one batch, its click in the next
    written = SearchClick.objects.get()
    assert (str(written.query_log_id), written.product_id, written.position) == (search_id, headphones.pk, 1)

    assert click(api_client, search_id, phone, position=2).status_code == 204  # written now: directly
    assert services.search_logs_buffered() == 0
    assert SearchClick.objects.filter(query_log_id=search_id).count() == 2


@needs_redis
def test_a_click_on_an_unknown_search_is_404_and_buffers_nothing(api_client, catalogue):
    assert click(api_client, "00000000-0000-0000-0000-000000000000", catalogue[0]).status_code == 404
    assert services.search_logs_buffered() == 0


@needs_redis
def test_a_signed_in_shoppers_search_is_in_their_history_at_once(auth_client, catalogue):
    search_id = auth_client.get("/api/v1/search", {"q": "Tai nghe"}).json()["search_id"]
    assert [e["query"] for e in auth_client.get("/api/v1/search/history").json()["results"]] == ["Tai nghe"]
    assert SearchQueryLog.objects.get(pk=search_id).user_id == auth_client.user.pk
    assert services.search_logs_buffered() == 0


@needs_redis
def test_the_flush_drops_clicks_on_gone_products_and_unlinks_gone_users(catalogue, make_user):
    from apps.catalog.models import Product
    from tests.factories.catalog import ProductFactory

    phone, _ = catalogue
    gone_product, gone_user = ProductFactory(), make_user()
    search_id = services.search_log_record(query="samsung", results_count=1)
    assert services.search_click_record(query_log_id=search_id, product=gone_product, position=0)
    assert services.search_click_record(query_log_id=search_id, product=phone, position=3, user=gone_user)
    Product.objects.filter(pk=gone_product.pk).delete()
    gone_user.delete()

    assert services.search_logs_flush() == 2
    kept = SearchClick.objects.get()
    assert (kept.query_log_id, kept.product_id, kept.position, kept.user_id) == (search_id, phone.pk, 3, None)


@needs_redis
def test_a_batch_that_fails_goes_back_in_order(catalogue, monkeypatch):
    phone, _ = catalogue
    search_id = services.search_log_record(query="samsung", results_count=1)
    services.search_click_record(query_log_id=search_id, product=phone)

    def broken(payloads):
        raise RuntimeError("database down")

    monkeypatch.setattr(services, "_logs_write", broken)
    with pytest.raises(RuntimeError):
        services.search_logs_flush(batch_size=1)
    monkeypatch.undo()
    assert services.search_logs_buffered() == 2
    assert services.search_logs_flush(batch_size=1) == 2  # the search first, then its click
    assert SearchClick.objects.get().query_log_id == search_id


@needs_redis
def test_unreadable_payloads_are_dropped_not_retried(catalogue):
    from apps.core.buffers import buffer_key, redis_connection

    redis_connection().rpush(buffer_key(services.LOG_BUFFER), "not json", '{"kind": "log", "id": "x"}',
                             '{"kind": "click"}')
    search_id = services.search_log_record(query="samsung", results_count=1)
    assert services.search_logs_flush() == 1
    assert services.search_logs_buffered() == 0
    assert SearchQueryLog.objects.get().pk == search_id


def test_with_redis_failing_a_visitors_search_is_written_directly(settings, catalogue, caplog):
    """Redis unreachable (a closed port, through django-redis; no Redis server needed)."""
    settings.CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
    }}
    search_id = services.search_log_record(query="samsung", results_count=1)
    assert SearchQueryLog.objects.get(pk=search_id).normalized == "samsung"
    assert "search log buffer unavailable" in caplog.text
    assert services.search_click_record(query_log_id=search_id, product=catalogue[0])
    assert SearchClick.objects.filter(query_log_id=search_id).exists()


def test_the_flush_is_on_the_beat_schedule_and_does_nothing_without_a_buffer(db):
    from config.celery_app import collect_beat_schedule

    assert collect_beat_schedule()["search-flush-logs"] == {"task": "search.flush_logs", "schedule": 30.0}
    if "redis" not in django_settings.CACHES["default"]["BACKEND"].lower():
        assert search_flush_logs_task() == 0 and services.search_logs_buffered() == 0
