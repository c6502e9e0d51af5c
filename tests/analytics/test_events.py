"""Events: buffered in Redis and written in batches (Redis faked at its edge by fakeredis), or written directly
without Redis; product views, recently viewed, and the events other apps' actions cause."""
import pytest
from django.core.cache import cache

from apps.analytics import services
from apps.analytics.models import Event, EventKind
from apps.analytics.tasks import flush_events
from apps.catalog.models import Product
from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProductFactory


@pytest.fixture
def redis_buffer(db, settings):
    """The cache on (fake) Redis through django-redis, with event buffering on."""
    import fakeredis

    settings.CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://fake-analytics:6379/0",
        "KEY_PREFIX": "analytics-test",
        "OPTIONS": {"CONNECTION_POOL_KWARGS": {"connection_class": fakeredis.FakeRedisConnection}},
    }}
    settings.ANALYTICS_BUFFER_EVENTS = True
    cache.delete(services.events.BUFFER_KEY)
    from django_redis import get_redis_connection

    get_redis_connection("default").delete(services.events.buffer_key())
    yield
    get_redis_connection("default").delete(services.events.buffer_key())


def test_events_wait_in_the_buffer_and_are_written_in_batches(redis_buffer, django_assert_num_queries):
    products = [ProductFactory() for _ in range(3)]
    user = UserFactory()
    with django_assert_num_queries(0):  # recording costs the request no database work
        for p in products:
            services.event_record(kind=EventKind.PRODUCT_VIEW, user=user, product_id=p.pk)
        services.event_record(kind=EventKind.PRODUCT_VIEW, visitor="s:abc", product_id=products[0].pk)
        services.event_record(kind=EventKind.SEARCH, query="điện thoại")
    assert Event.objects.count() == 0
    assert services.events_buffered() == 5

    assert services.events_flush(batch_size=2) == 5
    assert services.events_buffered() == 0
    assert Event.objects.count() == 5
    assert Event.objects.filter(user=user, visitor=f"u:{user.pk}").count() == 3
    assert Event.objects.get(kind=EventKind.SEARCH).query == "điện thoại"
    assert Event.objects.filter(product=products[0]).first().shop_id == products[0].shop_id
    assert Product.objects.get(pk=products[0].pk).view_count == 2
    assert services.events_flush() == 0  # nothing twice


def test_a_batch_writes_in_a_fixed_number_of_queries(redis_buffer, django_assert_max_num_queries):
    products = [ProductFactory() for _ in range(20)]
    for p in products:
        for _ in range(2):
            services.event_record(kind=EventKind.PRODUCT_VIEW, product_id=p.pk, visitor="s:x")
    with django_assert_max_num_queries(6):  # products, insert, one view-count update per distinct count, tx
        assert flush_events() == 40


def test_events_of_deleted_products_keep_the_event_not_the_link(redis_buffer):
    product = ProductFactory()
    services.event_record(kind=EventKind.ADD_TO_CART, product_id=product.pk, visitor="s:x")
    Event.objects.all().delete()
    Product.objects.filter(pk=product.pk).delete()
    assert services.events_flush() == 1
    assert Event.objects.get().product_id is None


def test_without_redis_events_are_written_directly_after_commit(db, django_capture_on_commit_callbacks):
    product = ProductFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_record(kind=EventKind.PRODUCT_VIEW, product_id=product.pk, visitor="s:x")
    assert Event.objects.filter(product=product).count() == 1
    assert services.events_flush() == 0


def test_a_product_page_view_is_recorded_and_remembered_for_a_guest(db, client, django_capture_on_commit_callbacks):
    first, second = ProductFactory(), ProductFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/p/{first.slug}/")
        client.get(f"/p/{second.slug}/")
        client.get(f"/p/{first.slug}/")
    views = Event.objects.filter(kind=EventKind.PRODUCT_VIEW)
    assert views.count() == 3
    assert views.values("visitor").distinct().count() == 1 and views.first().visitor.startswith("s:")
    body = client.get("/api/v1/users/me/recently-viewed").json()
    assert [p["id"] for p in body] == [str(first.pk), str(second.pk)]


def test_recently_viewed_for_a_user_survives_sign_in_and_leaves_out_unavailable_products(client, auth_client):
    first, second, gone = ProductFactory(), ProductFactory(), ProductFactory()
    for p in (gone, second, first):
        client.get(f"/p/{p.slug}/")
    Product.objects.filter(pk=gone.pk).update(status="banned")
    client.force_login(auth_client.user)
    from django.contrib.auth.signals import user_logged_in
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    user_logged_in.send(sender=type(auth_client.user), request=request, user=auth_client.user)
    body = auth_client.get("/api/v1/users/me/recently-viewed").json()
    assert [p["id"] for p in body] == [str(first.pk), str(second.pk)]


def test_recently_viewed_is_rebuilt_from_events_when_the_cache_forgot(auth_client):
    from tests.factories.analytics import EventFactory

    older, newer = ProductFactory(), ProductFactory()
    EventFactory(product=older, user=auth_client.user)
    EventFactory(product=newer, user=auth_client.user)
    EventFactory(product=older, user=UserFactory())
    body = auth_client.get("/api/v1/users/me/recently-viewed").json()
    assert [p["id"] for p in body] == [str(newer.pk), str(older.pk)]


def test_add_to_cart_and_purchases_and_searches_become_events(db, django_capture_on_commit_callbacks):
    from apps.cart.models import Cart
    from apps.cart.services import cart_add
    from apps.orders.signals import orders_placed
    from apps.search.services import search_log_record
    from tests.factories.catalog import VariantFactory
    from tests.factories.orders import OrderFactory

    user = UserFactory()
    variant = VariantFactory(stock=5)
    with django_capture_on_commit_callbacks(execute=True):
        cart_add(cart=Cart.objects.create(user=user), variant_id=variant.pk, quantity=2)
        search_log_record(query="tai nghe", results_count=3, user=user)
        order = OrderFactory(buyer=user, shop=variant.product.shop, items=[(variant, 2)])
        orders_placed.send(sender=type(order), orders=[order], buyer=user)
    kinds = dict(Event.objects.values_list("kind", "quantity"))
    assert kinds == {"add_to_cart": 2, "search": 1, "purchase": 2}
    assert Event.objects.get(kind="purchase").shop_id == order.shop_id
    assert Event.objects.get(kind="search").query == "tai nghe"
