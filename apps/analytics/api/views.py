"""Analytics API: the staff back office (/admin/...), seller statistics, trending products, recommendations
and recently viewed (API.md, Staff and Catalog sections). Thin: validate, call a selector or service, serialize."""
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.analytics import domain, exports, reports, selectors, services
from apps.analytics.api import serializers as s
from apps.analytics.permissions import VIEW_REPORTS, StaffPermission, can_export_report
from apps.catalog.api.serializers import ProductListItemSerializer
from apps.core.errors import NotFound, PermissionDenied
from apps.core.schema import ErrorSerializer

TAG = ["admin"]
RANGE_PARAMS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (local, Asia/Ho_Chi_Minh); default 29 days "
                     "before `to`."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, inclusive; default today."),
    OpenApiParameter("interval", str, enum=list(domain.INTERVALS), description="Period of each row; default day. "
                     "Longest range: 366 days by day, about 3 years by week, 10 by month."),
]
REPORT_NAME = OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(reports.REPORTS),
                               description="Which report.")
E403 = OpenApiResponse(ErrorSerializer, description="Not staff, or lacking the permission (`permission_denied`).")
E404 = OpenApiResponse(ErrorSerializer, description="Not found (`not_found`).")


def _range(request) -> domain.ReportRange:
    q = request.query_params
    return domain.parse_range(q.get("from"), q.get("to"), q.get("interval"), today=selectors.local_today())


def _flag(request, name) -> str:
    value = request.query_params.get(name, "").strip().lower()
    return value if value in ("true", "false") else ""


def _uuid_param(request, name) -> str:
    import uuid

    value = request.query_params.get(name, "").strip()
    if not value:
        return ""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise serializers.ValidationError({name: [_("Enter a valid UUID.")]}) from None


class StaffApi(APIView):
    permission_classes = [StaffPermission]


# --- dashboard and reports ----------------------------------------------------------------------------------
class DashboardApi(StaffApi):
    required_permissions = {"GET": VIEW_REPORTS}

    @extend_schema(summary="Staff dashboard", description="Revenue, orders, average order value, new users, new "
                   "shops and conversion for today, the last 7 and 30 days (local dates), the sales and order-status "
                   "charts of the last 30 days, top products and shops, low stock, recent orders and users. Revenue "
                   "counts orders that are not cancelled or refunded and are paid or delivered/completed (see the "
                   "revenue report). Needs `analytics.view_reports`.",
                   responses={200: s.DashboardSerializer, 403: E403}, tags=TAG)
    def get(self, request):
        return Response(s.DashboardSerializer(selectors.dashboard()).data)


class ReportApi(StaffApi):
    required_permissions = {"GET": VIEW_REPORTS}

    @extend_schema(
        summary="A report",
        description="sales, revenue, top-products, user-growth, orders or inventory for a date range, one row per "
                    "period (empty periods as zeros). Revenue orders: not cancelled, not fully refunded, and paid "
                    "(paid/partially refunded) or delivered/completed; orders are dated by when they were placed. "
                    "top-products ignores `interval` and takes `limit` (1-100, default 20). Needs "
                    "`analytics.view_reports`.",
        parameters=[REPORT_NAME, *RANGE_PARAMS, OpenApiParameter("limit", int, description="top-products only")],
        responses={200: s.ReportSerializer, 403: E403, 404: E404},
        examples=[OpenApiExample("orders by week", response_only=True, value={
            "name": "orders", "title": "Orders", "from": "2026-01-05", "to": "2026-01-18", "interval": "week",
            "currency": "VND", "columns": [{"key": "period", "label": "Period", "kind": "text"},
                                           {"key": "total", "label": "Orders placed", "kind": "int"}],
            "rows": [{"period": "2026-01-05", "total": 12}, {"period": "2026-01-12", "total": 9}],
            "totals": {"total": 21}, "summary": {}})],
        tags=TAG,
    )
    def get(self, request, name):
        spec = reports.report_spec(name)
        options = {}
        if name == "top-products":
            try:
                options["limit"] = int(request.query_params.get("limit", 20))
            except ValueError:
                raise serializers.ValidationError({"limit": [_("Enter a whole number.")]}) from None
        return Response(spec.build(_range(request), **options).as_dict())


class JSONOnlyNegotiation(BaseContentNegotiation):
    """?format=csv|xlsx names the file format here, not a DRF renderer; errors are always JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return JSONRenderer(), JSONRenderer.media_type


class ReportExportApi(StaffApi):
    required_permissions = {"GET": VIEW_REPORTS}
    content_negotiation_class = JSONOnlyNegotiation

    @extend_schema(
        summary="Export a report",
        description="The report as a file: `format=csv` (streamed, UTF-8 with BOM) or `format=xlsx`. Same columns "
                    "as GET /admin/reports/{name}, then a totals row. The finance reports (sales, revenue) also need "
                    "`analytics.export_finance_reports` (Finance group; Support may not export them).",
        parameters=[REPORT_NAME, *RANGE_PARAMS,
                    OpenApiParameter("format", str, enum=list(exports.FORMATS), description="File format; default csv")],
        responses={(200, "text/csv"): OpenApiTypes.STR, (200, exports.XLSX_TYPE): OpenApiTypes.BINARY,
                   403: E403, 404: E404},
        tags=TAG,
    )
    def get(self, request, name):
        spec = reports.report_spec(name)
        if not can_export_report(request.user, name):
            raise PermissionDenied(_("You may not export this report."))
        fmt = request.query_params.get("format", "csv")
        if fmt not in exports.FORMATS:
            raise serializers.ValidationError({"format": [_("Choose csv or xlsx.")]})
        return exports.export_response(spec.build(_range(request)), fmt)


# --- users, shops, products, categories, audit log ----------------------------------------------------------------
class StaffListApi(ListAPIView):
    permission_classes = [StaffPermission]


class StaffUserListApi(StaffListApi):
    required_permissions = {"GET": "accounts.view_user"}
    serializer_class = s.StaffUserSerializer

    @extend_schema(summary="Users (staff)", description="Newest first. Needs `accounts.view_user`.", parameters=[
        OpenApiParameter("q", str, description="Part of the e-mail, phone number or name"),
        OpenApiParameter("role", str, enum=["buyer", "seller", "admin"]),
        OpenApiParameter("is_suspended", bool), OpenApiParameter("is_staff", bool)], responses={403: E403}, tags=TAG)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        q = self.request.query_params
        return selectors.staff_users(q=q.get("q", "").strip(), role=q.get("role", "").strip(),
                                     suspended=_flag(self.request, "is_suspended"), staff=_flag(self.request, "is_staff"))


def _get_or_404(model, pk, message):
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist:
        raise NotFound(message) from None


class StaffUserSuspendApi(StaffApi):
    required_permissions = {"PATCH": "accounts.change_user"}
    suspend = True

    def patch(self, request, pk):
        from apps.accounts.models import User

        user = _get_or_404(User, pk, _("User not found."))
        data = s.StaffReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action = services.staff_user_suspend if self.suspend else services.staff_user_unsuspend
        user = action(user=user, by=request.user, reason=data.validated_data["reason"])
        return Response(s.StaffUserSerializer(user).data)


_suspend_doc = extend_schema(
    summary="Suspend a user", description="The user can no longer sign in; their tokens stop working. Recorded in "
    "the audit log. Needs `accounts.change_user`; staff cannot suspend themselves (403).",
    request=s.StaffReasonSerializer, responses={200: s.StaffUserSerializer, 403: E403, 404: E404}, tags=TAG)
_unsuspend_doc = extend_schema(
    summary="Unsuspend a user", description="Recorded in the audit log. Needs `accounts.change_user`.",
    request=s.StaffReasonSerializer, responses={200: s.StaffUserSerializer, 403: E403, 404: E404}, tags=TAG)


class StaffUserSuspendOnApi(StaffUserSuspendApi):
    suspend = True

    @_suspend_doc
    def patch(self, request, pk):
        return super().patch(request, pk)


class StaffUserUnsuspendApi(StaffUserSuspendApi):
    suspend = False

    @_unsuspend_doc
    def patch(self, request, pk):
        return super().patch(request, pk)


class StaffShopListApi(StaffListApi):
    required_permissions = {"GET": "shops.view_shop"}
    serializer_class = s.StaffShopSerializer

    @extend_schema(summary="Shops (staff)", description="All shops, newest first. Needs `shops.view_shop`.",
                   parameters=[OpenApiParameter("q", str, description="Part of the name or owner e-mail"),
                               OpenApiParameter("status", str, enum=["pending", "active", "suspended"])],
                   responses={403: E403}, tags=TAG)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        q = self.request.query_params
        return selectors.staff_shops(q=q.get("q", "").strip(), status=q.get("status", "").strip())


class StaffShopStatusApi(StaffApi):
    required_permissions = {"PATCH": "shops.change_shop"}

    @extend_schema(summary="Approve or suspend a shop", description="`active` approves a pending shop or "
                   "reinstates a suspended one; `suspended` needs a `reason`, hides the shop's products and tells "
                   "the owner. The same status again → 422 `invalid_transition`. Recorded in the audit log. Needs "
                   "`shops.change_shop`.", request=s.ShopStatusInputSerializer,
                   responses={200: s.StaffShopSerializer, 403: E403, 404: E404}, tags=TAG)
    def patch(self, request, pk):
        from apps.shops.models import Shop

        shop = _get_or_404(Shop, pk, _("Shop not found."))
        data = s.ShopStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shop = services.staff_shop_set_status(shop=shop, by=request.user, **data.validated_data)
        shop = selectors.staff_shops().get(pk=shop.pk)
        return Response(s.StaffShopSerializer(shop).data)


class StaffProductListApi(StaffListApi):
    required_permissions = {"GET": "catalog.view_product"}
    serializer_class = s.StaffProductSerializer

    @extend_schema(summary="Products (staff)", description="Every product of every shop (deleted ones with "
                   "`include_deleted=true`), newest first. Needs `catalog.view_product`.",
                   parameters=[OpenApiParameter("q", str, description="Part of the title, or an exact SKU"),
                               OpenApiParameter("status", str, enum=["draft", "active", "hidden", "banned"]),
                               OpenApiParameter("shop", OpenApiTypes.UUID),
                               OpenApiParameter("include_deleted", bool)], responses={403: E403}, tags=TAG)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        q = self.request.query_params
        return selectors.staff_products(q=q.get("q", "").strip(), status=q.get("status", "").strip(),
                                        shop=_uuid_param(self.request, "shop"),
                                        include_deleted=_flag(self.request, "include_deleted") == "true")


class StaffProductStatusApi(StaffApi):
    required_permissions = {"PATCH": "catalog.change_product"}

    @extend_schema(summary="Moderate a product", description="Set any status (draft, active, hidden, banned); "
                   "banned and hidden products leave the store at once. Recorded in the audit log with the reason. "
                   "Needs `catalog.change_product`.", request=s.ProductStatusInputSerializer,
                   responses={200: s.StaffProductSerializer, 403: E403, 404: E404}, tags=TAG)
    def patch(self, request, pk):
        from apps.catalog.models import Product

        product = _get_or_404(Product, pk, _("Product not found."))
        data = s.ProductStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = services.staff_product_set_status(product=product, by=request.user, **data.validated_data)
        return Response(s.StaffProductSerializer(selectors.staff_products(include_deleted=True).get(pk=product.pk)).data)


class StaffCategoryCreateApi(StaffApi):
    required_permissions = {"POST": "catalog.add_category"}

    @extend_schema(summary="Create a category", description="A root category, or a child of `parent_id`. The "
                   "slug is made from the name unless given; a taken slug → 409. Needs `catalog.add_category`.",
                   request=s.CategoryInputSerializer, responses={201: s.StaffCategorySerializer, 403: E403,
                                                                 409: OpenApiResponse(ErrorSerializer)}, tags=TAG)
    def post(self, request):
        data = s.CategoryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        category = services.staff_category_create(by=request.user, **data.validated_data)
        return Response(s.StaffCategorySerializer(category).data, status=status.HTTP_201_CREATED)


class StaffCategoryDetailApi(StaffApi):
    required_permissions = {"PUT": "catalog.change_category", "DELETE": "catalog.delete_category"}

    @extend_schema(summary="Replace a category", description="Name, slug, icon, description, order, active, and "
                   "the parent (moving the subtree along; not under itself). Needs `catalog.change_category`.",
                   request=s.CategoryInputSerializer, responses={200: s.StaffCategorySerializer, 403: E403,
                                                                 404: E404, 409: OpenApiResponse(ErrorSerializer)},
                   tags=TAG)
    def put(self, request, pk):
        from apps.analytics.services.staff import staff_category_get

        category = staff_category_get(pk)
        data = s.CategoryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        category = services.staff_category_update(category=category, by=request.user, **data.validated_data)
        return Response(s.StaffCategorySerializer(category).data)

    @extend_schema(summary="Delete a category", description="Only an empty category: with products or "
                   "subcategories → 409 `conflict`. Needs `catalog.delete_category`.",
                   responses={204: None, 403: E403, 404: E404, 409: OpenApiResponse(ErrorSerializer)}, tags=TAG)
    def delete(self, request, pk):
        from apps.analytics.services.staff import staff_category_get

        services.staff_category_delete(category=staff_category_get(pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditLogApi(StaffListApi):
    required_permissions = {"GET": "admin.view_logentry"}
    serializer_class = s.AuditLogSerializer

    @extend_schema(summary="Staff audit log", description="What staff did, in the admin and through this API, "
                   "newest first. Needs `admin.view_logentry`.",
                   parameters=[OpenApiParameter("user", OpenApiTypes.UUID, description="Staff member"),
                               OpenApiParameter("model", str, description="app_label.model, e.g. shops.shop"),
                               OpenApiParameter("object_id", str),
                               OpenApiParameter("action", str, enum=["1", "2", "3"],
                                                description="1 addition, 2 change, 3 deletion")],
                   responses={403: E403}, tags=TAG)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        q = self.request.query_params
        return selectors.audit_log(user=_uuid_param(self.request, "user"), model=q.get("model", "").strip(),
                                   object_id=q.get("object_id", "").strip(), action=q.get("action", "").strip())


# --- seller statistics ---------------------------------------------------------------------------------------------
class SellerStatsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="My shop's statistics", description="Revenue and orders per period, views, visitors "
                   "and conversion (orders / visitors who viewed a product of the shop), rating over time (reviews "
                   "written per period, their average, and the running average), and the top products. Own shop "
                   "only; no shop → 404.", parameters=RANGE_PARAMS,
                   responses={200: s.SellerStatsSerializer, 404: E404}, tags=["seller"])
    def get(self, request):
        from apps.shops.models import Shop

        shop = Shop.objects.filter(owner=request.user).first()
        if shop is None:
            raise NotFound(_("You have no shop yet. Open one first."))
        return Response(s.SellerStatsSerializer(selectors.seller_stats(shop=shop, rng=_range(request))).data)


# --- shoppers -------------------------------------------------------------------------------------------------------
LIMIT = OpenApiParameter("limit", int, description="How many (1-50, default 12)")


def _limit(request, default=12) -> int:
    try:
        return max(1, min(int(request.query_params.get("limit", default)), 50))
    except ValueError:
        raise serializers.ValidationError({"limit": [_("Enter a whole number.")]}) from None


class TrendingApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(summary="Trending products", description="Products with the most views, adds to cart and sales "
                   "lately, each weighted by how recent it is (half-life two days); recomputed every few minutes. "
                   "Only available products; topped up with best sellers.", parameters=[LIMIT],
                   responses={200: ProductListItemSerializer(many=True)}, tags=["catalog"])
    def get(self, request):
        products = services.trending_products(limit=_limit(request))
        return Response(ProductListItemSerializer(products, many=True, context={"request": request}).data)


class RecommendationsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Recommended for me", description="Products of the categories and brands the user buys, "
                   "adds to cart and views (recent activity weighs more), never one they already bought or an "
                   "unavailable one; topped up with trending products (`personal` is false when there is no "
                   "history yet).", parameters=[LIMIT], responses={200: s.RecommendationsSerializer},
                   tags=["catalog"])
    def get(self, request):
        products, personal = services.recommended_products(user=request.user, limit=_limit(request))
        return Response({"personal": personal, "results": ProductListItemSerializer(
            products, many=True, context={"request": request}).data})


class RecentlyViewedApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(summary="Recently viewed products", description="The signed-in user's (or, with the storefront "
                   "cookies, the guest's) last viewed products, most recent first, available ones only.",
                   parameters=[LIMIT], responses={200: ProductListItemSerializer(many=True)}, tags=["catalog"])
    def get(self, request):
        from apps.analytics.services.recommendations import products_in_order

        ids = services.recently_viewed_ids(user=request.user, cookies=request.COOKIES)
        products = products_in_order(ids, limit=_limit(request, 20))
        return Response(ProductListItemSerializer(products, many=True, context={"request": request}).data)
