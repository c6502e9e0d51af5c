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
    shop = ShopFactory(name="Chợ Công Nghệ", slug="cho-cong-nghe")
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
