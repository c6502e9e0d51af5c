"""Writes of the blog: posts (with their rendered body), tags, and view counting."""
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.blog import domain
from apps.blog.models import Category, Post, Tag
from apps.core.errors import ValidationFailed

POST_FIELDS = {
    "title", "slug", "excerpt", "body", "cover_image", "cover_alt", "category", "status", "publish_at", "featured",
    "seo_title", "seo_description", "seo_keywords",
}


def _words_per_minute() -> int:
    return getattr(settings, "BLOG_WORDS_PER_MINUTE", domain.WORDS_PER_MINUTE)


def post_render(*, post: Post) -> None:
    """Fill the derived fields (rendered HTML, reading time) from the Markdown body. Does not save."""
    post.body_html = domain.render_markdown(post.body)
    post.reading_time = domain.reading_time_minutes(domain.plain_text(post.body_html),
                                                    words_per_minute=_words_per_minute())


def post_prepare(*, post: Post) -> None:
    """Normalise status and publish time (domain.resolve_publication) and render the body: what every
    save of a post goes through, from the API, the admin or code. Does not save."""
    _apply_publication(post)
    post_render(post=post)


def _apply_publication(post: Post) -> None:
    try:
        publication = domain.resolve_publication(status=post.status, publish_at=post.publish_at, now=timezone.now())
    except domain.PublicationError:
        raise ValidationFailed(details={"publish_at": [_("A scheduled post needs a publish time.")]})
    post.status, post.publish_at = publication.status, publication.publish_at


def _free_slug(wanted: str, *, exclude_pk=None) -> str:
    base = domain.slugify_vi(wanted, max_length=200) or "post"
    taken = Post.objects.filter(slug__startswith=base)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    return domain.unique_slug(base, set(taken.values_list("slug", flat=True)), max_length=200)


def tags_get_or_create(*, names) -> list[Tag]:
    """Tags by name (case-insensitive slug match), creating the missing ones."""
    tags: dict[str, Tag] = {}
    for name in names:
        name = " ".join(str(name).split())[:60]
        slug = domain.slugify_vi(name, max_length=80)
        if not slug or slug in tags:
            continue
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags[slug] = tag
    return list(tags.values())


def _set_relations(post: Post, *, tags, products) -> None:
    if tags is not None:
        post.tags.set(tags if all(isinstance(t, Tag) for t in tags) else tags_get_or_create(names=tags))
    if products is not None:
        post.products.set(products)


def post_create(*, author, title: str, tags=None, products=None, **fields) -> Post:
    """A new post. `tags` are Tag objects or names (missing ones are created); `products` are catalog
    products mentioned in the post."""
    unknown = set(fields) - POST_FIELDS
    if unknown:
        raise TypeError(f"Unknown post fields: {sorted(unknown)}")
    with transaction.atomic():
        post = Post(author=author, title=title, **fields)
        post.slug = _free_slug(fields.get("slug") or title)
        post_prepare(post=post)
        post.save()
        _set_relations(post, tags=tags, products=products)
    return post


def post_update(*, post: Post, tags=None, products=None, **fields) -> Post:
    """Change some fields of a post (only those given); the body is re-rendered."""
    unknown = set(fields) - POST_FIELDS
    if unknown:
        raise TypeError(f"Unknown post fields: {sorted(unknown)}")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(post, name, value)
        if "slug" in fields and fields["slug"] != "":
            post.slug = _free_slug(fields["slug"], exclude_pk=post.pk)
        elif not post.slug:
            post.slug = _free_slug(post.title, exclude_pk=post.pk)
        post_prepare(post=post)
        post.save()
        _set_relations(post, tags=tags, products=products)
    return post


def post_delete(*, post: Post) -> None:
    if post.cover_image:
        name, storage = post.cover_image.name, post.cover_image.storage
        transaction.on_commit(lambda: storage.delete(name))
    post.delete()


def category_create(*, name: str, slug: str = "", description: str = "", sort_order: int = 0) -> Category:
    return Category.objects.create(name=name, slug=slug or domain.slugify_vi(name, max_length=120),
                                   description=description, sort_order=sort_order)


# --- views ------------------------------------------------------------------------------------------

def visitor_key(*, user_id=None, session_key: str | None = None, ip: str = "", user_agent: str = "") -> str:
    """Who is reading, as a short opaque key: the user, else the session, else a hash of IP and browser
    (never the raw IP: the cache should not hold personal data in clear)."""
    if user_id:
        return f"u:{user_id}"
    if session_key:
        return f"s:{session_key}"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{ip}|{user_agent}".encode()).hexdigest()[:32]
    return f"ip:{digest}"


def post_view_register(*, post: Post, visitor: str) -> bool:
    """Count one view of `post` unless this visitor was counted within the window
    (settings.BLOG_VIEW_WINDOW_SECONDS, default 30 minutes). Returns whether it counted.

    cache.add is atomic (set-if-absent) on Redis and locmem, so two simultaneous requests of the same
    visitor count once; the count itself is a single UPDATE with F(), no read-modify-write.
    """
    window = getattr(settings, "BLOG_VIEW_WINDOW_SECONDS", 30 * 60)
    key = "blog:view:" + hashlib.sha256(f"{post.pk}|{visitor}".encode()).hexdigest()[:40]
    if not cache.add(key, 1, timeout=window):
        return False
    Post.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)
    return True
