from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from apps.vouchers.domain import VoucherType
from apps.vouchers.models import CategoryDiscount, FlashSale, FlashSaleItem, Voucher


class VoucherFactory(factory.django.DjangoModelFactory):
    """A running platform voucher, 10% off, no minimum, 100 uses, 1 per user. VoucherFactory(shop=...) for a shop's."""

    class Meta:
        model = Voucher

    shop = None
    code = factory.Sequence(lambda n: f"GIAM{n:04d}")
    title = factory.Sequence(lambda n: f"Giảm giá {n}")
    type = VoucherType.PERCENTAGE
    value = Decimal("10")
    min_order_value = Decimal("0")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    usage_limit = 100
    per_user_limit = 1
    is_active = True


class FlashSaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FlashSale

    name = factory.Sequence(lambda n: f"Flash sale {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=2))


class FlashSaleItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FlashSaleItem

    flash_sale = factory.SubFactory(FlashSaleFactory)
    variant = factory.SubFactory("tests.factories.catalog.VariantFactory")
    sale_price = Decimal("80000")


class CategoryDiscountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryDiscount

    name = factory.Sequence(lambda n: f"Giảm danh mục {n}")
    category = factory.SubFactory("tests.factories.catalog.CategoryFactory")
    percent = Decimal("20")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
