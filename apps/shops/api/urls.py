"""API routes of shops, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""
from django.urls import path

from apps.shops.api import views

urlpatterns = [
    path("shops", views.ShopListApi.as_view(), name="shop-list"),
    path("shops/<uuid:pk>", views.ShopDetailApi.as_view(), name="shop-detail"),
    path("shops/<uuid:pk>/follow", views.ShopFollowApi.as_view(), name="shop-follow"),
    path("seller/shops", views.SellerShopCreateApi.as_view(), name="seller-shop-create"),
    path("seller/shops/me", views.SellerShopMeApi.as_view(), name="seller-shop-me"),
]
