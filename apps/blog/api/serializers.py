from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.blog.models import Category, Post, PostStatus, Tag


class CategoryOutput(serializers.ModelSerializer):
    post_count = serializers.IntegerField(read_only=True, help_text="Published posts in this category")

    class Meta:
        model = Category
        fields = ("id", "name", "slug", "description", "post_count")


class CategoryRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ("id", "name", "slug")


class TagOutput(serializers.ModelSerializer):
    post_count = serializers.IntegerField(read_only=True, help_text="Published posts with this tag")

    class Meta:
        model = Tag
        fields = ("id", "name", "slug", "post_count")


class TagRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ("id", "name", "slug")


class AuthorOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.full_name or str(user.get_short_name() or "")


class SeoOutput(serializers.Serializer):
    title = serializers.CharField(source="meta_title")
    description = serializers.CharField(source="meta_description")
    keywords = serializers.ListField(child=serializers.CharField(), source="keyword_list")


class MentionedProductOutput(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    slug = serializers.CharField()


class PostListOutput(serializers.ModelSerializer):
    excerpt = serializers.CharField(source="summary", help_text="The excerpt, or the beginning of the body")
    cover_image = serializers.SerializerMethodField()
    category = CategoryRefOutput(allow_null=True)
    tags = TagRefOutput(many=True)
    author = AuthorOutput(allow_null=True)
    url = serializers.SerializerMethodField(help_text="The post's page on the storefront")

    class Meta:
        model = Post
        fields = ("id", "title", "slug", "excerpt", "cover_image", "cover_alt", "category", "tags", "author",
                  "status", "publish_at", "featured", "reading_time", "view_count", "url")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_cover_image(self, post) -> str | None:
        if not post.cover_image:
            return None
        request = self.context.get("request")
        url = post.cover_image.url
        return request.build_absolute_uri(url) if request else url

    def get_url(self, post) -> str:
        request = self.context.get("request")
        url = post.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class PostDetailOutput(PostListOutput):
    body = serializers.CharField(help_text="Markdown source")
    body_html = serializers.CharField(help_text="Rendered, sanitised HTML with highlighted code")
    seo = SeoOutput(source="*")
    products = serializers.SerializerMethodField(help_text="Catalog products mentioned in the post (visible ones)")

    class Meta(PostListOutput.Meta):
        fields = (*PostListOutput.Meta.fields, "body", "body_html", "seo", "products", "created_at", "updated_at")

    @extend_schema_field(MentionedProductOutput(many=True))
    def get_products(self, post) -> list:
        products = self.context.get("products")
        if products is None:
            from apps.blog.selectors import post_mentioned_products

            products = post_mentioned_products(post=post)
        return MentionedProductOutput(products, many=True).data


class PostInput(serializers.Serializer):
    """Staff write. `tags` are names: missing tags are created. Send multipart/form-data to upload
    `cover_image`."""

    title = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=200, required=False, allow_blank=True,
                                 help_text="Made from the title when left out; made unique")
    excerpt = serializers.CharField(required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                 help_text="Markdown; raw HTML is sanitised")
    cover_image = serializers.ImageField(required=False, allow_null=True)
    cover_alt = serializers.CharField(max_length=200, required=False, allow_blank=True)
    category_id = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), source="category",
                                                     required=False, allow_null=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=60), required=False, max_length=20)
    status = serializers.ChoiceField(choices=PostStatus.choices, required=False)
    publish_at = serializers.DateTimeField(required=False, allow_null=True,
                                           help_text="Required for scheduled; defaults to now when published")
    featured = serializers.BooleanField(required=False)
    seo_title = serializers.CharField(max_length=70, required=False, allow_blank=True)
    seo_description = serializers.CharField(max_length=160, required=False, allow_blank=True)
    seo_keywords = serializers.CharField(max_length=255, required=False, allow_blank=True)
    product_ids = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=50,
                                        help_text="Catalog products mentioned in the post")

    def validate_product_ids(self, ids):
        from apps.catalog.models import Product

        found = list(Product.objects.filter(pk__in=ids, is_deleted=False))
        missing = {str(i) for i in ids} - {str(p.pk) for p in found}
        if missing:
            raise serializers.ValidationError(_("Unknown products: %(ids)s") % {"ids": ", ".join(sorted(missing))})
        return found
