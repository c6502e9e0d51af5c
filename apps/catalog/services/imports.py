"""CSV import of products: every row validated first; one bad row and nothing is written.

Columns (header row, UTF-8; see IMPORT_COLUMNS): handle (rows sharing it are variants of one product; defaults
to the title's slug), title, category (slug), brand (slug or name), condition (new|used|refurbished), description,
sku (required; an existing SKU of this shop is updated, a new one created), variant_name, attributes
("size=M; colour=Red"), price, compare_at_price, stock, status (draft|active|hidden).
A new product needs title, category, price and stock.
"""
import csv
import io

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from apps.catalog import domain
from apps.catalog.models import (
    Brand,
    Category,
    Condition,
    ImportStatus,
    MovementReason,
    Product,
    ProductImport,
    ProductStatus,
    Variant,
)
from apps.catalog.services.indexing import index_products_on_commit
from apps.catalog.services.products import _create_variant, unique_product_slug
from apps.catalog.services.stock import product_refresh_summary, stock_set
from apps.core.errors import ValidationFailed

PROGRESS_KEY = "catalog:import-progress:{}"
INLINE_MAX_BYTES = 64 * 1024  # about 500 rows: answered in the request (setting CATALOG_IMPORT_INLINE_BYTES)
SELLER_STATUSES = {ProductStatus.DRAFT, ProductStatus.ACTIVE, ProductStatus.HIDDEN}
PRODUCT_COLUMNS = ("title", "category", "brand", "condition", "description", "status")


def product_import_template() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(domain.IMPORT_COLUMNS)
    writer.writerow(["ao-thun-basic", "Áo thun basic", "thoi-trang", "", "new", "Cotton 100%", "AT-BASIC-M",
                     "Size M", "size=M; colour=White", "150000", "199000", "20", "active"])
    writer.writerow(["ao-thun-basic", "", "", "", "", "", "AT-BASIC-L", "Size L", "size=L; colour=White",
                     "150000", "", "15", ""])
    return out.getvalue()


def product_import_start(*, shop, by, file) -> ProductImport:
    """Store the upload; a small file is processed at once, a larger one by a Celery task after commit."""
    name = getattr(file, "name", "import.csv") or "import.csv"
    size = getattr(file, "size", 0) or 0
    if not name.lower().endswith(".csv"):
        raise ValidationFailed(_("Upload a .csv file."), details={"file": [_("Upload a .csv file.")]})
    if size > domain.IMPORT_MAX_BYTES:
        raise ValidationFailed(_("The file may be at most 2 MB."), details={"file": [_("The file may be at most 2 MB.")]})
    job = ProductImport(shop=shop, created_by=by, filename=name[-255:])
    job.file.save(name[-80:], file, save=False)
    job.save()
    if size <= getattr(settings, "CATALOG_IMPORT_INLINE_BYTES", INLINE_MAX_BYTES):
        return product_import_run(job=job)
    from apps.catalog.tasks import run_product_import

    transaction.on_commit(lambda: run_product_import.delay(import_id=str(job.pk)))
    return job


def product_import_progress(job: ProductImport) -> int:
    if job.status == ImportStatus.RUNNING:
        done = cache.get(PROGRESS_KEY.format(job.pk))
        if done is not None and job.total_rows:
            return min(99, round(100 * done / job.total_rows))
    return job.progress


def _read_rows(job: ProductImport):
    with job.file.open("rb") as fh:
        raw = fh.read(domain.IMPORT_MAX_BYTES + 1)
    if len(raw) > domain.IMPORT_MAX_BYTES:
        raise ValueError(_("The file may be at most 2 MB."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_("The file is not UTF-8 text.")) from None
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "sku" not in headers:
        raise ValueError(_("The header row must name the columns, including sku."))
    rows = []
    for row in reader:
        rows.append({(k or "").strip().lower(): (v or "").strip() if isinstance(v, str) else "" for k, v in row.items()})
        if len(rows) > domain.IMPORT_MAX_ROWS:
            raise ValueError(_("A file may have at most %(n)s rows.") % {"n": domain.IMPORT_MAX_ROWS})
    if not rows:
        raise ValueError(_("The file has no rows."))
    return rows


def _validate(shop, rows):
    """→ (plans, report, ok). A plan is a dict per row with parsed values and the target."""
    skus = [r.get("sku", "") for r in rows]
    variants = {v.sku: v for v in Variant.objects.filter(sku__in=[s for s in skus if s]).select_related("product")}
    categories = {c.slug: c for c in Category.objects.filter(is_active=True)}
    brands = {}
    for b in Brand.objects.annotate(lname=Lower("name")):
        brands[b.slug] = b
        brands[b.lname] = b
    handles = {r.get("handle") or domain.slugify_vi(r.get("title", "")) for r in rows}
    shop_products = {p.slug: p for p in Product.objects.filter(shop=shop, is_deleted=False, slug__in=handles)}
    plans, report, seen, new_handles = [], [], set(), set()
    for index, row in enumerate(rows):
        number = index + 2  # the header is row 1
        errors: dict = {}
        sku = row.get("sku", "")
        plan = {"row": number, "sku": sku}
        if not sku:
            errors["sku"] = [_("Required.")]
        elif len(sku) > 64:
            errors["sku"] = [_("At most 64 characters.")]
        elif sku in seen:
            errors["sku"] = [_("This SKU appears twice in the file.")]
        seen.add(sku)
        existing = variants.get(sku)
        if existing is not None and (existing.product.shop_id != shop.pk or existing.is_deleted
                                     or existing.product.is_deleted):
            errors["sku"] = [_("This SKU belongs to another product or shop.")]
            existing = None
        plan["variant"] = existing
        for field in ("price", "compare_at_price"):
            if row.get(field):
                try:
                    plan[field] = domain.parse_price(row[field])
                except ValueError:
                    errors[field] = [_("Enter a price of zero or more.")]
        if row.get("stock"):
            try:
                plan["stock"] = domain.parse_stock(row["stock"])
            except ValueError:
                errors["stock"] = [_("Enter a whole number of zero or more.")]
        price = plan.get("price", existing.price if existing else None)
        if plan.get("compare_at_price") is not None and price is not None and plan["compare_at_price"] <= price:
            errors["compare_at_price"] = [_("The compare-at price must be higher than the price.")]
        if row.get("condition"):
            if row["condition"] not in Condition.values:
                errors["condition"] = [_("Choose new, used or refurbished.")]
            plan["condition"] = row["condition"]
        if row.get("status"):
            if row["status"] not in SELLER_STATUSES:
                errors["status"] = [_("Choose draft, active or hidden.")]
            plan["status"] = row["status"]
        if row.get("category"):
            plan["category"] = categories.get(row["category"])
            if plan["category"] is None:
                errors["category"] = [_("No category with this slug.")]
        if row.get("brand"):
            plan["brand"] = brands.get(row["brand"]) or brands.get(row["brand"].lower())
            if plan["brand"] is None:
                errors["brand"] = [_("No brand with this slug or name.")]
        if row.get("attributes"):
            try:
                plan["attributes"] = domain.parse_attributes(row["attributes"])
            except ValueError:
                errors["attributes"] = [_('Write attributes as "name=value; name=value".')]
        for field in ("title", "description", "variant_name"):
            if row.get(field):
                plan[field] = row[field]
        if existing is None and "sku" not in errors:
            handle = domain.slugify_vi(row.get("handle") or row.get("title", ""))
            plan["handle"] = handle
            target = shop_products.get(handle)
            plan["product"] = target
            if target is None and handle not in new_handles:
                # The first row of a new product carries its details.
                if not row.get("title"):
                    errors["title"] = [_("Required for a new product.")]
                if not row.get("category"):
                    errors.setdefault("category", [_("Required for a new product.")])
                new_handles.add(handle)
                plan["new_product"] = True
            for field in ("price", "stock"):
                if not row.get(field):
                    errors.setdefault(field, [_("Required for a new variant.")])
        plan["action"] = "update" if existing is not None else "create"
        report.append({"row": number, "sku": sku, "status": "error" if errors else "ok",
                       "action": plan["action"], "errors": errors})
        plans.append(plan)
        if index % 100 == 0:
            cache.set(PROGRESS_KEY.format("validate"), index, 60)
    return plans, report, not any(r["errors"] for r in report)


def _apply(shop, by, plans, job) -> tuple[int, int, set]:
    created = updated = 0
    touched: set = set()
    new_products: dict = {}
    for i, plan in enumerate(plans):
        variant = plan["variant"]
        product_fields = {k: plan[k] for k in PRODUCT_COLUMNS if k in plan}
        if "description" in product_fields:
            product_fields["description"] = domain.sanitize_html(product_fields["description"])
        if variant is not None:
            product = variant.product
            for key, value in product_fields.items():
                setattr(product, key, value)
            if product_fields:
                product.save()
            for key in ("price", "compare_at_price", "attributes"):
                if key in plan:
                    setattr(variant, key, plan[key])
            if "variant_name" in plan:
                variant.name = plan["variant_name"][:120]
            variant.save()
            if "stock" in plan:
                stock_set(variant=variant, stock=plan["stock"], reason=MovementReason.IMPORT, by=by,
                          reference=f"import {job.pk}")
            touched.add(product.pk)
            updated += 1
        else:
            product = plan.get("product") or new_products.get(plan["handle"])
            if product is None:
                product_fields.setdefault("status", ProductStatus.ACTIVE)
                product_fields["title"] = product_fields["title"][:200]
                slug = plan["handle"] if not Product.objects.filter(slug=plan["handle"]).exists() \
                    else unique_product_slug(plan["handle"])
                product = Product.objects.create(shop=shop, slug=slug, **product_fields)
                new_products[plan["handle"]] = product
            _create_variant(product, {"sku": plan["sku"], "name": plan.get("variant_name", "Default")[:120],
                                      "attributes": plan.get("attributes", {}), "price": plan["price"],
                                      "compare_at_price": plan.get("compare_at_price"), "stock": plan["stock"]},
                            by=by, reason=MovementReason.IMPORT, position=product.variants.count())
            touched.add(product.pk)
            created += 1
        if i % 25 == 0:
            cache.set(PROGRESS_KEY.format(job.pk), i, 3600)
    product_refresh_summary(product_ids=touched)
    return created, updated, touched


def product_import_run(*, job: ProductImport) -> ProductImport:
    """Validate every row, then apply all of them in one transaction or none."""
    ProductImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    job.status = ImportStatus.RUNNING
    try:
        rows = _read_rows(job)
    except ValueError as exc:
        job.status, job.report = ImportStatus.FAILED, [{"row": 0, "sku": "", "status": "error", "action": "",
                                                        "errors": {"file": [str(exc)]}}]
        job.save(update_fields=["status", "report", "updated_at"])
        return job
    job.total_rows = len(rows)
    job.save(update_fields=["status", "total_rows", "updated_at"])
    plans, report, ok = _validate(job.shop, rows)
    if not ok:
        job.status, job.report, job.processed_rows = ImportStatus.FAILED, report, len(rows)
        job.save(update_fields=["status", "report", "processed_rows", "updated_at"])
        return job
    with transaction.atomic():
        created, updated, touched = _apply(job.shop, job.created_by, plans, job)
        for line in report:
            line["status"] = "created" if line["action"] == "create" else "updated"
        job.status, job.report, job.processed_rows = ImportStatus.DONE, report, len(rows)
        job.created_count, job.updated_count = created, updated
        job.save()
        index_products_on_commit(touched)
    cache.delete(PROGRESS_KEY.format(job.pk))
    return job
