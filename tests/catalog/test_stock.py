import threading

import pytest
from django.db import connection, transaction

from apps.catalog.models import InventoryMovement, MovementReason, Variant
from apps.catalog.services import product_sold_count_add, stock_adjust, stock_release, stock_take
from apps.core.errors import OutOfStock
from tests.factories.catalog import ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def test_take_lowers_stock_and_logs_a_movement():
    v = VariantFactory(stock=5)
    stock_take(items=[(v.pk, 2), (str(v.pk), 1)], reason=MovementReason.ORDER, reference="CHO-1")
    v.refresh_from_db()
    assert v.stock == 2
    m = InventoryMovement.objects.get(variant=v)
    assert (m.delta, m.stock_after, m.reason, m.reference) == (-3, 2, "order", "CHO-1")


def test_take_is_all_or_nothing_and_reports_what_is_left():
    a, b = VariantFactory(stock=5), VariantFactory(stock=1)
    with pytest.raises(OutOfStock) as exc:
        stock_take(items=[(a.pk, 2), (b.pk, 2)], reason="order")
    assert exc.value.details == {"variant_id": str(b.pk), "available": 1}
    a.refresh_from_db()
    assert a.stock == 5
    assert not InventoryMovement.objects.exists()


def test_inactive_variant_has_no_stock_to_take():
    v = VariantFactory(stock=5, is_active=False)
    with pytest.raises(OutOfStock):
        stock_take(items=[(v.pk, 1)], reason="order")


def test_release_gives_stock_back_and_product_is_in_stock_again():
    v = VariantFactory(stock=1)
    stock_take(items=[(v.pk, 1)], reason="order")
    v.product.refresh_from_db()
    assert v.product.in_stock is False
    stock_release(items=[(v.pk, 1)], reason=MovementReason.CANCELLATION)
    v.refresh_from_db()
    v.product.refresh_from_db()
    assert v.stock == 1 and v.product.in_stock is True


def test_adjust_never_goes_negative():
    v = VariantFactory(stock=3)
    with pytest.raises(OutOfStock):
        stock_adjust(variant=v, delta=-4, reason="adjustment", by=None)
    stock_adjust(variant=v, delta=-3, reason="adjustment", by=None)
    v.refresh_from_db()
    assert v.stock == 0


def test_sold_count_add_by_variant():
    p = ProductFactory()
    product_sold_count_add(items=[(p.variants.get().pk, 3)])
    p.refresh_from_db()
    assert p.sold_count == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_buyers_never_oversell():
    v = VariantFactory(stock=3)
    results = []

    def buy():
        try:
            with transaction.atomic():
                stock_take(items=[(v.pk, 1)], reason="order")
            results.append("ok")
        except OutOfStock:
            results.append("out")
        finally:
            connection.close()

    threads = [threading.Thread(target=buy) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 3 and results.count("out") == 3
    assert Variant.objects.get(pk=v.pk).stock == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_stock_take_does_not_hold_up_rows_that_reference_the_variant():
    """The taker locks FOR NO KEY UPDATE; a row inserted meanwhile that points at the variant (its foreign key check
    takes FOR KEY SHARE) commits without waiting for the taker's transaction to end."""
    v = VariantFactory(stock=5)
    taken, inserted = threading.Event(), threading.Event()

    def take():
        try:
            with transaction.atomic():
                stock_take(items=[(v.pk, 1)], reason="order")
                taken.set()
                inserted.wait(timeout=30)
        finally:
            connection.close()

    taker = threading.Thread(target=take)
    taker.start()
    try:
        assert taken.wait(timeout=30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            InventoryMovement.objects.create(variant=v, delta=0, reason=MovementReason.ADJUSTMENT, stock_after=5)
    finally:
        inserted.set()
        taker.join(timeout=30)
    assert Variant.objects.get(pk=v.pk).stock == 4
