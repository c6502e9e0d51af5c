from django.urls import path

from apps.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/mark-all-read/", views.mark_all_read, name="mark-all-read"),
    path("notifications/<uuid:pk>/open/", views.notification_open, name="open"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/", views.newsletter_signup, name="newsletter"),
    path("newsletter/confirm/<str:token>/", views.newsletter_confirm_view, name="newsletter-confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.newsletter_unsubscribe, name="newsletter-unsubscribe"),
]
