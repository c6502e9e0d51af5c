"""Shops API: public shops, follow, and the seller's own shop (API.md, Catalog and Seller sections)."""
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.errors import NotFound
from apps.core.schema import ErrorSerializer
from apps.shops import selectors, services
from apps.shops.api.serializers import (
    FollowSerializer,
    ShopDetailSerializer,
    ShopInputSerializer,
    ShopOwnerSerializer,
    ShopSummarySerializer,
)


class ShopListApi(ListAPIView):
    serializer_class = ShopSummarySerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="List active shops",
        description="Active (approved, not suspended) shops, by name. `q` matches the name, `city` the city.",
        parameters=[OpenApiParameter("q", str, description="Part of the shop name"),
                    OpenApiParameter("city", str, description="City / province")],
        tags=["shops"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.public_shops().order_by("name", "id")
        q = self.request.query_params.get("q", "").strip()
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(slug__icontains=q))
        city = self.request.query_params.get("city", "").strip()
        if city:
            qs = qs.filter(city__iexact=city)
        return qs


class ShopDetailApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(summary="An active shop", responses={200: ShopDetailSerializer}, tags=["shops"])
    def get(self, request, pk):
        shop = selectors.shop_public_get(shop_id=pk)
        following = selectors.is_following(shop=shop, user=request.user)
        return Response(ShopDetailSerializer(shop, context={"request": request, "is_following": following}).data)


class ShopFollowApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Follow a shop", description="Following twice changes nothing.", request=None,
                   responses={200: FollowSerializer}, tags=["shops"])
    def post(self, request, pk):
        shop = selectors.shop_public_get(shop_id=pk)
        services.shop_follow(shop=shop, user=request.user)
        return Response({"following": True, "follower_count": shop.follower_count})

    @extend_schema(summary="Unfollow a shop", request=None, responses={200: FollowSerializer}, tags=["shops"])
    def delete(self, request, pk):
        shop = selectors.shop_public_get(shop_id=pk)
        services.shop_unfollow(shop=shop, user=request.user)
        return Response({"following": False, "follower_count": shop.follower_count})


class SellerShopCreateApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Open a shop",
        description="Registers the caller's shop; the caller becomes a seller. The shop stays `pending` until "
                    "staff approve it (its products are hidden until then). One shop per user: 409 otherwise.",
        request=ShopInputSerializer,
        responses={201: ShopOwnerSerializer, 409: OpenApiResponse(ErrorSerializer, description="Already has a "
                                                                  "shop, or the name is taken (`conflict`).")},
        tags=["seller"],
    )
    def post(self, request):
        data = ShopInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shop = services.shop_register(owner=request.user, **data.validated_data)
        return Response(ShopOwnerSerializer(shop, context={"request": request}).data, status=status.HTTP_201_CREATED)


class SellerShopMeApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def _shop(self, request):
        shop = selectors.shop_of(request.user)
        if shop is None:
            raise NotFound(_("You have no shop yet. Open one first."))
        return shop

    @extend_schema(summary="My shop", responses={200: ShopOwnerSerializer, 404: OpenApiResponse(
        ErrorSerializer, description="The caller has no shop (`not_found`).")}, tags=["seller"])
    def get(self, request):
        return Response(ShopOwnerSerializer(self._shop(request), context={"request": request}).data)

    @extend_schema(summary="Update my shop", request=ShopInputSerializer(partial=True), responses={
        200: ShopOwnerSerializer, 404: OpenApiResponse(ErrorSerializer, description="No shop (`not_found`)."),
        409: OpenApiResponse(ErrorSerializer, description="Name taken (`conflict`).")}, tags=["seller"])
    def patch(self, request):
        shop = self._shop(request)
        data = ShopInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        shop = services.shop_update(shop=shop, **data.validated_data)
        return Response(ShopOwnerSerializer(shop, context={"request": request}).data)
