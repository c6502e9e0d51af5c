"""The starting category tree (two levels). Skipped when categories already exist; reversed only while no
product uses them."""
from django.db import migrations

TREE = [
    ("Điện thoại & Máy tính bảng", "dien-thoai-may-tinh-bang", "📱", [
        ("Điện thoại", "dien-thoai"), ("Máy tính bảng", "may-tinh-bang"), ("Đồng hồ thông minh", "dong-ho-thong-minh")]),
    ("Máy tính & Laptop", "may-tinh-laptop", "💻", [
        ("Laptop", "laptop"), ("Máy tính để bàn", "may-tinh-de-ban"), ("Màn hình", "man-hinh")]),
    ("Linh kiện máy tính", "linh-kien-may-tinh", "🧩", [
        ("CPU", "cpu"), ("RAM", "ram"), ("Ổ cứng & SSD", "o-cung-ssd"), ("Card đồ họa", "card-do-hoa")]),
    ("Phụ kiện", "phu-kien", "🎧", [
        ("Tai nghe", "tai-nghe"), ("Bàn phím & Chuột", "ban-phim-chuot"), ("Sạc & Cáp", "sac-cap")]),
    ("Sách", "sach", "📚", [
        ("Sách lập trình", "sach-lap-trinh"), ("Sách khoa học máy tính", "sach-khoa-hoc-may-tinh")]),
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def _step(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, len(ALPHABET))
        out = ALPHABET[r] + out
    return out.rjust(STEP, "0")


def _slugs():
    for _name, slug, _icon, children in TREE:
        yield slug
        for _child, child_slug in children:
            yield child_slug


def create(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    if Category.objects.exists():
        return
    rows = []
    for i, (name, slug, icon, children) in enumerate(TREE, start=1):
        root_path = _step(i)
        rows.append(Category(path=root_path, depth=1, numchild=len(children), name=name, slug=slug, icon=icon,
                             sort_order=i * 10))
        for j, (child, child_slug) in enumerate(children, start=1):
            rows.append(Category(path=root_path + _step(j), depth=2, numchild=0, name=child, slug=child_slug,
                                 sort_order=j * 10))
    Category.objects.bulk_create(rows)


def remove(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    Product = apps.get_model("catalog", "Product")
    seeded = set(_slugs())
    if Category.objects.exclude(slug__in=seeded).exists() or Product.objects.exists():
        return  # the tree is in use: leave it
    Category.objects.filter(slug__in=seeded).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
