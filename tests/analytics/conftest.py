"""A fixed dataset whose report figures are computed by hand in the tests, and staff clients per group."""
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from apps.orders.models import Order
from tests.factories.accounts import UserFactory
from tests.factories.catalog import CategoryFactory, ProductFactory, VariantFactory
from tests.factories.orders import OrderFactory
from tests.factories.shops import ShopFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(y, m, d, h=12, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=VN)


@pytest.fixture(autouse=True)
def _write_events_directly(settings):
    """Events go straight to the table unless a test turns the buffer on (the batching tests do)."""
    settings.ANALYTICS_BUFFER_EVENTS = False


@pytest.fixture
def staff_member(make_user):
    """staff_member("Finance") → a staff user in those groups (made by the migrations)."""

    def _make(*groups):
        user = make_user(is_staff=True, role="admin")
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return _make


@pytest.fixture
def staff_in(staff_member, client_for):
    """staff_in("Finance") → an API client for a staff member in that group."""
    return lambda *groups: client_for(staff_member(*groups))


@pytest.fixture
def staff_client(staff_user, client_for):
    return client_for(staff_user)


def order_at(when, *, status="pending", payment_status="unpaid", payment_method="cod", subtotal="100000",
             shipping_fee="30000", discount="0", tax="11818", total="130000", items=None, **kwargs):
    order = OrderFactory(status=status, payment_status=payment_status, payment_method=payment_method,
                         subtotal=Decimal(subtotal), shipping_fee=Decimal(shipping_fee), discount=Decimal(discount),
                         tax=Decimal(tax), total=Decimal(total), items=items, **kwargs)
    Order.objects.filter(pk=order.pk).update(created_at=when)
    order.refresh_from_db()
    return order


@pytest.fixture
def dataset(db):
    """January 2026 (the 5th is a Monday), local time:

    O1  Jan 5 10:00   delivered, COD unpaid  total 130 000 (100 000 + 30 000)   A ×1      revenue
    O2  Jan 5 23:30   pending, paid (card)   total 210 000 (200 000 + 30 000 − 20 000)  B ×2   revenue
    O3  Jan 6 00:30   pending, COD unpaid    total 130 000                        C ×1      not revenue
    O4  Jan 6 12:00   cancelled              total 130 000                        C ×1      not revenue
    O5  Jan 13 09:00  completed, paid        total 330 000 (300 000 + 30 000)     A ×3      revenue
    O6  Jan 14 09:00  shipping, part. refund total 130 000, 50 000 refunded       D ×1      revenue
    O7  Jan 15 09:00  delivered, refunded    total 130 000                        D ×1      not revenue
    O8  Feb 1 09:00   completed, paid        (outside January)
    O9  Dec 31 23:59  completed, paid        (outside January)
    """
    from apps.payments.models import Payment

    shop_a, shop_b = ShopFactory(name="Shop A"), ShopFactory(name="Shop B")
    category = CategoryFactory(name="Điện thoại")
    a = VariantFactory(product__shop=shop_a, product__title="Product A", product__category=category,
                       price=Decimal("100000"), stock=20)
    b = VariantFactory(product__shop=shop_b, product__title="Product B", product__category=category,
                       price=Decimal("100000"), stock=20)
    c = VariantFactory(product__shop=shop_a, product__title="Product C", price=Decimal("100000"), stock=20)
    d = VariantFactory(product__shop=shop_b, product__title="Product D", price=Decimal("100000"), stock=20)
    o = {}
    o[1] = order_at(local(2026, 1, 5, 10), shop=shop_a, status="delivered", items=[(a, 1)])
    o[2] = order_at(local(2026, 1, 5, 23, 30), shop=shop_b, payment_status="paid", payment_method="stripe",
                    subtotal="200000", discount="20000", tax="19091", total="210000", items=[(b, 2)])
    o[3] = order_at(local(2026, 1, 6, 0, 30), shop=shop_a, items=[(c, 1)])
    o[4] = order_at(local(2026, 1, 6, 12), shop=shop_a, status="cancelled", items=[(c, 1)])
    o[5] = order_at(local(2026, 1, 13, 9), shop=shop_a, status="completed", payment_status="paid",
                    payment_method="stripe", subtotal="300000", tax="30000", total="330000", items=[(a, 3)])
    o[6] = order_at(local(2026, 1, 14, 9), shop=shop_b, status="shipping", payment_status="partially_refunded",
                    payment_method="stripe", items=[(d, 1)])
    Payment.objects.create(order=o[6], provider="stripe", amount=Decimal("130000"), status="partially_refunded",
                           refunded_amount=Decimal("50000"))
    o[7] = order_at(local(2026, 1, 15, 9), shop=shop_b, status="delivered", payment_status="refunded",
                    payment_method="stripe", items=[(d, 1)])
    o[8] = order_at(local(2026, 2, 1, 9), shop=shop_a, status="completed", payment_status="paid", items=[(a, 1)])
    o[9] = order_at(local(2025, 12, 31, 23, 59), shop=shop_a, status="completed", payment_status="paid",
                    items=[(a, 1)])
    return {"orders": o, "shops": (shop_a, shop_b), "variants": {"a": a, "b": b, "c": c, "d": d}}


@pytest.fixture
def january():
    from apps.analytics.domain import ReportRange

    def _range(interval="day", start=(2026, 1, 1), end=(2026, 1, 31)):
        from datetime import date

        return ReportRange(date(*start), date(*end), interval)

    return _range


@pytest.fixture
def product_in(db):
    """product_in(category, **fields) → a public, in-stock product of that category."""

    def _make(category=None, **fields):
        return ProductFactory(category=category or CategoryFactory(), **fields)

    return _make


@pytest.fixture
def customer(db):
    return UserFactory()
