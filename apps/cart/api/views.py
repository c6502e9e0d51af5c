"""Cart and wishlist API (API.md, Cart and Wishlist): thin views over apps.cart.services."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.cart import presenters, selectors, services
from apps.cart.api.serializers import (
    CartItemAddInputSerializer,
    CartItemUpdateInputSerializer,
    CartOutputSerializer,
    CartQueryParamsSerializer,
    CartSavedItemSerializer,
    CartSyncInputSerializer,
    CartVoucherInputSerializer,
    WishlistAddInputSerializer,
    WishlistCountSerializer,
    WishlistItemSerializer,
    WishlistMoveInputSerializer,
)
from apps.core.pagination import PageNumberPagination
from apps.vouchers.selectors import PromotionSnapshot

SHIPPING_PARAM = OpenApiParameter("shipping_method", OpenApiTypes.STR, enum=["standard", "express"], required=False,
                                  description="Price shipping for this method (default standard).")
CART_EXAMPLE = OpenApiExample("cart", response_only=True, value={
    "shops": [{"shop": {"id": "5a3e0c1e-8a6f-4d1e-9a59-2d8f0c3e4b11", "name": "Điện Thoại Sài Gòn"},
               "items": [{"id": "0c9f5d55-6e0d-4f3f-8f7a-4d9b1f2a6c3e", "variant_id": "…", "product_id": "…",
                          "product_slug": "dien-thoai-lumi-x", "title": "Điện thoại Lumi X", "variant_name": "128GB Đen",
                          "image": "/media/products/thumbs/x.jpg", "quantity": 1, "unit_price": "239000.00",
                          "regular_price": None, "line_total": "239000.00", "available": True,
                          "unavailable_reason": "", "price_changed_from": "259000.00", "stock": 5,
                          "saved_for_later": False}],
               "subtotal": "239000.00", "shipping_fee": "30000.00", "discount": "23900.00", "tax": "22282.00",
               "total": "245100.00", "voucher_codes": ["GIAM10"], "estimated_delivery_days": 4,
               "amount_to_free_shipping": "261000.00"}],
    "subtotal": "239000.00", "shipping_fee": "30000.00", "discount": "23900.00", "tax": "22282.00",
    "total": "245100.00", "currency": "VND", "prices_include_tax": True, "shipping_method": "standard",
    "item_count": 1, "vouchers": [{"code": "GIAM10", "title": "Giảm 10%", "type": "percentage", "shop_id": None,
                                   "amount": "23900.00"}],
    "refused_vouchers": {}})
CART_RESPONSE = OpenApiResponse(CartOutputSerializer, description="The cart, priced.", examples=[CART_EXAMPLE])
# One instance for every response: its fields are bound once (to_representation keeps no state) instead of
# deep-copied on every request.
CART_OUTPUT = CartOutputSerializer()


def _shipping_method(request) -> str:
    params = CartQueryParamsSerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data["shipping_method"]


def cart_response(request, *, status_code=status.HTTP_200_OK, adjustments=None, cart=None, promotions=None,
                  quoted=None) -> Response:
    """The cart, priced; `quoted`: the (quote, items) a service has priced it to already."""
    if quoted is None:
        cart = cart or services.cart_get_for_user(request.user)
        quoted = services.cart_quote_for_display(cart=cart, user=request.user,
                                                 shipping_method=_shipping_method(request), promotions=promotions)
    quote, items = quoted
    data = presenters.cart_data(quote, items, adjustments=adjustments)
    return Response(CART_OUTPUT.to_representation(data), status=status_code)


def _paginated(view, request, rows, serializer_class):
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    return page, paginator


class CartApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["cart"], summary="The cart, priced",
                   description="Items grouped by shop with per-shop subtotal, shipping, discount and tax; the "
                               "vouchers applied on the cart and why any other code does not apply. Items marked "
                               "`available: false` are left out of the totals.",
                   parameters=[SHIPPING_PARAM], responses={200: CART_RESPONSE})
    def get(self, request):
        return cart_response(request)

    @extend_schema(tags=["cart"], summary="Empty the cart",
                   description="Removes every item (saved-for-later items stay) and the applied vouchers.",
                   responses={204: None})
    def delete(self, request):
        services.cart_clear(cart=services.cart_get_for_user(request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CartItemsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["cart"], summary="Add an item",
                   description="Adds the quantity to what the cart already holds. More than the stock → 422 "
                               "`out_of_stock` with `details.available`.",
                   request=CartItemAddInputSerializer, parameters=[SHIPPING_PARAM], responses={201: CART_RESPONSE})
    def post(self, request):
        data = CartItemAddInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = services.cart_get_for_user(request.user)
        promotions = PromotionSnapshot()
        services.cart_add(cart=cart, promotions=promotions, **data.validated_data)
        return cart_response(request, status_code=status.HTTP_201_CREATED, cart=cart, promotions=promotions)


class CartItemApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["cart"], summary="Change an item's quantity",
                   description="0 removes the item. More than the stock → 422 `out_of_stock`.",
                   request=CartItemUpdateInputSerializer, parameters=[SHIPPING_PARAM], responses={200: CART_RESPONSE})
    def patch(self, request, pk):
        data = CartItemUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = services.cart_get_for_user(request.user)
        promotions = PromotionSnapshot()
        services.cart_update_quantity(cart=cart, item_id=pk, quantity=data.validated_data["quantity"],
                                      promotions=promotions)
        return cart_response(request, cart=cart, promotions=promotions)

    @extend_schema(tags=["cart"], summary="Remove an item", responses={204: None})
    def delete(self, request, pk):
        services.cart_remove_item(cart=services.cart_get_for_user(request.user), item_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CartSyncApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["cart"], summary="Merge a device's offline cart",
                   description="Per variant the larger of the device's and the server's quantity, capped by stock; "
                               "unavailable variants are skipped. `adjustments` lists what differs from the request.",
                   request=CartSyncInputSerializer, parameters=[SHIPPING_PARAM], responses={200: CART_RESPONSE})
    def post(self, request):
        data = CartSyncInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = services.cart_get_for_user(request.user)
        adjustments = services.cart_sync(cart=cart, items=data.validated_data["items"])
        return cart_response(request, adjustments=adjustments, cart=cart)


class CartVouchersApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["cart"], summary="Apply a voucher code",
                   description="Codes are not case-sensitive. A code takes the slot of a code of the same shop (or of "
                               "the previous platform code). A code that does not apply now → 422 `voucher_invalid` "
                               "with the reason (e.g. \"Đơn tối thiểu 200.000 ₫\").",
                   request=CartVoucherInputSerializer, parameters=[SHIPPING_PARAM], responses={200: CART_RESPONSE})
    def post(self, request):
        data = CartVoucherInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = services.cart_get_for_user(request.user)
        quoted = services.cart_apply_voucher_for_display(cart=cart, user=request.user, code=data.validated_data["code"],
                                                         shipping_method=_shipping_method(request))
        return cart_response(request, quoted=quoted)


class CartVoucherApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["cart"], summary="Remove a voucher code", responses={204: None})
    def delete(self, request, code):
        services.cart_remove_voucher(cart=services.cart_get_for_user(request.user), code=code)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CartSaveForLaterApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["cart"], summary="Save an item for later",
                   description="The item leaves the cart's totals and appears in `GET /cart/saved`.",
                   request=None, parameters=[SHIPPING_PARAM], responses={200: CART_RESPONSE})
    def post(self, request, pk):
        cart = services.cart_get_for_user(request.user)
        services.cart_save_for_later(cart=cart, item_id=pk)
        return cart_response(request, cart=cart)


class CartSavedListApi(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    @extend_schema(tags=["cart"], summary="Items saved for later", responses={200: CartSavedItemSerializer(many=True)})
    def get(self, request):
        cart = services.cart_get_for_user(request.user)
        page, paginator = _paginated(self, request, selectors.saved_lines(cart),
                                     CartSavedItemSerializer)
        snapshot = PromotionSnapshot()
        rows = [presenters.saved_item_data(item, snapshot) for item in page]
        return paginator.get_paginated_response(CartSavedItemSerializer(rows, many=True).data)


class CartSavedMoveApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["cart"], summary="Move a saved item back to the cart",
                   description="Stock is checked: 422 `out_of_stock` with `details.available`.",
                   request=None, parameters=[SHIPPING_PARAM], responses={200: CART_RESPONSE})
    def post(self, request, pk):
        cart = services.cart_get_for_user(request.user)
        services.cart_move_to_cart(cart=cart, item_id=pk)
        return cart_response(request, cart=cart)


# --- wishlist -----------------------------------------------------------------------------------
class WishlistApi(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    @extend_schema(tags=["wishlist"], summary="The wishlist",
                   description="Products with their current price (promotions applied) and stock, newest first.",
                   responses={200: WishlistItemSerializer(many=True)})
    def get(self, request):
        page, paginator = _paginated(self, request, selectors.wishlist_items(request.user), WishlistItemSerializer)
        snapshot = PromotionSnapshot()
        rows = [presenters.wishlist_item_data(item, snapshot) for item in page]
        return paginator.get_paginated_response(WishlistItemSerializer(rows, many=True).data)

    @extend_schema(tags=["wishlist"], summary="Add a product",
                   description="201 when added, 200 when it was already there. You are alerted once when it comes "
                               "back in stock or its price drops.",
                   request=WishlistAddInputSerializer,
                   responses={201: WishlistItemSerializer, 200: WishlistItemSerializer})
    def post(self, request):
        data = WishlistAddInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item, created = services.wishlist_add(user=request.user, product_id=data.validated_data["product_id"])
        item = selectors.wishlist_items(request.user).get(pk=item.pk)
        body = WishlistItemSerializer(presenters.wishlist_item_data(item, PromotionSnapshot())).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class WishlistItemApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["wishlist"], summary="Remove a product", responses={204: None})
    def delete(self, request, product_id):
        services.wishlist_remove(user=request.user, product_id=product_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WishlistMoveToCartApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["wishlist"], summary="Move a product to the cart",
                   description="One unit of the chosen variant goes into the cart (stock checked: 422 "
                               "`out_of_stock`) and the product leaves the wishlist.",
                   request=WishlistMoveInputSerializer, responses={200: CART_RESPONSE})
    def post(self, request, product_id):
        data = WishlistMoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.wishlist_move_to_cart(user=request.user, product_id=product_id,
                                       variant_id=data.validated_data.get("variant_id"))
        return cart_response(request)


class WishlistCountApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["wishlist"], summary="How many products are in the wishlist", responses={200: WishlistCountSerializer})
    def get(self, request):
        return Response({"count": selectors.wishlist_count(request.user)})
