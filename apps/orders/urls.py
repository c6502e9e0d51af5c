from django.urls import path

from apps.orders import views

app_name = "orders"

urlpatterns = [
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/summary/", views.checkout_summary, name="checkout-summary"),
    path("checkout/done/<uuid:checkout_id>/", views.checkout_done, name="checkout-done"),
    path("orders/", views.order_list, name="list"),
    path("orders/<uuid:pk>/", views.order_detail, name="detail"),
    path("orders/<uuid:pk>/cancel/", views.order_cancel, name="cancel"),
    path("orders/<uuid:pk>/invoice/", views.order_invoice, name="invoice"),
    path("seller/orders/", views.seller_order_list, name="seller-list"),
    path("seller/orders/bulk-confirm/", views.seller_orders_bulk_confirm, name="seller-bulk-confirm"),
    path("seller/orders/<uuid:pk>/", views.seller_order_detail, name="seller-detail"),
    path("seller/orders/<uuid:pk>/status/", views.seller_order_status, name="seller-status"),
    path("seller/orders/<uuid:pk>/packing-slip/", views.seller_packing_slip, name="seller-packing-slip"),
]
