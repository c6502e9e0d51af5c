"""API routes of payments, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""
from django.urls import path

from apps.payments.api import views

urlpatterns = [
    path("payments", views.PaymentListApi.as_view(), name="payment-list"),
    path("payments/methods", views.PaymentMethodsApi.as_view(), name="payment-methods"),
    path("payments/orders/<uuid:order_id>/intent", views.PaymentIntentApi.as_view(), name="payment-intent"),
    path("payments/orders/<uuid:order_id>/mark-received", views.BankTransferReceivedApi.as_view(),
         name="payment-mark-received"),
    path("payments/paypal/capture", views.PaypalCaptureApi.as_view(), name="payment-paypal-capture"),
    path("payments/webhooks/stripe", views.StripeWebhookApi.as_view(), name="payments-webhook-stripe"),
    path("payments/webhooks/paypal", views.PaypalWebhookApi.as_view(), name="payments-webhook-paypal"),
    path("payments/webhooks/momo", views.MomoWebhookApi.as_view(), name="payments-webhook-momo"),
    path("payments/saved-methods", views.SavedMethodListApi.as_view(), name="payment-saved-methods"),
    path("payments/saved-methods/<uuid:pk>", views.SavedMethodDetailApi.as_view(), name="payment-saved-method"),
    path("payments/<uuid:pk>/refund", views.PaymentRefundApi.as_view(), name="payment-refund"),
]
