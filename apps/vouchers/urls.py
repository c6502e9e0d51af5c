from django.urls import path

from apps.vouchers import views

app_name = "vouchers"

urlpatterns = [
    path("seller/vouchers/", views.seller_voucher_list, name="seller-list"),
    path("seller/vouchers/new/", views.seller_voucher_create, name="seller-create"),
    path("seller/vouchers/<uuid:pk>/edit/", views.seller_voucher_edit, name="seller-edit"),
    path("seller/vouchers/<uuid:pk>/pause/", views.seller_voucher_pause, name="seller-pause"),
]
