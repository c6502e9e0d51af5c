"""Vouchers API (API.md, Vouchers and Seller): thin views over apps.vouchers services and selectors."""
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.errors import NotFound, PermissionDenied
from apps.core.money import format_money
from apps.core.pagination import PageNumberPagination
from apps.core.permissions import IsSeller
from apps.vouchers import domain, selectors, services
from apps.vouchers.api.serializers import (
    SellerVoucherReportSerializer,
    SellerVoucherSerializer,
    VoucherAvailableParamsSerializer,
    VoucherAvailableSerializer,
    VoucherValidateInputSerializer,
    VoucherValidateOutputSerializer,
)


def _describe(rule, discount, reason) -> str:
    if reason:
        return str(reason)
    if rule.is_shipping:
        return _("Free shipping")
    return _("You save %(amount)s") % {"amount": format_money(discount, selectors.currency())}


class VoucherValidateApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["vouchers"], summary="Check a code against a subtotal",
        description="Whether the code applies to `subtotal` (of `shop_id`'s items, or of the whole order) for the "
                    "caller now, and the discount. An unknown or unusable code is `valid: false` with the reason in "
                    "`message` (200, not an error). Signed-in callers get their own limits checked.",
        request=VoucherValidateInputSerializer, responses={200: VoucherValidateOutputSerializer},
        examples=[OpenApiExample("refused", response_only=True, value={
            "valid": False, "discount": "0.00", "currency": "VND", "message": "Đơn tối thiểu 200.000 ₫"})],
    )
    def post(self, request):
        data = VoucherValidateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            voucher = selectors.voucher_by_code(values["code"])
        except NotFound as exc:
            return Response({"valid": False, "discount": "0.00", "currency": selectors.currency(),
                             "message": str(exc.message)})
        user = request.user if request.user.is_authenticated else None
        rule = selectors.rule_for(voucher, user=user)
        discount, reason = domain.check_subtotal(rule, subtotal=values["subtotal"], buyer=selectors.buyer_for(user),
                                                 now=timezone.now(), currency=selectors.currency(),
                                                 shop_id=values.get("shop_id"))
        body = {"valid": reason is None, "discount": discount, "currency": selectors.currency(),
                "message": _describe(rule, discount, reason)}
        return Response(VoucherValidateOutputSerializer(body).data)


class VoucherAvailableApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    @extend_schema(
        tags=["vouchers"], summary="Vouchers a shopper can pick",
        description="Running vouchers of the shop (`shop_id`) and of the platform, with whether each applies to "
                    "`subtotal` and what it would take off.",
        parameters=[OpenApiParameter("shop_id", OpenApiTypes.UUID, required=False),
                    OpenApiParameter("subtotal", OpenApiTypes.DECIMAL, required=False)],
        responses={200: VoucherAvailableSerializer(many=True)},
    )
    def get(self, request):
        params = VoucherAvailableParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        shop_id = params.validated_data.get("shop_id")
        subtotal = params.validated_data.get("subtotal", Decimal("0"))
        user = request.user if request.user.is_authenticated else None
        buyer, now = selectors.buyer_for(user), timezone.now()
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.vouchers_available(shop_id=shop_id, now=now), request, view=self)
        used = selectors.user_usage_counts(vouchers=page, user=user)  # the shopper's uses of the page's, in one query
        rows = []
        for voucher in page:
            rule = selectors.rule_for(voucher, user=user, user_used=used.get(voucher.pk, 0))
            discount, reason = domain.check_subtotal(rule, subtotal=subtotal, buyer=buyer, now=now,
                                                     currency=selectors.currency(), shop_id=shop_id)
            rows.append({
                "code": voucher.code, "title": voucher.title, "description": voucher.description,
                "type": voucher.type, "value": voucher.value, "max_discount": voucher.max_discount,
                "min_order_value": voucher.min_order_value, "shop_id": voucher.shop_id, "ends_at": voucher.ends_at,
                "remaining": voucher.remaining, "applicable": reason is None, "discount": discount,
                "message": _describe(rule, discount, reason),
            })
        return paginator.get_paginated_response(VoucherAvailableSerializer(rows, many=True).data)


def seller_shop(user):
    shop = getattr(user, "shop", None) if user.is_authenticated else None
    if shop is None:
        raise PermissionDenied(_("Register a shop first."))
    return shop


class SellerVoucherListApi(APIView):
    permission_classes = [IsAuthenticated, IsSeller]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    @extend_schema(tags=["seller"], summary="My shop's vouchers, with their results",
                   description="Each voucher with redemptions, orders, discount given and revenue of those orders.",
                   responses={200: SellerVoucherReportSerializer(many=True)})
    def get(self, request):
        shop = seller_shop(request.user)
        qs = selectors.voucher_report(shop=shop).prefetch_related("categories", "products")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(SellerVoucherReportSerializer(page, many=True).data)

    @extend_schema(tags=["seller"], summary="Create a voucher for my shop",
                   description="The code is stored upper-case and must be unique (409 otherwise). Products named "
                               "must be the shop's own.",
                   request=SellerVoucherSerializer, responses={201: SellerVoucherSerializer})
    def post(self, request):
        shop = seller_shop(request.user)
        data = SellerVoucherSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        voucher = services.voucher_create(shop=shop, by=request.user, categories=fields.pop("categories", []),
                                          products=fields.pop("products", []), **fields)
        return Response(SellerVoucherSerializer(voucher).data, status=status.HTTP_201_CREATED)


class SellerVoucherDetailApi(APIView):
    permission_classes = [IsAuthenticated, IsSeller]

    @extend_schema(tags=["seller"], summary="One of my shop's vouchers", responses={200: SellerVoucherSerializer})
    def get(self, request, pk):
        voucher = selectors.voucher_for_shop(shop=seller_shop(request.user), voucher_id=pk)
        return Response(SellerVoucherSerializer(voucher).data)

    def _update(self, request, pk, *, partial):
        voucher = selectors.voucher_for_shop(shop=seller_shop(request.user), voucher_id=pk)
        data = SellerVoucherSerializer(voucher, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        voucher = services.voucher_update(voucher=voucher, by=request.user, categories=fields.pop("categories", None),
                                          products=fields.pop("products", None), **fields)
        return Response(SellerVoucherSerializer(voucher).data)

    @extend_schema(tags=["seller"], summary="Replace a voucher",
                   description="Once used, its code, type and value can no longer change (422).",
                   request=SellerVoucherSerializer, responses={200: SellerVoucherSerializer})
    def put(self, request, pk):
        return self._update(request, pk, partial=False)

    @extend_schema(tags=["seller"], summary="Edit or pause a voucher",
                   description="`{\"is_active\": false}` pauses it, `true` resumes it.",
                   request=SellerVoucherSerializer, responses={200: SellerVoucherSerializer})
    def patch(self, request, pk):
        return self._update(request, pk, partial=True)
