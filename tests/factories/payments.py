"""Payments and orders waiting for them.

online_order(method="stripe") → a pending order to be paid online whose stock was taken as a placement
takes it; PaymentFactory(order=..., provider=..., status=...) → a payment row as a provider left it.
"""
from decimal import Decimal

import factory

from apps.catalog.services import stock_take
from apps.payments.models import Payment, PaymentEvent, PaymentStatus, Refund, SavedPaymentMethod
from tests.factories.catalog import VariantFactory
from tests.factories.orders import OrderFactory
from tests.factories.shops import ShopFactory


def online_order(*, method: str = "stripe", buyer=None, total: Decimal = Decimal("259000"), quantity: int = 2,
                 stock: int = 10, **fields):
    """A pending order paid by `method`, with one line whose stock was taken (so expiry can give it back)."""
    shop = fields.pop("shop", None) or ShopFactory()
    variant = VariantFactory(product__shop=shop, price=total, stock=stock)
    kwargs = {"shop": shop, "payment_method": method, "subtotal": total, "shipping_fee": Decimal("0"),
              "tax": Decimal("0"), "total": total, "items": [(variant, quantity)], **fields}
    if buyer is not None:
        kwargs["buyer"] = buyer
    order = OrderFactory(**kwargs)
    stock_take(items=[(variant.pk, quantity)], reason="order", reference=order.order_number)
    order.variant = variant
    return order


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    order = factory.LazyFunction(online_order)
    provider = factory.LazyAttribute(lambda p: p.order.payment_method)
    amount = factory.LazyAttribute(lambda p: p.order.total)
    currency = factory.LazyAttribute(lambda p: p.order.currency)
    status = PaymentStatus.PENDING
    provider_reference = factory.Sequence(lambda n: f"pi_test_{n:08d}")


class PaymentEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentEvent

    payment = factory.SubFactory(PaymentFactory)
    provider = factory.LazyAttribute(lambda e: e.payment.provider)
    event_id = factory.Sequence(lambda n: f"evt_test_{n:08d}")
    kind = "payment.succeeded"
    direction = "in"
    payload = factory.LazyFunction(dict)


class RefundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Refund

    payment = factory.SubFactory(PaymentFactory, status=PaymentStatus.COMPLETED)
    amount = Decimal("1000")
    currency = "VND"
    status = "completed"


class SavedPaymentMethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedPaymentMethod

    provider = "stripe"
    customer_id = "cus_QfTest123"
    payment_method_id = factory.Sequence(lambda n: f"pm_test_{n:08d}")
    brand = "visa"
    last4 = "4242"
    exp_month = 12
    exp_year = 2030
