"""Adds racing on one cart (a double tap, two tabs) end up as one line with both quantities, never a 500, and never
above the stock; an add racing a merge (a device's offline cart, the guest cart at sign-in) too."""
import threading

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from apps.cart.models import Cart, CartItem
from apps.cart.services import cart as cart_services
from apps.cart.services import cart_add, cart_get_for_session, cart_get_for_user, cart_merge_at_login
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


def _add_during_merge(monkeypatch, merge, add) -> list:
    """Run `merge` in a thread held right after it has read the cart's lines (when it builds its PromotionSnapshot),
    run `add` (in another thread, committed) meanwhile, then let the merge go on: it finds the line it read as
    missing there. Returns the merge's error, if any."""
    read, added, errors = threading.Event(), threading.Event(), []
    real = cart_services.PromotionSnapshot

    def held(*args, **kwargs):
        if threading.current_thread() is merging and not read.is_set():
            read.set()
            added.wait(10)
        return real(*args, **kwargs)

    def run(action, after=None):
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - any error is the failure being tested
            errors.append(exc)
        finally:
            if after is not None:
                after.set()
            connection.close()

    monkeypatch.setattr(cart_services, "PromotionSnapshot", held)
    merging = threading.Thread(target=run, args=(merge,))
    merging.start()
    assert read.wait(10)
    adding = threading.Thread(target=run, args=(add, added))
    adding.start()
    adding.join()
    merging.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_add_racing_a_sync_makes_one_line(monkeypatch, make_user, client_for):
    user = make_user()
    variant = ProductFactory(default_variant__stock=50).variants.get()
    cart = cart_get_for_user(user)
    responses = []

    def sync():
        responses.append(client_for(user).post("/api/v1/cart/sync", {"items": [
            {"variant_id": str(variant.pk), "quantity": 2}]}, format="json"))

    errors = _add_during_merge(monkeypatch, sync, lambda: cart_add(cart=cart, variant_id=variant.pk, quantity=1))

    assert errors == []
    assert responses[0].status_code == 200, responses[0].content
    assert responses[0].json()["item_count"] == 2  # the larger of the two
    assert CartItem.objects.get(cart=cart, variant=variant).quantity == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_add_racing_the_merge_at_sign_in_makes_one_line(monkeypatch, make_user):
    user = make_user()
    variant = ProductFactory(default_variant__stock=4).variants.get()
    cart = cart_get_for_user(user)
    session = SessionStore()
    guest = cart_get_for_session(session, create=True)
    cart_add(cart=guest, variant_id=variant.pk, quantity=2)
    merged = []

    errors = _add_during_merge(monkeypatch, lambda: merged.append(cart_merge_at_login(session=session, user=user)),
                               lambda: cart_add(cart=cart, variant_id=variant.pk, quantity=3))

    assert errors == []
    line = CartItem.objects.get(cart=cart, variant=variant)
    assert line.quantity == 4  # 3 + 2, capped at the stock
    count, adjustments = merged[0]
    assert count == 1
    assert [(a.requested, a.quantity) for a in adjustments] == [(5, 4)]
    assert not Cart.objects.filter(pk=guest.pk).exists()
