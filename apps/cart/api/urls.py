"""API routes of cart, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""
from django.urls import path

from apps.cart.api import views

urlpatterns = [
    path("cart", views.CartApi.as_view(), name="cart"),
    path("cart/items", views.CartItemsApi.as_view(), name="cart-items"),
    path("cart/items/<uuid:pk>", views.CartItemApi.as_view(), name="cart-item"),
    path("cart/items/<uuid:pk>/save-for-later", views.CartSaveForLaterApi.as_view(), name="cart-item-save"),
    path("cart/sync", views.CartSyncApi.as_view(), name="cart-sync"),
    path("cart/vouchers", views.CartVouchersApi.as_view(), name="cart-vouchers"),
    path("cart/vouchers/<str:code>", views.CartVoucherApi.as_view(), name="cart-voucher"),
    path("cart/saved", views.CartSavedListApi.as_view(), name="cart-saved"),
    path("cart/saved/<uuid:pk>/move-to-cart", views.CartSavedMoveApi.as_view(), name="cart-saved-move"),
    path("wishlist", views.WishlistApi.as_view(), name="wishlist"),
    path("wishlist/count", views.WishlistCountApi.as_view(), name="wishlist-count"),
    path("wishlist/<uuid:product_id>", views.WishlistItemApi.as_view(), name="wishlist-item"),
    path("wishlist/<uuid:product_id>/move-to-cart", views.WishlistMoveToCartApi.as_view(), name="wishlist-move"),
]
