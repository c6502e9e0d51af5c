"""Input and output shapes of the orders API (API.md, Orders). Thin: no business rules here."""
import copy

from django.conf import settings
from rest_framework import serializers

from apps.orders.domain import OrderStatus, PaymentMethod, ShippingMethod, estimated_delivery_date
from apps.orders.models import Order, OrderItem, OrderStatusHistory


def Money(**kwargs):  # noqa: N802 - reads like a field class
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


# --- input -------------------------------------------------------------------------------------
class CheckoutInputSerializer(serializers.Serializer):
    address_id = serializers.UUIDField(required=False, help_text="One of the buyer's addresses (required to order).")
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices, required=False)
    shipping_method = serializers.ChoiceField(choices=ShippingMethod.choices, default=ShippingMethod.STANDARD)
    voucher_codes = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list,
                                         max_length=10)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class OrderPlaceInputSerializer(CheckoutInputSerializer):
    address_id = serializers.UUIDField(help_text="One of the buyer's addresses.")
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)


class OrderCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="Why the order is cancelled (shown to the shop).")


class SellerStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    tracking_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    carrier = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class BulkConfirmInputSerializer(serializers.Serializer):
    order_ids = serializers.ListField(child=serializers.UUIDField(), min_length=1, max_length=100)


class BulkConfirmOutputSerializer(serializers.Serializer):
    confirmed = serializers.ListField(child=serializers.UUIDField())
    refused = serializers.DictField(child=serializers.CharField(), help_text="order id → why it was not confirmed")


# --- orders ------------------------------------------------------------------------------------
class FieldsBuiltOnce:
    """A ModelSerializer rebuilds its fields from the model for every instance (most of the time it takes to
    serialise an order); they never change, so they are built once per class and copied."""

    def get_fields(self):
        cls = type(self)
        if "_built_fields" not in cls.__dict__:
            cls._built_fields = super().get_fields()
        return copy.deepcopy(cls._built_fields)


class ShopRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()


class OrderItemOutputSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    product_id = serializers.UUIDField(allow_null=True)
    variant_id = serializers.UUIDField(allow_null=True)

    class Meta:
        model = OrderItem
        fields = ["id", "product_id", "variant_id", "product_snapshot", "variant_snapshot", "quantity", "unit_price",
                  "subtotal"]


class StatusHistoryOutputSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    by = serializers.CharField(source="actor", help_text="Who made the change: buyer, seller, staff or system.")

    class Meta:
        model = OrderStatusHistory
        fields = ["status", "at", "by", "note"]


class ShippingAddressSerializer(serializers.Serializer):
    recipient_name = serializers.CharField()
    phone_number = serializers.CharField()
    street_address = serializers.CharField()
    ward = serializers.CharField()
    district = serializers.CharField()
    city = serializers.CharField()


class OrderOutputSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    shop = ShopRefSerializer()
    items = OrderItemOutputSerializer(many=True)
    shipping_address = ShippingAddressSerializer()
    status_history = StatusHistoryOutputSerializer(many=True)

    class Meta:
        model = Order
        fields = ["id", "order_number", "checkout_id", "status", "shop", "items", "shipping_address",
                  "shipping_method", "carrier", "tracking_number", "estimated_delivery_date", "subtotal",
                  "shipping_fee", "discount", "tax", "total", "currency", "payment_method", "payment_status",
                  "voucher_codes", "notes", "cancellation_reason", "created_at", "status_history"]


class TrackingStepSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    done = serializers.BooleanField()
    at = serializers.DateTimeField(allow_null=True)


class TrackingOutputSerializer(serializers.Serializer):
    order_number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    shipping_method = serializers.CharField()
    estimated_delivery_date = serializers.DateField(allow_null=True)
    steps = TrackingStepSerializer(many=True)
    events = StatusHistoryOutputSerializer(many=True)


# --- checkout summary --------------------------------------------------------------------------
class QuoteLineSerializer(serializers.Serializer):
    variant_id = serializers.UUIDField()
    product_id = serializers.UUIDField()
    title = serializers.CharField()
    variant_name = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = Money()
    line_total = Money()
    available = serializers.BooleanField(help_text="False: left out of the totals and of the order.")
    price_changed_from = Money(allow_null=True)


class QuoteShopSerializer(serializers.Serializer):
    shop = serializers.DictField(help_text="{id, name}")
    items = QuoteLineSerializer(many=True)
    subtotal = Money()
    shipping_fee = Money()
    discount = Money()
    tax = Money()
    total = Money()
    voucher_codes = serializers.ListField(child=serializers.CharField())
    estimated_delivery_date = serializers.DateField()


class QuoteOutputSerializer(serializers.Serializer):
    shops = QuoteShopSerializer(many=True)
    subtotal = Money()
    shipping_fee = Money()
    discount = Money()
    tax = Money()
    total = Money()
    currency = serializers.CharField()
    shipping_method = serializers.CharField()
    voucher_codes = serializers.ListField(child=serializers.CharField())
    refused_vouchers = serializers.DictField(child=serializers.CharField(), help_text="code → why it was refused")
    payment_methods = serializers.ListField(child=serializers.CharField(), help_text="Methods offered right now.")
    prices_include_tax = serializers.BooleanField(help_text="True: `tax` is contained in the total (VAT included).")


def quote_data(quote, *, shipping_method: str, payment_methods: list[str], today) -> dict:
    """The checkout summary as plain data (used by the API and the checkout page)."""
    shops = []
    for shop in quote.shops:
        shops.append({
            "shop": {"id": str(shop.shop_id), "name": shop.shop_name},
            "items": [{
                "variant_id": line.variant_id, "product_id": line.product_id, "title": line.title,
                "variant_name": line.variant_name, "quantity": line.quantity, "unit_price": line.unit_price,
                "line_total": line.line_total, "available": line.available,
                "price_changed_from": line.price_changed_from,
            } for line in shop.lines],
            "subtotal": shop.subtotal, "shipping_fee": shop.shipping_fee, "discount": shop.discount, "tax": shop.tax,
            "total": shop.total, "voucher_codes": list(shop.voucher_codes),
            "estimated_delivery_date": estimated_delivery_date(today, shop.estimated_delivery_days),
        })
    return {
        "shops": shops, "subtotal": quote.subtotal, "shipping_fee": quote.shipping_fee, "discount": quote.discount,
        "tax": quote.tax, "total": quote.total, "currency": quote.currency, "shipping_method": shipping_method,
        "voucher_codes": list(quote.voucher_codes),
        "refused_vouchers": {k: str(v) for k, v in (quote.refused_vouchers or {}).items()},
        "payment_methods": payment_methods,
        "prices_include_tax": getattr(quote, "prices_include_tax", settings.PRICES_INCLUDE_TAX),
    }
