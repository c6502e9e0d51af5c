"""What people write (product descriptions, blog posts, reviews, shop texts) never runs as script on our
pages: HTML is sanitised with nh3 where formatting is allowed, everything else is escaped."""
import json
from html.parser import HTMLParser

import pytest

from tests.security.conftest import api_client_for

PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">text</p>',
    "</script><script>alert('breakout')</script>",
    '<svg onload="alert(1)"><circle/></svg>',
]
EVIL = "".join(PAYLOADS)


class _Audit(HTMLParser):
    """Walks the real elements of a document (escaped text is just text) and notes anything executable."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if value and value.strip().lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if value and "evil.example" in value:
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = "json" if dict(attrs).get("type") == "application/ld+json" else "code"

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script == "json":
            try:
                json.loads(data)  # user text inside structured data stays a JSON string (no </script> breakout)
            except ValueError:
                self.problems.append(f"structured data broken open: {data[:80]!r}")
        elif self._script and "alert(" in data:
            self.problems.append(f"script runs user text: {data[:80]!r}")


def assert_harmless(html: str):
    audit = _Audit()
    audit.feed(html)
    audit.close()
    assert not audit.problems, audit.problems


def test_product_description_is_sanitised_and_the_title_cannot_break_out(world, client):
    seller = api_client_for(world.seller)
    response = seller.post("/api/v1/seller/products", {
        "title": "Áo </script><script>alert('title')</script>", "description": f"<p><strong>Cotton</strong></p>{EVIL}",
        "category_id": world.category.pk, "condition": "new",
        "variants": [{"name": "M", "sku": "XSS-1", "price": "100000", "stock": 3}]}, format="json")
    assert response.status_code == 201, response.json()
    description = response.json()["description"]
    assert "<strong>Cotton</strong>" in description  # formatting survives
    assert "<script" not in description.lower() and "onerror" not in description.lower()
    assert "javascript:" not in description.lower()

    from apps.catalog.models import Product

    product = Product.objects.get(pk=response.json()["id"])
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert(" not in html
    assert_harmless(html)


def test_product_description_update_is_sanitised(world):
    response = api_client_for(world.seller).patch(f"/api/v1/seller/products/{world.product.pk}",
                                                  {"description": EVIL}, format="json")
    assert response.status_code == 200
    world.product.refresh_from_db()
    assert_harmless(world.product.description)


def test_csv_imported_descriptions_are_sanitised(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    evil = EVIL.replace('"', '""')
    content = ("handle,title,category,brand,condition,description,sku,variant_name,attributes,price,compare_at_price,"
               f"stock,status\nxss,Áo XSS,{world.category.slug},,new,\"{evil}\",CSV-XSS-1,M,,99000,,3,active\n")
    response = api_client_for(world.seller).post(
        "/api/v1/seller/products/import", {"file": SimpleUploadedFile("p.csv", content.encode(), "text/csv")},
        format="multipart")
    assert response.status_code in (201, 202), response.json()
    from apps.catalog.models import Product

    product = Product.objects.get(variants__sku="CSV-XSS-1")
    assert_harmless(product.description)


def test_blog_markdown_and_raw_html_are_sanitised(world, client):
    body = ("# Tiêu đề\n\nMột **đoạn**.\n\n[bấm](javascript:alert(1))\n\n" + EVIL
            + "\n\n```python\nprint('<script>')\n```\n")
    response = api_client_for(world.staff).post("/api/v1/blog/posts", {
        "title": "Bài XSS", "body": body, "status": "published"}, format="json")
    assert response.status_code == 201, response.json()
    html = response.json()["body_html"]
    assert "<strong>đoạn</strong>" in html
    assert_harmless(html)
    from apps.blog.models import Post

    page = client.get(Post.objects.get(slug=response.json()["slug"]).get_absolute_url())
    assert page.status_code == 200
    assert "<script>alert(" not in page.content.decode()
    assert_harmless(page.content.decode())


def test_review_text_is_escaped_on_the_product_page(world, client):
    response = api_client_for(world.buyer).post("/api/v1/reviews", {
        "product_id": str(world.product_b.pk), "order_id": str(world.order_delivered.pk), "rating": 5,
        "title": "<b>hay</b>", "content": EVIL}, format="json")
    assert response.status_code == 201, response.json()
    html = client.get(world.product_b.get_absolute_url()).content.decode()
    assert "&lt;script&gt;" in html or "alert" not in html
    assert "<script>alert(" not in html
    assert_harmless(html)


@pytest.mark.parametrize("field", ["description", "name"])
def test_shop_texts_are_escaped(world, client, field):
    value = "Shop <script>alert(1)</script>" if field == "name" else EVIL
    response = api_client_for(world.seller).patch("/api/v1/seller/shops/me", {field: value}, format="json")
    assert response.status_code == 200, response.json()
    world.shop.refresh_from_db()
    html = client.get(world.shop.get_absolute_url()).content.decode()
    assert "<script>alert(" not in html
    assert_harmless(html)
