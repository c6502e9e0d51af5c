"""API routes of notifications, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""
from django.urls import path

from apps.notifications.api import views

urlpatterns = [
    path("notifications", views.NotificationListApi.as_view(), name="notifications-list"),
    path("notifications/unread-count", views.UnreadCountApi.as_view(), name="notifications-unread-count"),
    path("notifications/mark-all-read", views.MarkAllReadApi.as_view(), name="notifications-mark-all-read"),
    path("notifications/preferences", views.PreferencesApi.as_view(), name="notifications-preferences"),
    path("notifications/<uuid:pk>/read", views.NotificationReadApi.as_view(), name="notifications-read"),
]
