"""API routes of accounts, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""
from django.urls import path

from apps.accounts.api import views

urlpatterns = [
    path("auth/register", views.RegisterApi.as_view(), name="auth-register"),
    path("auth/resend-otp", views.ResendOtpApi.as_view(), name="auth-resend-otp"),
    path("auth/verify-otp", views.VerifyOtpApi.as_view(), name="auth-verify-otp"),
    path("auth/login", views.LoginApi.as_view(), name="auth-login"),
    path("auth/refresh", views.RefreshApi.as_view(), name="auth-refresh"),
    path("auth/logout", views.LogoutApi.as_view(), name="auth-logout"),
    path("auth/forgot-password", views.ForgotPasswordApi.as_view(), name="auth-forgot-password"),
    path("auth/reset-password", views.ResetPasswordApi.as_view(), name="auth-reset-password"),
    path("auth/social/google", views.GoogleLoginApi.as_view(), name="auth-social-google"),
    path("auth/social/github", views.GithubLoginApi.as_view(), name="auth-social-github"),
    path("users/profile", views.ProfileApi.as_view(), name="users-profile"),
    path("users/profile/avatar", views.AvatarApi.as_view(), name="users-profile-avatar"),
    path("users/profile/addresses", views.AddressListApi.as_view(), name="users-addresses"),
    path("users/profile/addresses/<uuid:pk>", views.AddressDetailApi.as_view(), name="users-address-detail"),
    path("users/profile/addresses/<uuid:pk>/set-default", views.AddressSetDefaultApi.as_view(),
         name="users-address-set-default"),
]
