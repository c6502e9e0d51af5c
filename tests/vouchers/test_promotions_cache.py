"""The running promotions are read from the cache (one read instead of two queries on every cart, checkout and
card), so every write that changes a price or the units left at it must reach the next reader."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.vouchers.selectors import PromotionSnapshot
from apps.vouchers.services import promotions_record_sales
from tests.factories.catalog import CategoryFactory, VariantFactory
from tests.factories.vouchers import CategoryDiscountFactory, FlashSaleItemFactory

pytestmark = pytest.mark.django_db


def _price(variant) -> Decimal:
    return PromotionSnapshot().for_variant(variant).price


def test_a_new_flash_sale_and_its_end_reach_the_next_reader(django_capture_on_commit_callbacks):
    variant = VariantFactory(price=Decimal("100000"))
    assert _price(variant) == Decimal("100000")  # cached: no promotion
    with django_capture_on_commit_callbacks(execute=True):
        item = FlashSaleItemFactory(variant=variant, sale_price=Decimal("70000"))
    assert _price(variant) == Decimal("70000")
    with django_capture_on_commit_callbacks(execute=True):
        item.flash_sale.is_active = False
        item.flash_sale.save()
    assert _price(variant) == Decimal("100000")


def test_the_last_units_at_the_sale_price_end_it_for_the_next_buyer(django_capture_on_commit_callbacks):
    variant = VariantFactory(price=Decimal("100000"))
    with django_capture_on_commit_callbacks(execute=True):
        item = FlashSaleItemFactory(variant=variant, sale_price=Decimal("70000"), quantity_limit=2)
    assert _price(variant) == Decimal("70000")
    with django_capture_on_commit_callbacks(execute=True):
        promotions_record_sales(items=[(item.pk, 2)])  # an UPDATE: no signal, the service says so itself
    assert _price(variant) == Decimal("100000")


def test_a_deleted_category_discount_stops_applying(django_capture_on_commit_callbacks):
    category = CategoryFactory()
    variant = VariantFactory(price=Decimal("100000"), product__category=category)
    with django_capture_on_commit_callbacks(execute=True):
        discount = CategoryDiscountFactory(category=category, percent=Decimal("10"))
    assert _price(variant) == Decimal("90000")
    with django_capture_on_commit_callbacks(execute=True):
        discount.delete()
    assert _price(variant) == Decimal("100000")


def test_a_scheduled_sale_in_the_cache_applies_once_it_starts(django_capture_on_commit_callbacks, monkeypatch):
    from apps.vouchers import selectors

    variant = VariantFactory(price=Decimal("100000"))
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        FlashSaleItemFactory(variant=variant, sale_price=Decimal("70000"), flash_sale__starts_at=now + timedelta(hours=1),
                             flash_sale__ends_at=now + timedelta(hours=2))
    assert _price(variant) == Decimal("100000")  # cached while the sale has not started
    monkeypatch.setattr(selectors.timezone, "now", lambda: now + timedelta(minutes=90))
    assert _price(variant) == Decimal("70000")  # the same cached rows, read while it runs
    monkeypatch.setattr(selectors.timezone, "now", lambda: now + timedelta(hours=3))
    assert _price(variant) == Decimal("100000")
