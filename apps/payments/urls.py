from django.urls import path

from apps.payments import views

app_name = "payments"

urlpatterns = [
    path("pay/<uuid:order_id>/", views.pay, name="pay"),
    path("pay/<uuid:order_id>/start/", views.pay_start, name="start"),
    path("pay/<uuid:order_id>/paypal/create/", views.paypal_create, name="paypal-create"),
    path("pay/<uuid:order_id>/paypal/capture/", views.paypal_capture_view, name="paypal-capture"),
    path("pay/<uuid:order_id>/return/", views.pay_return, name="return"),
    path("pay/<uuid:order_id>/cancel/", views.pay_cancel, name="cancel"),
    path("pay/<uuid:order_id>/success/", views.pay_success, name="success"),
    path("pay/<uuid:order_id>/failed/", views.pay_failed, name="failed"),
    path("pay/<uuid:order_id>/mark-received/", views.mark_received, name="mark-received"),
    path("payments/", views.history, name="history"),
    path("payments/cards/", views.saved_cards, name="cards"),
    path("payments/cards/<uuid:pk>/remove/", views.saved_card_remove, name="card-remove"),
    path("payments/<uuid:pk>/refund/", views.refund, name="refund"),
]
