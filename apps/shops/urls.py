from django.urls import path

from apps.shops import views

app_name = "shops"

urlpatterns = [
    path("shops/", views.shop_list, name="list"),
    path("shops/<slug:slug>/", views.shop_detail, name="detail"),
    path("shops/<slug:slug>/follow/", views.shop_follow, name="follow"),
    path("seller/", views.seller_dashboard, name="dashboard"),
    path("seller/register/", views.seller_register, name="register"),
    path("seller/shop/", views.seller_settings, name="settings"),
]
