"""Payments API: thin views over apps.payments.services and selectors (API.md, Payments)."""
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.errors import NotFound
from apps.core.pagination import PageNumberPagination
from apps.core.schema import ErrorSerializer
from apps.core.throttles import CheckoutRateThrottle, WebhookRateThrottle
from apps.payments import gateways, selectors, services
from apps.payments.api.serializers import (
    IntentInputSerializer,
    IntentOutputSerializer,
    MarkReceivedInputSerializer,
    MethodsOutputSerializer,
    PaymentOutputSerializer,
    PaypalCaptureInputSerializer,
    RefundInputSerializer,
    RefundOutputSerializer,
    SavedMethodOutputSerializer,
    WebhookAckSerializer,
)

IDEMPOTENCY_PARAM = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Any unique string (a UUID) per payment attempt. Repeating the request with the same key returns "
                "the first answer again (201) and creates nothing new at the provider.")
E400 = OpenApiResponse(ErrorSerializer, description="Invalid input, or a webhook whose signature does not verify.")
E422 = OpenApiResponse(ErrorSerializer, description="A business rule refuses it, or the provider declined "
                                                    "(`payment_failed`; the message says what to do).")
E503 = OpenApiResponse(ErrorSerializer, description="The provider is not responding (`service_unavailable`); "
                                                    "retry later, nothing was charged twice.")


class PaymentIntentApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [CheckoutRateThrottle]

    @extend_schema(
        tags=["payments"], summary="Start paying an order online",
        description="Creates (or reuses) the order's payment at the provider chosen at checkout. Answers with "
                    "`client_secret` (Stripe: confirm with Stripe.js or the mobile SDK), `approval_url` (PayPal: "
                    "send the buyer there, then `POST /payments/paypal/capture`) or `pay_url` (MoMo: open it). "
                    "Card data never reaches our servers. A failed payment can be started again (\"pay again\").",
        parameters=[IDEMPOTENCY_PARAM], request=IntentInputSerializer,
        responses={201: IntentOutputSerializer, 409: OpenApiResponse(ErrorSerializer, description="Already paid."),
                   422: E422, 503: E503},
        examples=[OpenApiExample("stripe", response_only=True, status_codes=["201"], value={
            "payment_id": "3f1c0a52-1d7e-4f0b-9a61-5b1d2c3e4f50", "provider": "stripe", "status": "pending",
            "amount": "289000.00", "currency": "VND", "client_secret": "pi_3PqX..._secret_Xk9T..."}),
            OpenApiExample("paypal", response_only=True, status_codes=["201"], value={
                "payment_id": "3f1c0a52-1d7e-4f0b-9a61-5b1d2c3e4f50", "provider": "paypal", "status": "pending",
                "amount": "289000.00", "currency": "VND",
                "approval_url": "https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T"})],
    )
    def post(self, request, order_id):
        from apps.orders.selectors import order_for_buyer

        data = IntentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        order = order_for_buyer(request.user, order_id)
        _payment, body = services.payment_intent_create(
            order=order, buyer=request.user, provider=values["provider"],
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            save_payment_method=values["save_payment_method"], saved_method_id=values.get("saved_method_id"))
        return Response(IntentOutputSerializer(body).data, status=status.HTTP_201_CREATED)


class PaypalCaptureApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["payments"], summary="Capture an approved PayPal order",
        description="After the buyer approved the payment at PayPal. Safe to repeat: a captured order answers "
                    "with the completed payment.",
        request=PaypalCaptureInputSerializer, responses={200: PaymentOutputSerializer, 422: E422, 503: E503},
    )
    def post(self, request):
        data = PaypalCaptureInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment = services.paypal_capture(buyer=request.user, paypal_order_id=data.validated_data["paypal_order_id"])
        return Response(PaymentOutputSerializer(selectors.payment_for_buyer(request.user, payment.pk)).data)


class _WebhookApi(APIView):
    """Providers call these. No session or JWT (so no CSRF); the signature is the authentication."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [WebhookRateThrottle]  # per source IP, generous: providers burst and retry on 429
    provider = ""

    def post(self, request):
        _event, applied = services.webhook_receive(provider=self.provider, body=request.body, headers=request.headers)
        return Response({"received": True, "applied": applied})


class StripeWebhookApi(_WebhookApi):
    provider = "stripe"

    @extend_schema(
        tags=["payments"], summary="Stripe webhook", auth=[],
        description="Stripe events (payment_intent.*, charge.refunded). The `Stripe-Signature` header is verified "
                    "with the endpoint secret (tolerance 5 minutes); each event is applied once.",
        request=OpenApiTypes.OBJECT, responses={200: WebhookAckSerializer, 400: E400},
    )
    def post(self, request):
        return super().post(request)


class PaypalWebhookApi(_WebhookApi):
    provider = "paypal"

    @extend_schema(
        tags=["payments"], summary="PayPal webhook", auth=[],
        description="PayPal events (CHECKOUT.ORDER.APPROVED, PAYMENT.CAPTURE.*). Verified through PayPal's "
                    "verify-webhook-signature with PAYPAL_WEBHOOK_ID; each event is applied once.",
        request=OpenApiTypes.OBJECT, responses={200: WebhookAckSerializer, 400: E400},
    )
    def post(self, request):
        return super().post(request)


class MomoWebhookApi(_WebhookApi):
    provider = "momo"

    @extend_schema(
        tags=["payments"], summary="MoMo IPN", auth=[],
        description="MoMo's payment result (IPN), HMAC-SHA256 signed with the partner secret. Answered with 204 "
                    "as MoMo expects; each result is applied once.",
        request=OpenApiTypes.OBJECT, responses={204: OpenApiResponse(description="Received."), 400: E400},
    )
    def post(self, request):
        services.webhook_receive(provider=self.provider, body=request.body, headers=request.headers)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PaymentListApi(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    @extend_schema(tags=["payments"], summary="My payments",
                   description="The signed-in buyer's payments with their refunds, newest first, paginated.",
                   responses={200: PaymentOutputSerializer(many=True)})
    def get(self, request):
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.payments_for_buyer(request.user), request, view=self)
        return paginator.get_paginated_response(PaymentOutputSerializer(page, many=True).data)


class PaymentRefundApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["payments"], summary="Refund a payment (staff or the shop's seller)",
        description="Refunds `amount` (everything not refunded yet when left out) through the provider. A refund "
                    "can never exceed what was paid minus earlier refunds (400). The buyer gets 403; anyone "
                    "else 404.",
        request=RefundInputSerializer, responses={201: RefundOutputSerializer, 422: E422, 503: E503},
        examples=[OpenApiExample("partial", request_only=True, value={"amount": "50000", "reason": "Thiếu hàng"})],
    )
    def post(self, request, pk):
        data = RefundInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment = selectors.payment_for_manager(request.user, pk)
        refund = services.payment_refund(payment=payment, by=request.user, amount=data.validated_data.get("amount"),
                                         reason=data.validated_data["reason"])
        return Response(RefundOutputSerializer(refund).data, status=status.HTTP_201_CREATED)


class PaymentMethodsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(tags=["payments"], summary="Payment methods offered",
                   description="Methods this installation offers (a provider without keys is not offered), and the "
                               "public keys the apps need for Stripe and PayPal.",
                   responses={200: MethodsOutputSerializer})
    def get(self, request):
        methods = gateways.available_methods()
        return Response(MethodsOutputSerializer({
            "methods": methods,
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY if "stripe" in methods else "",
            "paypal_client_id": settings.PAYPAL_CLIENT_ID if "paypal" in methods else "",
        }).data)


class SavedMethodListApi(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    @extend_schema(tags=["payments"], summary="My saved cards",
                   description="Cards saved at Stripe for faster checkout: brand and last four digits only.",
                   responses={200: SavedMethodOutputSerializer(many=True)})
    def get(self, request):
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.saved_methods_for_user(request.user), request, view=self)
        return paginator.get_paginated_response(SavedMethodOutputSerializer(page, many=True).data)


class SavedMethodDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["payments"], summary="Remove a saved card",
                   description="Detaches the card at Stripe and forgets it.", responses={204: None, 503: E503})
    def delete(self, request, pk):
        services.saved_method_remove(user=request.user, method_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BankTransferReceivedApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["payments"], summary="Mark a bank transfer received (staff or the shop's seller)",
                   description="The transfer with the order's reference arrived: the order is paid.",
                   request=MarkReceivedInputSerializer, responses={200: PaymentOutputSerializer, 422: E422})
    def post(self, request, order_id):
        from apps.orders.models import Order

        data = MarkReceivedInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = Order.objects.select_related("shop").filter(pk=order_id).first()
        if order is None:
            raise NotFound()
        payment = services.payment_bank_transfer_mark_received(order=order, by=request.user,
                                                               note=data.validated_data["note"])
        payment = selectors.payments_for_order(order).select_related("order").get(pk=payment.pk)
        return Response(PaymentOutputSerializer(payment).data)
