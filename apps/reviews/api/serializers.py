"""Small input/output serializers of the reviews API (API.md, Reviews)."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.reviews import domain
from apps.reviews.models import Review, ReviewImage


def _url(request, field) -> str:
    if not field:
        return ""
    url = field.url
    return request.build_absolute_uri(url) if request is not None else url


class ReviewImageOutputSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReviewImage
        fields = ["id", "url", "position"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return _url(self.context.get("request"), obj.image)


class SellerReplyOutputSerializer(serializers.Serializer):
    content = serializers.CharField()
    replied_at = serializers.DateTimeField()


class ReviewOutputSerializer(serializers.ModelSerializer):
    product_id = serializers.UUIDField(read_only=True)
    variant_name = serializers.CharField(read_only=True)
    author_name = serializers.SerializerMethodField(help_text="The author's name as shoppers see it (shortened).")
    verified_purchase = serializers.BooleanField(source="is_verified_purchase", read_only=True)
    images = ReviewImageOutputSerializer(many=True, read_only=True)
    seller_reply = serializers.SerializerMethodField()
    my_vote = serializers.SerializerMethodField(
        help_text="The signed-in user's vote: true (helpful), false (not helpful) or null.")
    is_mine = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "product_id", "variant_name", "author_name", "rating", "title", "content", "images",
                  "verified_purchase", "status", "helpful_count", "not_helpful_count", "my_vote", "is_mine",
                  "seller_reply", "edited_at", "created_at", "updated_at"]

    def get_author_name(self, obj) -> str:
        return domain.public_name(obj.author.full_name, obj.author.email or "")

    @extend_schema_field(SellerReplyOutputSerializer(allow_null=True))
    def get_seller_reply(self, obj):
        if not obj.replied_at:
            return None
        return {"content": obj.seller_reply, "replied_at": serializers.DateTimeField().to_representation(
            obj.replied_at)}

    @extend_schema_field(serializers.BooleanField(allow_null=True))  # null: the user has not voted
    def get_my_vote(self, obj) -> bool | None:
        return self.context.get("votes", {}).get(obj.pk)

    def get_is_mine(self, obj) -> bool:
        request = self.context.get("request")
        return bool(request and request.user.is_authenticated and request.user.pk == obj.author_id)


class SellerReviewOutputSerializer(ReviewOutputSerializer):
    """What the shop's seller sees: also the product, moderation state and their report."""

    product_title = serializers.CharField(source="product.title", read_only=True)

    class Meta(ReviewOutputSerializer.Meta):
        fields = [*ReviewOutputSerializer.Meta.fields, "product_title", "is_reported", "report_reason",
                  "reported_at"]


class ReviewCreateInputSerializer(serializers.Serializer):
    product_id = serializers.UUIDField()
    order_id = serializers.UUIDField(help_text="A delivered or completed order of yours that contains the product.")
    rating = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField(required=False, allow_blank=True, max_length=domain.TITLE_MAX, default="")
    content = serializers.CharField(required=False, allow_blank=True, max_length=domain.CONTENT_MAX, default="")
    images = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=domain.MAX_IMAGES,
        help_text="Multipart only: up to 5 JPEG/PNG/WebP/GIF images of at most 5 MB each.")


class ReviewUpdateInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=domain.TITLE_MAX)
    content = serializers.CharField(required=False, allow_blank=True, max_length=domain.CONTENT_MAX)
    images = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                   max_length=domain.MAX_IMAGES, help_text="Multipart only: images to add.")
    remove_image_ids = serializers.ListField(child=serializers.UUIDField(), required=False, default=list,
                                             help_text="Ids of this review's images to remove.")


class ReviewVoteInputSerializer(serializers.Serializer):
    helpful = serializers.BooleanField(help_text="true: helpful; false: not helpful. Voting again changes the vote.")


class ReviewVoteOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    helpful_count = serializers.IntegerField()
    not_helpful_count = serializers.IntegerField()
    my_vote = serializers.BooleanField()


class ReviewReplyInputSerializer(serializers.Serializer):
    content = serializers.CharField(max_length=domain.REPLY_MAX)


class ReviewReportInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=domain.REPORT_REASON_MAX)
