"""Reads of the blog, shared by the pages, the feeds and the API."""
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from apps.blog.models import Category, Post, Tag, visible_q


def _with_relations(qs: QuerySet) -> QuerySet:
    return qs.select_related("category", "author").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


def posts_visible(*, now=None) -> QuerySet:
    """Posts the public may see, newest first."""
    return _with_relations(Post.objects.visible(now=now)).order_by("-publish_at", "-created_at")


def posts_search(*, queryset: QuerySet, query: str) -> QuerySet:
    """Posts matching `query`. PostgreSQL: full-text search (config 'simple', which suits Vietnamese:
    no stemming, no stop words), title weighted above excerpt above body, ordered by rank. Elsewhere: a
    case-insensitive match of every word in title, excerpt or body."""
    query = " ".join((query or "").split())[:200]
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (SearchVector("title", weight="A", config="simple")
                  + SearchVector("excerpt", weight="B", config="simple")
                  + SearchVector("body", weight="C", config="simple"))
        search_query = SearchQuery(query, search_type="websearch", config="simple")
        return (queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
                .filter(search=search_query).order_by("-rank", "-publish_at"))
    condition = Q()
    for word in query.split()[:10]:
        condition &= Q(title__icontains=word) | Q(excerpt__icontains=word) | Q(body__icontains=word)
    return queryset.filter(condition)


def post_list(*, category: str = "", tag: str = "", query: str = "", now=None) -> QuerySet:
    """Visible posts, filtered by category slug, tag slug and search words."""
    qs = posts_visible(now=now)
    if category:
        qs = qs.filter(category__slug=category)
    if tag:
        qs = qs.filter(tags__slug=tag)
    return posts_search(queryset=qs, query=query)


def posts_featured(*, limit: int = 6, now=None) -> QuerySet:
    return posts_visible(now=now).filter(featured=True)[:limit]


def post_visible_by_slug(*, slug: str, now=None) -> Post | None:
    return posts_visible(now=now).filter(slug=slug).first()


def post_by_slug(*, slug: str) -> Post | None:
    """Any post, whatever its status (staff previews and edits)."""
    return _with_relations(Post.objects.all()).filter(slug=slug).first()


def posts_related(*, post: Post, limit: int = 4, now=None) -> list[Post]:
    """Other visible posts ranked by how much they share with `post`: each shared tag counts one, the
    same category counts one; ties go to the most recent. Posts sharing nothing come last, newest first,
    so a post always has something to read next."""
    tag_ids = list(post.tags.values_list("pk", flat=True))
    score = Value(0, output_field=IntegerField())
    if post.category_id:
        score = Case(When(category_id=post.category_id, then=Value(1)), default=Value(0), output_field=IntegerField())
    qs = Post.objects.visible(now=now).exclude(pk=post.pk)
    if tag_ids:
        qs = qs.annotate(shared_tags=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
        score = score + F("shared_tags")
    ids = list(qs.annotate(score=score).order_by("-score", "-publish_at", "-created_at")
               .values_list("pk", flat=True)[:limit])
    by_id = {p.pk: p for p in _with_relations(Post.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


def post_mentioned_products(*, post: Post, limit: int = 8) -> list:
    """Catalog products named in the post that a shopper may see (active, in an active shop)."""
    from apps.catalog.selectors import product_list_qs

    return list(product_list_qs().filter(blog_posts=post).order_by("title")[:limit])


def categories_with_counts(*, now=None) -> QuerySet:
    """Categories with the number of visible posts in each (`post_count`)."""
    return (Category.objects.annotate(post_count=Count("posts", filter=visible_q("posts__", now=now), distinct=True))
            .order_by("sort_order", "name"))


def tags_with_counts(*, now=None, only_used: bool = False) -> QuerySet:
    qs = (Tag.objects.annotate(post_count=Count("posts", filter=visible_q("posts__", now=now), distinct=True))
          .order_by("name"))
    return qs.filter(post_count__gt=0) if only_used else qs


def category_by_slug(*, slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()


def tag_by_slug(*, slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


def post_latest_update(*, now=None):
    """When the visible blog last changed (for feeds and sitemaps)."""
    latest = Post.objects.visible(now=now).order_by("-updated_at").values_list("updated_at", flat=True).first()
    return latest or timezone.now()
