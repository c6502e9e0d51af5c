"""Reviews API: thin views over apps.reviews.services and selectors (API.md, Reviews)."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.errors import NotFound
from apps.core.pagination import PageNumberPagination
from apps.core.permissions import IsSeller
from apps.core.schema import ErrorSerializer
from apps.core.throttles import ReviewRateThrottle
from apps.reviews import selectors, services
from apps.reviews.api.serializers import (
    ReviewCreateInputSerializer,
    ReviewOutputSerializer,
    ReviewReplyInputSerializer,
    ReviewReportInputSerializer,
    ReviewUpdateInputSerializer,
    ReviewVoteInputSerializer,
    ReviewVoteOutputSerializer,
    SellerReviewOutputSerializer,
)
from apps.reviews.domain import ReviewSort

TAGS = ["reviews"]
TRUE_VALUES = {"1", "true", "yes", "on"}
E409 = OpenApiResponse(ErrorSerializer, description="Already done (`conflict`): a second review of the same "
                                                    "product, a second reply or report.")
E422 = OpenApiResponse(ErrorSerializer, description="A business rule refuses it: `review_not_allowed` (the order "
                                                    "is not delivered or lacks the product), `edit_window_closed`.")
REVIEW_EXAMPLE = OpenApiExample("review", response_only=True, value={
    "id": "3f1c2b8e-7d7a-4a3e-9c55-1b2a3c4d5e6f", "product_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    "variant_name": "128GB – Đen", "author_name": "Nguyễn V. A.", "rating": 5, "title": "Rất hài lòng",
    "content": "Máy chạy mượt, pin tốt, giao hàng nhanh.",
    "images": [{"id": "…", "url": "https://cho.example/media/reviews/2026/11/anh.jpg", "position": 0}],
    "verified_purchase": True, "status": "visible", "helpful_count": 12, "not_helpful_count": 1, "my_vote": None,
    "is_mine": False, "seller_reply": {"content": "Cảm ơn bạn đã ủng hộ shop!",
                                       "replied_at": "2026-11-23T10:00:00+07:00"},
    "edited_at": None, "created_at": "2026-11-22T20:15:00+07:00", "updated_at": "2026-11-23T10:00:00+07:00"})


def _flag(value) -> bool:
    return str(value or "").strip().lower() in TRUE_VALUES


class ReviewCreateApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_throttles(self):
        return [*super().get_throttles(), ReviewRateThrottle()]

    @extend_schema(
        tags=TAGS, summary="Review a product you bought",
        description="Only the buyer of a delivered (or completed) order that contains the product may review it, "
                    "once per product. JSON, or multipart with up to 5 `images` (JPEG/PNG/WebP/GIF, ≤ 5 MB each). "
                    "A review that trips the word filter is saved with status `pending` and stays hidden until "
                    "staff approve it. Rate-limited (scope `reviews`).",
        request={"application/json": ReviewCreateInputSerializer,
                 "multipart/form-data": ReviewCreateInputSerializer},
        responses={201: ReviewOutputSerializer, 409: E409, 422: E422},
        examples=[REVIEW_EXAMPLE, OpenApiExample(
            "create", request_only=True,
            value={"product_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                   "order_id": "7b0e1c1e-8a6f-4d1e-9a59-2d8f0c3e4b11", "rating": 5, "title": "Rất hài lòng",
                   "content": "Máy chạy mượt, pin tốt."})],
    )
    def post(self, request):
        data = ReviewCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        review = services.review_create(author=request.user, product_id=values["product_id"],
                                        order_id=values["order_id"], rating=values["rating"],
                                        title=values["title"], content=values["content"], images=values["images"])
        review = selectors.review_for_author(request.user, review.pk)
        return Response(ReviewOutputSerializer(review, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class ReviewDetailApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    def get_throttles(self):
        throttles = super().get_throttles()
        return throttles if self.request.method == "GET" else [*throttles, ReviewRateThrottle()]

    @extend_schema(tags=TAGS, summary="One review", responses={200: ReviewOutputSerializer},
                   examples=[REVIEW_EXAMPLE],
                   description="A visible review; its author also sees it while it is pending or hidden.")
    def get(self, request, pk):
        try:
            review = selectors.review_for_author(request.user, pk)
        except NotFound:
            review = selectors.review_public(pk)
        votes = selectors.votes_of(request.user, [review.pk])
        return Response(ReviewOutputSerializer(review, context={"request": request, "votes": votes}).data)

    @extend_schema(
        tags=TAGS, summary="Edit my review",
        description="The author changes rating, title, content, adds images (multipart) or removes some "
                    "(`remove_image_ids`), within 30 days of writing it. The word filter runs again. "
                    "Another user's review is 404.",
        request={"application/json": ReviewUpdateInputSerializer,
                 "multipart/form-data": ReviewUpdateInputSerializer},
        responses={200: ReviewOutputSerializer, 422: E422}, examples=[REVIEW_EXAMPLE],
    )
    def patch(self, request, pk):
        data = ReviewUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.review_update(review_id=pk, by=request.user, rating=values.get("rating"),
                               title=values.get("title"), content=values.get("content"), images=values["images"],
                               remove_image_ids=values["remove_image_ids"])
        review = selectors.review_for_author(request.user, pk)
        return Response(ReviewOutputSerializer(review, context={"request": request}).data)

    @extend_schema(tags=TAGS, summary="Delete a review", responses={204: None},
                   description="The author, or staff. Anyone else gets 404.")
    def delete(self, request, pk):
        services.review_delete(review_id=pk, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewVoteApi(APIView):
    permission_classes = [IsAuthenticated]

    def get_throttles(self):
        return [*super().get_throttles(), ReviewRateThrottle()]

    @extend_schema(
        tags=TAGS, summary="Vote a review helpful or not",
        description="One vote per user and review; voting again changes it. Not on one's own review (403). "
                    "Only visible reviews (404 otherwise).",
        request=ReviewVoteInputSerializer, responses={200: ReviewVoteOutputSerializer},
        examples=[OpenApiExample("vote", request_only=True, value={"helpful": True})],
    )
    def post(self, request, pk):
        data = ReviewVoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        helpful = data.validated_data["helpful"]
        review = services.review_vote(review_id=pk, user=request.user, helpful=helpful)
        return Response(ReviewVoteOutputSerializer({
            "id": review.pk, "helpful_count": review.helpful_count, "not_helpful_count": review.not_helpful_count,
            "my_vote": helpful}).data)


class ProductReviewListApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    @extend_schema(
        tags=TAGS, summary="Reviews of a product",
        description="Visible reviews only, paginated. The product's summary (average, count, distribution) is "
                    "in `GET /products/{id}` under `rating`.",
        parameters=[
            OpenApiParameter("rating", OpenApiTypes.INT, enum=[1, 2, 3, 4, 5], required=False,
                             description="Only reviews with this many stars."),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=ReviewSort.values, required=False,
                             description="newest (default), helpful (most helpful votes) or rating (highest first)."),
            OpenApiParameter("with_images", OpenApiTypes.BOOL, required=False,
                             description="Only reviews with photos."),
        ],
        responses={200: ReviewOutputSerializer(many=True)},
    )
    def get(self, request, pk):
        selectors.public_product(pk)
        params = request.query_params
        queryset = selectors.product_reviews(product_id=pk, rating=params.get("rating"), sort=params.get("sort"),
                                             with_images=_flag(params.get("with_images")))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        votes = selectors.votes_of(request.user, [r.pk for r in page])
        data = ReviewOutputSerializer(page, many=True, context={"request": request, "votes": votes}).data
        return paginator.get_paginated_response(data)


class SellerReviewListApi(APIView):
    permission_classes = [IsSeller]
    pagination_class = PageNumberPagination  # GET answers a page: tells the OpenAPI schema

    @extend_schema(
        tags=TAGS, summary="Reviews of my shop's products",
        description="Every status (visible, pending, hidden), newest first, paginated.",
        parameters=[
            OpenApiParameter("rating", OpenApiTypes.INT, enum=[1, 2, 3, 4, 5], required=False),
            OpenApiParameter("state", OpenApiTypes.STR, required=False,
                             enum=list(selectors.SELLER_FILTERS), description="unreplied, replied, reported, "
                                                                              "pending or hidden."),
        ],
        responses={200: SellerReviewOutputSerializer(many=True)},
    )
    def get(self, request):
        shop = getattr(request.user, "shop", None)
        queryset = selectors.reviews_for_shop(shop, rating=request.query_params.get("rating"),
                                              state=request.query_params.get("state"))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(
            SellerReviewOutputSerializer(page, many=True, context={"request": request}).data)


class SellerReviewReplyApi(APIView):
    permission_classes = [IsSeller]

    @extend_schema(
        tags=TAGS, summary="Reply to a review of my product",
        description="Once per review, public under the review. A review of another shop's product is 404.",
        request=ReviewReplyInputSerializer, responses={200: SellerReviewOutputSerializer, 409: E409},
        examples=[OpenApiExample("reply", request_only=True, value={"content": "Cảm ơn bạn đã ủng hộ shop!"})],
    )
    def post(self, request, pk):
        data = ReviewReplyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_reply(review_id=pk, seller=request.user, content=data.validated_data["content"])
        return Response(SellerReviewOutputSerializer(review, context={"request": request}).data)


class SellerReviewReportApi(APIView):
    permission_classes = [IsSeller]

    @extend_schema(
        tags=TAGS, summary="Report a review of my product to staff",
        description="Flags the review for moderation with a reason; staff decide whether to hide it. Once per review.",
        request=ReviewReportInputSerializer, responses={200: SellerReviewOutputSerializer, 409: E409},
        examples=[OpenApiExample("report", request_only=True,
                                 value={"reason": "Nội dung không liên quan đến sản phẩm."})],
    )
    def post(self, request, pk):
        data = ReviewReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_report(review_id=pk, seller=request.user, reason=data.validated_data["reason"])
        return Response(SellerReviewOutputSerializer(review, context={"request": request}).data)
