from rest_framework import serializers

from apps.catalog.models import Category, Product
from apps.vouchers.domain import VoucherAudience, VoucherScope, VoucherType
from apps.vouchers.models import Voucher


def money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class VoucherValidateInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    shop_id = serializers.UUIDField(required=False, allow_null=True,
                                    help_text="The shop whose items make up `subtotal`; omit for the whole order.")
    subtotal = money(min_value=0)


class VoucherValidateOutputSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    discount = money()
    currency = serializers.CharField()
    message = serializers.CharField(allow_blank=True, help_text="Why it does not apply, or what it gives.")


class VoucherAvailableParamsSerializer(serializers.Serializer):
    shop_id = serializers.UUIDField(required=False)
    subtotal = money(min_value=0, required=False)


class VoucherAvailableSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    type = serializers.ChoiceField(choices=VoucherType.choices)
    value = money()
    max_discount = money(allow_null=True)
    min_order_value = money()
    shop_id = serializers.UUIDField(allow_null=True, help_text="Null: a platform voucher.")
    ends_at = serializers.DateTimeField(allow_null=True)
    remaining = serializers.IntegerField(allow_null=True, help_text="Uses left; null: unlimited.")
    applicable = serializers.BooleanField(help_text="Whether it applies to `subtotal` now.")
    discount = money(help_text="What it would take off `subtotal`.")
    message = serializers.CharField(allow_blank=True)


class SellerVoucherSerializer(serializers.ModelSerializer):
    """A shop's voucher as its seller edits it (the shop is always the seller's own)."""

    category_ids = serializers.PrimaryKeyRelatedField(source="categories", many=True, required=False,
                                                      queryset=Category.objects.all())
    product_ids = serializers.PrimaryKeyRelatedField(source="products", many=True, required=False,
                                                     queryset=Product.objects.filter(is_deleted=False))
    type = serializers.ChoiceField(choices=VoucherType.choices)
    scope = serializers.ChoiceField(choices=VoucherScope.choices, required=False)
    audience = serializers.ChoiceField(choices=[c for c in VoucherAudience.choices
                                                if c[0] != VoucherAudience.CHOSEN_USERS], required=False)
    value = money(min_value=0)
    max_discount = money(min_value=0, required=False, allow_null=True)
    min_order_value = money(min_value=0, required=False)
    remaining = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Voucher
        fields = ("id", "code", "title", "description", "type", "value", "max_discount", "min_order_value",
                  "starts_at", "ends_at", "usage_limit", "used_count", "remaining", "per_user_limit", "scope",
                  "category_ids", "product_ids", "first_order_only", "audience", "is_active", "created_at")
        read_only_fields = ("id", "used_count", "remaining", "created_at")
        # Uniqueness (case-insensitive) is the service's: a duplicate code is 409, not 400.
        extra_kwargs = {"code": {"validators": []}}


class SellerVoucherReportSerializer(SellerVoucherSerializer):
    redemption_count = serializers.IntegerField(read_only=True)
    order_count = serializers.IntegerField(read_only=True)
    discount_given = money(read_only=True)
    revenue = money(read_only=True)

    class Meta(SellerVoucherSerializer.Meta):
        fields = (*SellerVoucherSerializer.Meta.fields, "redemption_count", "order_count", "discount_given", "revenue")
