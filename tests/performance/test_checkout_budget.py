"""Query budget of POST /api/v1/orders: a fixed number of queries for one line from one shop and for three lines
from two shops (every product with a brand, a category and an image), the work after commit included: the Celery
task that follows a placement (sold counts, notifications, the orders_placed signal) is only queued, as in production
where a worker runs it."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.vouchers.selectors import PromotionSnapshot
from tests.factories.accounts import AddressFactory, UserFactory
from tests.factories.catalog import BrandFactory, ProductImageFactory, VariantFactory
from tests.factories.shops import ShopFactory

pytestmark = pytest.mark.django_db

# auth 1, address 1, Idempotency-Key 1, the cart and its lines with what the snapshots keep 2 (apps/cart; the
# running promotions come from the cache); in the transaction 11 (begin or savepoint, orders in a savepoint 3, lines, history, cart 2, stock 3, commit or release); the
# answer 0. No line here pays a flash-sale price, so no flash-sale cap is read or counted (a line that does adds a
# read of the running items and an UPDATE per item).
BUDGET = 17


def _variant(shop):
    variant = VariantFactory(product__shop=shop, product__brand=BrandFactory(), price=Decimal("100000"), stock=5)
    ProductImageFactory(product=variant.product)
    return variant


def _place(client_for, capture, monkeypatch, lines) -> int:
    """Queries of one POST /api/v1/orders by a new buyer with `lines` lines (the third from another shop)."""
    from apps.cart.models import Cart, CartItem
    from apps.orders import tasks

    buyer = UserFactory()
    address = AddressFactory(user=buyer, is_default=True)
    shop, other_shop = ShopFactory(), ShopFactory()
    variants = [_variant(shop)] if lines == 1 else [_variant(shop), _variant(shop), _variant(other_shop)]
    cart = Cart.objects.create(user=buyer)
    for v in variants:
        CartItem.objects.create(cart=cart, variant=v, quantity=1, unit_price_at_add=v.price)
    client = client_for(buyer)
    PromotionSnapshot()  # what any earlier request did: the running promotions are in the cache
    body = {"address_id": str(address.pk), "payment_method": "cod", "shipping_method": "standard"}
    queued = []
    monkeypatch.setattr(tasks.orders_placed_follow_up, "delay", lambda **kwargs: queued.append(kwargs))

    with CaptureQueriesContext(connection) as ctx, capture(execute=True):
        response = client.post(reverse("api:order-list"), body, format="json", HTTP_IDEMPOTENCY_KEY="budget")

    assert response.status_code == 201, response.json()
    orders = response.json()
    assert sum(len(o["items"]) for o in orders) == lines and len(orders) == (1 if lines == 1 else 2)
    assert queued == [{"order_ids": [o["id"] for o in orders]}]
    return len(ctx.captured_queries)


def test_placing_an_order_costs_the_same_queries_for_one_line_as_for_three_from_two_shops(
        client_for, django_capture_on_commit_callbacks, monkeypatch):
    one = _place(client_for, django_capture_on_commit_callbacks, monkeypatch, 1)
    three = _place(client_for, django_capture_on_commit_callbacks, monkeypatch, 3)
    assert one == three == BUDGET
