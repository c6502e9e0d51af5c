import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.catalog.models import InventoryMovement, Product, ProductImport, Variant
from apps.catalog.services import product_import_template
from tests.factories.catalog import BrandFactory, CategoryFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/seller/products/import"
HEADER = ["handle", "title", "category", "brand", "condition", "description", "sku", "variant_name", "attributes",
          "price", "compare_at_price", "stock", "status"]


def csv_file(rows, header=HEADER, name="products.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), "text/csv")


def upload(client, file, capture):
    with capture(execute=True):
        return client.post(URL, {"file": file}, format="multipart")


def test_good_file_creates_and_updates_by_sku(seller_client, shop, django_capture_on_commit_callbacks):
    cat = CategoryFactory(slug="thoi-trang")
    BrandFactory(name="Việt Tiến", slug="viet-tien")
    existing = ProductFactory(shop=shop, default_variant__sku="OLD-1", default_variant__stock=4)
    rows = [
        ["ao-thun", "Áo thun", "thoi-trang", "viet-tien", "new", "<b>Cotton</b>", "AT-M", "Size M",
         "size=M; colour=White", "150000", "199000", "20", "active"],
        ["ao-thun", "", "", "", "", "", "AT-L", "Size L", "size=L", "160000", "", "15", ""],
        ["", "", "", "", "", "", "OLD-1", "", "", "99000", "", "7", ""],
    ]
    r = upload(seller_client, csv_file(rows), django_capture_on_commit_callbacks)
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["status"] == "done" and body["created_count"] == 2 and body["updated_count"] == 1
    assert [row["status"] for row in body["report"]] == ["created", "created", "updated"]
    product = Product.objects.get(slug="ao-thun")
    assert product.shop == shop and product.category == cat and product.brand.slug == "viet-tien"
    assert sorted(product.variants.values_list("sku", flat=True)) == ["AT-L", "AT-M"]
    assert product.variants.get(sku="AT-M").attributes == {"size": "M", "colour": "White"}
    assert str(product.price) == "150000.00" and product.in_stock
    old = Variant.objects.get(sku="OLD-1")
    assert old.product == existing and old.stock == 7 and str(old.price) == "99000.00"
    assert InventoryMovement.objects.filter(variant=old, reason="import", delta=3).exists()


def test_a_bad_row_imports_nothing_and_reports_each_row(seller_client, shop, other_shop,
                                                        django_capture_on_commit_callbacks):
    CategoryFactory(slug="sach-cu")
    VariantFactory(sku="THEIRS", product=ProductFactory(shop=other_shop, default_variant=False))
    rows = [
        ["sach-python", "Sách Python", "sach-cu", "", "new", "", "PY-1", "", "", "120000", "", "5", ""],
        ["sach-go", "Sách Go", "no-such-category", "", "broken", "", "GO-1", "", "", "-5", "", "x", ""],
        ["", "Sách Rust", "sach-cu", "", "", "", "THEIRS", "", "", "100000", "", "1", ""],
        ["", "Sách C", "sach-cu", "", "", "", "PY-1", "", "", "100000", "50000", "1", ""],
    ]
    r = upload(seller_client, csv_file(rows), django_capture_on_commit_callbacks)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "validation_error"
    by_row = {row["row"]: row["errors"] for row in err["details"]["rows"]}
    assert set(by_row) == {3, 4, 5}
    assert set(by_row[3]) == {"category", "condition", "price", "stock"}
    assert set(by_row[4]) == {"sku"}
    assert set(by_row[5]) == {"sku", "compare_at_price"}
    assert not Product.objects.filter(title__startswith="Sách").exists()
    job = ProductImport.objects.get(pk=err["details"]["import_id"])
    assert job.status == "failed" and len(job.report) == 4 and job.report[0]["status"] == "ok"


def test_file_problems(seller_client, django_capture_on_commit_callbacks):
    r = upload(seller_client, SimpleUploadedFile("x.xlsx", b"PK..", "application/zip"),
               django_capture_on_commit_callbacks)
    assert r.status_code == 400
    r = upload(seller_client, csv_file([["a"]], header=["title"]), django_capture_on_commit_callbacks)
    assert r.status_code == 422
    assert "sku" in r.json()["error"]["details"]["rows"][0]["errors"]["file"][0]
    r = upload(seller_client, SimpleUploadedFile("bad.csv", "sku\nÁ".encode("utf-16"), "text/csv"),
               django_capture_on_commit_callbacks)
    assert r.status_code == 422


def test_template_is_importable(seller_client, shop, django_capture_on_commit_callbacks):
    CategoryFactory(slug="thoi-trang")
    r = seller_client.get(f"{URL}/template")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert r.content.decode().splitlines()[0] == ",".join(HEADER)
    r = upload(seller_client, SimpleUploadedFile("t.csv", product_import_template().encode(), "text/csv"),
               django_capture_on_commit_callbacks)
    assert r.status_code == 201
    job = r.json()
    assert seller_client.get(f"/api/v1/seller/products/imports/{job['id']}").json()["progress"] == 100


def test_import_status_of_another_shop_is_404(seller_client, other_shop):
    job = ProductImport.objects.create(shop=other_shop, filename="x.csv")
    assert seller_client.get(f"/api/v1/seller/products/imports/{job.pk}").status_code == 404


def test_large_file_runs_in_the_background(seller_client, shop, settings, django_capture_on_commit_callbacks):
    settings.CATALOG_IMPORT_INLINE_BYTES = 10
    CategoryFactory(slug="sach-cu")
    rows = [["", "Sách Python", "sach-cu", "", "", "", "PY-1", "", "", "120000", "", "5", ""]]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        r = seller_client.post(URL, {"file": csv_file(rows)}, format="multipart")
    assert r.status_code == 202 and r.json()["status"] == "pending"
    for callback in callbacks:
        callback()
    body = seller_client.get(f"/api/v1/seller/products/imports/{r.json()['id']}").json()
    assert body["status"] == "done" and body["progress"] == 100
    assert Product.objects.filter(shop=shop, title="Sách Python").exists()
