"""The benchmark catalogue of `seed_demo --size large`: 100,000 products from 20 warehouse shops, written with
bulk_create in batches (products, their variants and a picture row each pointing at one shared placeholder
per category), then indexed for search in bulk.

Deterministic (product n is always the same product) and resumable: a second run counts what the warehouse
shops already have and adds only the rest."""
from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from apps.core.demo import catalogue, images

BATCH = 2_000
SHOPS = 20
MODELS = ["A", "S", "X", "Pro", "Max", "Lite", "Plus", "Ultra", "Neo", "Air", "Mini", "Note", "GT", "Edge", "Z"]
COLOURS = ["Đen", "Trắng", "Xanh", "Đỏ", "Bạc", "Xám", "Black", "White", "Blue", "Silver"]
SEGMENTS = ["chính hãng", "giá rẻ", "cao cấp", "nhập khẩu", "2025", "2026", "new", "bản quốc tế"]
CITIES = ["TP. Hồ Chí Minh", "Hà Nội", "Đà Nẵng", "Cần Thơ", "Hải Phòng"]


def _warehouse_shops():
    """20 active shops owned by warehouse sellers (created once, in bulk)."""
    from apps.accounts.models import User
    from apps.shops.models import Shop, ShopStatus

    emails = [f"warehouse-{i:02d}@example.com" for i in range(1, SHOPS + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create([User(email=e, full_name=f"Kho hàng {e[10:12]}", role="seller", is_verified=True,
                                   password="!") for e in emails if e not in existing])  # "!": cannot sign in
    owners = {u.email: u for u in User.objects.filter(email__in=emails)}
    have = set(Shop.objects.filter(owner__email__in=emails).values_list("owner__email", flat=True))
    now = timezone.now()
    Shop.objects.bulk_create([
        Shop(owner=owners[e], name=f"Kho Hàng Tổng Hợp {e[10:12]}", slug=f"kho-hang-tong-hop-{e[10:12]}",
             status=ShopStatus.ACTIVE, approved_at=now, city=CITIES[i % len(CITIES)], email=e,
             description="Cửa hàng dữ liệu mẫu cho đo hiệu năng · benchmark data.")
        for i, e in enumerate(emails) if e not in have])
    return list(Shop.objects.filter(owner__email__in=emails).order_by("slug"))


def _placeholders() -> dict[str, tuple[str, str]]:
    """One picture (and its thumbnail: the same 400 px file) per leaf category, stored once and shared."""
    out = {}
    for leaf in catalogue.LEAVES:
        name = f"demo/placeholders/{leaf.slug}.jpg"
        if not default_storage.exists(name):
            noun = leaf.noun_vi[:1].upper() + leaf.noun_vi[1:]
            name = default_storage.save(name, ContentFile(images.product_card(title=noun, brand="Chợ", leaf_slug=leaf.slug)))
        out[leaf.slug] = (name, name)
    return out


def _leaf_kinds():
    """Per leaf: (category, brands seen in the demo catalogue, price range, spec names and values)."""
    from apps.catalog.models import Brand, Category

    kinds = []
    for leaf in catalogue.LEAVES:
        category = Category.objects.get(slug=leaf.slug)
        brand_names = sorted({row[1] for row in leaf.products})
        brands = list(Brand.objects.filter(name__in=brand_names))
        prices = [row[2] for row in leaf.products]
        specs = [(name, sorted({row[3].split("|")[i] for row in leaf.products})) for i, name in enumerate(leaf.specs)]
        kinds.append((leaf, category, brands, (min(prices) * 0.6, max(prices) * 1.3), specs))
    return kinds


def _product(n: int, kinds, shops, placeholders, classes):
    Product, Variant, ProductImage = classes
    from apps.catalog.domain import slugify_vi

    rng = random.Random(f"bulk:{n}")  # nosec B311  # demo data, seeded for repeatability
    leaf, category, brands, (low, high), specs = kinds[n % len(kinds)]
    brand = rng.choice(brands) if brands else None
    noun = leaf.noun_vi[:1].upper() + leaf.noun_vi[1:]
    parts = [noun, brand.name if brand else "", f"{rng.choice(MODELS)}{rng.randint(1, 99)}"]
    spec_values = [{"name": name, "value": rng.choice(values)} for name, values in specs]
    if spec_values and rng.random() < 0.7:
        parts.append(rng.choice(spec_values)["value"])
    if rng.random() < 0.4:
        parts.append(rng.choice(COLOURS))
    if rng.random() < 0.2:
        parts.append(rng.choice(SEGMENTS))
    title = " ".join(p for p in parts if p)[:190]
    price = Decimal(int(rng.uniform(low, high)) // 1000 * 1000 + 990)
    compare = price + Decimal(rng.randrange(1, 20) * 50_000) if rng.random() < 0.25 else None
    in_stock = rng.random() < 0.92
    product = Product(
        id=uuid.uuid4(), shop=shops[n % len(shops)], category=category, brand=brand, title=title,
        slug=f"{slugify_vi(title, max_length=180)}-b{n}", condition="new" if rng.random() < 0.9 else "used",
        description=f"<p>{title}: hàng mẫu để đo hiệu năng. Benchmark product number {n}.</p>",
        specifications=spec_values, status="active", price=price, compare_at_price=compare, in_stock=in_stock,
        sold_count=int(rng.paretovariate(1.3) * 2) if rng.random() < 0.7 else 0, view_count=rng.randint(0, 5000),
    )
    variants = [
        Variant(product=product, name="Tiêu chuẩn" if k == 0 else f"Loại {k + 1}", sku=f"BULK-{n:06d}-{k + 1}",
                attributes={} if k == 0 else {"Loại": str(k + 1)}, price=price + k * 200_000,
                compare_at_price=compare + k * 200_000 if compare else None,
                stock=rng.randint(1, 300) if in_stock else 0, position=k)
        for k in range(rng.choice((1, 1, 2, 3)))
    ]
    image, thumb = placeholders[leaf.slug]
    picture = ProductImage(product=product, image=image, thumbnail=thumb, alt=title, position=0)
    return product, variants, picture


def bulk_catalogue(*, total: int, log: Callable[[str], None] = print, batch: int = BATCH) -> int:
    """Make the warehouse shops hold `total` products; returns how many were added."""
    from apps.catalog.models import Product, ProductImage, Variant
    from apps.search.services import index_products

    started = time.monotonic()
    shops = _warehouse_shops()
    have = Product.objects.filter(shop__in=shops).count()
    if have >= total:
        log(f"Benchmark catalogue: {have} products already there.")
        return 0
    kinds, placeholders = _leaf_kinds(), _placeholders()
    classes = (Product, Variant, ProductImage)
    log(f"Benchmark catalogue: adding {total - have} products in batches of {batch}…")
    added_ids = []
    for start in range(have, total, batch):
        rows = [_product(n, kinds, shops, placeholders, classes) for n in range(start, min(total, start + batch))]
        with transaction.atomic():
            Product.objects.bulk_create([p for p, _v, _i in rows])
            Variant.objects.bulk_create([v for _p, vs, _i in rows for v in vs])
            ProductImage.objects.bulk_create([i for _p, _v, i in rows])
        added_ids += [p.pk for p, _v, _i in rows]
        done = start + len(rows)
        if done % 10_000 == 0 or done == total:
            log(f"  {done:>7} products  {time.monotonic() - started:6.1f} s")
    written = time.monotonic()
    for start in range(0, len(added_ids), 5_000):
        index_products(product_ids=added_ids[start:start + 5_000])
        if (start + 5_000) % 20_000 == 0 or start + 5_000 >= len(added_ids):
            log(f"  {min(start + 5_000, len(added_ids)):>7} indexed   {time.monotonic() - written:6.1f} s")
    log(f"Benchmark catalogue: {len(added_ids)} products written in {written - started:.1f} s, "
        f"indexed in {time.monotonic() - written:.1f} s.")
    return len(added_ids)
