import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.catalog.models import InventoryMovement, Product, ProductImage, Variant
from tests.factories.catalog import BrandFactory, CategoryFactory, ProductFactory, ProductImageFactory, VariantFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/seller"


def png_bytes(size=(60, 40), fmt="PNG"):
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, fmt)
    return out.getvalue()


def create_body(category, **extra):
    return {"title": "Điện thoại X", "description": "<p>Tốt</p><script>alert(1)</script>",
            "category_id": category.pk, "condition": "new",
            "specifications": [{"name": "RAM", "value": "8 GB"}, {"name": "Pin", "value": "5000 mAh"}],
            "variants": [{"name": "Đen", "sku": "X-DEN", "attributes": {"colour": "black"}, "price": "7990000",
                          "stock": 12},
                         {"name": "Trắng", "sku": "X-TRANG", "price": "7490000", "compare_at_price": "8990000",
                          "stock": 0}], **extra}


def test_create_product_with_variants(seller_client, shop):
    category = CategoryFactory()
    brand = BrandFactory()
    r = seller_client.post(f"{BASE}/products", create_body(category, brand_id=str(brand.pk)), format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["slug"] == "dien-thoai-x"
    assert "<script>" not in body["description"] and "<p>Tốt</p>" in body["description"]
    assert [s["name"] for s in body["specifications"]] == ["RAM", "Pin"]
    assert body["price"] == "7490000.00" and body["in_stock"] is True and body["status"] == "active"
    assert {v["sku"] for v in body["variants"]} == {"X-DEN", "X-TRANG"}
    movement = InventoryMovement.objects.get(variant__sku="X-DEN")
    assert movement.delta == 12 and movement.created_by == shop.owner


def test_create_needs_a_variant_and_unique_skus(seller_client):
    category = CategoryFactory()
    r = seller_client.post(f"{BASE}/products", create_body(category, variants=[]), format="json")
    assert r.status_code == 400 and "variants" in r.json()["error"]["details"]
    VariantFactory(sku="X-DEN")
    r = seller_client.post(f"{BASE}/products", create_body(category), format="json")
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    assert not Product.objects.filter(title="Điện thoại X").exists()


def test_buyer_without_shop_is_refused(auth_client):
    r = auth_client.get(f"{BASE}/products")
    assert r.status_code == 403 and r.json()["error"]["code"] == "permission_denied"


def test_anonymous_is_401(api_client):
    assert api_client.get(f"{BASE}/products").status_code == 401


def test_seller_cannot_read_or_change_another_shops_products(seller_client, other_shop):
    theirs = ProductFactory(shop=other_shop)
    variant = theirs.variants.get()
    image = ProductImageFactory(product=theirs)
    calls = [
        ("get", f"{BASE}/products/{theirs.pk}", None),
        ("patch", f"{BASE}/products/{theirs.pk}", {"title": "Hacked"}),
        ("put", f"{BASE}/products/{theirs.pk}", {"title": "Hacked", "category_id": theirs.category_id}),
        ("delete", f"{BASE}/products/{theirs.pk}", None),
        ("post", f"{BASE}/products/{theirs.pk}/variants", {"sku": "NEW", "price": "1"}),
        ("patch", f"{BASE}/variants/{variant.pk}", {"price": "1"}),
        ("delete", f"{BASE}/variants/{variant.pk}", None),
        ("post", f"{BASE}/variants/{variant.pk}/stock", {"delta": -5}),
        ("get", f"{BASE}/variants/{variant.pk}/movements", None),
        ("patch", f"{BASE}/images/{image.pk}", {"alt": "x"}),
        ("delete", f"{BASE}/images/{image.pk}", None),
        ("post", f"{BASE}/products/{theirs.pk}/images/reorder", {"image_ids": [str(image.pk)]}),
    ]
    for method, url, data in calls:
        r = getattr(seller_client, method)(url, data, format="json")
        assert r.status_code == 404, (method, url, r.status_code)
        assert r.json()["error"]["code"] == "not_found"
    assert str(theirs.pk) not in [p["id"] for p in seller_client.get(f"{BASE}/products").json()["results"]]
    theirs.refresh_from_db()
    variant.refresh_from_db()
    assert theirs.title != "Hacked" and not theirs.is_deleted and variant.stock == 10
    assert ProductImage.objects.filter(pk=image.pk).exists()


def test_update_and_soft_delete(seller_client, shop):
    p = ProductFactory(shop=shop)
    r = seller_client.patch(f"{BASE}/products/{p.pk}", {"title": "Tên mới", "status": "hidden"}, format="json")
    assert r.status_code == 200 and r.json()["title"] == "Tên mới" and r.json()["status"] == "hidden"
    r = seller_client.patch(f"{BASE}/products/{p.pk}", {"status": "banned"}, format="json")
    assert r.status_code == 400
    sku = p.variants.get().sku
    assert seller_client.delete(f"{BASE}/products/{p.pk}").status_code == 204
    p.refresh_from_db()
    assert p.is_deleted and Product.objects.filter(pk=p.pk).exists()
    assert seller_client.get(f"{BASE}/products/{p.pk}").status_code == 404
    # the SKU is free again for a new product
    VariantFactory(sku=sku)


def test_variants_add_change_delete(seller_client, shop):
    p = ProductFactory(shop=shop, default_variant__price=Decimal("100000"))
    r = seller_client.post(f"{BASE}/products/{p.pk}/variants",
                           {"name": "XL", "sku": "XL-1", "price": "90000", "stock": 3}, format="json")
    assert r.status_code == 201
    vid = r.json()["id"]
    p.refresh_from_db()
    assert p.price == Decimal("90000")
    r = seller_client.patch(f"{BASE}/variants/{vid}", {"stock": 8, "compare_at_price": "95000"}, format="json")
    assert r.status_code == 200 and r.json()["stock"] == 8
    assert InventoryMovement.objects.filter(variant_id=vid, delta=5, reason="adjustment").exists()
    r = seller_client.patch(f"{BASE}/variants/{vid}", {"compare_at_price": "10"}, format="json")
    assert r.status_code == 400
    assert seller_client.delete(f"{BASE}/variants/{vid}").status_code == 204
    assert Variant.objects.get(pk=vid).is_deleted
    last = p.variants.get(is_deleted=False)
    assert seller_client.delete(f"{BASE}/variants/{last.pk}").status_code == 409


def test_stock_adjust_never_below_zero(seller_client, shop):
    v = ProductFactory(shop=shop, default_variant__stock=3).variants.get()
    r = seller_client.post(f"{BASE}/variants/{v.pk}/stock", {"delta": -4}, format="json")
    assert r.status_code == 422 and r.json()["error"]["code"] == "out_of_stock"
    assert r.json()["error"]["details"]["available"] == 3
    r = seller_client.post(f"{BASE}/variants/{v.pk}/stock", {"delta": 7, "reason": "restock"}, format="json")
    assert r.status_code == 200 and r.json()["stock"] == 10
    moves = seller_client.get(f"{BASE}/variants/{v.pk}/movements").json()["results"]
    assert moves[0]["delta"] == 7 and moves[0]["reason"] == "restock"


def test_low_stock_list_and_single_notification(seller_client, shop, django_capture_on_commit_callbacks):
    from apps.notifications.models import Notification

    v = ProductFactory(shop=shop, default_variant__stock=5, default_variant__low_stock_threshold=2).variants.get()
    ProductFactory(shop=shop, default_variant__stock=50)
    with django_capture_on_commit_callbacks(execute=True):
        seller_client.post(f"{BASE}/variants/{v.pk}/stock", {"delta": -3}, format="json")
        seller_client.post(f"{BASE}/variants/{v.pk}/stock", {"delta": -1}, format="json")
    rows = seller_client.get(f"{BASE}/inventory/low-stock").json()["results"]
    assert [r["sku"] for r in rows] == [v.sku]
    notes = Notification.objects.filter(user=shop.owner, kind="stock.low")
    assert notes.count() == 1  # once per crossing
    with django_capture_on_commit_callbacks(execute=True):
        seller_client.post(f"{BASE}/variants/{v.pk}/stock", {"delta": 10}, format="json")
        seller_client.post(f"{BASE}/variants/{v.pk}/stock", {"delta": -11}, format="json")
    assert notes.count() == 2  # a new crossing after a restock


def test_image_upload_reorder_delete(seller_client, shop, django_capture_on_commit_callbacks):
    p = ProductFactory(shop=shop)
    with django_capture_on_commit_callbacks(execute=True):
        r1 = seller_client.post(f"{BASE}/products/{p.pk}/images",
                                {"file": SimpleUploadedFile("a.png", png_bytes(), "image/png"), "alt": "Trước"},
                                format="multipart")
        r2 = seller_client.post(f"{BASE}/products/{p.pk}/images",
                                {"file": SimpleUploadedFile("b.jpg", png_bytes(fmt="JPEG"), "image/jpeg")},
                                format="multipart")
    assert r1.status_code == 201 and r2.status_code == 201
    first = ProductImage.objects.get(pk=r1.json()["id"])
    assert first.thumbnail and first.thumbnail.name.endswith("-thumb.jpg")
    r = seller_client.post(f"{BASE}/products/{p.pk}/images/reorder",
                           {"image_ids": [r2.json()["id"], r1.json()["id"]]}, format="json")
    assert [i["id"] for i in r.json()] == [r2.json()["id"], r1.json()["id"]]
    p.refresh_from_db()
    assert str(p.main_image.pk) == r2.json()["id"]
    assert seller_client.delete(f"{BASE}/images/{r1.json()['id']}").status_code == 204


@pytest.mark.parametrize("name,content,ctype", [
    ("fake.png", b"<?php echo 'hi'; ?>", "image/png"),
    ("doc.pdf", b"%PDF-1.4 not an image", "application/pdf"),
    ("empty.jpg", b"", "image/jpeg"),
])
def test_image_content_is_checked(seller_client, shop, name, content, ctype):
    p = ProductFactory(shop=shop)
    r = seller_client.post(f"{BASE}/products/{p.pk}/images", {"file": SimpleUploadedFile(name, content, ctype)},
                           format="multipart")
    assert r.status_code == 400
    assert not p.images.exists()


def test_image_size_and_count_limits(seller_client, shop, settings):
    p = ProductFactory(shop=shop)
    payload = png_bytes() + b"\0" * (5 * 1024 * 1024)
    r = seller_client.post(f"{BASE}/products/{p.pk}/images",
                           {"file": SimpleUploadedFile("big.png", payload, "image/png")}, format="multipart")
    assert r.status_code == 400 and "5 MB" in r.json()["error"]["message"]
    for _ in range(10):
        ProductImageFactory(product=p)
    r = seller_client.post(f"{BASE}/products/{p.pk}/images",
                           {"file": SimpleUploadedFile("c.png", png_bytes(), "image/png")}, format="multipart")
    assert r.status_code == 422
    assert p.images.count() == 10


@pytest.mark.parametrize("size", [2, 6])
def test_seller_list_query_count_is_fixed(seller_client, shop, django_assert_num_queries, size):
    for _ in range(size):
        ProductFactory(shop=shop)
    with django_assert_num_queries(5):  # user, shop, count, page, images
        r = seller_client.get(f"{BASE}/products")
    assert r.json()["count"] == size
