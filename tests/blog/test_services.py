import datetime as dt

import pytest
from django.utils import timezone

from apps.blog import services
from apps.blog.models import Post, PostStatus, Tag
from apps.core.errors import ValidationFailed
from tests.factories.blog import PostFactory, TagFactory, draft

pytestmark = pytest.mark.django_db


def test_create_renders_sanitised_html_and_reading_time(author):
    body = " ".join(["từ"] * 450) + "\n\n<script>alert(1)</script>\n\n```python\nprint('hi')\n```\n"
    post = services.post_create(author=author, title="Lập trình Python", body=body, status=PostStatus.PUBLISHED)
    post.refresh_from_db()
    assert "<script" not in post.body_html
    assert '<div class="codehilite">' in post.body_html
    assert post.reading_time == 3  # 450 words + the code → 452 words at 200 a minute
    assert post.publish_at is not None and post.publish_at <= timezone.now()
    assert post.slug == "lap-trinh-python"


def test_update_rerenders_the_body(author):
    post = services.post_create(author=author, title="A", body="one")
    services.post_update(post=post, body="<b onclick='x()'>two</b> " + "w " * 300)
    post.refresh_from_db()
    assert post.body_html.startswith("<p><b>two</b>")
    assert post.reading_time == 2


def test_slugs_stay_unique_and_readable(author):
    first = services.post_create(author=author, title="Điện thoại tốt nhất")
    second = services.post_create(author=author, title="Điện thoại tốt nhất")
    third = services.post_create(author=author, title="x", slug="dien-thoai-tot-nhat")
    assert [first.slug, second.slug, third.slug] == [
        "dien-thoai-tot-nhat", "dien-thoai-tot-nhat-2", "dien-thoai-tot-nhat-3"]
    services.post_update(post=first, title="Đổi tên")  # the slug of a published URL does not move by itself
    assert first.slug == "dien-thoai-tot-nhat"


def test_a_slug_cannot_shadow_the_featured_endpoint(author):
    assert services.post_create(author=author, title="Featured").slug == "featured-2"


def test_scheduled_without_a_time_is_refused_and_nothing_is_saved(author):
    with pytest.raises(ValidationFailed) as error:
        services.post_create(author=author, title="Sắp ra mắt", status=PostStatus.SCHEDULED)
    assert "publish_at" in error.value.details
    assert not Post.objects.exists()


def test_publishing_in_the_future_schedules(author):
    later = timezone.now() + dt.timedelta(days=2)
    post = services.post_create(author=author, title="Sau", status=PostStatus.PUBLISHED, publish_at=later)
    assert post.status == PostStatus.SCHEDULED
    assert not post.is_visible


def test_tags_by_name_reuse_existing_ones(author):
    existing = TagFactory(name="Python", slug="python")
    post = services.post_create(author=author, title="T", tags=["python", "Lập trình", "lập trình", " "])
    assert sorted(t.slug for t in post.tags.all()) == ["lap-trinh", "python"]
    assert Tag.objects.count() == 2
    assert existing in post.tags.all()


def test_products_are_linked(author):
    from tests.factories.catalog import ProductFactory

    product = ProductFactory()
    post = services.post_create(author=author, title="Đánh giá", products=[product])
    assert list(post.products.all()) == [product]


# --- view counting ------------------------------------------------------------------------------

def test_a_visitor_is_counted_once_within_the_window():
    post = PostFactory()
    assert services.post_view_register(post=post, visitor="s:abc") is True
    assert services.post_view_register(post=post, visitor="s:abc") is False
    assert services.post_view_register(post=post, visitor="s:abc") is False
    post.refresh_from_db()
    assert post.view_count == 1


def test_different_visitors_and_posts_count_separately():
    post, other = PostFactory(), PostFactory()
    for visitor in ("u:1", "s:abc", "ip:123"):
        services.post_view_register(post=post, visitor=visitor)
    services.post_view_register(post=other, visitor="u:1")
    post.refresh_from_db()
    other.refresh_from_db()
    assert (post.view_count, other.view_count) == (3, 1)


def test_a_visitor_counts_again_after_the_window(settings):
    from django.core.cache import cache

    settings.BLOG_VIEW_WINDOW_SECONDS = 60
    post = PostFactory()
    services.post_view_register(post=post, visitor="s:abc")
    cache.clear()  # what the window's expiry does to the key
    assert services.post_view_register(post=post, visitor="s:abc") is True
    post.refresh_from_db()
    assert post.view_count == 2


def test_counting_is_one_update_and_never_overwrites_other_fields(django_assert_num_queries):
    post = PostFactory(title="Before")
    Post.objects.filter(pk=post.pk).update(title="Changed meanwhile")
    with django_assert_num_queries(1):
        services.post_view_register(post=post, visitor="s:x")
    post.refresh_from_db()
    assert (post.title, post.view_count) == ("Changed meanwhile", 1)


def test_visitor_key_prefers_user_then_session_then_hashed_ip():
    assert services.visitor_key(user_id=7, session_key="s", ip="1.2.3.4") == "u:7"
    assert services.visitor_key(session_key="abc", ip="1.2.3.4") == "s:abc"
    key = services.visitor_key(ip="1.2.3.4", user_agent="Firefox")
    assert key.startswith("ip:") and "1.2.3.4" not in key
    assert key == services.visitor_key(ip="1.2.3.4", user_agent="Firefox")
    assert key != services.visitor_key(ip="1.2.3.5", user_agent="Firefox")


def test_delete_removes_the_post(author):
    post = draft()
    services.post_delete(post=post)
    assert not Post.objects.filter(pk=post.pk).exists()
