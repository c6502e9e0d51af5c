"""Adds racing on one cart (a double tap, two tabs) end up as one line with both quantities, never a 500, and never
above the stock."""
import threading

import pytest
from django.db import connection

from apps.cart.models import CartItem
from apps.cart.services import cart_add, cart_get_for_user
from apps.core.errors import OutOfStock
from tests.factories.catalog import ProductFactory


def _race(cart, variant, workers: int) -> list:
    errors, barrier = [], threading.Barrier(workers)

    def add():
        try:
            barrier.wait()
            cart_add(cart=cart, variant_id=variant.pk, quantity=1)
        except Exception as exc:  # noqa: BLE001 - any error is the failure being tested
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_of_one_variant_make_one_line(make_user):
    user = make_user()
    variant = ProductFactory(default_variant__stock=50).variants.get()
    cart = cart_get_for_user(user)

    assert _race(cart, variant, 6) == []
    line = CartItem.objects.get(cart=cart, variant=variant)
    assert line.quantity == 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_stop_at_the_stock(make_user):
    user = make_user()
    variant = ProductFactory(default_variant__stock=4).variants.get()
    cart = cart_get_for_user(user)
    cart_add(cart=cart, variant_id=variant.pk, quantity=1)

    errors = _race(cart, variant, 8)

    assert len(errors) == 5
    assert all(isinstance(e, OutOfStock) and e.details["available"] == 4 for e in errors)
    assert CartItem.objects.get(cart=cart, variant=variant).quantity == 4
