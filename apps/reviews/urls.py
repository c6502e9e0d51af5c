from django.urls import path

from apps.reviews import views

app_name = "reviews"

urlpatterns = [
    path("reviews/product/<uuid:product_id>/", views.product_reviews, name="product"),
    path("reviews/mine/", views.my_reviews, name="mine"),
    path("reviews/order/<uuid:order_id>/", views.order_reviews, name="order"),
    path("reviews/new/<uuid:order_id>/<uuid:product_id>/", views.review_new, name="new"),
    path("reviews/<uuid:pk>/edit/", views.review_edit, name="edit"),
    path("reviews/<uuid:pk>/delete/", views.review_delete, name="delete"),
    path("reviews/<uuid:pk>/vote/", views.review_vote, name="vote"),
    path("seller/reviews/", views.seller_reviews, name="seller-list"),
    path("seller/reviews/<uuid:pk>/reply/", views.seller_reply, name="seller-reply"),
    path("seller/reviews/<uuid:pk>/report/", views.seller_report, name="seller-report"),
]
