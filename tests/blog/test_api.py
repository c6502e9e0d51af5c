import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.blog.models import Post, PostStatus
from tests.factories.blog import CategoryFactory, PostFactory, TagFactory, draft, scheduled

pytestmark = pytest.mark.django_db

POSTS = "/api/v1/blog/posts"


def detail(slug):
    return f"{POSTS}/{slug}"


def error_code(response):
    return response.json()["error"]["code"]


# --- public reading -----------------------------------------------------------------------------

def test_list_shows_published_posts_only(api_client):
    live = PostFactory(title="Live")
    PostFactory(title="Due", status="scheduled", publish_at=timezone.now() - dt.timedelta(minutes=1))
    draft(title="Draft")
    scheduled(title="Future")
    response = api_client.get(POSTS)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {p["title"] for p in body["results"]} == {"Live", "Due"}
    item = next(p for p in body["results"] if p["id"] == str(live.pk))
    assert set(item) >= {"id", "title", "slug", "excerpt", "cover_image", "category", "tags", "author",
                         "publish_at", "featured", "reading_time", "view_count", "url"}
    assert "body_html" not in item


def test_drafts_and_future_posts_are_404_to_the_public(api_client, auth_client):
    for post in (draft(), scheduled()):
        for client in (api_client, auth_client):
            response = client.get(detail(post.slug))
            assert response.status_code == 404
            assert error_code(response) == "not_found"
    assert Post.objects.filter(view_count__gt=0).count() == 0


def test_staff_can_read_a_draft_without_counting_a_view(client_for, staff_user):
    post = draft(title="Nháp")
    response = client_for(staff_user).get(detail(post.slug))
    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    post.refresh_from_db()
    assert post.view_count == 0


def test_detail_has_rendered_body_seo_and_products(api_client):
    from tests.factories.catalog import ProductFactory

    product = ProductFactory(title="Laptop X")
    post = PostFactory(title="Đánh giá", body="# Hi\n\n<script>x()</script>", seo_keywords="laptop, đánh giá",
                       seo_description="", excerpt="Tóm tắt", products=[product])
    body = api_client.get(detail(post.slug)).json()
    assert body["body_html"] == "<h1>Hi</h1>"
    assert body["seo"] == {"title": "Đánh giá", "description": "Tóm tắt", "keywords": ["laptop", "đánh giá"]}
    assert body["products"] == [{"id": str(product.pk), "title": "Laptop X", "slug": product.slug}]


def test_detail_counts_a_view_once_per_visitor(api_client, client_for, make_user):
    post = PostFactory()
    assert api_client.get(detail(post.slug)).json()["view_count"] == 1
    assert api_client.get(detail(post.slug)).json()["view_count"] == 1  # same IP and browser
    other_user = client_for(make_user())
    assert other_user.get(detail(post.slug)).json()["view_count"] == 2
    assert other_user.get(detail(post.slug)).json()["view_count"] == 2
    post.refresh_from_db()
    assert post.view_count == 2


def test_filters_and_search(api_client):
    cat = CategoryFactory(slug="laptop")
    tag = TagFactory(slug="python")
    a = PostFactory(title="Laptop cho lập trình viên", category=cat, tags=[tag])
    PostFactory(title="Điện thoại", tags=[tag])

    def titles(**params):
        response = api_client.get(POSTS, params)
        assert response.status_code == 200
        return [p["title"] for p in response.json()["results"]]

    assert titles(category="laptop") == [a.title]
    assert len(titles(tag="python")) == 2
    assert titles(q="laptop") == [a.title]
    assert titles(category="nope") == []


def test_bad_filter_is_a_400(api_client):
    response = api_client.get(POSTS, {"category": "not a slug!"})
    assert response.status_code == 400
    assert "category" in response.json()["error"]["details"]


def test_featured(api_client):
    star = PostFactory(featured=True)
    PostFactory()
    draft(featured=True)
    scheduled(featured=True)
    body = api_client.get(f"{POSTS}/featured").json()
    assert [p["id"] for p in body["results"]] == [str(star.pk)]


def test_categories_and_tags_with_counts(api_client):
    cat = CategoryFactory(name="Laptop", slug="laptop")
    empty = CategoryFactory(name="Trống", slug="trong")
    tag, unused = TagFactory(slug="python"), TagFactory(slug="unused")
    PostFactory(category=cat, tags=[tag])
    draft(category=cat, tags=[unused])
    categories = api_client.get("/api/v1/blog/categories").json()["results"]
    assert {c["slug"]: c["post_count"] for c in categories} == {"laptop": 1, empty.slug: 0}
    tags = api_client.get("/api/v1/blog/tags").json()["results"]
    assert [(t["slug"], t["post_count"]) for t in tags] == [("python", 1)]


@pytest.mark.parametrize("url", [POSTS, f"{POSTS}/featured"])
def test_list_query_count_does_not_grow(api_client, django_assert_max_num_queries, url):
    def make(n):
        cat = CategoryFactory()
        tags = [TagFactory(), TagFactory()]
        for _ in range(n):
            PostFactory(category=cat, tags=tags, featured=True)

    make(2)
    with django_assert_max_num_queries(3) as small:
        assert api_client.get(url).status_code == 200
    make(8)
    with django_assert_max_num_queries(3) as large:
        assert len(api_client.get(url).json()["results"]) == 10
    assert len(small.captured_queries) == len(large.captured_queries)


# --- staff writing ------------------------------------------------------------------------------

def test_staff_create_post(client_for, staff_user):
    cat = CategoryFactory()
    response = client_for(staff_user).post(POSTS, {
        "title": "Chọn laptop lập trình 2026",
        "body": "## Cấu hình\n\n```python\nprint('xin chào')\n```\n<img src=x onerror=alert(1)>",
        "category_id": str(cat.pk),
        "tags": ["laptop", "lập trình"],
        "status": "published",
        "featured": True,
        "seo_title": "Laptop cho dev",
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "chon-laptop-lap-trinh-2026"
    assert body["status"] == "published" and body["publish_at"]
    assert "codehilite" in body["body_html"] and "onerror" not in body["body_html"]
    assert {t["slug"] for t in body["tags"]} == {"laptop", "lap-trinh"}
    assert body["category"]["id"] == str(cat.pk)
    assert body["author"]["id"] == str(staff_user.pk)
    assert body["seo"]["title"] == "Laptop cho dev"


def test_staff_create_with_cover_image_multipart(client_for, staff_user):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(buffer, format="PNG")
    upload = SimpleUploadedFile("cover.png", buffer.getvalue(), content_type="image/png")
    response = client_for(staff_user).post(POSTS, {"title": "Ảnh bìa", "cover_image": upload,
                                                  "tags": ["a", "b"]}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["cover_image"].startswith("http://testserver/media/blog/covers/")
    assert len(body["tags"]) == 2
    assert Post.objects.get(slug=body["slug"]).cover_image.storage.exists(
        Post.objects.get(slug=body["slug"]).cover_image.name)


def test_scheduled_without_time_is_a_400(client_for, staff_user):
    response = client_for(staff_user).post(POSTS, {"title": "T", "status": "scheduled"}, format="json")
    assert response.status_code == 400
    assert "publish_at" in response.json()["error"]["details"]
    assert not Post.objects.exists()


def test_staff_patch_put_delete(client_for, staff_user):
    client = client_for(staff_user)
    post = draft(title="Nháp", body="cũ")
    response = client.patch(detail(post.slug), {"body": "**mới**", "status": "published"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["body_html"] == "<p><strong>mới</strong></p>"
    assert response.json()["status"] == "published"

    response = client.put(detail(post.slug), {"title": "Tiêu đề mới", "body": "x", "status": "draft"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Tiêu đề mới"
    assert response.json()["status"] == "draft"

    response = client.put(detail(post.slug), {"body": "thiếu tiêu đề"}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()["error"]["details"]

    assert client.delete(detail(post.slug)).status_code == 204
    assert not Post.objects.filter(pk=post.pk).exists()
    assert client.delete(detail(post.slug)).status_code == 404


def test_unknown_products_are_refused(client_for, staff_user):
    import uuid

    response = client_for(staff_user).post(POSTS, {"title": "T", "product_ids": [str(uuid.uuid4())]}, format="json")
    assert response.status_code == 400
    assert "product_ids" in response.json()["error"]["details"]


def test_non_staff_cannot_write(api_client, auth_client):
    post = PostFactory()
    assert api_client.post(POSTS, {"title": "x"}, format="json").status_code == 401
    assert auth_client.post(POSTS, {"title": "x"}, format="json").status_code == 403
    assert error_code(auth_client.patch(detail(post.slug), {"title": "x"}, format="json")) == "permission_denied"
    assert auth_client.delete(detail(post.slug)).status_code == 403
    post.refresh_from_db()
    assert post.title != "x" and Post.objects.count() == 1
    assert post.status == PostStatus.PUBLISHED
