from django.urls import path

from apps.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/signup/", views.signup, name="signup"),
    path("account/verify/", views.verify, name="verify"),
    path("account/verify/resend/", views.verify_resend, name="verify_resend"),
    path("account/login/", views.login_view, name="login"),
    path("account/password/forgot/", views.password_forgot, name="password_forgot"),
    path("account/password/reset/", views.password_reset, name="password_reset"),
    path("account/profile/", views.profile, name="profile"),
    path("account/profile/avatar/", views.avatar_upload, name="avatar"),
    path("account/delete/", views.account_delete, name="delete"),
    path("account/addresses/", views.addresses, name="addresses"),
    path("account/addresses/<uuid:pk>/edit/", views.address_edit, name="address_edit"),
    path("account/addresses/<uuid:pk>/delete/", views.address_delete, name="address_delete"),
    path("account/addresses/<uuid:pk>/default/", views.address_make_default, name="address_default"),
]
