from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.core import views as core_views
from apps.core.metrics import metrics_view

STOREFRONT_APPS = ["accounts", "shops", "catalog", "search", "cart", "vouchers", "orders", "payments", "reviews",
                   "notifications", "blog", "analytics"]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("bench/bare", core_views.bare, name="bench-bare"),
    path("metrics", metrics_view, name="metrics"),
    path("api/v1/", include(("config.api_router", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("apps.core.urls")),
]
urlpatterns += [path("", include(f"apps.{app}.urls")) for app in STOREFRONT_APPS]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    # Uploaded media from local disk when no S3 is configured (the embedded default); S3 serves its own.
    from django.urls import re_path
    from django.views.static import serve

    if not getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""):
        urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

handler400 = "apps.core.views_errors.bad_request"
handler403 = "apps.core.views_errors.permission_denied"
handler404 = "apps.core.views_errors.page_not_found"
handler500 = "apps.core.views_errors.server_error"
