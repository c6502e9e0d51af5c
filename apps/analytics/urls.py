from django.urls import path

from apps.analytics import views

app_name = "analytics"

urlpatterns = [
    path("seller/stats/", views.seller_stats, name="seller-stats"),
]
