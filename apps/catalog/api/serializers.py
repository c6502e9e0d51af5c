from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.catalog.models import (
    Brand,
    Category,
    Condition,
    InventoryMovement,
    Product,
    ProductImage,
    ProductImport,
    ProductStatus,
    Variant,
)


def _url(request, field):
    if not field:
        return None
    url = field.url
    return request.build_absolute_uri(url) if request is not None else url


class CategorySerializer(serializers.ModelSerializer):
    parent_id = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "icon", "depth", "sort_order", "parent_id"]

    def get_parent_id(self, obj) -> int | None:
        return self.context.get("parents", {}).get(obj.path[: -Category.steplen])


class CategoryTreeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    icon = serializers.CharField()
    depth = serializers.IntegerField()
    children = serializers.ListField(child=serializers.DictField(), help_text="Nodes of the same shape.")


class CategoryBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class CategoryDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    icon = serializers.CharField()
    description = serializers.CharField()
    depth = serializers.IntegerField()
    ancestors = CategoryBriefSerializer(many=True)
    children = CategoryBriefSerializer(many=True)


class BrandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Brand
        fields = ["id", "name", "slug", "logo"]


class ProductShopRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ProductShopSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()
    city = serializers.CharField()
    logo = serializers.ImageField()
    rating_average = serializers.DecimalField(max_digits=3, decimal_places=2)
    rating_count = serializers.IntegerField()
    follower_count = serializers.IntegerField()


class ProductListItemSerializer(serializers.ModelSerializer):
    image = serializers.SerializerMethodField()
    shop = ProductShopRefSerializer()
    currency = serializers.CharField()

    class Meta:
        model = Product
        fields = ["id", "title", "slug", "price", "currency", "compare_at_price", "image", "shop", "average_rating",
                  "review_count", "sold_count", "in_stock"]

    @extend_schema_field(serializers.URLField(allow_null=True))  # null when the product has no picture yet
    def get_image(self, obj):
        img = obj.main_image
        if img is None:
            return None
        return _url(self.context.get("request"), img.thumbnail or img.image)


class ProductImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = ProductImage
        fields = ["id", "url", "thumbnail_url", "alt", "position"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return _url(self.context.get("request"), obj.image)

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail_url(self, obj):
        return _url(self.context.get("request"), obj.thumbnail or obj.image)


class VariantSerializer(serializers.ModelSerializer):
    currency = serializers.SerializerMethodField()

    class Meta:
        model = Variant
        fields = ["id", "sku", "name", "attributes", "price", "compare_at_price", "currency", "stock", "is_active"]

    def get_currency(self, obj) -> str:
        return settings.DEFAULT_CURRENCY


class SpecificationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    value = serializers.CharField(max_length=500, allow_blank=True)


class ProductRatingSerializer(serializers.Serializer):
    average = serializers.DecimalField(max_digits=3, decimal_places=2)
    count = serializers.IntegerField()
    distribution = serializers.DictField(child=serializers.IntegerField())


class ProductDetailSerializer(ProductListItemSerializer):
    category = CategoryBriefSerializer()
    brand = BrandSerializer(allow_null=True)
    shop = ProductShopSerializer()
    specifications = SpecificationSerializer(many=True)
    images = ProductImageSerializer(many=True)
    variants = VariantSerializer(many=True)
    rating = serializers.SerializerMethodField()

    class Meta(ProductListItemSerializer.Meta):
        fields = [*ProductListItemSerializer.Meta.fields, "description", "condition", "category", "brand",
                  "specifications", "images", "variants", "rating", "created_at", "updated_at"]

    @extend_schema_field(ProductRatingSerializer)
    def get_rating(self, obj):
        dist = {str(k): int((obj.rating_distribution or {}).get(str(k), 0)) for k in range(1, 6)}
        return {"average": str(obj.average_rating), "count": obj.review_count, "distribution": dist}


class SellerProductSerializer(ProductDetailSerializer):
    """The seller's view adds the status and every variant that is not deleted (active or not)."""

    class Meta(ProductDetailSerializer.Meta):
        fields = [*ProductDetailSerializer.Meta.fields, "status", "is_featured"]


class SellerProductListItemSerializer(ProductListItemSerializer):
    stock = serializers.IntegerField(source="stock_total", read_only=True)

    class Meta(ProductListItemSerializer.Meta):
        fields = [*ProductListItemSerializer.Meta.fields, "status", "stock", "created_at", "updated_at"]


class VariantAvailabilitySerializer(serializers.Serializer):
    variant_id = serializers.UUIDField()
    available = serializers.BooleanField()
    stock = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()


# --- seller input -------------------------------------------------------------------------------

class VariantInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    sku = serializers.CharField(max_length=64)
    attributes = serializers.DictField(child=serializers.CharField(max_length=100), required=False)
    price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    compare_at_price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                                allow_null=True)
    stock = serializers.IntegerField(min_value=0, required=False, default=0)
    low_stock_threshold = serializers.IntegerField(min_value=0, required=False)
    is_active = serializers.BooleanField(required=False)


class ProductInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=50000)
    category_id = serializers.IntegerField()
    brand_id = serializers.UUIDField(required=False, allow_null=True)
    condition = serializers.ChoiceField(choices=Condition.choices, required=False, default=Condition.NEW)
    specifications = SpecificationSerializer(many=True, required=False)
    status = serializers.ChoiceField(choices=[ProductStatus.DRAFT, ProductStatus.ACTIVE, ProductStatus.HIDDEN],
                                     required=False)
    variants = VariantInputSerializer(many=True, required=False)

    def to_service(self) -> dict:
        data = dict(self.validated_data)
        if "category_id" in data:
            data["category"] = data.pop("category_id")
        if "brand_id" in data:
            data["brand"] = data.pop("brand_id")
        return data


class StockAdjustSerializer(serializers.Serializer):
    delta = serializers.IntegerField(help_text="Units to add (positive) or remove (negative).")
    reason = serializers.ChoiceField(choices=["restock", "adjustment"], default="adjustment")
    note = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class InventoryMovementSerializer(serializers.ModelSerializer):
    class Meta:
        model = InventoryMovement
        fields = ["id", "delta", "reason", "reference", "stock_after", "created_at"]


class LowStockSerializer(serializers.ModelSerializer):
    product_id = serializers.UUIDField()
    product_title = serializers.CharField(source="product.title")

    class Meta:
        model = Variant
        fields = ["id", "sku", "name", "stock", "low_stock_threshold", "product_id", "product_title"]


class ImageUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="JPEG, PNG, WebP or GIF; at most 5 MB; at most 10 per product.")
    alt = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ImageReorderSerializer(serializers.Serializer):
    image_ids = serializers.ListField(child=serializers.UUIDField())


class ImageUpdateSerializer(serializers.Serializer):
    alt = serializers.CharField(max_length=200, allow_blank=True)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A UTF-8 CSV with a header row; columns as in the template "
                                           "(GET /seller/products/import/template).")


class ProductImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    sku = serializers.CharField()
    status = serializers.ChoiceField(choices=["ok", "created", "updated", "error"])
    action = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ProductImportSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()
    report = ProductImportRowSerializer(many=True)

    class Meta:
        model = ProductImport
        fields = ["id", "filename", "status", "total_rows", "processed_rows", "created_count", "updated_count",
                  "progress", "report", "created_at"]

    def get_progress(self, obj) -> int:
        from apps.catalog.services import product_import_progress

        return product_import_progress(obj)
