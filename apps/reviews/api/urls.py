"""API routes of reviews, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""
from django.urls import path

from apps.reviews.api import views

urlpatterns = [
    path("reviews", views.ReviewCreateApi.as_view(), name="review-create"),
    path("reviews/<uuid:pk>", views.ReviewDetailApi.as_view(), name="review-detail"),
    path("reviews/<uuid:pk>/vote", views.ReviewVoteApi.as_view(), name="review-vote"),
    path("products/<uuid:pk>/reviews", views.ProductReviewListApi.as_view(), name="product-reviews"),
    path("seller/reviews", views.SellerReviewListApi.as_view(), name="seller-review-list"),
    path("seller/reviews/<uuid:pk>/reply", views.SellerReviewReplyApi.as_view(), name="seller-review-reply"),
    path("seller/reviews/<uuid:pk>/report", views.SellerReviewReportApi.as_view(), name="seller-review-report"),
]
