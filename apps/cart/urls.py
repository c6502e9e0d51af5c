from django.urls import path

from apps.cart import views

app_name = "cart"

urlpatterns = [
    path("cart/", views.cart_page, name="page"),
    path("cart/count/", views.cart_count, name="count"),
    path("cart/add/", views.cart_add, name="add"),
    path("cart/clear/", views.cart_clear, name="clear"),
    path("cart/items/<uuid:pk>/quantity/", views.item_quantity, name="item-quantity"),
    path("cart/items/<uuid:pk>/remove/", views.item_remove, name="item-remove"),
    path("cart/items/<uuid:pk>/save/", views.item_save, name="item-save"),
    path("cart/saved/<uuid:pk>/move/", views.saved_move, name="saved-move"),
    path("cart/vouchers/", views.voucher_apply, name="voucher-apply"),
    path("cart/vouchers/<str:code>/remove/", views.voucher_remove, name="voucher-remove"),
    path("wishlist/", views.wishlist_page, name="wishlist"),
    path("wishlist/count/", views.wishlist_count, name="wishlist-count"),
    path("wishlist/toggle/<uuid:product_id>/", views.wishlist_toggle, name="wishlist-toggle"),
    path("wishlist/<uuid:product_id>/move/", views.wishlist_move, name="wishlist-move"),
    path("wishlist/<uuid:product_id>/remove/", views.wishlist_remove, name="wishlist-remove"),
]
