from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.shops.models import Shop


class ShopSummarySerializer(serializers.ModelSerializer):
    """What a shopper sees of a shop."""

    class Meta:
        model = Shop
        fields = ["id", "name", "slug", "description", "logo", "cover_image", "city", "rating_average",
                  "rating_count", "rating_distribution", "follower_count", "created_at"]
        read_only_fields = fields


class ShopDetailSerializer(ShopSummarySerializer):
    is_following = serializers.SerializerMethodField()
    shipping_fee = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    free_shipping_threshold = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                                       allow_null=True)
    currency = serializers.SerializerMethodField()

    class Meta(ShopSummarySerializer.Meta):
        fields = [*ShopSummarySerializer.Meta.fields, "shipping_fee", "free_shipping_threshold", "currency",
                  "is_following"]
        read_only_fields = fields

    def get_is_following(self, obj) -> bool:
        return bool(self.context.get("is_following"))

    def get_currency(self, obj) -> str:
        from django.conf import settings

        return settings.DEFAULT_CURRENCY


class ShopOwnerSerializer(serializers.ModelSerializer):
    """The seller's own shop, with its status."""

    # May be empty: a plain string in the schema (an empty value is not a valid "format: email").
    email = serializers.CharField(read_only=True)

    class Meta:
        model = Shop
        fields = ["id", "name", "slug", "description", "logo", "cover_image", "address", "city", "phone_number",
                  "email", "shipping_fee", "express_shipping_fee", "free_shipping_threshold", "status",
                  "suspension_reason", "approved_at", "rating_average", "rating_count", "follower_count",
                  "created_at", "updated_at"]
        read_only_fields = fields


class ShopInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    address = serializers.CharField(required=False, allow_blank=True, max_length=500)
    city = serializers.CharField(required=False, allow_blank=True, max_length=100)
    phone_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    email = serializers.EmailField(required=False, allow_blank=True)
    shipping_fee = serializers.DecimalField(required=False, max_digits=14, decimal_places=2, min_value=0)
    express_shipping_fee = serializers.DecimalField(required=False, max_digits=14, decimal_places=2, min_value=0)
    free_shipping_threshold = serializers.DecimalField(required=False, allow_null=True, max_digits=14,
                                                       decimal_places=2, min_value=0)
    logo = serializers.ImageField(required=False)
    cover_image = serializers.ImageField(required=False)

    def validate_phone_number(self, value):
        from apps.shops.domain import normalize_business_phone

        try:
            return normalize_business_phone(value)
        except ValueError:
            raise serializers.ValidationError(_("Enter a valid phone number, for example 0912345678.")) from None


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()
    follower_count = serializers.IntegerField()
