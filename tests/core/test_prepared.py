"""apps.core.prepared: a query compiled once answers what the ORM answers, for every call's own ids."""
import uuid
from datetime import datetime

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from apps.cart.models import Cart, CartItem
from apps.catalog.models import ProductImage, Variant
from apps.catalog.selectors import main_image_file
from apps.core.prepared import PreparedQuery
from tests.concurrency import run_in_threads
from tests.factories.cart import CartFactory, CartItemFactory
from tests.factories.catalog import ProductFactory, ProductImageFactory, VariantFactory

pytestmark = pytest.mark.django_db

FIELDS = ("id", "created_at", "cart_id", "variant_id", "quantity", "variant__id", "variant__product_id",
          "variant__sku", "variant__price", "variant__attributes", "variant__product__id",
          "variant__product__title", "variant__product__shop_id", "variant__product__shop__id",
          "variant__product__shop__name")


def _lines(cart_id):
    return (CartItem.objects.filter(cart_id=cart_id, saved_for_later=False)
            .select_related("variant__product__shop").only(*FIELDS)
            .annotate(image_name=main_image_file("variant__product")).order_by("created_at", "id"))


LINES = PreparedQuery(_lines)


def _seen(item):
    variant = item.variant
    return (item.pk, item.created_at, item.quantity, variant.pk, variant.sku, variant.price, variant.attributes,
            variant.product.title, variant.product.shop.name, item.image_name)


def _cart_with_lines(n):
    cart = CartFactory()
    for i in range(n):
        product = ProductFactory(title=f"Áo thun {i}")
        ProductImageFactory(product=product)
        CartItemFactory(cart=cart, variant=VariantFactory(product=product, attributes={"màu": "đỏ", "size": i}),
                        quantity=i + 1)
    return cart


def test_answers_what_the_orm_answers_with_related_objects_json_dates_and_annotations():
    cart = _cart_with_lines(3)
    CartItemFactory(cart=cart, saved_for_later=True)  # left out by the filter, as by the ORM

    prepared, orm = LINES(cart.pk), list(_lines(cart.pk))

    assert [_seen(i) for i in prepared] == [_seen(i) for i in orm]
    assert len(prepared) == 3 and prepared[0].variant.attributes == {"màu": "đỏ", "size": 0}
    assert isinstance(prepared[0].created_at, datetime) and prepared[0].created_at.tzinfo is not None
    assert prepared[0].image_name  # the annotation's subquery ran with its own constant values


def test_each_call_runs_one_query_with_its_own_ids():
    first, second, empty = _cart_with_lines(2), _cart_with_lines(1), CartFactory()
    LINES(first.pk)  # compiled by now

    with CaptureQueriesContext(connection) as queries:
        a, b, c = LINES(first.pk), LINES(str(second.pk)), LINES(empty.pk)

    assert len(queries) == 3
    assert {i.cart_id for i in a} == {first.pk} and len(a) == 2
    assert [i.cart_id for i in b] == [second.pk]
    assert c == []


def test_a_string_argument_is_a_value_of_its_own_never_sql():
    by_token = PreparedQuery(lambda token: Cart.objects.filter(session_key=token, user__isnull=True))
    guest = CartFactory(user=None, session_key="tok-guest")
    CartFactory(user=None, session_key="tok-other")

    assert [c.pk for c in by_token("tok-guest")] == [guest.pk]
    assert by_token("x' OR '1'='1") == []
    assert by_token("tok-") == []


def test_deferred_fields_stay_deferred_and_load_on_access():
    cart = _cart_with_lines(1)
    item = LINES(cart.pk)[0]

    assert "stock" in item.variant.get_deferred_fields()
    with CaptureQueriesContext(connection) as queries:
        assert item.variant.stock == Variant.objects.get(pk=item.variant_id).stock
    assert len(queries) == 2  # the deferred column, then the check's own query


def test_a_value_that_is_not_an_id_is_refused_before_any_query():
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValueError):
        LINES("not-an-id")
    assert len(queries) == 0


def test_shapes_it_cannot_serve_are_refused():
    unused = PreparedQuery(lambda cart_id: CartItem.objects.all())
    prefetching = PreparedQuery(lambda cart_id: CartItem.objects.filter(cart_id=cart_id).prefetch_related(
        Prefetch("variant__product__images", queryset=ProductImage.objects.all())))
    values = PreparedQuery(lambda cart_id: CartItem.objects.filter(cart_id=cart_id).values("id"))

    for query in (unused, prefetching, values):
        with pytest.raises(ValueError):
            query(uuid.uuid4())
    with pytest.raises(TypeError):
        LINES()


@pytest.mark.django_db(transaction=True)
def test_threads_compiling_and_running_at_once_each_get_their_own_cart():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database is not shared between threads")
    carts = [_cart_with_lines(1) for _ in range(6)]
    fresh = PreparedQuery(_lines)  # not compiled yet: the threads race to compile it

    answers, errors = run_in_threads(len(carts), lambda i: [item.cart_id for item in fresh(carts[i].pk)])

    assert errors == {}
    assert answers == {i: [c.pk] for i, c in enumerate(carts)}
