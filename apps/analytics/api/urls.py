"""API routes of analytics, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash).
"products/trending" cannot clash with the catalog's "products/<uuid:pk>" (not a UUID)."""
from django.urls import path

from apps.analytics.api import views

urlpatterns = [
    path("admin/dashboard", views.DashboardApi.as_view(), name="admin-dashboard"),
    path("admin/reports/<slug:name>", views.ReportApi.as_view(), name="admin-report"),
    path("admin/reports/<slug:name>/export", views.ReportExportApi.as_view(), name="admin-report-export"),
    path("admin/users", views.StaffUserListApi.as_view(), name="admin-user-list"),
    path("admin/users/<uuid:pk>/suspend", views.StaffUserSuspendOnApi.as_view(), name="admin-user-suspend"),
    path("admin/users/<uuid:pk>/unsuspend", views.StaffUserUnsuspendApi.as_view(), name="admin-user-unsuspend"),
    path("admin/shops", views.StaffShopListApi.as_view(), name="admin-shop-list"),
    path("admin/shops/<uuid:pk>/status", views.StaffShopStatusApi.as_view(), name="admin-shop-status"),
    path("admin/products", views.StaffProductListApi.as_view(), name="admin-product-list"),
    path("admin/products/<uuid:pk>/status", views.StaffProductStatusApi.as_view(), name="admin-product-status"),
    path("admin/categories", views.StaffCategoryCreateApi.as_view(), name="admin-category-create"),
    path("admin/categories/<int:pk>", views.StaffCategoryDetailApi.as_view(), name="admin-category-detail"),
    path("admin/audit-log", views.AuditLogApi.as_view(), name="admin-audit-log"),
    path("seller/stats", views.SellerStatsApi.as_view(), name="seller-stats"),
    path("products/trending", views.TrendingApi.as_view(), name="product-trending"),
    path("recommendations", views.RecommendationsApi.as_view(), name="recommendations"),
    path("users/me/recently-viewed", views.RecentlyViewedApi.as_view(), name="recently-viewed"),
]
