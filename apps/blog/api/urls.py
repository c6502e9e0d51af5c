"""API routes of blog, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""
from django.urls import path

from apps.blog.api import views

urlpatterns = [
    path("blog/posts", views.PostListCreateApi.as_view(), name="blog-posts"),
    path("blog/posts/featured", views.PostFeaturedApi.as_view(), name="blog-posts-featured"),
    path("blog/posts/<slug:slug>", views.PostDetailApi.as_view(), name="blog-post-detail"),
    path("blog/categories", views.CategoryListApi.as_view(), name="blog-categories"),
    path("blog/tags", views.TagListApi.as_view(), name="blog-tags"),
]
