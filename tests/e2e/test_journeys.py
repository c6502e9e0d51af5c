"""The main journeys in a real browser (Debian's chromium), with screenshots in docs/screenshots/ and axe-core
accessibility checks (no serious or critical violations) on home, category, product, cart and checkout."""
import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def picture_for(product, leaf="dien-thoai"):
    from apps.catalog.models import ProductImage
    from apps.catalog.services.images import image_make_thumbnail
    from apps.core.demo.images import product_card

    image = ProductImage(product=product, alt=product.title, position=0)
    image.image.save(f"{product.slug}.jpg", ContentFile(product_card(title=product.title, brand="Chợ",
                                                                     leaf_slug=leaf, size=600)), save=False)
    image.save()
    image_make_thumbnail(image=image)
    return image


@pytest.fixture
def store(db):
    """A small catalogue: two categories, two shops, six products with pictures."""
    from decimal import Decimal

    from apps.catalog.models import Category
    from tests.factories.catalog import CategoryFactory, ProductFactory
    from tests.factories.shops import ShopFactory

    # The starting category tree comes from a data migration; build it when a flush removed it.
    phones = Category.objects.filter(slug="dien-thoai").first() or CategoryFactory(name="Điện thoại", slug="dien-thoai")
    laptops = Category.objects.filter(slug="laptop").first() or CategoryFactory(name="Laptop", slug="laptop")
    shop = ShopFactory(name="Chợ Công Nghệ", slug="cho-cong-nghe", owner__full_name="Nguyễn Thành Công")
    other = ShopFactory(name="Sách Hay", slug="sach-hay")
    products = {}
    rows = [
        ("Điện thoại Aurora X1 128GB", phones, shop, "7490000", "8990000", "dien-thoai"),
        ("Điện thoại Lotus S5 256GB", phones, shop, "5290000", None, "dien-thoai"),
        ("Điện thoại Mekong Mini", phones, other, "2990000", "3490000", "dien-thoai"),
        ("Laptop Sông Hồng 14 inch", laptops, shop, "15990000", None, "laptop"),
        ("Laptop Trường Sơn Pro 16", laptops, other, "24990000", "27990000", "laptop"),
        ("Laptop Hạ Long Air 13", laptops, shop, "12490000", None, "laptop"),
    ]
    for n, (title, category, seller_shop, price, old, leaf) in enumerate(rows):
        product = ProductFactory(title=title, slug=f"product-{n}", category=category, shop=seller_shop,
                                 default_variant__price=Decimal(price),
                                 default_variant__compare_at_price=Decimal(old) if old else None,
                                 default_variant__stock=20)
        picture_for(product, leaf)
        products[title] = product
    try:
        from apps.search.services import index_products

        index_products(product_ids=[p.pk for p in products.values()])
    except ImportError:  # pragma: no cover
        pass
    return {"phones": phones, "laptops": laptops, "shop": shop, "products": products}


def test_guest_browses_searches_signs_up_and_orders_cash_on_delivery(page, live_server, store, shot, axe):
    from apps.accounts.sms import LocmemSmsBackend
    from apps.orders.models import Order

    url = live_server.url
    page.goto(url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".product-card").first).to_be_visible()
    axe("home")
    shot("guest", "home")
    shot("guest", "home", mobile=True)

    page.goto(url + "/categories/")
    page.locator("main").get_by_role("link", name="Điện thoại", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Điện thoại")
    expect(page.locator(".product-card")).to_have_count(3)
    axe("category")
    shot("guest", "category")

    page.locator(".product-card").filter(has_text="Aurora X1").first.locator("a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aurora X1")
    axe("product")
    shot("guest", "product")
    shot("guest", "product", mobile=True)

    page.locator("#site-search").fill("Lotus")
    page.locator("#site-search").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Lotus"))
    expect(page.locator("main")).to_contain_text("Lotus S5")
    shot("guest", "search")

    page.goto(url + store["products"]["Điện thoại Aurora X1 128GB"].get_absolute_url())
    page.locator("form.add-to-cart button[type=submit]").click()
    expect(page.locator("#cart-count")).to_have_text("1")

    page.goto(url + "/cart/")
    expect(page.locator("main")).to_contain_text("Aurora X1")
    axe("cart")
    shot("guest", "cart")
    shot("guest", "cart", mobile=True)

    page.locator("main").get_by_role("link", name=re.compile("Thanh toán|Checkout")).first.click()
    expect(page).to_have_url(re.compile(r"/account/login/"))
    page.locator("main a[href*='/account/signup/']").first.click()
    page.fill("input[name=full_name]", "Trần Thị Mai")
    page.fill("input[name=phone_number]", "0912 345 678")
    page.fill("input[name=password1]", "Mai-2026-secret")
    page.fill("input[name=password2]", "Mai-2026-secret")
    shot("guest", "signup")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/account/verify/"))
    code = re.search(r"\b(\d{6})\b", LocmemSmsBackend.outbox[-1][1]).group(1)
    page.fill("input[name=otp]", code)
    shot("guest", "otp")
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/checkout/"))
    expect(page.locator("#checkout-summary")).to_contain_text("Aurora X1")
    page.locator("input[name=address][value=new]").check()
    page.fill("input[name=recipient_name]", "Trần Thị Mai")
    page.fill("input[name=phone_number]", "0912345678")
    page.fill("input[name=street_address]", "25 Hàng Bài")
    page.fill("input[name=ward]", "Phường Hàng Bài")
    page.fill("input[name=district]", "Quận Hoàn Kiếm")
    page.fill("input[name=city]", "Hà Nội")
    page.locator("input[name=payment_method][value=cod]").check()
    axe("checkout")
    shot("guest", "checkout")
    page.locator("#checkout-summary button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/checkout/done/"))
    order = Order.objects.get(buyer__phone_number="+84912345678")
    assert order.payment_method == "cod"
    expect(page.locator("main")).to_contain_text(order.order_number)
    shot("guest", "order-placed")
    page.get_by_role("link", name=order.order_number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.order_number)
    expect(page.locator("main")).to_contain_text("Aurora X1")
    shot("guest", "order")


def test_seller_adds_a_product_and_fulfils_an_order(page, live_server, store, login, shot):
    from apps.catalog.models import Product
    from apps.orders.models import Order
    from tests.factories.orders import OrderFactory

    url = live_server.url
    shop = store["shop"]
    order = OrderFactory(shop=shop, items=[(store["products"]["Điện thoại Lotus S5 256GB"].variants.first(), 1)])
    login(shop.owner)

    page.goto(url + "/seller/")
    expect(page.locator("main")).to_contain_text(shop.name)
    shot("seller", "dashboard")

    page.goto(url + "/seller/products/new/")
    page.fill("input[name=title]", "Tai nghe Sóng Biển Pro")
    page.locator("select[name=category]").select_option(value=str(store["phones"].pk))
    page.fill("textarea[name=description]", "<p>Chống ồn chủ động, pin 30 giờ.</p>")
    page.fill("textarea[name=specifications]", "Pin: 30 giờ\nKết nối: Bluetooth 5.3")
    page.fill("input[name=sku]", "SB-PRO-01")
    page.fill("input[name=price]", "1290000")
    page.fill("input[name=stock]", "15")
    shot("seller", "product-form")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".message").first).to_be_visible()
    product = Product.objects.get(title="Tai nghe Sóng Biển Pro")
    assert product.shop_id == shop.pk and product.variants.get().stock == 15
    page.goto(url + "/seller/products/")
    expect(page.locator("main")).to_contain_text("Tai nghe Sóng Biển Pro")
    shot("seller", "products")

    page.goto(url + "/seller/orders/")
    page.get_by_role("link", name=order.order_number).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.order_number)
    shot("seller", "order")
    for status in ("confirmed", "packed", "shipping", "delivered"):
        form = page.locator(f"form:has(input[name=status][value={status}])")
        if status == "shipping":
            form.locator("input[name=carrier]").fill("GHN")
            form.locator("input[name=tracking_number]").fill("GHN123456789")
        form.locator("button[type=submit]").click()
        expect(page.locator(f"form:has(input[name=status][value={status}])")).to_have_count(0)
        order.refresh_from_db()
        assert order.status == status
    assert Order.objects.get(pk=order.pk).tracking_number == "GHN123456789"
    shot("seller", "order-delivered")


def test_buyer_reviews_a_delivered_product(page, live_server, store, login, shot):
    from apps.reviews.models import Review
    from tests.factories.accounts import UserFactory
    from tests.factories.orders import OrderFactory

    url = live_server.url
    product = store["products"]["Laptop Hạ Long Air 13"]
    buyer = UserFactory(full_name="Lê Văn Bình")
    order = OrderFactory(buyer=buyer, shop=product.shop, status="delivered", items=[(product.variants.first(), 1)])
    login(buyer)

    page.goto(url + f"/orders/{order.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.order_number)
    shot("review", "order")
    link = page.locator(f"main a[href*='/reviews/new/{order.pk}/{product.pk}/']")
    if link.count():
        link.first.click()
    else:
        page.goto(url + f"/reviews/new/{order.pk}/{product.pk}/")
    page.locator("input[name=rating][value='5']").check()
    page.fill("input[name=title]", "Máy nhẹ, pin tốt")
    page.fill("textarea[name=content]", "Dùng cả ngày không cần sạc, màn hình đẹp. Giao hàng nhanh.")
    shot("review", "form")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".message").first).to_be_visible()
    review = Review.objects.get(product=product, author=buyer)
    assert review.rating == 5
    page.goto(url + product.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Máy nhẹ, pin tốt")
    shot("review", "product")


def test_staff_approve_a_pending_shop_in_the_admin(page, live_server, login, shot, staff_user):
    from apps.shops.models import Shop
    from tests.factories.shops import ShopFactory

    pending = ShopFactory(name="Nhà Sách Phương Nam", slug="nha-sach-phuong-nam", status="pending", approved_at=None)
    login(staff_user)
    page.goto(live_server.url + "/admin/shops/shop/?status__exact=pending")
    row = page.locator("#result_list tr").filter(has_text="Nhà Sách Phương Nam")
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("approve_shops")
    shot("staff", "shops")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    pending.refresh_from_db()
    assert pending.status == "active" and pending.approved_at is not None
    assert Shop.objects.active().filter(pk=pending.pk).exists()
    shot("staff", "approved")
