"""Storefront pages of the blog. Thin: the same selectors and services as the API."""
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.views.decorators.http import require_safe

from apps.blog import selectors, services
from apps.blog.visitor import request_visitor_key


def _page_size() -> int:
    return getattr(settings, "BLOG_PAGE_SIZE", 12)


def _sidebar() -> dict:
    return {
        "categories": [c for c in selectors.categories_with_counts() if c.post_count],
        "popular_tags": selectors.tags_with_counts(only_used=True).order_by("-post_count", "name")[:20],
    }


def _listing(request, posts, *, template="blog/index.html", **context):
    page = Paginator(posts, _page_size()).get_page(request.GET.get("page"))
    query = " ".join(request.GET.get("q", "").split())
    return render(request, template, {"page": page, "posts": page.object_list, "q": query, **_sidebar(), **context})


def _with_urls(products):
    """Each product with `page_url`; empty if the catalog has no product page (a post must still render)."""
    for product in products:
        try:
            product.page_url = product.get_absolute_url()
        except NoReverseMatch:
            product.page_url = ""
    return products


@require_safe
def post_index(request):
    query = request.GET.get("q", "")
    posts = selectors.post_list(query=query)
    first_page = not request.GET.get("page") or request.GET.get("page") == "1"
    featured = list(selectors.posts_featured(limit=3)) if first_page and not query.strip() else []
    return _listing(request, posts, featured=featured)


@require_safe
def category_detail(request, slug):
    category = selectors.category_by_slug(slug=slug)
    if category is None:
        raise Http404
    return _listing(request, selectors.post_list(category=slug, query=request.GET.get("q", "")), category=category)


@require_safe
def tag_detail(request, slug):
    tag = selectors.tag_by_slug(slug=slug)
    if tag is None:
        raise Http404
    return _listing(request, selectors.post_list(tag=slug, query=request.GET.get("q", "")), tag=tag)


@require_safe
def post_detail(request, slug):
    post = selectors.post_visible_by_slug(slug=slug)
    preview = False
    if post is None and request.user.is_authenticated and request.user.is_staff:
        post = selectors.post_by_slug(slug=slug)
        preview = post is not None
    if post is None:
        raise Http404
    if not preview and services.post_view_register(post=post, visitor=request_visitor_key(request)):
        post.view_count += 1
    return render(request, "blog/post_detail.html", {
        "post": post,
        "preview": preview,
        "related": selectors.posts_related(post=post),
        "products": _with_urls(selectors.post_mentioned_products(post=post)),
        **_sidebar(),
    })
