import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import NoReverseMatch
from django.utils import timezone

from apps.blog.models import Post, PostStatus
from apps.blog.sitemaps import BlogCategorySitemap, BlogPostSitemap
from tests.factories.blog import CategoryFactory, PostFactory, TagFactory, draft, scheduled

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def staff_client(staff_user):
    c = Client()
    c.force_login(staff_user)
    return c


def test_index_lists_published_posts_only(client):
    PostFactory(title="Bài công khai")
    draft(title="Bài nháp")
    scheduled(title="Bài tương lai")
    response = client.get("/blog/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bài công khai" in html
    assert "Bài nháp" not in html and "Bài tương lai" not in html
    assert 'href="/blog/feed/rss/"' in html


def test_index_search_and_pagination(client, settings):
    settings.BLOG_PAGE_SIZE = 2
    for i in range(3):
        PostFactory(title=f"Laptop {i}", publish_at=timezone.now() - dt.timedelta(hours=i + 1))
    PostFactory(title="Điện thoại")
    response = client.get("/blog/", {"q": "laptop"})
    html = response.content.decode()
    assert "Laptop 0" in html and "Laptop 1" in html and "Điện thoại" not in html
    assert "page=2" in html
    assert "Laptop 2" in client.get("/blog/", {"q": "laptop", "page": 2}).content.decode()


def test_featured_posts_on_the_first_page(client):
    PostFactory(title="Bài nổi bật", featured=True)
    draft(title="Nháp nổi bật", featured=True)
    html = client.get("/blog/").content.decode()
    assert 'id="featured-title"' in html
    assert "Nháp nổi bật" not in html


def test_category_and_tag_pages(client):
    cat = CategoryFactory(name="Laptop", slug="laptop")
    tag = TagFactory(name="python", slug="python")
    PostFactory(title="Trong chuyên mục", category=cat)
    PostFactory(title="Có thẻ", tags=[tag])
    draft(title="Nháp trong chuyên mục", category=cat)
    html = client.get("/blog/category/laptop/").content.decode()
    assert "Trong chuyên mục" in html and "Có thẻ" not in html and "Nháp trong chuyên mục" not in html
    html = client.get("/blog/tag/python/").content.decode()
    assert "Có thẻ" in html and "Trong chuyên mục" not in html
    assert client.get("/blog/category/nope/").status_code == 404
    assert client.get("/blog/tag/nope/").status_code == 404


def test_post_page_has_body_open_graph_related_and_products(client):
    from tests.factories.catalog import ProductFactory

    cat, tag = CategoryFactory(), TagFactory()
    product = ProductFactory(title="Laptop ABC")
    post = PostFactory(title="Đánh giá laptop", body="## Mở đầu\n\n```python\nx = 1\n```", category=cat, tags=[tag],
                       seo_description="Mô tả SEO", seo_keywords="laptop, review", products=[product])
    PostFactory(title="Bài liên quan", tags=[tag])
    response = client.get(f"/blog/{post.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Mở đầu</h2>" in html and 'class="codehilite"' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Đánh giá laptop">' in html
    assert '<meta property="og:description" content="Mô tả SEO">' in html
    assert f'<meta property="og:url" content="http://127.0.0.1:8000/blog/{post.slug}/">' in html
    assert '<meta name="keywords" content="laptop, review">' in html
    assert "Bài liên quan" in html
    assert "Laptop ABC" in html
    try:  # the catalog's product page may not be routed yet; the post renders either way
        assert f'href="{product.get_absolute_url()}"' in html
    except NoReverseMatch:
        pass
    assert "css/blog.css" in html


def test_drafts_and_future_posts_are_404_on_the_storefront(client):
    for post in (draft(), scheduled()):
        assert client.get(f"/blog/{post.slug}/").status_code == 404


def test_staff_preview_a_draft_marked_noindex_without_counting(staff_client):
    post = draft(title="Bản nháp")
    response = staff_client.get(f"/blog/{post.slug}/")
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    post.refresh_from_db()
    assert post.view_count == 0


def test_post_page_counts_a_visitor_once(client):
    post = PostFactory()
    for _ in range(3):
        assert client.get(f"/blog/{post.slug}/").status_code == 200
    Client(REMOTE_ADDR="10.0.0.9").get(f"/blog/{post.slug}/")
    post.refresh_from_db()
    assert post.view_count == 2


def test_a_scheduled_post_appears_when_its_time_comes(client):
    post = scheduled(in_hours=1)
    assert client.get(f"/blog/{post.slug}/").status_code == 404
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))  # time passes
    assert client.get(f"/blog/{post.slug}/").status_code == 200
    assert post.title in client.get("/blog/").content.decode()


# --- feeds and sitemaps -------------------------------------------------------------------------

def test_rss_feed(client):
    PostFactory(title="Bài RSS", excerpt="Tóm tắt RSS", tags=[TagFactory(name="python")])
    draft(title="Nháp RSS")
    response = client.get("/blog/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Bài RSS"]
    assert items[0].findtext("description") == "Tóm tắt RSS"
    assert items[0].findtext("link").endswith("/blog/bai-rss/")
    assert [c.text for c in items[0].findall("category")] == ["python"]


def test_atom_feed(client):
    PostFactory(title="Bài Atom")
    scheduled(title="Tương lai Atom")
    response = client.get("/blog/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(response.content).findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == ["Bài Atom"]


def test_sitemaps_list_public_posts_and_categories():
    cat, empty = CategoryFactory(), CategoryFactory()
    live = PostFactory(category=cat)
    draft(category=empty)
    scheduled(category=empty)
    assert list(BlogPostSitemap().items()) == [live]
    assert BlogPostSitemap().location(live) == f"/blog/{live.slug}/"
    assert list(BlogCategorySitemap().items()) == [cat]


# --- admin --------------------------------------------------------------------------------------

def test_admin_pages_render(staff_client):
    post = PostFactory(body="**x**")
    assert staff_client.get("/admin/blog/post/").status_code == 200
    assert staff_client.get("/admin/blog/post/?status__exact=draft&live=no&q=x").status_code == 200
    response = staff_client.get("/admin/blog/post/add/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "js-blog-preview" in html and "blog/admin_preview.js" in html
    html = staff_client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "<strong>x</strong>" in html  # the rendered body beside the source


def test_admin_preview_renders_sanitised_html(staff_client):
    response = staff_client.post("/admin/blog/post/preview/",
                                 {"body": "# Tiêu đề\n\n<script>alert(1)</script>[a](javascript:alert(2))"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tiêu đề</h1>" in html
    assert "<script" not in html and "javascript:" not in html
    assert staff_client.get("/admin/blog/post/preview/").status_code == 405


def test_admin_preview_is_for_staff_only(client, user):
    client.force_login(user)
    response = client.post("/admin/blog/post/preview/", {"body": "# x"})
    assert response.status_code == 302  # to the admin login
    assert "<h1>" not in response.content.decode()


def test_admin_save_renders_and_normalises(staff_client, staff_user):
    cat = CategoryFactory()
    response = staff_client.post("/admin/blog/post/add/", {
        "title": "Từ admin", "slug": "tu-admin", "excerpt": "", "body": "Hello <b onclick=x()>bold</b>",
        "status": PostStatus.PUBLISHED, "publish_at_0": "", "publish_at_1": "", "category": str(cat.pk),
        "cover_alt": "", "seo_title": "", "seo_description": "", "seo_keywords": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    post = Post.objects.get(slug="tu-admin")
    assert post.body_html == "<p>Hello <b>bold</b></p>"
    assert post.publish_at is not None and post.author == staff_user
    assert post.is_visible


def test_admin_refuses_scheduled_without_time(staff_client):
    response = staff_client.post("/admin/blog/post/add/", {
        "title": "Hẹn giờ", "slug": "hen-gio", "body": "x", "status": PostStatus.SCHEDULED,
        "publish_at_0": "", "publish_at_1": "",
    })
    assert response.status_code == 200
    assert not Post.objects.exists()


def test_pages_speak_vietnamese_by_default_and_english_on_request(client):
    post = PostFactory(body="ngắn")
    html = client.get(f"/blog/{post.slug}/").content.decode()
    assert "1 phút đọc" in html and "Bài viết liên quan" not in html
    assert "Blog Chợ" in client.get("/blog/feed/rss/").content.decode()
    html = client.get(f"/blog/{post.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 min read" in html


@pytest.mark.parametrize("path", ["/blog/", "/blog/feed/rss/"])
def test_list_pages_query_count_does_not_grow(client, django_assert_max_num_queries, path):
    cat, tags = CategoryFactory(), [TagFactory(), TagFactory()]
    PostFactory(category=cat, tags=tags, featured=True)
    client.get(path)  # warm the per-process caches (current Site) so both counts compare like with like
    with django_assert_max_num_queries(20) as small:
        assert client.get(path).status_code == 200
    for _ in range(6):
        PostFactory(category=cat, tags=tags, featured=True)
    with django_assert_max_num_queries(20) as large:
        assert client.get(path).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


def test_published_posts_are_in_the_sitemap_and_drafts_are_not(client, author):
    from tests.factories.blog import PostFactory

    published = PostFactory(author=author)
    draft = PostFactory(author=author, status="draft", publish_at=None)
    body = client.get("/sitemap.xml").content.decode()
    assert f"/blog/{published.slug}/" in body
    assert f"/blog/{draft.slug}/" not in body
