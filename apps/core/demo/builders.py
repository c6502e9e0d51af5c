"""Builders of the demo store. Everything goes through the apps' services (so stock movements, order
snapshots and history, voucher redemptions, rating aggregates, thumbnails and search documents are what the
real flows make), and every builder first looks its rows up by a natural key — e-mail, slug, SKU, voucher
code, order idempotency key — so running the seed again changes nothing.

The only direct writes are what no service offers: backdating timestamps so the store has a history
(orders over the last weeks, reviews after delivery), the flash sale (staff create those in the admin), and
allauth's verified e-mail rows for the demo accounts."""
from __future__ import annotations

import itertools
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.core.demo import blog_posts, catalogue, data, images

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Size:
    name: str
    products_per_leaf: int | None  # None: the whole demo catalogue (104 products)
    review_buyers: int  # buyers who each place a big order and review what they bought
    items_per_review_order: int
    blog_posts: int
    bulk_products: int = 0


SIZES = {
    "tiny": Size("tiny", 1, 2, 3, 2),  # for tests (hidden option)
    "small": Size("small", None, 8, 26, 6),
    "large": Size("large", None, 8, 26, 6, bulk_products=100_000),
}

# Orders that show every status. (buyer, status, [(leaf slug, product index, quantity)], shipping, vouchers,
# age in days, note)
SHOWCASE_ORDERS = [
    (data.BUYER_EMAIL, "pending", [("dien-thoai", 5, 1), ("sac-cap", 1, 2)], "express", (), 0.1, ""),
    (data.BUYER_EMAIL, "confirmed", [("laptop", 1, 1)], "standard", (), 1, ""),
    (data.BUYER_EMAIL, "packed", [("o-cung-ssd", 0, 1), ("ram", 0, 2)], "standard", (), 2, ""),
    (data.BUYER_EMAIL, "shipping", [("sach-lap-trinh", 2, 1), ("sach-lap-trinh", 0, 1)], "standard",
     ("SACHHAY15",), 3, "Giao giờ hành chính giúp mình nhé."),
    (data.BUYER_EMAIL, "delivered", [("ban-phim-chuot", 0, 1)], "express", (), 4, ""),
    (data.BUYER_EMAIL, "completed", [("dien-thoai", 1, 1), ("sac-cap", 3, 1)], "standard", ("CONGNGHE50K",), 21, ""),
    (data.BUYER_EMAIL, "cancelled", [("cpu", 0, 1)], "standard", (), 6,
     "Đặt nhầm, mình muốn đổi sang Ryzen 5 7600."),
    ("mai.nguyen@example.com", "pending", [("dong-ho-thong-minh", 2, 2)], "standard", (), 0.05, ""),
    ("john.smith@example.com", "confirmed", [("sac-cap", 2, 1), ("sac-cap", 0, 1)], "express", (), 0.6,
     "Please call before delivery."),
    ("linh.tran@example.com", "shipping", [("may-tinh-bang", 3, 1)], "standard", (), 2.5, ""),
]
PIPELINE = ["pending", "confirmed", "packed", "shipping", "delivered", "completed"]
CARRIERS = ["Giao Hàng Nhanh", "Giao Hàng Tiết Kiệm", "Viettel Post", "J&T Express"]
OUT_OF_STOCK = {("card-do-hoa", 3)}
LOW_STOCK = {("dien-thoai", 2): 4, ("laptop", 5): 3}
RATING_WEIGHTS = [(5, 52), (4, 30), (3, 11), (2, 4), (1, 3)]


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def add(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def _rng(*parts) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))  # nosec B311  # demo data; str seeds are stable across processes


def _money(value) -> Decimal:
    return Decimal(int(value))


class DemoSeeder:
    """Builds the demo store step by step; `run()` calls the steps in dependency order."""

    def __init__(self, *, size: Size, log: Callable[[str], None] = print):
        self.size = size
        self.log = log
        self.report = Report()
        self.now = timezone.now()
        self.users: dict[str, object] = {}
        self.shops: dict[str, object] = {}
        self.categories: dict[str, object] = {}
        self.brands: dict[str, object] = {}
        self.products: dict[tuple[str, int], object] = {}  # (leaf slug, index) -> Product

    # --- orchestration -----------------------------------------------------------------------------------
    def run(self) -> Report:
        steps = [
            ("users", self.seed_users), ("addresses", self.seed_addresses), ("categories", self.seed_categories),
            ("brands", self.seed_brands), ("shops", self.seed_shops), ("products", self.seed_products),
            ("vouchers", self.seed_vouchers), ("orders", self.seed_orders), ("reviews", self.seed_reviews),
            ("flash sale", self.seed_flash_sale), ("blog", self.seed_blog), ("wishlists, follows, cart", self.seed_social),
            ("search index", self.seed_search), ("notifications", self.seed_notifications),
            ("analytics", self.seed_analytics),
        ]
        for label, step in steps:
            started = timezone.now()
            step()
            self.log(f"  {label:<26} {(timezone.now() - started).total_seconds():6.1f} s")
        return self.report

    # --- people ----------------------------------------------------------------------------------------
    def _password_hash(self) -> str:
        if not hasattr(self, "_hash"):
            from django.contrib.auth.hashers import make_password

            self._hash = make_password(data.DEMO_PASSWORD)
        return self._hash

    def seed_users(self) -> None:
        from allauth.account.models import EmailAddress
        from django.contrib.auth.models import Group

        from apps.accounts.models import User
        from apps.accounts.phone import normalize_phone

        for email, full_name, phone, role, language in data.STAFF + data.SELLERS + data.BUYERS:
            user = User.objects.by_email(email).first()
            if user is None:
                phone_e164 = normalize_phone(phone) if phone else None
                if phone_e164 and User.objects.filter(phone_number=phone_e164).exists():
                    self.report.skipped.append(f"phone {phone} of {email} is taken: created without a phone")
                    phone_e164 = None
                fields = {"full_name": full_name, "phone_number": phone_e164, "is_verified": True,
                          "marketing_opt_in": role == "buyer"}
                if role == "admin":
                    user = User.objects.create_superuser(email=email, password=None, **fields)
                else:
                    user = User.objects.create_user(email=email, password=None, role=role, **fields)
                # One hash for all demo accounts (they share a published password): hashing is deliberately slow.
                user.password = self._password_hash()
                user.date_joined = self.now - timedelta(days=90 + len(self.users) * 3)
                user.save(update_fields=["password", "date_joined"])
                self.report.add("users")
                if language != "vi":
                    from apps.notifications.services import preferences_update

                    preferences_update(user=user, language=language)
            EmailAddress.objects.get_or_create(user=user, email=email,
                                               defaults={"primary": True, "verified": True})
            user.demo_language = language
            self.users[email] = user
        admin = self.users[data.ADMIN_EMAIL]
        groups = list(Group.objects.filter(name__in=["Support", "Catalogue manager", "Finance"]))
        if groups:
            admin.groups.add(*groups)
        self._admin_totp(admin)

    def _admin_totp(self, admin) -> None:
        """The back office asks staff for a TOTP code: give the demo admin an authenticator with the published key."""
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(admin, data.ADMIN_TOTP_SECRET)
            self.report.add("authenticators")

    def seed_addresses(self) -> None:
        from apps.accounts.services import address_create

        for i, (email, full_name, phone, _role, _lang) in enumerate(data.BUYERS):
            user = self.users[email]
            if user.addresses.exists():
                continue
            street, ward, district, city = data.ADDRESSES[i % len(data.ADDRESSES)]
            address_create(user=user, recipient_name=full_name, phone_number=phone, street_address=street, ward=ward,
                           district=district, city=city, is_default=True)
            self.report.add("addresses")
            if email == data.BUYER_EMAIL:
                street, ward, district, city = data.BUYER_OFFICE
                address_create(user=user, recipient_name=f"{full_name} (công ty)", phone_number=phone,
                               street_address=street, ward=ward, district=district, city=city)
                self.report.add("addresses")

    # --- catalogue -------------------------------------------------------------------------------------
    def seed_categories(self) -> None:
        from apps.catalog.models import Category

        for order, (name, slug, icon, children) in enumerate(catalogue.CATEGORY_TREE, start=1):
            root = Category.objects.filter(slug=slug).first()
            if root is None:
                root = Category.add_root(name=name, slug=slug, icon=icon, sort_order=order * 10)
                self.report.add("categories")
            self.categories[slug] = root
            for position, (child_name, child_slug) in enumerate(children, start=1):
                child = Category.objects.filter(slug=child_slug).first()
                if child is None:
                    root = Category.objects.get(pk=root.pk)  # treebeard needs the current numchild
                    child = root.add_child(name=child_name, slug=child_slug, sort_order=position * 10)
                    self.report.add("categories")
                self.categories[child_slug] = child

    def seed_brands(self) -> None:
        from apps.catalog.domain import slugify_vi
        from apps.catalog.models import Brand

        for name in catalogue.BRANDS:
            brand = Brand.objects.filter(name=name).first()
            if brand is None:
                brand = Brand.objects.create(name=name, slug=slugify_vi(name, max_length=140))
                self.report.add("brands")
            self.brands[name] = brand

    def seed_shops(self) -> None:
        from apps.accounts.phone import normalize_phone
        from apps.shops.models import Shop, ShopStatus
        from apps.shops.services import shop_approve, shop_register, shop_update

        admin = self.users[data.ADMIN_EMAIL]
        phones = {email: phone for email, _n, phone, _r, _l in data.SELLERS}
        for key, (owner_email, name, city, address, description, fee, express, free_from, colour) in data.SHOPS.items():
            owner = self.users[owner_email]
            shop = Shop.objects.filter(owner=owner).first()
            if shop is None:
                shop = shop_register(owner=owner, name=name, description=description, address=address, city=city,
                                     phone_number=normalize_phone(phones[owner_email]), email=owner_email,
                                     shipping_fee=_money(fee), express_shipping_fee=_money(express),
                                     free_shipping_threshold=_money(free_from))
                shop = shop_update(
                    shop=shop,
                    logo=ContentFile(images.shop_logo(name=name, colour=colour), name=f"{shop.slug}-logo.jpg"),
                    cover_image=ContentFile(images.banner(title=name, subtitle=description.split(".")[0],
                                                          colour=colour), name=f"{shop.slug}-cover.jpg"))
                self.report.add("shops")
            if shop.status != ShopStatus.ACTIVE:
                shop = shop_approve(shop=shop, by=admin)
                Shop.objects.filter(pk=shop.pk).update(approved_at=self.now - timedelta(days=80))
            owner.refresh_from_db()
            self.shops[key] = shop

    def _leaves(self):
        limit = self.size.products_per_leaf
        for leaf in catalogue.LEAVES:
            yield leaf, (leaf.products if limit is None else leaf.products[:limit])

    def seed_products(self) -> None:
        from apps.catalog.models import Product, Variant
        from apps.catalog.services import image_add, product_create

        for leaf, rows in self._leaves():
            for index, row in enumerate(rows):
                title, brand, price, specs, extra = row
                sku = f"CHO-{leaf.slug.upper()}-{index + 1:02d}"  # stable when products are appended to a leaf
                variant = Variant.objects.filter(sku=f"{sku}-1").select_related("product").first()
                product = variant.product if variant else None
                shop = self.shops[leaf.shop]
                if product is None:
                    product = product_create(
                        shop=shop, by=shop.owner, variants=self._variants(leaf, index, row, sku),
                        title=title, description=self._description(leaf, title, brand, specs),
                        category=self.categories[leaf.slug], brand=self.brands[brand],
                        condition=extra.get("condition", "new"),
                        specifications=[{"name": n, "value": v} for n, v in
                                        zip(leaf.specs, specs.split("|"), strict=True)],
                        is_featured=(leaf.slug, index) in catalogue.FEATURED,
                    )
                    age = _rng("product-age", sku).uniform(5, 85)
                    Product.objects.filter(pk=product.pk).update(created_at=self.now - timedelta(days=age))
                    self.report.add("products")
                if not product.images.exists():
                    picture = images.product_card(title=title, brand=brand, leaf_slug=leaf.slug)
                    image_add(product=product, by=shop.owner, file=ContentFile(picture, name=f"{product.slug}.jpg"),
                              alt=title)
                    self.report.add("product images")
                self.products[(leaf.slug, index)] = product

    @staticmethod
    def _variants(leaf, index, row, sku) -> list[dict]:
        title, _brand, price, _specs, extra = row
        axes = extra.get("axes", leaf.axes)
        compare = extra.get("compare")
        rng = _rng("stock", sku)
        combos = list(itertools.product(*[values for _name, values in axes])) or [()]
        variants = []
        for k, combo in enumerate(combos[:4]):
            delta = sum(diff for _value, diff in combo)
            if (leaf.slug, index) in OUT_OF_STOCK:
                stock = 0
            elif (leaf.slug, index) in LOW_STOCK:
                stock = LOW_STOCK[(leaf.slug, index)]
            else:
                stock = rng.randint(25, 160)
            variants.append({
                "sku": f"{sku}-{k + 1}",
                "name": " · ".join(value for value, _diff in combo) or "Tiêu chuẩn",
                "attributes": {name: value for (name, _values), (value, _diff) in zip(axes, combo, strict=True)},
                "price": _money(price + delta),
                "compare_at_price": _money(compare + delta) if compare else None,
                "stock": stock,
            })
        return variants

    @staticmethod
    def _description(leaf, title, brand, specs) -> str:
        items = "".join(f"<li><strong>{n}:</strong> {v}</li>" for n, v in zip(leaf.specs, specs.split("|"), strict=True))
        return (
            f"<p><strong>{title}</strong> — {leaf.noun_vi} chính hãng {brand}, mới 100% (trừ khi ghi rõ), "
            "bảo hành 12 tháng, đổi trả trong 7 ngày nếu có lỗi của nhà sản xuất. Giao hàng toàn quốc, "
            "thanh toán khi nhận hàng.</p>"
            f"<h3>Thông số nổi bật</h3><ul>{items}</ul>"
            f"<p><em>English:</em> a genuine {brand} {leaf.noun_en} with a 12-month warranty and 7-day returns. "
            "Delivered nationwide; pay cash on delivery.</p>"
        )

    # --- promotions ------------------------------------------------------------------------------------
    def seed_vouchers(self) -> None:
        from apps.vouchers.models import Voucher
        from apps.vouchers.services import voucher_create

        admin = self.users[data.ADMIN_EMAIL]
        for code, (shop_key, title, kind, value, max_discount, min_order, per_user) in data.VOUCHERS.items():
            if Voucher.objects.filter(code__iexact=code).exists():
                continue
            shop = self.shops[shop_key] if shop_key else None
            voucher_create(
                shop=shop, by=shop.owner if shop else admin, code=code, title=title, type=kind, value=_money(value),
                max_discount=_money(max_discount) if max_discount else None, min_order_value=_money(min_order),
                starts_at=self.now - timedelta(days=30), ends_at=self.now + timedelta(days=60), usage_limit=500,
                per_user_limit=per_user,
                description="Mã giảm giá demo · a demo voucher. Áp dụng cho đơn hàng đủ điều kiện.",
            )
            self.report.add("vouchers")

    def seed_flash_sale(self) -> None:
        from apps.vouchers.models import FlashSale, FlashSaleItem

        if FlashSale.objects.filter(name=data.FLASH_SALE_NAME).exists():
            return
        sale = FlashSale.objects.create(name=data.FLASH_SALE_NAME, starts_at=self.now - timedelta(hours=2),
                                        ends_at=self.now + timedelta(days=3))
        picks = [key for key in sorted(catalogue.FEATURED) if key in self.products and key not in OUT_OF_STOCK][:8]
        for key in picks:
            variant = self.products[key].variants.order_by("position").first()
            sale_price = (variant.price * Decimal("0.8") / 1000).quantize(Decimal("1")) * 1000
            FlashSaleItem.objects.create(flash_sale=sale, variant=variant, sale_price=sale_price, quantity_limit=20)
        self.report.add("flash sales")

    # --- orders ----------------------------------------------------------------------------------------
    def _product(self, leaf_slug: str, index: int):
        available = [i for (slug, i) in self.products if slug == leaf_slug]
        return self.products[(leaf_slug, min(index, max(available)))]

    def seed_orders(self) -> None:
        for n, (email, status, lines, shipping, codes, age, note) in enumerate(SHOWCASE_ORDERS):
            wanted = []
            for leaf_slug, index, qty in lines:
                variant = self._product(leaf_slug, index).variants.order_by("position").first()
                wanted.append((variant, qty))
            self._place(key=f"seed-demo:showcase:{n}", buyer=self.users[email], lines=wanted, shipping=shipping,
                        codes=codes, target=status, age_days=age, note=note)

        buyers = [self.users[email] for email, *_rest in data.BUYERS][: self.size.review_buyers]
        showcase_products = {(email, self._product(leaf, i).pk) for email, _s, lines, *_r in SHOWCASE_ORDERS
                             for leaf, i, _q in lines}
        shop_of_leaf = {leaf.slug: leaf.shop for leaf in catalogue.LEAVES}
        shop_keys = list(data.SHOPS)
        for b, buyer in enumerate(buyers):
            # A big order from two shops per buyer: many products to review, few orders to walk through
            # the pipeline (each step notifies and e-mails someone).
            rng = _rng("review-order", buyer.email)
            chosen = []
            for shop_key in (shop_keys[b % len(shop_keys)], shop_keys[(b + 2) % len(shop_keys)]):
                candidates = [p for key, p in sorted(self.products.items())
                              if key not in OUT_OF_STOCK and key not in LOW_STOCK
                              and shop_of_leaf[key[0]] == shop_key and (buyer.email, p.pk) not in showcase_products]
                share = -(-self.size.items_per_review_order // 2)
                chosen += rng.sample(candidates, min(share, len(candidates)))
            lines = [(p.variants.order_by("position")[rng.randrange(p.variants.count())], 1 + (rng.random() < 0.15))
                     for p in chosen]
            self._place(key=f"seed-demo:history:{b}", buyer=buyer, lines=lines,
                        shipping="standard", codes=("CHAOBAN",) if b == 1 else (), target="completed",
                        age_days=rng.uniform(14, 75), note="")

    def _place(self, *, key, buyer, lines, shipping, codes, target, age_days, note) -> None:
        from apps.cart.services import cart_add, cart_clear, cart_get_for_user
        from apps.core.errors import VoucherInvalid
        from apps.orders.models import Order
        from apps.orders.services import order_place

        if Order.objects.filter(buyer=buyer, idempotency_key=key).exists():
            return
        cart = cart_get_for_user(buyer)
        cart_clear(cart=cart)
        for variant, qty in lines:
            cart_add(cart=cart, variant_id=variant.pk, quantity=qty)
        address = buyer.addresses.order_by("-is_default", "created_at").first()
        placement = {"buyer": buyer, "address": address, "shipping_method": shipping, "payment_method": "cod",
                     "notes": note if target != "cancelled" else "", "idempotency_key": key}
        try:
            orders = order_place(voucher_codes=codes, **placement)
        except VoucherInvalid as exc:
            self.report.skipped.append(f"voucher {', '.join(codes)} refused for {key}: {exc.message}")
            orders = order_place(voucher_codes=(), **placement)
        self.report.add("orders", len(orders))
        for order in orders:
            self._advance(order, target=target, note=note)
            self._backdate(order, age_days=age_days)

    def _advance(self, order, *, target: str, note: str) -> None:
        from apps.orders.services import order_cancel, order_transition

        if target == "cancelled":
            order_cancel(order=order, by=order.buyer, reason=note or "Đổi ý · changed my mind")
            return
        seller = order.shop.owner
        for status in PIPELINE[1: PIPELINE.index(target) + 1]:
            extra = {}
            if status == "shipping":
                rng = _rng("tracking", order.order_number)
                extra = {"carrier": rng.choice(CARRIERS), "tracking_number": f"VN{rng.randrange(10**9, 10**10)}"}
            by = None if status == "completed" else seller
            order = order_transition(order=order, to_status=status, by=by, **extra)

    def _backdate(self, order, *, age_days: float) -> None:
        """Give the order a past: placed `age_days` ago, each later step some hours after the previous one."""
        from apps.orders.models import Order, OrderStatusHistory
        from apps.payments.models import Payment

        placed = self.now - timedelta(days=age_days)
        history = list(OrderStatusHistory.objects.filter(order=order).order_by("at", "created_at"))
        span = (self.now - placed) * 0.9
        step = span / max(1, len(history) - 1) if len(history) > 1 else timedelta(0)
        moments = {}
        for i, row in enumerate(history):
            at = placed + step * i
            OrderStatusHistory.objects.filter(pk=row.pk).update(at=at, created_at=at)
            moments[row.status] = at
        fields = {"created_at": placed}
        for status, column in (("delivered", "delivered_at"), ("completed", "completed_at"),
                               ("cancelled", "cancelled_at")):
            if status in moments:
                fields[column] = moments[status]
        Order.objects.filter(pk=order.pk).update(**fields)
        if "delivered" in moments:
            Order.objects.filter(pk=order.pk, paid_at__isnull=False).update(paid_at=moments["delivered"])
            Payment.objects.filter(order=order).update(created_at=moments["delivered"])
        try:
            from apps.analytics.models import Event
        except ImportError:
            return
        # The shopper's add-to-cart and purchase events (written when the events are not buffered in Redis).
        products = [item.product_id for item in order.items.all() if item.product_id]
        recent = Event.objects.filter(user=order.buyer, product_id__in=products, occurred_at__gte=self.now)
        recent.filter(kind="add_to_cart").update(occurred_at=placed - timedelta(minutes=7))
        recent.filter(kind="purchase", shop=order.shop).update(occurred_at=placed)

    # --- reviews ---------------------------------------------------------------------------------------
    def seed_reviews(self) -> None:
        try:
            from apps.reviews.models import Review
            from apps.reviews.services import review_create, review_reply, review_vote
        except ImportError:
            self.log("  (reviews app not available yet: no reviews)")
            self.report.skipped.append("reviews: app not available")
            return
        from apps.orders.models import Order

        buyers = [self.users[email] for email, *_rest in data.BUYERS]
        orders = (Order.objects.filter(buyer__in=buyers, status="completed", idempotency_key__startswith="seed-demo:")
                  .select_related("buyer").prefetch_related("items").order_by("created_at", "order_number"))
        for order in orders:
            buyer = order.buyer
            language = self.users[buyer.email].demo_language
            for item in order.items.all():
                if item.product_id is None or Review.objects.filter(product_id=item.product_id, author=buyer).exists():
                    continue
                rng = _rng("review", buyer.email, item.product_id)
                rating = rng.choices([r for r, _w in RATING_WEIGHTS], weights=[w for _r, w in RATING_WEIGHTS])[0]
                title, content = rng.choice(data.REVIEW_TEXTS[language][rating])
                review = review_create(author=buyer, product_id=item.product_id, order_id=order.pk, rating=rating,
                                       title=title, content=content)
                written = (order.completed_at or self.now) - timedelta(hours=rng.uniform(1, 48))
                Review.objects.filter(pk=review.pk).update(created_at=written)
                self.report.add("reviews")
                if rng.random() < 0.35:
                    review_reply(review_id=review.pk, seller=order.shop.owner,
                                 content=rng.choice(data.SELLER_REPLIES[:2] if rating >= 3 else data.SELLER_REPLIES[3:])
                                 if language == "vi" else data.SELLER_REPLIES[2])
                if rng.random() < 0.3:
                    for voter in rng.sample([u for u in buyers if u.pk != buyer.pk], rng.randint(1, 3)):
                        review_vote(review_id=review.pk, user=voter, helpful=rng.random() < 0.85)

    # --- blog ------------------------------------------------------------------------------------------
    def seed_blog(self) -> None:
        from apps.blog.models import Category, Post
        from apps.blog.services import category_create, post_create
        from apps.catalog.models import Product

        categories = {}
        for slug, name, description, order in blog_posts.BLOG_CATEGORIES:
            categories[slug] = Category.objects.filter(slug=slug).first() or category_create(
                name=name, slug=slug, description=description, sort_order=order)
        admin = self.users[data.ADMIN_EMAIL]
        colours = [(37, 99, 235), (13, 148, 136), (124, 58, 237), (217, 119, 6), (219, 39, 119), (22, 163, 74)]
        for n, post in enumerate(blog_posts.POSTS[: self.size.blog_posts]):
            if Post.objects.filter(slug=post["slug"]).exists():
                continue
            products = [p for prefix in post["products"]
                        for p in Product.objects.filter(title__startswith=prefix, is_deleted=False)[:1]]
            cover = images.banner(title=post["title"], subtitle="Blog Chợ · blog.cho", colour=colours[n % len(colours)],
                                  size=(960, 504))
            post_create(
                author=admin, title=post["title"], slug=post["slug"], body=post["body"],
                category=categories[post["category"]], status="published",
                publish_at=self.now - timedelta(days=post["days_ago"]), featured=post["featured"],
                cover_image=ContentFile(cover, name=f"{post['slug']}.jpg"), cover_alt=post["title"],
                tags=post["tags"], products=products,
            )
            self.report.add("blog posts")

    # --- wishlists, follows, a cart, search history ---------------------------------------------------
    def seed_social(self) -> None:
        from apps.cart.models import CartItem, WishlistItem
        from apps.cart.services import cart_add, cart_get_for_user, wishlist_add
        from apps.shops.models import ShopFollow
        from apps.shops.services import shop_follow

        products = [p for key, p in sorted(self.products.items()) if key not in OUT_OF_STOCK]
        for email, *_rest in data.BUYERS:
            user = self.users[email]
            rng = _rng("social", email)
            for product in rng.sample(products, min(len(products), 4 if email == data.BUYER_EMAIL else 2)):
                if not WishlistItem.objects.filter(user=user, product=product).exists():
                    wishlist_add(user=user, product_id=product.pk)
                    self.report.add("wishlist items")
            for key in rng.sample(sorted(self.shops), 3 if email == data.BUYER_EMAIL else 1):
                if not ShopFollow.objects.filter(user=user, shop=self.shops[key]).exists():
                    shop_follow(shop=self.shops[key], user=user)
                    self.report.add("shop follows")
        buyer = self.users[data.BUYER_EMAIL]
        cart = cart_get_for_user(buyer)
        if not CartItem.objects.filter(cart=cart).exists():
            for leaf_slug, index in (("tai-nghe", 0), ("sach-khoa-hoc-may-tinh", 1)):
                product = self._product(leaf_slug, index)
                cart_add(cart=cart, variant_id=product.variants.order_by("position").first().pk, quantity=1)
                self.report.add("cart items")

    def seed_search(self) -> None:
        from apps.catalog.models import Product
        from apps.catalog.selectors import public_products
        from apps.search.models import SearchQueryLog
        from apps.search.services import index_products, product_search, search_log_record, search_logs_flush

        stale = Product.objects.all() if self.report.created.get("products") else \
            Product.objects.filter(search_document__isnull=True)
        ids = list(stale.values_list("pk", flat=True))
        if ids:
            index_products(product_ids=ids)
        for n, query in enumerate(data.SEARCHES):
            if SearchQueryLog.objects.filter(query=query, user__isnull=True).exists():
                continue
            found = product_search(queryset=public_products(), query=query).count()
            for _ in range(len(data.SEARCHES) - n):  # a popularity ranking: the first term searched most
                search_log_record(query=query, results_count=found)
            self.report.add("searches", len(data.SEARCHES) - n)
        search_logs_flush()  # with Redis, anonymous searches wait in a buffer: popular searches show them now

    def seed_notifications(self) -> None:
        from apps.notifications.models import Notification
        from apps.notifications.services import notify

        for email, *_rest in data.BUYERS + data.SELLERS:
            user = self.users[email]
            if Notification.objects.filter(user=user, kind="system.message").exists():
                continue
            notify(user, "system.message", url="/", context={
                "title": "Chào mừng đến với cửa hàng demo · Welcome to the demo store",
                "message": "Đây là dữ liệu mẫu: cứ thoải mái đặt hàng, đánh giá và thử mọi tính năng. "
                           "This is demo data: order, review and try everything.",
            })
            self.report.add("notifications")
        for email, *_rest in data.BUYERS:
            user = self.users[email]
            if not Notification.objects.filter(user=user, kind="promotion.newsletter").exists():
                notify(user, "promotion.newsletter", url="/", context={
                    "subject": "Flash Sale cuối tuần: giảm đến 20% · Weekend flash sale: up to 20% off"})


    # --- analytics -------------------------------------------------------------------------------------
    def seed_analytics(self) -> None:
        """Two weeks of product views (anonymous visitors and the demo buyers), written through the analytics
        writer, then the derived lists (trending, bought together, personal recommendations) computed once so
        the pages that show them have something to show."""
        try:
            from apps.analytics.models import Event
            from apps.analytics.services import events, recommendations
        except ImportError:
            self.report.skipped.append("analytics: app not available")
            return
        made_views = False
        if not Event.objects.filter(kind="product_view", visitor__startswith="s:demo-").exists():
            buyers = [self.users[email] for email, *_rest in data.BUYERS]
            payloads = []
            for key, product in sorted(self.products.items()):
                rng = _rng("views", product.slug)
                count = rng.randint(4, 30) + (25 if key in catalogue.FEATURED else 0)
                for _ in range(count):
                    at = self.now - timedelta(hours=rng.uniform(0.5, 14 * 24))
                    viewer = rng.choice(buyers) if rng.random() < 0.2 else None
                    payloads.append(events._payload(
                        kind="product_view", user=viewer, product_id=product.pk, shop_id=product.shop_id, at=at,
                        visitor="" if viewer else f"s:demo-{rng.randrange(400):03d}"))
            payloads.sort(key=lambda p: p["at"])
            self.report.add("product views", events.events_write(payloads))
            made_views = True
        if made_views or self.report.created.get("orders"):
            recommendations.also_bought_compute()
            recommendations.trending_compute()
            recommendations.recommendations_refresh()


def model_counts() -> dict[str, int]:
    """Rows per model of our apps (and auth groups): what the idempotency test compares."""
    from django.apps import apps as django_apps
    from django.conf import settings

    labels = {name.rsplit(".", 1)[-1] for name in settings.LOCAL_APPS}
    counts = {}
    for model in django_apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        if model._meta.app_label in labels or model._meta.label in ("auth.Group", "account.EmailAddress"):
            counts[model._meta.label] = model._default_manager.count()
    return counts


def seed(*, size: str = "small", log: Callable[[str], None] = print) -> Report:
    """Build (or complete) the demo store. Runs Celery tasks in-process (thumbnails, notifications) and keeps
    the e-mails the demo generates in memory instead of sending them to @example.com addresses."""
    from django.test.utils import override_settings

    from config.celery_app import app as celery_app

    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    # One INFO line per in-process task, and kombu's note that memory:// has no host, would drown the summary.
    quiet = {name: logging.getLogger(name) for name in ("celery.app.trace", "kombu.connection")}
    levels = {name: lg.level for name, lg in quiet.items()}
    for lg in quiet.values():
        lg.setLevel(logging.ERROR)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            _relax_durability()
            return DemoSeeder(size=SIZES[size], log=log).run()
    finally:
        celery_app.conf.task_always_eager = eager
        for name, lg in quiet.items():
            lg.setLevel(levels[name])


def _relax_durability() -> None:
    """The seed commits a few thousand small transactions; waiting for the disk on each one is most of its
    time. A crash mid-seed loses at most the last commits (PostgreSQL), and the seed simply runs again
    (SQLite: this connection stops fsyncing). Only this process's connection is affected."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = OFF")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
