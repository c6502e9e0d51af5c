"""Blog posts of the demo store (Markdown with code), three in Vietnamese and three in English.
Each: slug (natural key), title, category slug, tags, days ago, featured, product slugs mentioned (by title
prefix of demo products), body."""

BLOG_CATEGORIES = [
    # (slug, name, description, sort order)
    ("huong-dan-mua-sam", "Hướng dẫn mua sắm", "Kinh nghiệm chọn mua đồ công nghệ. Buying guides.", 10),
    ("lap-trinh", "Lập trình", "Bài viết cho lập trình viên. Articles for developers.", 20),
    ("tin-cong-nghe", "Tin công nghệ", "Tin tức và đánh giá. News and reviews.", 30),
]

POSTS = [
    {
        "slug": "chon-laptop-cho-lap-trinh-vien",
        "title": "Chọn laptop cho lập trình viên: RAM, CPU hay màn hình?",
        "category": "huong-dan-mua-sam",
        "tags": ["laptop", "lập trình", "hướng dẫn"],
        "days_ago": 3, "featured": True,
        "products": ["MacBook Air 13 inch M3", "Lenovo ThinkPad E14 Gen 5", "Laptop ASUS Vivobook 15 OLED"],
        "body": """Một chiếc laptop tốt giúp bạn code nhanh hơn và bớt mỏi mắt hơn. Dưới đây là những điều
chúng tôi cân nhắc khi tư vấn cho khách hàng là lập trình viên.

## 1. RAM: 16GB là mức khởi điểm

Trình duyệt, IDE, Docker và vài container cơ sở dữ liệu chạy cùng lúc sẽ nhanh chóng ăn hết 8GB.
Hãy chọn **16GB**, và **32GB** nếu bạn làm việc với máy ảo hoặc dữ liệu lớn.

Kiểm tra nhanh máy đang dùng bao nhiêu bộ nhớ:

```bash
free -h
docker stats --no-stream --format "table {{.Name}}\\t{{.MemUsage}}"
```

## 2. CPU: nhiều nhân cho việc build

| Công việc | Gợi ý |
| --- | --- |
| Web, Python, Node.js | Core i5 / Ryzen 5 / Apple M3 |
| Build C++, Rust, Android | Core i7 / Ryzen 7 trở lên |

## 3. Màn hình và bàn phím

Màn hình 14 inch độ phân giải 2K trở lên hiển thị được nhiều dòng code hơn. Đừng quên thử bàn phím:
bạn sẽ gõ hàng triệu phím trên đó!

> Mẹo: dùng mã **LAPTOP5** để được giảm 5% tại shop Laptop Hà Nội.
""",
    },
    {
        "slug": "meo-mua-hang-cod-an-toan",
        "title": "5 mẹo mua hàng thanh toán khi nhận hàng (COD) an toàn",
        "category": "huong-dan-mua-sam",
        "tags": ["mua sắm", "COD", "mẹo"],
        "days_ago": 9, "featured": False,
        "products": [],
        "body": """Thanh toán khi nhận hàng (COD) vẫn là cách thanh toán được ưa chuộng nhất ở Việt Nam.
Để mỗi đơn hàng đều suôn sẻ, hãy nhớ:

1. **Xem đánh giá đã mua hàng** — trên Chợ, chỉ người đã nhận hàng mới được đánh giá.
2. **Kiểm tra mã vận đơn** trong trang *Đơn hàng của tôi* trước khi shipper gọi.
3. **Đồng kiểm** khi nhận: kiểm tra tem, số seri và phụ kiện đi kèm.
4. **Giữ hóa đơn** (tải PDF trong trang chi tiết đơn hàng) để bảo hành.
5. **Huỷ đơn sớm** nếu đổi ý: đơn ở trạng thái *Chờ xác nhận* huỷ được ngay, hàng được hoàn kho.

Chúc bạn mua sắm vui vẻ!
""",
    },
    {
        "slug": "build-pc-gaming-25-trieu",
        "title": "Build PC gaming 25 triệu năm nay: cấu hình gợi ý",
        "category": "tin-cong-nghe",
        "tags": ["PC", "gaming", "linh kiện"],
        "days_ago": 16, "featured": False,
        "products": ["CPU AMD Ryzen 5 7600", "Card đồ họa ASUS Dual GeForce RTX 4060 OC 8GB",
                     "RAM Kingston Fury Beast 16GB DDR5 5600", "SSD Samsung 990 PRO 1TB NVMe"],
        "body": """Với khoảng 25 triệu đồng, bạn có thể chơi mượt hầu hết game ở độ phân giải 1080p.

| Linh kiện | Gợi ý | Giá tham khảo |
| --- | --- | --- |
| CPU | AMD Ryzen 5 7600 | 5.290.000 ₫ |
| VGA | RTX 4060 8GB | 8.490.000 ₫ |
| RAM | 2 x 16GB DDR5 5600 | 2.780.000 ₫ |
| SSD | Samsung 990 PRO 1TB | 2.990.000 ₫ |

Sau khi lắp, hãy kiểm tra nhiệt độ CPU dưới tải bằng một đoạn script nhỏ:

```python
import psutil

for name, entries in psutil.sensors_temperatures().items():
    for entry in entries:
        print(f"{name:>12} {entry.label or '-':<10} {entry.current:5.1f} °C")
```

Nhiệt độ dưới 85 °C khi chạy stress test là ổn.
""",
    },
    {
        "slug": "python-reading-list",
        "title": "Learning Python in 2026: a reading list",
        "category": "lap-trinh",
        "tags": ["python", "books", "programming"],
        "days_ago": 5, "featured": True,
        "products": ["Python Crash Course, 3rd Edition", "Fluent Python, 2nd Edition", "Clean Code"],
        "body": """Python remains the friendliest first language and one of the most useful last ones.
Here is the path our book shop recommends.

## Start: *Python Crash Course*

Projects from the first chapter. By the end you will write things like:

```python
from collections import Counter

def top_words(text: str, n: int = 3) -> list[tuple[str, int]]:
    words = (w.strip(".,!?").lower() for w in text.split())
    return Counter(w for w in words if w).most_common(n)

print(top_words("Chợ means market. A market of markets!"))
```

## Next: *Fluent Python*

Data model, iterators, generators, concurrency: the book that turns code that works into idiomatic code.

## Always: *Clean Code*

Names, small functions, tests. Read it once a year.
""",
    },
    {
        "slug": "how-chos-stock-never-goes-negative",
        "title": "How Chợ's stock never goes below zero",
        "category": "lap-trinh",
        "tags": ["django", "postgresql", "engineering"],
        "days_ago": 12, "featured": False,
        "products": ["Designing Data-Intensive Applications"],
        "body": """Two shoppers press *Place order* for the last unit at the same millisecond. Who gets it?

Every stock change goes through one service that locks the variant rows **in primary-key order**, so
concurrent checkouts queue instead of deadlocking:

```python
with transaction.atomic():
    variants = list(
        Variant.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    )
    for variant in variants:
        if variant.stock < wanted[variant.pk]:
            raise OutOfStock(...)
```

And the database itself refuses a negative number, whatever the code does:

```sql
ALTER TABLE catalog_variant
  ADD CONSTRAINT catalog_variant_stock_not_negative CHECK (stock >= 0);
```

A test with real threads on PostgreSQL proves that twenty buyers of five units make exactly five orders.
""",
    },
    {
        "slug": "mechanical-keyboard-switches-explained",
        "title": "Mechanical keyboard switches explained: red, brown or blue?",
        "category": "tin-cong-nghe",
        "tags": ["keyboard", "gear"],
        "days_ago": 21, "featured": False,
        "products": ["Bàn phím cơ Keychron K2 Pro", "Bàn phím cơ Akko 3068B Plus"],
        "body": """Choosing a switch is mostly about how you like a key to *feel*:

- **Red (linear)** — smooth all the way down; quiet; loved by gamers.
- **Brown (tactile)** — a small bump tells you the key registered; a good all-rounder for coding.
- **Blue (clicky)** — a bump *and* a click; satisfying, but your office may disagree.

Not sure? Many keyboards in our store are hot-swappable: change switches later without soldering.

```text
Typing test, 60 s, same typist
  red    92 wpm
  brown  95 wpm
  blue   90 wpm
```
""",
    },
]
