"""Generate a realistic catalogue for the search benchmark: N products (default 100,000) with Vietnamese and
English titles, ~400 brands, ~300 categories in a two-level tree, 40 shops, one to three variants each,
then build the search documents.

    createdb -h 127.0.0.1 -U cho cho_bench          # once (password cho)
    export DATABASE_URL=postgres://cho:cho@127.0.0.1:5432/cho_bench
    .venv/bin/python manage.py migrate --noinput
    .venv/bin/python benchmarks/search/generate.py --products 100000

Deterministic (seeded); refuses to add to a database that already has products unless --force.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils.text import slugify  # noqa: E402

# (root category, [(leaf category, [title nouns VN/EN], price range in VND, [(spec name, [values])])])
TAXONOMY = [
    ("Điện thoại & Máy tính bảng", [
        ("Điện thoại", ["Điện thoại", "Smartphone", "Điện thoại thông minh"], (1_500_000, 35_000_000),
         [("RAM", ["4GB", "6GB", "8GB", "12GB"]), ("Bộ nhớ", ["64GB", "128GB", "256GB", "512GB"])]),
        ("Máy tính bảng", ["Máy tính bảng", "Tablet"], (3_000_000, 30_000_000),
         [("Màn hình", ["8.7 inch", "10.9 inch", "11 inch", "12.9 inch"])]),
        ("Ốp lưng", ["Ốp lưng", "Phone case", "Ốp lưng silicon"], (50_000, 500_000), [("Chất liệu", ["Silicon", "Nhựa cứng", "Da"])]),
        ("Sạc dự phòng", ["Sạc dự phòng", "Power bank", "Pin sạc dự phòng"], (200_000, 1_500_000),
         [("Dung lượng", ["10000mAh", "20000mAh", "30000mAh"])]),
        ("Cáp sạc", ["Cáp sạc", "Cáp USB-C", "Charging cable"], (50_000, 600_000), [("Độ dài", ["1m", "2m"])]),
    ]),
    ("Laptop & Máy tính", [
        ("Laptop", ["Laptop", "Máy tính xách tay", "Notebook"], (8_000_000, 60_000_000),
         [("CPU", ["Core i5", "Core i7", "Ryzen 5", "Ryzen 7", "M3"]), ("RAM", ["8GB", "16GB", "32GB"])]),
        ("Laptop gaming", ["Laptop gaming", "Gaming laptop"], (18_000_000, 80_000_000),
         [("GPU", ["RTX 4050", "RTX 4060", "RTX 4070"])]),
        ("Màn hình", ["Màn hình", "Monitor", "Màn hình máy tính"], (2_000_000, 25_000_000),
         [("Kích thước", ["24 inch", "27 inch", "32 inch"]), ("Tần số quét", ["75Hz", "144Hz", "165Hz"])]),
        ("Bàn phím", ["Bàn phím cơ", "Mechanical keyboard", "Bàn phím không dây"], (300_000, 4_000_000),
         [("Switch", ["Red", "Blue", "Brown"])]),
        ("Chuột", ["Chuột không dây", "Gaming mouse", "Chuột máy tính"], (150_000, 3_000_000), [("DPI", ["1600", "16000", "26000"])]),
        ("Ổ cứng", ["Ổ cứng SSD", "SSD", "Ổ cứng di động"], (600_000, 8_000_000), [("Dung lượng", ["512GB", "1TB", "2TB"])]),
    ]),
    ("Âm thanh", [
        ("Tai nghe", ["Tai nghe không dây", "Tai nghe Bluetooth", "Wireless earbuds", "Headphones"], (300_000, 9_000_000),
         [("Chống ồn", ["Có", "Không"])]),
        ("Loa", ["Loa Bluetooth", "Bluetooth speaker", "Loa di động"], (400_000, 12_000_000), [("Công suất", ["10W", "20W", "40W"])]),
        ("Micro", ["Micro thu âm", "Microphone"], (300_000, 5_000_000), [("Kết nối", ["USB", "XLR"])]),
    ]),
    ("Điện gia dụng", [
        ("Nồi chiên không dầu", ["Nồi chiên không dầu", "Air fryer"], (1_000_000, 6_000_000), [("Dung tích", ["4.1L", "5.5L", "7L"])]),
        ("Nồi cơm điện", ["Nồi cơm điện", "Rice cooker", "Nồi cơm điện tử"], (500_000, 5_000_000), [("Dung tích", ["1L", "1.5L", "1.8L"])]),
        ("Máy lọc không khí", ["Máy lọc không khí", "Air purifier"], (2_000_000, 15_000_000), [("Diện tích", ["30m²", "50m²"])]),
        ("Máy hút bụi", ["Máy hút bụi", "Robot hút bụi", "Vacuum cleaner"], (1_500_000, 20_000_000), [("Lực hút", ["2000Pa", "5000Pa"])]),
        ("Quạt điện", ["Quạt đứng", "Quạt điều hoà", "Electric fan"], (400_000, 4_000_000), [("Công suất", ["45W", "55W"])]),
    ]),
    ("Thời trang", [
        ("Áo thun", ["Áo thun", "T-shirt", "Áo phông"], (99_000, 600_000), [("Size", ["S", "M", "L", "XL"])]),
        ("Giày thể thao", ["Giày thể thao", "Sneakers", "Giày chạy bộ"], (400_000, 4_000_000), [("Size", ["39", "40", "41", "42"])]),
        ("Túi xách", ["Túi xách", "Balo", "Backpack", "Túi đeo chéo"], (200_000, 3_000_000), [("Chất liệu", ["Da", "Vải canvas"])]),
        ("Đồng hồ", ["Đồng hồ thông minh", "Smartwatch", "Đồng hồ nam"], (500_000, 15_000_000), [("Chống nước", ["3ATM", "5ATM"])]),
    ]),
    ("Sách", [
        ("Sách kỹ năng", ["Sách", "Book"], (60_000, 300_000), [("Tác giả", ["Dale Carnegie", "Nguyễn Nhật Ánh", "Tony Buổi Sáng"])]),
        ("Sách thiếu nhi", ["Truyện tranh", "Sách thiếu nhi", "Children's book"], (30_000, 200_000), [("Độ tuổi", ["3+", "6+", "9+"])]),
    ]),
    ("Mẹ & Bé", [
        ("Sữa bột", ["Sữa bột", "Formula milk"], (300_000, 1_200_000), [("Khối lượng", ["400g", "800g", "900g"])]),
        ("Tã bỉm", ["Tã dán", "Bỉm quần", "Diapers"], (150_000, 600_000), [("Size", ["M", "L", "XL"])]),
    ]),
    ("Làm đẹp", [
        ("Kem chống nắng", ["Kem chống nắng", "Sunscreen"], (120_000, 900_000), [("SPF", ["30", "50", "50+"])]),
        ("Sữa rửa mặt", ["Sữa rửa mặt", "Cleanser"], (80_000, 600_000), [("Loại da", ["Da dầu", "Da khô", "Mọi loại da"])]),
    ]),
]
SEGMENTS = ["chính hãng", "cao cấp", "giá rẻ", "nhập khẩu", "mini", "pro", "2024", "2025", "nội địa", "quốc tế"]
REAL_BRANDS = [
    "Samsung", "Apple", "Xiaomi", "Oppo", "Vivo", "Realme", "Nokia", "Sony", "LG", "Asus", "Acer", "Dell", "HP",
    "Lenovo", "MSI", "Gigabyte", "Logitech", "Razer", "Corsair", "Anker", "Baseus", "Ugreen", "JBL", "Marshall",
    "Bose", "Sennheiser", "Philips", "Panasonic", "Sharp", "Toshiba", "Sunhouse", "Kangaroo", "Lock&Lock", "Cuckoo",
    "Electrolux", "Tefal", "Dyson", "Xiaomi Mijia", "Nike", "Adidas", "Puma", "Bitis", "Vans", "Converse", "Casio",
    "Garmin", "Huawei", "Canon", "Nikon", "Fujifilm", "Kingston", "Western Digital", "Seagate", "SanDisk",
    "Vinamilk", "TH True Milk", "Abbott", "Nestlé", "Bobby", "Huggies", "Merries", "La Roche-Posay", "Cetaphil",
    "Bioderma", "Innisfree", "Cocoon", "Nhà sách Phương Nam", "NXB Trẻ", "NXB Kim Đồng", "Alpha Books", "First News",
]
BRAND_PARTS_1 = ["Hoàng", "Minh", "Phú", "Thành", "An", "Việt", "Sài Gòn", "Hà Nội", "Đại", "Tân", "Kim", "Bảo",
                 "Nam", "Trường", "Hưng", "Phát", "Long", "Thịnh"]
BRAND_PARTS_2 = ["Phát", "Long", "Tech", "Home", "Việt", "Star", "Plus", "Store", "Lux", "Gia", "Smart", "Pro", "Đạt"]
MODELS = ["A", "S", "X", "Pro", "Max", "Lite", "Plus", "Ultra", "Neo", "Air", "Mini", "Note", "GT", "Edge", "Z"]
COLOURS = ["Đen", "Trắng", "Xanh", "Đỏ", "Hồng", "Bạc", "Vàng", "Xám", "Black", "White", "Blue"]
DESCRIPTIONS = [
    "<p>Hàng chính hãng, bảo hành 12 tháng. Giao hàng toàn quốc, đổi trả trong 7 ngày.</p>",
    "<p>Genuine product with official warranty. Fast delivery across Vietnam.</p>",
    "<p>Thiết kế sang trọng, chất liệu bền bỉ, phù hợp sử dụng hằng ngày. Sản phẩm được kiểm tra kỹ trước khi giao.</p>",
    "<p>Best seller of the season: great value, loved by thousands of customers.</p>",
]


def build_brands(rng, n):
    from apps.catalog.models import Brand

    names = list(REAL_BRANDS)
    while len(names) < n:
        name = f"{rng.choice(BRAND_PARTS_1)} {rng.choice(BRAND_PARTS_2)}"
        if rng.random() < 0.5:
            name += f" {rng.randint(1, 99)}"
        if name not in names:
            names.append(name)
    brands = [Brand(name=name, slug=f"{slugify(name) or 'brand'}-{i}") for i, name in enumerate(names[:n])]
    Brand.objects.bulk_create(brands)
    return brands


def build_categories(rng, target):
    """Roots from TAXONOMY, each leaf type split into variants (segments) until ~target leaves exist."""
    from apps.catalog.models import Category

    leaves = []  # (category, nouns, price range, specs)
    types = [(root, leaf) for root, leaf_list in TAXONOMY for leaf in leaf_list]
    per_type = max(1, target // len(types))
    n = 0
    for root_name, leaf_list in TAXONOMY:
        root = Category.add_root(name=root_name, slug=f"{slugify(root_name)}-{n}")
        n += 1
        for leaf_name, nouns, price_range, specs in leaf_list:
            for k in range(per_type):
                name = leaf_name if k == 0 else f"{leaf_name} {SEGMENTS[(k - 1) % len(SEGMENTS)]}"
                if k > len(SEGMENTS):
                    name += f" {k}"
                root.refresh_from_db()
                leaf = root.add_child(name=name, slug=f"{slugify(name)}-{n}")
                n += 1
                leaves.append((leaf, nouns, price_range, specs))
    return leaves


def build_shops(rng, n):
    from apps.accounts.models import User
    from apps.shops.models import Shop, ShopStatus

    users = [User(email=f"bench-seller-{i}@example.com", full_name=f"Người bán {i}", role="seller", is_verified=True,
                  password="!") for i in range(n)]
    User.objects.bulk_create(users)
    shops = [Shop(owner=u, name=f"Shop {i} {rng.choice(BRAND_PARTS_1)}", slug=f"shop-{i}", status=ShopStatus.ACTIVE,
                  address="1 Lê Lợi", city=rng.choice(["Hồ Chí Minh", "Hà Nội", "Đà Nẵng"]), phone_number="+84900000000",
                  email=f"shop{i}@example.com", shipping_fee=30000, express_shipping_fee=50000)
             for i, u in enumerate(users)]
    Shop.objects.bulk_create(shops)
    return shops


def make_title(rng, nouns, brand, specs):
    noun = rng.choice(nouns)
    model = f"{rng.choice(MODELS)}{rng.randint(1, 99)}" if rng.random() < 0.8 else rng.choice(MODELS)
    parts = [noun, brand.name, model]
    if specs and rng.random() < 0.7:
        name, values = rng.choice(specs)
        parts.append(rng.choice(values))
    if rng.random() < 0.4:
        parts.append(rng.choice(COLOURS))
    if rng.random() < 0.15:
        parts.append(rng.choice(SEGMENTS))
    return " ".join(parts)


def build_products(rng, total, brands, leaves, shops, batch=2000, log=print):
    from apps.catalog.models import Condition, Product, ProductStatus, Variant

    conditions = [Condition.NEW] * 8 + [Condition.USED, Condition.REFURBISHED]
    made = 0
    started = time.monotonic()
    while made < total:
        size = min(batch, total - made)
        products, variants = [], []
        for i in range(size):
            n = made + i
            leaf, nouns, (low, high), specs = rng.choice(leaves)
            brand = rng.choice(brands[:80]) if rng.random() < 0.6 else rng.choice(brands)
            title = make_title(rng, nouns, brand, specs)
            price = Decimal(rng.randrange(low // 1000, high // 1000) * 1000)
            sold = int(rng.paretovariate(1.2) * 3) if rng.random() < 0.8 else 0
            rating = Decimal(str(round(rng.uniform(2.5, 5.0), 2))) if sold else Decimal("0")
            in_stock = rng.random() < 0.9
            product = Product(
                id=uuid.uuid4(), shop=rng.choice(shops), category=leaf, brand=brand, title=title[:200],
                slug=f"{slugify(title)[:180]}-{n}", description=rng.choice(DESCRIPTIONS),
                condition=rng.choice(conditions), status=ProductStatus.ACTIVE, price=price,
                specifications=[{"name": s, "value": rng.choice(v)} for s, v in specs],
                in_stock=in_stock, sold_count=min(sold, 100_000), average_rating=rating,
                review_count=sold // 5,
            )
            products.append(product)
            for k in range(rng.choice([1, 1, 2, 3])):
                variants.append(Variant(product=product, name=f"Loại {k + 1}" if k else "Default",
                                        sku=f"B{n:07d}-{k}", price=price + k * 100_000,
                                        stock=rng.randint(1, 200) if in_stock else 0, position=k))
        with transaction.atomic():
            Product.objects.bulk_create(products)
            Variant.objects.bulk_create(variants)
        made += size
        log(f"  {made} products ({time.monotonic() - started:.0f}s)")
    return made


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--brands", type=int, default=400)
    parser.add_argument("--categories", type=int, default=300)
    parser.add_argument("--shops", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--force", action="store_true", help="add even if the database has products")
    parser.add_argument("--skip-index", action="store_true")
    args = parser.parse_args(argv)

    from apps.catalog.models import Product
    from apps.search.services import index_all_products

    if Product.objects.exists() and not args.force:
        sys.exit("The database already has products; use a fresh database (or --force).")
    rng = random.Random(args.seed)
    t0 = time.monotonic()
    brands = build_brands(rng, args.brands)
    leaves = build_categories(rng, args.categories)
    shops = build_shops(rng, args.shops)
    print(f"{len(brands)} brands, {len(leaves)} leaf categories, {len(shops)} shops")
    build_products(rng, args.products, brands, leaves, shops)
    print(f"products written in {time.monotonic() - t0:.0f}s")
    if not args.skip_index:
        t1 = time.monotonic()
        done = index_all_products(batch_size=1000, progress=lambda n: n % 20000 == 0 and print(f"  {n} indexed"))
        print(f"{done} documents indexed in {time.monotonic() - t1:.0f}s")


if __name__ == "__main__":
    main()
