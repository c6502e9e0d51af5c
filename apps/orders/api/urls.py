from django.urls import path

from apps.orders.api import views

urlpatterns = [
    path("checkout/summary", views.CheckoutSummaryApi.as_view(), name="checkout-summary"),
    path("orders", views.OrderListCreateApi.as_view(), name="order-list"),
    path("orders/<uuid:pk>", views.OrderDetailApi.as_view(), name="order-detail"),
    path("orders/<uuid:pk>/cancel", views.OrderCancelApi.as_view(), name="order-cancel"),
    path("orders/<uuid:pk>/invoice", views.OrderInvoiceApi.as_view(), name="order-invoice"),
    path("orders/<uuid:pk>/tracking", views.OrderTrackingApi.as_view(), name="order-tracking"),
    path("seller/orders", views.SellerOrderListApi.as_view(), name="seller-order-list"),
    path("seller/orders/bulk-confirm", views.SellerOrderBulkConfirmApi.as_view(), name="seller-order-bulk-confirm"),
    path("seller/orders/<uuid:pk>", views.SellerOrderDetailApi.as_view(), name="seller-order-detail"),
    path("seller/orders/<uuid:pk>/status", views.SellerOrderStatusApi.as_view(), name="seller-order-status"),
]
