"""Concurrent buyers on PostgreSQL, in real threads through order_place: no oversell, no deadlock,
no unexpected error; a replayed Idempotency-Key racing itself creates one set of orders."""
from decimal import Decimal

import pytest

from apps.catalog.models import Variant
from apps.core.errors import OutOfStock
from apps.orders.models import Order, OrderItem
from tests.concurrency import run_in_threads
from tests.factories.accounts import AddressFactory, UserFactory
from tests.factories.catalog import VariantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_thirty_buyers_ten_in_stock_exactly_ten_sold():
    from apps.cart.models import Cart, CartItem
    from apps.orders.services import order_place

    variant = VariantFactory(price=Decimal("199000"), stock=10)
    buyers = []
    for i in range(30):
        buyer = UserFactory(email=f"race{i}@example.com")
        address = AddressFactory(user=buyer, is_default=True)
        cart = Cart.objects.create(user=buyer)
        CartItem.objects.create(cart=cart, variant=variant, quantity=1, unit_price_at_add=variant.price)
        buyers.append((buyer, address))

    def buy(i):
        buyer, address = buyers[i]
        return order_place(buyer=buyer, address=address, shipping_method="standard", payment_method="cod")

    results, errors = run_in_threads(30, buy)

    unexpected = {i: repr(e) for i, e in errors.items() if not isinstance(e, OutOfStock)}
    assert unexpected == {}
    assert len(results) == 10 and len(errors) == 20
    variant.refresh_from_db()
    assert variant.stock == 0
    assert Order.objects.count() == 10
    assert sum(OrderItem.objects.values_list("quantity", flat=True)) == 10
    assert Variant.objects.get(pk=variant.pk).stock == 0


def test_the_same_idempotency_key_racing_itself_makes_one_set_of_orders():
    from apps.cart.models import Cart, CartItem
    from apps.orders.services import order_place

    variant = VariantFactory(price=Decimal("50000"), stock=10)
    buyer = UserFactory()
    address = AddressFactory(user=buyer, is_default=True)
    cart = Cart.objects.create(user=buyer)
    CartItem.objects.create(cart=cart, variant=variant, quantity=2, unit_price_at_add=variant.price)

    def buy(_i):
        return order_place(buyer=buyer, address=address, shipping_method="standard", payment_method="cod",
                           idempotency_key="double-click")

    results, errors = run_in_threads(4, buy)

    assert errors == {}
    assert len({tuple(o.pk for o in orders) for orders in results.values()}) == 1
    assert Order.objects.count() == 1
    variant.refresh_from_db()
    assert variant.stock == 8


def test_buyers_of_overlapping_carts_from_two_shops_never_oversell_nor_deadlock():
    """Carts of two or three lines over three variants of two shops, added in different orders: every variant
    loses exactly what its order lines took, none goes below zero, and nobody fails but for stock."""
    from apps.cart.models import Cart, CartItem
    from apps.orders.services import order_place
    from tests.factories.shops import ShopFactory

    shop, other_shop = ShopFactory(), ShopFactory()
    a = VariantFactory(product__shop=shop, price=Decimal("100000"), stock=9)
    b = VariantFactory(product__shop=shop, price=Decimal("50000"), stock=14)
    c = VariantFactory(product__shop=other_shop, price=Decimal("70000"), stock=7)
    carts = [[a, b, c], [c, a], [b, c, a], [c, b], [a, b], [b, a, c]]
    before = {v.pk: v.stock for v in (a, b, c)}
    buyers = []
    for i in range(24):
        buyer = UserFactory(email=f"overlap{i}@example.com")
        address = AddressFactory(user=buyer, is_default=True)
        cart = Cart.objects.create(user=buyer)
        for variant in carts[i % len(carts)]:
            CartItem.objects.create(cart=cart, variant=variant, quantity=1, unit_price_at_add=variant.price)
        buyers.append((buyer, address))

    def buy(i):
        buyer, address = buyers[i]
        return order_place(buyer=buyer, address=address, shipping_method="standard", payment_method="cod")

    results, errors = run_in_threads(len(buyers), buy)

    assert {i: repr(e) for i, e in errors.items() if not isinstance(e, OutOfStock)} == {}
    assert results
    for variant_id, stock in before.items():
        after = Variant.objects.get(pk=variant_id).stock
        sold = sum(OrderItem.objects.filter(variant_id=variant_id).values_list("quantity", flat=True))
        assert after >= 0 and stock - after == sold
