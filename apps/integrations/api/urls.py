"""API routes of integrations, mounted at /api/v1/ (no trailing slash)."""
from django.urls import path

from apps.integrations.api import views

urlpatterns = [
    path("integrations/keys", views.ApiKeyListIssueApi.as_view(), name="integrations-keys"),
    path("integrations/keys/<uuid:pk>", views.ApiKeyDetailApi.as_view(), name="integrations-key-detail"),
    path("integrations/keys/<uuid:pk>/revoke", views.ApiKeyRevokeApi.as_view(), name="integrations-key-revoke"),
    path("integrations/keys/<uuid:pk>/rotate", views.ApiKeyRotateApi.as_view(), name="integrations-key-rotate"),
    path("integrations/whoami", views.ApiKeyWhoAmIApi.as_view(), name="integrations-whoami"),
]
