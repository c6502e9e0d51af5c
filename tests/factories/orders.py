"""Orders made directly (without a cart), for tests of transitions, lists, pages and invoices.

OrderFactory(buyer=..., shop=..., status="delivered") → an order with one item of a fresh product of the
shop and a "pending" history entry; OrderFactory(items=[(variant, quantity), ...]) for chosen lines;
OrderFactory(items=False) for an order without items.
"""
import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from apps.orders.domain import Actor, OrderStatus, PaymentMethod, PaymentStatus, order_number_generate
from apps.orders.models import Order, OrderItem, OrderStatusHistory
from tests.factories.accounts import UserFactory
from tests.factories.catalog import VariantFactory
from tests.factories.shops import ShopFactory


def address_snapshot(**overrides) -> dict:
    return {"recipient_name": "Nguyễn Văn An", "phone_number": "+84912345678", "street_address": "12 Lê Lợi",
            "ward": "Phường Bến Nghé", "district": "Quận 1", "city": "Hồ Chí Minh", **overrides}


def item_for(order: Order, variant, quantity: int = 1) -> OrderItem:
    product = variant.product
    return OrderItem.objects.create(
        order=order, product=product, variant=variant, quantity=quantity, unit_price=variant.price,
        subtotal=variant.price * quantity,
        product_snapshot={"id": str(product.pk), "title": product.title, "slug": product.slug,
                          "shop_id": str(product.shop_id), "shop_name": product.shop.name, "image": ""},
        variant_snapshot={"id": str(variant.pk), "name": variant.name, "sku": variant.sku,
                          "attributes": variant.attributes, "price": str(variant.price)},
    )


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order
        skip_postgeneration_save = True

    order_number = factory.LazyFunction(lambda: order_number_generate(timezone.localdate()))
    checkout_id = factory.LazyFunction(uuid.uuid4)
    buyer = factory.SubFactory(UserFactory)
    shop = factory.SubFactory(ShopFactory)
    status = OrderStatus.PENDING
    payment_method = PaymentMethod.COD
    payment_status = PaymentStatus.UNPAID
    shipping_address = factory.LazyFunction(address_snapshot)
    shipping_method = "standard"
    subtotal = Decimal("100000")
    shipping_fee = Decimal("30000")
    discount = Decimal("0")
    tax = Decimal("11818")
    total = Decimal("130000")
    currency = "VND"

    @factory.post_generation
    def items(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        lines = extracted or [(VariantFactory(product__shop=obj.shop, price=obj.subtotal, stock=10), 1)]
        for variant, quantity in lines:
            item_for(obj, variant, quantity)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        OrderStatusHistory.objects.create(order=obj, status=OrderStatus.PENDING, by=obj.buyer, actor=Actor.BUYER,
                                          at=obj.created_at)
        if obj.status != OrderStatus.PENDING:
            OrderStatusHistory.objects.create(order=obj, status=obj.status, actor=Actor.STAFF)
