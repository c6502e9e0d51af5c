"""The kinds registry and its formatting: pure, no database."""
import pytest
from django.template.loader import get_template
from django.utils import translation

from apps.notifications.kinds import EMAIL_SUBJECTS, KINDS, display_context, format_text, get_kind
from apps.notifications.models import Category

from .samples import SAMPLE_CONTEXTS

CONTRACT_KINDS = {  # COMMON.md: the kinds every app may use, with their context keys
    "account.welcome": set(), "order.placed": {"order_number", "total", "currency"},
    "order.new_for_seller": {"order_number", "total", "currency"},
    "order.status_changed": {"order_number", "status", "status_label"},
    "order.shipped": {"order_number", "tracking_number", "carrier"}, "order.cancelled": {"order_number", "reason"},
    "payment.completed": {"order_number", "amount", "currency"}, "payment.failed": {"order_number", "amount", "currency"},
    "payment.refunded": {"order_number", "amount", "currency"}, "review.request": {"order_number", "products"},
    "wishlist.back_in_stock": {"product_title"},
    "wishlist.price_drop": {"product_title", "old_price", "new_price", "currency"},
    "stock.low": {"product_title", "sku", "stock"}, "shop.approved": {"shop_name"},
    "shop.suspended": {"shop_name", "reason"}, "cart.reminder": {"item_count"}, "promotion.newsletter": {"subject"},
    "system.message": {"title", "message"},
}


def test_registry_has_every_contract_kind_with_its_context_keys():
    for key, keys in CONTRACT_KINDS.items():
        assert set(get_kind(key).context_keys) == keys, key


@pytest.mark.parametrize("key", sorted(KINDS))
def test_every_kind_is_complete(key):
    kind = KINDS[key]
    assert kind.category in Category.values
    assert kind.transactional != kind.marketing
    assert str(kind.title) and key in SAMPLE_CONTEXTS
    get_template(f"notifications/email/{kind.template}.html")
    get_template(f"notifications/email/{kind.template}.txt")
    assert kind.template in EMAIL_SUBJECTS


def test_money_and_order_messages_are_transactional_and_wishlist_alerts_are_marketing():
    assert get_kind("order.placed").transactional and get_kind("payment.refunded").transactional
    assert get_kind("wishlist.price_drop").marketing and get_kind("cart.reminder").marketing
    assert get_kind("promotion.newsletter").category == Category.PROMOTION


def test_unknown_kind_is_a_value_error():
    with pytest.raises(ValueError, match="order.teleported"):
        get_kind("order.teleported")


def test_money_is_formatted_in_the_readers_language():
    context = {"total": "1250000", "currency": "VND"}
    assert display_context(context, "vi")["total"] == "1.250.000 ₫"
    assert display_context(context, "en")["total"] == "₫1,250,000"


def test_status_label_is_translated_from_the_status_and_products_are_listed():
    with translation.override("en"):
        shown = display_context({"status": "shipping", "status_label": "Đang giao", "products": ["A", "B"]}, "en")
    assert shown["status_label"] == "Shipping"
    assert shown["products"] == "A, B"


def test_a_missing_context_key_leaves_a_gap_instead_of_crashing():
    assert format_text("Order {order_number} placed", {}) == "Order  placed"


def test_braces_inside_values_are_not_interpreted():
    assert format_text("{product_title} is back", {"product_title": "{__class__}"}) == "{__class__} is back"
