from rest_framework import serializers

from apps.cart.pricing import SHIPPING_METHODS


def money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


# --- input --------------------------------------------------------------------------------------
class CartItemAddInputSerializer(serializers.Serializer):
    variant_id = serializers.UUIDField()
    quantity = serializers.IntegerField(min_value=1, max_value=999, default=1)


class CartItemUpdateInputSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=0, max_value=999, help_text="0 removes the item.")


class CartSyncLineSerializer(serializers.Serializer):
    variant_id = serializers.UUIDField()
    quantity = serializers.IntegerField(min_value=0, max_value=999)


class CartSyncInputSerializer(serializers.Serializer):
    items = CartSyncLineSerializer(many=True, max_length=200)


class CartVoucherInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class CartQueryParamsSerializer(serializers.Serializer):
    shipping_method = serializers.ChoiceField(choices=SHIPPING_METHODS, default="standard")


class WishlistAddInputSerializer(serializers.Serializer):
    product_id = serializers.UUIDField()


class WishlistMoveInputSerializer(serializers.Serializer):
    variant_id = serializers.UUIDField(required=False, help_text="Default: the cheapest variant in stock.")


# --- output -------------------------------------------------------------------------------------
class CartShopRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class CartLineSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    variant_id = serializers.UUIDField()
    product_id = serializers.UUIDField()
    product_slug = serializers.CharField()
    title = serializers.CharField()
    variant_name = serializers.CharField()
    image = serializers.CharField(allow_blank=True, help_text="Thumbnail URL or empty.")
    quantity = serializers.IntegerField()
    unit_price = money(help_text="Price per unit now, promotions applied.")
    regular_price = money(allow_null=True, help_text="Price before a running promotion (show struck through).")
    line_total = money()
    available = serializers.BooleanField(help_text="False: left out of every total (see unavailable_reason).")
    unavailable_reason = serializers.CharField(allow_blank=True)
    price_changed_from = money(allow_null=True, help_text="The unit price when added, if it changed since.")
    stock = serializers.IntegerField(allow_null=True)
    saved_for_later = serializers.BooleanField()


class CartShopSerializer(serializers.Serializer):
    shop = CartShopRefSerializer()
    items = CartLineSerializer(many=True)
    subtotal = money()
    shipping_fee = money()
    discount = money(help_text="Shop voucher + share of the platform voucher + free shipping.")
    tax = money()
    total = money()
    voucher_codes = serializers.ListField(child=serializers.CharField())
    estimated_delivery_days = serializers.IntegerField()
    amount_to_free_shipping = money(allow_null=True, help_text="Spend this much more at the shop to ship free.")


class CartAppliedVoucherSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    type = serializers.CharField()
    shop_id = serializers.UUIDField(allow_null=True, help_text="Null: a platform voucher.")
    amount = money()


class CartAdjustmentSerializer(serializers.Serializer):
    variant_id = serializers.CharField()
    requested = serializers.IntegerField()
    quantity = serializers.IntegerField()
    message = serializers.CharField()


class CartOutputSerializer(serializers.Serializer):
    shops = CartShopSerializer(many=True)
    subtotal = money()
    shipping_fee = money()
    discount = money()
    tax = money()
    total = money()
    currency = serializers.CharField()
    prices_include_tax = serializers.BooleanField()
    shipping_method = serializers.CharField()
    item_count = serializers.IntegerField()
    vouchers = CartAppliedVoucherSerializer(many=True)
    refused_vouchers = serializers.DictField(child=serializers.CharField(),
                                             help_text="Code → why it does not apply now.")
    adjustments = CartAdjustmentSerializer(many=True, required=False,
                                       help_text="What a sync changed from the request (stock caps, gone items).")


class CartSavedItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    variant_id = serializers.UUIDField()
    product_id = serializers.UUIDField()
    product_slug = serializers.CharField()
    title = serializers.CharField()
    variant_name = serializers.CharField()
    image = serializers.CharField(allow_blank=True)
    quantity = serializers.IntegerField()
    unit_price = money()
    currency = serializers.CharField()
    in_stock = serializers.BooleanField()


class WishlistProductSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    slug = serializers.CharField()
    price = money()
    compare_at_price = money(allow_null=True)
    currency = serializers.CharField()
    image = serializers.CharField(allow_blank=True)
    in_stock = serializers.BooleanField()
    shop = CartShopRefSerializer()


class WishlistItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    product = WishlistProductSerializer()
    added_at = serializers.DateTimeField()


class WishlistCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()
