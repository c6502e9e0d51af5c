"""Uploads are checked by content (not by name or the browser's content type) and served with a safe type."""
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.security.conftest import api_client_for, jpeg_bytes

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b'<script>alert(1)</script></svg>')


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def fetch_media(client, field_file):
    """GET an uploaded file through the site's own media route. The route serves the MEDIA_ROOT the URLconf
    was loaded with, while each test writes to its own directory, so the file is copied there first."""
    from django.urls import get_resolver
    from django.views.static import serve

    route = next(p for p in get_resolver().url_patterns if getattr(p, "callback", None) is serve)
    target = Path(route.default_args["document_root"]) / field_file.name
    target.parent.mkdir(parents=True, exist_ok=True)
    with field_file.open("rb") as source:
        target.write_bytes(source.read())
    try:
        return client.get(field_file.url)
    finally:
        target.unlink(missing_ok=True)


def _upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


BAD_FILES = {
    "html renamed .jpg": ("photo.jpg", HTML, "image/jpeg"),
    "svg with script": ("logo.svg", SVG, "image/svg+xml"),
    "svg renamed .png": ("logo.png", SVG, "image/png"),
    "empty": ("empty.jpg", b"", "image/jpeg"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_avatar_upload_refuses_what_is_not_an_image(world, case):
    name, content, ctype = BAD_FILES[case]
    response = api_client_for(world.buyer).post("/api/v1/users/profile/avatar", {"file": _upload(name, content, ctype)},
                                                format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    world.buyer.refresh_from_db()
    assert not world.buyer.avatar


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_product_image_upload_refuses_what_is_not_an_image(world, case):
    name, content, ctype = BAD_FILES[case]
    before = world.product.images.count()
    response = api_client_for(world.seller).post(f"/api/v1/seller/products/{world.product.pk}/images",
                                                 {"file": _upload(name, content, ctype)}, format="multipart")
    assert response.status_code == 400
    assert world.product.images.count() == before


@pytest.mark.parametrize("case", ["html renamed .jpg", "svg with script"])
def test_review_photos_refuse_what_is_not_an_image(world, case):
    name, content, ctype = BAD_FILES[case]
    response = api_client_for(world.buyer).post("/api/v1/reviews", {
        "product_id": str(world.product_b.pk), "order_id": str(world.order_delivered.pk), "rating": 4,
        "content": "Tốt", "images": [_upload(name, content, ctype)]}, format="multipart")
    assert response.status_code == 400
    assert not world.product_b.reviews.exists()


@pytest.mark.parametrize("case", ["html renamed .jpg", "svg with script"])
def test_shop_logo_refuses_what_is_not_an_image(world, case):
    name, content, ctype = BAD_FILES[case]
    response = api_client_for(world.seller).patch("/api/v1/seller/shops/me", {"logo": _upload(name, content, ctype)},
                                                  format="multipart")
    assert response.status_code == 400
    world.shop.refresh_from_db()
    assert not world.shop.logo


def test_a_real_image_under_an_html_name_is_stored_and_served_as_an_image(world, client):
    """A genuine PNG called page.html must not come back as text/html from our origin."""
    response = api_client_for(world.seller).post(f"/api/v1/seller/products/{world.product.pk}/images",
                                                 {"file": _upload("page.html", png_bytes(), "text/html")},
                                                 format="multipart")
    if response.status_code == 400:
        return  # refused outright: also safe
    assert response.status_code == 201
    image = world.product.images.order_by("-created_at").first()
    assert not image.image.name.endswith(".html")
    served = fetch_media(client, image.image)
    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/")
    assert served["X-Content-Type-Options"] == "nosniff"


def test_uploaded_media_is_served_with_its_image_type_and_nosniff(world, client):
    response = api_client_for(world.buyer).post("/api/v1/users/profile/avatar",
                                                {"file": _upload("me.jpg", jpeg_bytes((40, 40)))}, format="multipart")
    assert response.status_code == 200
    world.buyer.refresh_from_db()
    served = fetch_media(client, world.buyer.avatar)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in served["Content-Security-Policy"]
