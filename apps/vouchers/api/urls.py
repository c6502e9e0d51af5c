"""API routes of vouchers, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""
from django.urls import path

from apps.vouchers.api import views

urlpatterns = [
    path("vouchers/validate", views.VoucherValidateApi.as_view(), name="vouchers-validate"),
    path("vouchers/available", views.VoucherAvailableApi.as_view(), name="vouchers-available"),
    path("seller/vouchers", views.SellerVoucherListApi.as_view(), name="seller-vouchers"),
    path("seller/vouchers/<uuid:pk>", views.SellerVoucherDetailApi.as_view(), name="seller-voucher"),
]
