import datetime as dt

import pytest
from django.utils import timezone

from apps.blog import selectors
from tests.factories.blog import CategoryFactory, PostFactory, TagFactory, draft, scheduled

pytestmark = pytest.mark.django_db


def ago(**kwargs):
    return timezone.now() - dt.timedelta(**kwargs)


def test_only_published_and_due_posts_are_visible():
    live = PostFactory(title="Live")
    due = PostFactory(title="Due", status="scheduled", publish_at=ago(minutes=1))
    draft(title="Draft")
    future = scheduled(title="Future", in_hours=2)
    assert {p.title for p in selectors.posts_visible()} == {"Live", "Due"}
    # The scheduled post appears by itself once its time has come: no job flips its status.
    later = timezone.now() + dt.timedelta(hours=3)
    assert {p.title for p in selectors.posts_visible(now=later)} == {"Live", "Due", "Future"}
    assert selectors.post_visible_by_slug(slug=future.slug) is None
    assert selectors.post_visible_by_slug(slug=live.slug) == live
    assert selectors.post_visible_by_slug(slug=due.slug) == due


def test_newest_first():
    old = PostFactory(publish_at=ago(days=3))
    new = PostFactory(publish_at=ago(hours=1))
    mid = PostFactory(publish_at=ago(days=1))
    assert list(selectors.posts_visible()) == [new, mid, old]


def test_filters_by_category_and_tag():
    phones, laptops = CategoryFactory(slug="dien-thoai"), CategoryFactory(slug="laptop")
    python = TagFactory(slug="python")
    a = PostFactory(category=phones, tags=[python])
    b = PostFactory(category=laptops, tags=[python])
    PostFactory(category=laptops)
    draft(category=phones, tags=[python])
    assert list(selectors.post_list(category="dien-thoai")) == [a]
    assert set(selectors.post_list(tag="python")) == {a, b}
    assert list(selectors.post_list(category="laptop", tag="python")) == [b]


def test_search_matches_title_excerpt_and_body_and_hides_drafts():
    title = PostFactory(title="Chọn laptop lập trình")
    body = PostFactory(title="Khác", body="Bài này nói về laptop cho sinh viên.")
    PostFactory(title="Điện thoại", body="Không liên quan.")
    draft(title="Laptop nháp")
    assert set(selectors.post_list(query="laptop")) == {title, body}
    assert list(selectors.post_list(query="laptop lập trình")) == [title]
    assert list(selectors.post_list(query="máy giặt")) == []


def test_search_ranks_title_matches_first_on_postgres():
    from tests.conftest import is_postgres

    if not is_postgres():
        pytest.skip("ranking is PostgreSQL full-text search; SQLite filters only")
    in_body = PostFactory(title="Khác", body="python python", publish_at=ago(minutes=1))
    in_title = PostFactory(title="Học Python", body="nội dung", publish_at=ago(days=5))
    assert list(selectors.post_list(query="python")) == [in_title, in_body]


def test_related_posts_rank_shared_tags_then_category_then_recency():
    cat, other_cat = CategoryFactory(), CategoryFactory()
    t1, t2, t3 = TagFactory(), TagFactory(), TagFactory()
    post = PostFactory(category=cat, tags=[t1, t2, t3])
    two_tags_and_category = PostFactory(category=cat, tags=[t1, t2], publish_at=ago(days=30))  # score 3
    three_tags = PostFactory(category=other_cat, tags=[t1, t2, t3], publish_at=ago(days=20))  # score 3, newer
    one_tag_new = PostFactory(category=other_cat, tags=[t3], publish_at=ago(hours=2))  # score 1
    category_only_old = PostFactory(category=cat, publish_at=ago(days=10))  # score 1, older
    nothing_shared = PostFactory(category=other_cat, publish_at=ago(minutes=5))  # score 0
    draft(category=cat, tags=[t1, t2, t3])
    scheduled(category=cat, tags=[t1, t2, t3])

    related = selectors.posts_related(post=post, limit=10)
    assert related == [three_tags, two_tags_and_category, one_tag_new, category_only_old, nothing_shared]
    assert selectors.posts_related(post=post, limit=2) == [three_tags, two_tags_and_category]


def test_related_posts_of_a_post_without_tags_or_category_are_the_latest():
    lonely = PostFactory()
    older = PostFactory(publish_at=ago(days=2))
    newer = PostFactory(publish_at=ago(days=1))
    assert selectors.posts_related(post=lonely) == [newer, older]


def test_mentioned_products_hide_unavailable_ones():
    from apps.catalog.models import ProductStatus
    from tests.factories.catalog import ProductFactory

    on_sale = ProductFactory(title="A on sale")
    hidden = ProductFactory(title="B hidden", status=ProductStatus.HIDDEN)
    post = PostFactory(products=[on_sale, hidden])
    assert selectors.post_mentioned_products(post=post) == [on_sale]


def test_counts_ignore_drafts_and_future_posts():
    cat, tag, unused = CategoryFactory(), TagFactory(), TagFactory()
    PostFactory(category=cat, tags=[tag])
    draft(category=cat, tags=[tag])
    scheduled(category=cat, tags=[tag, unused])
    assert selectors.categories_with_counts().get(pk=cat.pk).post_count == 1
    tags = selectors.tags_with_counts(only_used=True)
    assert [(t.pk, t.post_count) for t in tags] == [(tag.pk, 1)]
