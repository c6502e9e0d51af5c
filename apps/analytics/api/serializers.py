from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.catalog.api.serializers import ProductListItemSerializer
from apps.catalog.models import ProductStatus

# --- reports and dashboard --------------------------------------------------------------------------------------


class ReportColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["text", "int", "money", "percent"])


class ReportSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    # "from" is a Python keyword: declared below.
    to = serializers.DateField()
    interval = serializers.ChoiceField(choices=["day", "week", "month"])
    currency = serializers.CharField()
    columns = ReportColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.DictField(), help_text="One object per period (or product), "
                                 "keyed by the columns' keys; money and percentages as decimal strings.")
    totals = serializers.DictField(help_text="Column totals (keys as the columns).")
    summary = serializers.DictField(help_text="Extra figures (inventory: stock on hand now).")


ReportSerializer._declared_fields["from"] = serializers.DateField()


class DashboardKpiSerializer(serializers.Serializer):
    to = serializers.DateField()
    revenue = serializers.DecimalField(max_digits=16, decimal_places=2)
    orders = serializers.IntegerField(help_text="Orders placed, any status.")
    revenue_orders = serializers.IntegerField(help_text="Orders that count as revenue.")
    average_order_value = serializers.DecimalField(max_digits=16, decimal_places=2)
    new_users = serializers.IntegerField()
    new_shops = serializers.IntegerField()
    visitors = serializers.IntegerField(help_text="Distinct visitors who viewed a product.")
    checkouts = serializers.IntegerField()
    conversion_rate = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True,
                                               help_text="checkouts / visitors in per cent; null without visitors.")


DashboardKpiSerializer._declared_fields["from"] = serializers.DateField()


class DashboardKpiWindowsSerializer(serializers.Serializer):
    today = DashboardKpiSerializer()
    last_7_days = DashboardKpiSerializer()
    last_30_days = DashboardKpiSerializer()


class SalesChartSerializer(serializers.Serializer):
    labels = serializers.ListField(child=serializers.CharField())
    revenue = serializers.ListField(child=serializers.DecimalField(max_digits=16, decimal_places=2))
    orders = serializers.ListField(child=serializers.IntegerField())


class StatusChartSerializer(serializers.Serializer):
    labels = serializers.ListField(child=serializers.CharField())
    keys = serializers.ListField(child=serializers.CharField())
    counts = serializers.ListField(child=serializers.IntegerField())


class TopShopSerializer(serializers.Serializer):
    shop_id = serializers.UUIDField()
    name = serializers.CharField()
    orders = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=16, decimal_places=2)


class DashboardLowStockSerializer(serializers.Serializer):
    variant_id = serializers.UUIDField(source="pk")
    sku = serializers.CharField()
    product_id = serializers.UUIDField(source="product.pk")
    title = serializers.CharField(source="product.title")
    shop = serializers.CharField(source="product.shop.name")
    stock = serializers.IntegerField()
    low_stock_threshold = serializers.IntegerField()


class RecentOrderSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    order_number = serializers.CharField()
    status = serializers.CharField()
    payment_status = serializers.CharField()
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()
    buyer = serializers.CharField(source="buyer.__str__")
    shop = serializers.CharField(source="shop.name")
    created_at = serializers.DateTimeField()


class RecentUserSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField(allow_null=True)
    phone_number = serializers.CharField(allow_null=True)
    full_name = serializers.CharField()
    role = serializers.CharField()
    date_joined = serializers.DateTimeField()


class DashboardSerializer(serializers.Serializer):
    currency = serializers.CharField()
    kpis = DashboardKpiWindowsSerializer()
    sales_chart = SalesChartSerializer(help_text="Last 30 days by day.")
    status_chart = StatusChartSerializer(help_text="Orders placed in the last 30 days by current status.")
    top_products = serializers.ListField(child=serializers.DictField(),
                                         help_text="Rows of the top-products report (last 30 days).")
    top_shops = TopShopSerializer(many=True)
    low_stock = DashboardLowStockSerializer(many=True)
    recent_orders = RecentOrderSerializer(many=True)
    recent_users = RecentUserSerializer(many=True)


# --- staff lists and actions -------------------------------------------------------------------------------------
class StaffUserSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField(allow_null=True)
    phone_number = serializers.CharField(allow_null=True)
    full_name = serializers.CharField()
    role = serializers.CharField()
    is_verified = serializers.BooleanField()
    is_suspended = serializers.BooleanField()
    is_active = serializers.BooleanField()
    is_staff = serializers.BooleanField()
    date_joined = serializers.DateTimeField()
    last_login = serializers.DateTimeField(allow_null=True)
    order_count = serializers.IntegerField(required=False)


class StaffReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class StaffOwnerSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField(allow_null=True)
    full_name = serializers.CharField()


class StaffShopSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()
    status = serializers.CharField()
    suspension_reason = serializers.CharField()
    city = serializers.CharField()
    owner = StaffOwnerSerializer()
    product_count = serializers.IntegerField(required=False)
    rating_average = serializers.DecimalField(max_digits=3, decimal_places=2)
    created_at = serializers.DateTimeField()
    approved_at = serializers.DateTimeField(allow_null=True)


class ShopStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["active", "suspended"],
                                     help_text="active approves or reinstates; suspended needs a reason.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class StaffRefSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()


class StaffProductSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    slug = serializers.CharField()
    status = serializers.CharField()
    is_deleted = serializers.BooleanField()
    price = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()
    in_stock = serializers.BooleanField()
    sold_count = serializers.IntegerField()
    shop = StaffRefSerializer()
    category = StaffRefSerializer()
    brand = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_brand(self, obj):
        return obj.brand.name if obj.brand_id else None


class ProductStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProductStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class CategoryInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(max_length=140, required=False, allow_blank=True)
    parent_id = serializers.IntegerField(required=False, allow_null=True)
    icon = serializers.CharField(max_length=64, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    sort_order = serializers.IntegerField(required=False)
    is_active = serializers.BooleanField(required=False)


class StaffCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    icon = serializers.CharField()
    description = serializers.CharField()
    sort_order = serializers.IntegerField()
    is_active = serializers.BooleanField()
    depth = serializers.IntegerField()
    parent_id = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))  # null for a top-level category
    def get_parent_id(self, obj):
        parent = obj.get_parent()
        return parent.pk if parent else None


ACTIONS = {1: "addition", 2: "change", 3: "deletion"}


class AuditLogSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action_time = serializers.DateTimeField()
    user = StaffOwnerSerializer()
    action = serializers.SerializerMethodField()
    model = serializers.SerializerMethodField()
    object_id = serializers.CharField(allow_null=True)
    object_repr = serializers.CharField()
    change_message = serializers.CharField(source="get_change_message")

    @extend_schema_field(serializers.ChoiceField(choices=list(ACTIONS.values())))
    def get_action(self, obj):
        return ACTIONS.get(obj.action_flag, "change")

    @extend_schema_field(OpenApiTypes.STR)
    def get_model(self, obj):
        ct = obj.content_type
        return f"{ct.app_label}.{ct.model}" if ct else None


# --- seller statistics ------------------------------------------------------------------------------------------
class SellerStatsRowSerializer(serializers.Serializer):
    period = serializers.CharField()
    orders = serializers.IntegerField()
    revenue_orders = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=16, decimal_places=2)
    views = serializers.IntegerField()
    visitors = serializers.IntegerField()
    conversion_rate = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    reviews = serializers.IntegerField()
    average_rating = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    rating_to_date = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)


class SellerStatsTotalsSerializer(serializers.Serializer):
    orders = serializers.IntegerField()
    revenue_orders = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=16, decimal_places=2)
    views = serializers.IntegerField()
    visitors = serializers.IntegerField()
    conversion_rate = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    reviews = serializers.IntegerField()
    average_rating = serializers.DecimalField(max_digits=3, decimal_places=2)
    rating_count = serializers.IntegerField()


class TopProductRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    product_id = serializers.UUIDField()
    title = serializers.CharField()
    shop = serializers.CharField()
    units = serializers.IntegerField()
    orders = serializers.IntegerField()
    sales = serializers.DecimalField(max_digits=16, decimal_places=2)


class SellerStatsSerializer(serializers.Serializer):
    to = serializers.DateField()
    interval = serializers.CharField()
    currency = serializers.CharField(default=settings.DEFAULT_CURRENCY)
    rows = SellerStatsRowSerializer(many=True)
    totals = SellerStatsTotalsSerializer()
    top_products = TopProductRowSerializer(many=True)


SellerStatsSerializer._declared_fields["from"] = serializers.DateField()


class RecommendationsSerializer(serializers.Serializer):
    personal = serializers.BooleanField(help_text="False when these are trending products (no history yet).")
    results = ProductListItemSerializer(many=True)
