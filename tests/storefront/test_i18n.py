"""The main storefront pages in Vietnamese leave no English UI text behind; English works too; the choice of
language is remembered; money and dates follow the language."""
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from tests.factories.accounts import AddressFactory, UserFactory
from tests.factories.catalog import CategoryFactory, ProductFactory
from tests.factories.orders import OrderFactory
from tests.factories.shops import ShopFactory

pytestmark = pytest.mark.django_db

# Words that are the same in both languages (brand names, abbreviations, codes).
SAME_IN_BOTH = {"Chợ", "VI", "EN", "SKU", "COD", "VAT", "OK", "API", "PayPal", "MoMo", "Stripe", "PDF", "CSV",
                "Email", "E-mail", "Blog", "Default", "Visa", "Mastercard", "×", "-", "+", "−", "›", "·"}
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class VisibleText(HTMLParser):
    """Text nodes and labelling attributes a person sees or hears, without scripts, styles and <head>."""

    SKIP = {"script", "style", "head", "noscript", "template", "svg"}

    def __init__(self):
        super().__init__()
        self.skipping = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def looks_english(text: str) -> bool:
    """Only unaccented Latin letters, at least three of them ("C" is the logo, "SL" is số lượng): Vietnamese
    UI text nearly always carries diacritics; codes, numbers and money are left out."""
    text = re.sub(r"CHO-\d{8}-\w+|[A-Z]{2,}-?\d[\w-]*", "", text)  # order numbers, SKUs, tracking numbers
    text = " ".join(word for word in text.split() if word.strip(".,:;()") not in SAME_IN_BOTH)
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isascii() for c in letters)


def english_leftovers(html: str) -> list[str]:
    return sorted({t for t in visible_texts(html) if looks_english(t)})


@pytest.fixture
def shopper(client):
    from apps.cart.services import cart_add, cart_get_for_user

    phones = CategoryFactory(name="Điện thoại thông minh", slug="dien-thoai-thong-minh")
    shop = ShopFactory(name="Cửa hàng Ánh Dương")
    product = ProductFactory(title="Điện thoại Sao Mai", category=phones, shop=shop,
                             default_variant__name="Mặc định", default_variant__price=Decimal("1250000"),
                             default_variant__compare_at_price=Decimal("1500000"))
    buyer = UserFactory(full_name="Phạm Minh Châu")
    AddressFactory(user=buyer, is_default=True)
    order = OrderFactory(buyer=buyer, shop=shop, status="shipping", tracking_number="GHN0001", carrier="GHN",
                         items=[(product.variants.get(), 1)])
    cart_add(cart=cart_get_for_user(buyer), variant_id=product.variants.get().pk, quantity=2)
    client.force_login(buyer)
    return {"category": phones, "product": product, "order": order, "client": client}


def main_pages(data):
    return {"home": "/", "category": data["category"].get_absolute_url(),
            "product": data["product"].get_absolute_url(), "cart": "/cart/", "checkout": "/checkout/",
            "orders": "/orders/", "order": f"/orders/{data['order'].pk}/"}


def test_main_pages_in_vietnamese_have_no_english_ui_text(shopper):
    client = shopper["client"]
    client.cookies["django_language"] = "vi"
    problems = {}
    for name, url in main_pages(shopper).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        html = response.content.decode()
        assert '<html lang="vi">' in html
        left = english_leftovers(html)
        if left:
            problems[name] = left
    assert problems == {}


def test_the_same_pages_in_english_are_english(shopper):
    client = shopper["client"]
    client.cookies["django_language"] = "en"
    home = client.get("/").content.decode()
    assert '<html lang="en">' in home and "Sign out" in home and "Đăng xuất" not in home
    product = client.get(shopper["product"].get_absolute_url()).content.decode()
    assert "Add to cart" in product and "₫1,250,000" in product
    cart = client.get("/cart/").content.decode()
    assert "₫2,500,000" in cart


def test_money_and_dates_follow_the_language(shopper):
    client, order = shopper["client"], shopper["order"]
    client.cookies["django_language"] = "vi"
    vi = client.get(f"/orders/{order.pk}/").content.decode()
    assert "1.250.000 ₫" in vi
    client.cookies["django_language"] = "en"
    en = client.get(f"/orders/{order.pk}/").content.decode()
    assert "₫1,250,000" in en
    from django.utils import formats, translation
    from django.utils.timezone import localtime

    with translation.override("vi"):
        vi_date = formats.date_format(localtime(order.created_at), "SHORT_DATE_FORMAT")
    with translation.override("en"):
        en_date = formats.date_format(localtime(order.created_at), "SHORT_DATE_FORMAT")
    assert vi_date != en_date
    assert vi_date in vi and en_date in en


def test_language_choice_is_remembered(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    cookie = response.cookies["django_language"]
    assert cookie.value == "en" and int(cookie["max-age"]) >= 60 * 60 * 24 * 30
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and 'value="en" selected' in page
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/").content.decode()


@pytest.mark.parametrize(("language", "texts"), [
    ("vi", ["Không tìm thấy trang này", "Về trang chủ"]),
    ("en", ["We could not find that page", "Back to the home page"]),
])
def test_404_page_is_designed_and_translated(client, language, texts):
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="error-page"' in html and 'class="site-header"' in html
    for text in texts:
        assert text in html
    assert 'name="q"' in html  # a search box to find one's way


def test_403_and_csrf_failure_pages_are_designed_and_translated(client, user, settings):
    client.cookies["django_language"] = "vi"
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.cookies["django_language"] = "vi"
    response = strict.post("/cart/add/", {"variant_id": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Phiên làm việc đã hết hạn" in html and "Tải lại trang" in html and 'class="error-page"' in html


def test_500_page_is_designed_and_translated(rf):
    from django.utils import translation

    from apps.core.views_errors import permission_denied, server_error

    request = rf.get("/somewhere/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("vi"):
        response = server_error(request)
        denied = permission_denied(request)
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()
    assert denied.status_code == 403 and "Bạn không thể mở trang này" in denied.content.decode()
