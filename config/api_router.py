"""Every app's API under /api/v1/. Each app's api/urls.py holds full paths (e.g. "orders/<uuid:pk>")."""
from django.urls import include, path

API_APPS = ["accounts", "shops", "catalog", "search", "cart", "vouchers", "orders", "payments", "reviews",
            "notifications", "blog", "analytics", "integrations"]

urlpatterns = [path("", include(f"apps.{app}.api.urls")) for app in API_APPS]
