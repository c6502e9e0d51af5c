"""Orders API: thin views over apps.orders.services and selectors (API.md, Orders)."""
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.pagination import PageNumberPagination
from apps.core.permissions import IsSeller
from apps.core.schema import ErrorSerializer
from apps.core.throttles import CheckoutRateThrottle
from apps.integrations.permissions import HasApiKeyScope
from apps.orders import selectors, services
from apps.orders.api.serializers import (
    BulkConfirmInputSerializer,
    BulkConfirmOutputSerializer,
    CheckoutInputSerializer,
    OrderCancelInputSerializer,
    OrderOutputSerializer,
    OrderPlaceInputSerializer,
    QuoteOutputSerializer,
    SellerStatusInputSerializer,
    TrackingOutputSerializer,
    quote_data,
)
from apps.orders.domain import OrderStatus

# One instance for every response: its fields are bound once (to_representation keeps no state) instead of
# deep-copied on every request, as the cart API does.
ORDER_OUTPUT = OrderOutputSerializer()


def order_data(order) -> dict:
    return ORDER_OUTPUT.to_representation(order)


STATUS_PARAM = OpenApiParameter("status", OpenApiTypes.STR, enum=OrderStatus.values, required=False,
                                description="Only orders in this status.")
IDEMPOTENCY_PARAM = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Any unique string (a UUID) per checkout attempt. Repeating the request with the same key "
                "returns the orders of the first request again (201) and creates nothing new.")
E422 = OpenApiResponse(ErrorSerializer, description="A business rule refuses it (code in the body).")
ORDER_EXAMPLE = OpenApiExample("order", response_only=True, value={
    "id": "7b0e1c1e-8a6f-4d1e-9a59-2d8f0c3e4b11", "order_number": "CHO-20261121-7K3QX",
    "checkout_id": "0c9f5d55-6e0d-4f3f-8f7a-4d9b1f2a6c3e", "status": "pending",
    "shop": {"id": "5a3e...", "name": "Cửa hàng Điện thoại", "slug": "cua-hang-dien-thoai"},
    "items": [{"id": "…", "product_id": "…", "variant_id": "…",
               "product_snapshot": {"title": "Điện thoại X", "image": "/media/products/x.jpg"},
               "variant_snapshot": {"name": "128GB – Đen", "sku": "X-128-BLK", "price": "259000.00"},
               "quantity": 1, "unit_price": "259000.00", "subtotal": "259000.00"}],
    "shipping_address": {"recipient_name": "Nguyễn Văn A", "phone_number": "+84912345678",
                         "street_address": "12 Lê Lợi", "ward": "Bến Nghé", "district": "Quận 1",
                         "city": "Hồ Chí Minh"},
    "shipping_method": "standard", "carrier": "", "tracking_number": "", "estimated_delivery_date": "2026-11-25",
    "subtotal": "259000.00", "shipping_fee": "30000.00", "discount": "0.00", "tax": "26273.00",
    "total": "289000.00", "currency": "VND", "payment_method": "cod", "payment_status": "unpaid",
    "voucher_codes": [], "notes": "", "cancellation_reason": "", "created_at": "2026-11-21T09:30:00+07:00",
    "status_history": [{"status": "pending", "at": "2026-11-21T09:30:00+07:00", "by": "buyer", "note": ""}],
})


def _paginated(view, request, queryset, serializer_class):
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


class CheckoutSummaryApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["orders"], summary="Price the cart for checkout",
        description="Prices, shipping per shop, vouchers, tax and totals as `POST /orders` would charge them now. "
                    "Creates nothing. Lines marked `available: false` are left out of the totals and the order; "
                    "`refused_vouchers` explains codes that do not apply.",
        request=CheckoutInputSerializer, responses={200: QuoteOutputSerializer},
    )
    def post(self, request):
        data = CheckoutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        quote = services.checkout_summary(buyer=request.user, shipping_method=values["shipping_method"],
                                          voucher_codes=values["voucher_codes"],
                                          payment_method=values.get("payment_method"))
        body = quote_data(quote, shipping_method=values["shipping_method"],
                          payment_methods=selectors.payment_methods_available(), today=timezone.localdate())
        return Response(QuoteOutputSerializer(body).data)


class OrderListCreateApi(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(CheckoutRateThrottle())
        return throttles

    @extend_schema(
        tags=["orders"], summary="My orders", parameters=[STATUS_PARAM],
        description="The signed-in buyer's orders, newest first, paginated.",
        responses={200: OrderOutputSerializer(many=True)},
    )
    def get(self, request):
        status_filter = request.query_params.get("status") or None
        return _paginated(self, request, selectors.orders_for_buyer(request.user, status=status_filter),
                          OrderOutputSerializer)

    @extend_schema(
        tags=["orders"], summary="Place orders from the cart",
        description="One order per shop from the cart's available lines: stock is taken, vouchers redeemed, the "
                    "ordered items leave the cart. Send an `Idempotency-Key` header: the same key returns the "
                    "same orders (201) and creates nothing new. Rate-limited (scope `checkout`).",
        parameters=[IDEMPOTENCY_PARAM], request=OrderPlaceInputSerializer,
        responses={201: OrderOutputSerializer(many=True), 422: E422},
        examples=[ORDER_EXAMPLE, OpenApiExample(
            "out of stock", response_only=True, status_codes=["422"],
            value={"error": {"code": "out_of_stock", "message": "Only 0 left of X-128-BLK.",
                             "details": {"variant_id": "…", "available": 0}}})],
    )
    def post(self, request):
        data = OrderPlaceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        from apps.accounts.selectors import address_of_user

        address = address_of_user(request.user, values["address_id"])
        orders = services.order_place(
            buyer=request.user, address=address, shipping_method=values["shipping_method"],
            payment_method=values["payment_method"], voucher_codes=values["voucher_codes"], notes=values["notes"],
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        return Response([order_data(o) for o in orders], status=status.HTTP_201_CREATED)


class OrderDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["orders"], summary="One of my orders", responses={200: OrderOutputSerializer},
                   examples=[ORDER_EXAMPLE], description="Another buyer's order is 404.")
    def get(self, request, pk):
        return Response(order_data(selectors.order_for_buyer(request.user, pk)))


class OrderCancelApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["orders"], summary="Cancel my order",
        description="Pending or confirmed orders only; the stock and the vouchers come back. Otherwise 422 "
                    "`invalid_transition`.",
        request=OrderCancelInputSerializer, responses={200: OrderOutputSerializer, 422: E422},
    )
    def post(self, request, pk):
        order = selectors.order_for_buyer(request.user, pk)
        data = OrderCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        from apps.orders.domain import Actor

        services.order_transition(order=order, to_status=OrderStatus.CANCELLED, by=request.user,
                                  note=data.validated_data["reason"], actor=Actor.BUYER)
        return Response(order_data(selectors.order_for_buyer(request.user, pk)))


class OrderInvoiceApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["orders"], summary="Invoice (PDF)",
        description="The order's invoice as a PDF. For the buyer, the shop's seller and staff; 404 for others.",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk):
        from apps.orders.invoices import invoice_pdf

        order = selectors.order_for_viewer(request.user, pk)
        response = HttpResponse(invoice_pdf(order), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{order.order_number}.pdf"'
        return response


class OrderTrackingApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["orders"], summary="Track my order", responses={200: TrackingOutputSerializer},
                   description="Carrier, tracking number, estimated delivery and the pipeline steps reached.")
    def get(self, request, pk):
        order = selectors.order_for_buyer(request.user, pk)
        return Response(TrackingOutputSerializer(selectors.order_tracking(order)).data)


# --- seller ------------------------------------------------------------------------------------
def _shop_or_404(user):
    from apps.core.errors import NotFound

    shop = selectors.seller_shop(user)
    if shop is None:
        raise NotFound()
    return shop


class SellerOrderListApi(APIView):
    permission_classes = [IsSeller, HasApiKeyScope]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema
    api_key_scopes = {"GET": "orders:read"}

    @extend_schema(tags=["seller"], summary="My shop's orders", parameters=[STATUS_PARAM],
                   responses={200: OrderOutputSerializer(many=True)}, description="Newest first, paginated.")
    def get(self, request):
        shop = _shop_or_404(request.user)
        status_filter = request.query_params.get("status") or None
        return _paginated(self, request, selectors.orders_for_shop(shop, status=status_filter),
                          OrderOutputSerializer)


class SellerOrderDetailApi(APIView):
    permission_classes = [IsSeller, HasApiKeyScope]
    api_key_scopes = {"GET": "orders:read"}

    @extend_schema(tags=["seller"], summary="One of my shop's orders", responses={200: OrderOutputSerializer},
                   description="Another shop's order is 404.")
    def get(self, request, pk):
        return Response(order_data(selectors.order_for_seller(_shop_or_404(request.user), pk)))


class SellerOrderStatusApi(APIView):
    permission_classes = [IsSeller, HasApiKeyScope]
    api_key_scopes = {"PATCH": "orders:manage"}

    @extend_schema(
        tags=["seller"], summary="Move an order along",
        description="confirmed → packed → shipping (with `tracking_number`, `carrier`) → delivered. Anything the "
                    "pipeline or the seller's role does not allow is 422 `invalid_transition`; online payments "
                    "must be paid before confirming (422 `payment_required`).",
        request=SellerStatusInputSerializer, responses={200: OrderOutputSerializer, 422: E422},
    )
    def patch(self, request, pk):
        shop = _shop_or_404(request.user)
        order = selectors.order_for_seller(shop, pk)
        data = SellerStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        from apps.orders.domain import Actor

        services.order_transition(order=order, to_status=values["status"], by=request.user, note=values["note"],
                                  tracking_number=values["tracking_number"], carrier=values["carrier"],
                                  actor=Actor.SELLER)
        return Response(order_data(selectors.order_for_seller(shop, pk)))


class SellerOrderBulkConfirmApi(APIView):
    permission_classes = [IsSeller, HasApiKeyScope]
    api_key_scopes = {"POST": "orders:manage"}

    @extend_schema(
        tags=["seller"], summary="Confirm several orders",
        description="Confirms each listed pending order of the shop; the others are reported with the reason.",
        request=BulkConfirmInputSerializer, responses={200: BulkConfirmOutputSerializer},
    )
    def post(self, request):
        shop = _shop_or_404(request.user)
        data = BulkConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        confirmed, refused = services.orders_bulk_confirm(shop=shop, order_ids=data.validated_data["order_ids"],
                                                          by=request.user)
        return Response(BulkConfirmOutputSerializer({"confirmed": [o.pk for o in confirmed], "refused": refused}).data)
