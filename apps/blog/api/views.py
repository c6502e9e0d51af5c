"""Blog API: public reading, staff writing. Thin: validate, call a selector or service, serialise."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.blog import selectors, services
from apps.blog.api.serializers import CategoryOutput, PostDetailOutput, PostInput, PostListOutput, TagOutput
from apps.blog.visitor import request_visitor_key
from apps.core.errors import NotFound
from apps.core.pagination import PageNumberPagination
from apps.core.permissions import IsStaff


def paginate(request, view, queryset, serializer_class, **context):
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    data = serializer_class(page, many=True, context={"request": request, **context}).data
    return paginator.get_paginated_response(data)


class _StaffWritesMixin:
    """Anyone reads; only staff write."""

    def get_permissions(self):
        if self.request is not None and self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return [IsStaff()]
        return [AllowAny()]


class PostFilterInput(serializers.Serializer):
    category = serializers.SlugField(required=False, allow_blank=True, help_text="Category slug")
    tag = serializers.SlugField(required=False, allow_blank=True, help_text="Tag slug")
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Search words")


def _post_input(request, *, partial: bool) -> dict:
    serializer = PostInput(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    if "product_ids" in data:
        data["products"] = data.pop("product_ids")
    if "cover_image" in data and data["cover_image"] is None:
        data["cover_image"] = ""
    return data


POST_WRITE_REQUEST = {"application/json": PostInput, "multipart/form-data": PostInput}
POST_EXAMPLE = OpenApiExample(
    "new post",
    request_only=True,
    value={"title": "Chọn laptop lập trình 2026", "body": "## Cấu hình\n\n```python\nprint('xin chào')\n```",
           "tags": ["laptop", "lập trình"], "status": "scheduled", "publish_at": "2026-12-01T08:00:00+07:00",
           "featured": True},
)


class PostListCreateApi(_StaffWritesMixin, APIView):
    pagination_class = PageNumberPagination  # also tells the schema these lists are paginated
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    @extend_schema(
        operation_id="blog_posts_list",
        summary="List published posts",
        description="Published posts (and scheduled posts whose time has come), newest first; with `q`, "
                    "by relevance. Filter by category and tag slugs.",
        parameters=[PostFilterInput],
        responses={200: PostListOutput(many=True)},
        tags=["blog"],
    )
    def get(self, request):
        filters = PostFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        params = filters.validated_data
        posts = selectors.post_list(category=params.get("category", ""), tag=params.get("tag", ""),
                                    query=params.get("q", ""))
        return paginate(request, self, posts, PostListOutput)

    @extend_schema(
        operation_id="blog_posts_create",
        summary="Create a post (staff)",
        description="The Markdown body is rendered to sanitised HTML and its reading time computed. "
                    "`published` without `publish_at` publishes now; a future `publish_at` schedules it.",
        request=POST_WRITE_REQUEST,
        responses={201: PostDetailOutput},
        examples=[POST_EXAMPLE],
        tags=["blog"],
    )
    def post(self, request):
        data = _post_input(request, partial=False)
        post = services.post_create(author=request.user, **data)
        post = selectors.post_by_slug(slug=post.slug)
        return Response(PostDetailOutput(post, context={"request": request}).data, status=status.HTTP_201_CREATED)


class PostFeaturedApi(APIView):
    pagination_class = PageNumberPagination  # also tells the schema these lists are paginated
    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="blog_posts_featured",
        summary="Featured posts",
        description="Published posts marked as featured, newest first.",
        responses={200: PostListOutput(many=True)},
        tags=["blog"],
    )
    def get(self, request):
        return paginate(request, self, selectors.posts_visible().filter(featured=True), PostListOutput)


SLUG_PARAMETER = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The post's slug")


class PostDetailApi(_StaffWritesMixin, APIView):
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    def _get_post(self, request, slug):
        if request.user.is_authenticated and request.user.is_staff:
            post = selectors.post_by_slug(slug=slug)
        else:
            post = selectors.post_visible_by_slug(slug=slug)
        if post is None:
            raise NotFound(_("Post not found."))
        return post

    def _detail(self, request, post):
        return Response(PostDetailOutput(post, context={"request": request}).data)

    @extend_schema(
        operation_id="blog_posts_retrieve",
        summary="A post",
        description="A published post with its rendered body, SEO fields and mentioned products. Counts one "
                    "view per visitor (user, session or IP) per window. Drafts and posts scheduled for later "
                    "are 404 except to staff.",
        parameters=[SLUG_PARAMETER],
        responses={200: PostDetailOutput},
        tags=["blog"],
    )
    def get(self, request, slug):
        post = self._get_post(request, slug)
        if post.is_visible and services.post_view_register(post=post, visitor=request_visitor_key(request)):
            post.view_count += 1
        return self._detail(request, post)

    @extend_schema(
        operation_id="blog_posts_update",
        summary="Replace a post (staff)",
        parameters=[SLUG_PARAMETER],
        request=POST_WRITE_REQUEST,
        responses={200: PostDetailOutput},
        tags=["blog"],
    )
    def put(self, request, slug):
        return self._update(request, slug, partial=False)

    @extend_schema(
        operation_id="blog_posts_partial_update",
        summary="Change some fields of a post (staff)",
        parameters=[SLUG_PARAMETER],
        request=POST_WRITE_REQUEST,
        responses={200: PostDetailOutput},
        tags=["blog"],
    )
    def patch(self, request, slug):
        return self._update(request, slug, partial=True)

    def _update(self, request, slug, *, partial):
        post = self._get_post(request, slug)
        data = _post_input(request, partial=partial)
        post = services.post_update(post=post, **data)
        return self._detail(request, selectors.post_by_slug(slug=post.slug))

    @extend_schema(
        operation_id="blog_posts_destroy",
        summary="Delete a post (staff)",
        parameters=[SLUG_PARAMETER],
        responses={204: OpenApiResponse(description="Deleted")},
        tags=["blog"],
    )
    def delete(self, request, slug):
        services.post_delete(post=self._get_post(request, slug))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CategoryListApi(APIView):
    pagination_class = PageNumberPagination  # also tells the schema these lists are paginated
    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="blog_categories_list",
        summary="Blog categories",
        description="Every blog category with its number of published posts.",
        responses={200: CategoryOutput(many=True)},
        tags=["blog"],
    )
    def get(self, request):
        return paginate(request, self, selectors.categories_with_counts(), CategoryOutput)


class TagListApi(APIView):
    pagination_class = PageNumberPagination  # also tells the schema these lists are paginated
    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="blog_tags_list",
        summary="Blog tags",
        description="Tags used by at least one published post, with their number of posts.",
        responses={200: TagOutput(many=True)},
        tags=["blog"],
    )
    def get(self, request):
        return paginate(request, self, selectors.tags_with_counts(only_used=True), TagOutput)
