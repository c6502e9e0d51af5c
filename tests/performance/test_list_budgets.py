"""Query budgets of the lists that had none: API lists, storefront and seller centre list pages, and the staff
changelists and reports of the main models each cost the same number of queries with 2 rows as with 6 (no N+1).

Each case builds its list with 2 rows (each with what the row shows: images, variants, lines, votes, refunds...),
counts the queries of one GET, adds 4 rows and counts again: the counts must be equal, and every row must be in the
answer (an empty list cannot pass). Both counts start from an empty cache, after one request that warms what each
process keeps for good (content types, the current site).

Lists with a budget test elsewhere, not repeated here:
  API      addresses (accounts/test_api_profile), staff users/shops/products/audit log (analytics/test_api_staff),
           trending (analytics/test_recommendations), blog posts and featured (blog/test_api), cart, saved for
           later, wishlist (cart/test_api, performance/test_cart_budget), products, product, category tree
           (catalog/test_api_public, performance/test_query_budgets), seller products (catalog/test_api_seller),
           notifications (notifications/test_api), orders and seller orders (orders/test_api), payments
           (payments/test_api), product reviews (reviews/test_api), search (search/test_api), shops
           (shops/test_api), seller vouchers (vouchers/test_api)
  pages    home and category pages for visitors (performance/test_query_budgets, catalog/test_views), product page
           (catalog/test_views), blog index and RSS feed (blog/test_views), product reviews fragment
           (reviews/test_views)
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.conftest import clear_cache
from tests.factories.accounts import AddressFactory, UserFactory
from tests.factories.analytics import EventFactory
from tests.factories.blog import CategoryFactory as BlogCategoryFactory
from tests.factories.blog import PostFactory, TagFactory
from tests.factories.catalog import BrandFactory, CategoryFactory, ProductFactory, ProductImageFactory, VariantFactory
from tests.factories.notifications import NotificationFactory
from tests.factories.orders import OrderFactory
from tests.factories.payments import PaymentFactory, RefundFactory, SavedPaymentMethodFactory, online_order
from tests.factories.reviews import ReviewFactory, ReviewImageFactory, ReviewVoteFactory
from tests.factories.search import SearchQueryLogFactory
from tests.factories.shops import ShopFactory, ShopFollowFactory
from tests.factories.vouchers import VoucherFactory

pytestmark = pytest.mark.django_db

FIRST, MORE = 2, 4
_n = itertools.count(1)


def mark(prefix="Row") -> str:
    """A unique word to find a row by in the response."""
    return f"{prefix}{next(_n):05d}x"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def web(user=None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user, backend="apps.accounts.backends.PhoneOrEmailBackend")
    return client


def staff():
    return UserFactory(is_staff=True, is_superuser=True, role="admin")


def product(**fields):
    """A public product with an image (what a card shows)."""
    p = ProductFactory(**fields)
    ProductImageFactory(product=p)
    return p


@dataclass
class Case:
    """A list: `client` GETs `url`; `add(n)` adds n rows and returns a word each row shows."""

    client: Client | APIClient
    url: str
    add: Callable[[int], list[str]]


def count_queries(client, url) -> tuple[int, str]:
    clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return len(ctx.captured_queries), response.content.decode()


def assert_fixed(case: Case) -> None:
    shown = case.add(FIRST)
    case.client.get(case.url)  # warm the per-process caches (content types, the current site, translations)
    small, body = count_queries(case.client, case.url)
    assert all(word in body for word in shown), f"{case.url}: not every row is listed"
    shown += case.add(MORE)
    large, body = count_queries(case.client, case.url)
    assert all(word in body for word in shown), f"{case.url}: not every row is listed"
    assert large == small, f"GET {case.url}: {small} queries with {FIRST} rows, {large} with {FIRST + MORE}"


# --- API -----------------------------------------------------------------------------------------------------------

def api_categories():
    root = CategoryFactory()

    def add(n):  # children: each names its parent (looked up once per page)
        return [CategoryFactory(parent=root, name=mark()).name for _ in range(n)]

    return Case(api(), "/api/v1/categories?page_size=50", add)


def api_brands():
    return Case(api(), "/api/v1/brands", lambda n: [BrandFactory(name=mark()).name for _ in range(n)])


def api_product_variants():
    p = ProductFactory(default_variant=False)
    return Case(api(), f"/api/v1/products/{p.pk}/variants",
                lambda n: [VariantFactory(product=p, name=mark()).name for _ in range(n)])


def api_product_related():
    p = product()
    return Case(api(), f"/api/v1/products/{p.pk}/related",
                lambda n: [product(category=p.category, title=mark()).title for _ in range(n)])


def api_seller_variant_movements():
    from apps.catalog.services import stock_adjust

    variant = VariantFactory()
    owner = variant.product.shop.owner

    def add(n):
        words = [mark() for _ in range(n)]
        for word in words:
            stock_adjust(variant=variant, delta=1, reason="restock", by=owner, reference=word)
        return words

    return Case(api(owner), f"/api/v1/seller/variants/{variant.pk}/movements", add)


def api_seller_low_stock():
    shop = ShopFactory()
    return Case(api(shop.owner), "/api/v1/seller/inventory/low-stock",
                lambda n: [VariantFactory(product__shop=shop, sku=mark("SKU"), stock=1).sku for _ in range(n)])


def api_integration_keys():
    from apps.integrations.services import api_key_issue

    member = staff()

    def add(n):
        return [api_key_issue(name=mark(), scopes=["orders:read"], shop=ShopFactory(), by=member)[0].name
                for _ in range(n)]

    return Case(api(member), "/api/v1/integrations/keys", add)


def saved_cards(buyer, first_last4: int):
    """add(n) for a buyer's saved cards: n more, each named by its last four digits."""
    last4 = itertools.count(first_last4)
    return lambda n: [SavedPaymentMethodFactory(user=buyer, last4=str(next(last4))).last4 for _ in range(n)]


def api_saved_payment_methods():
    buyer = UserFactory()
    return Case(api(buyer), "/api/v1/payments/saved-methods", saved_cards(buyer, 7301))


def _shop_reviews(shop):
    """add(n): n reviews of the shop's products, each with an image; their titles."""
    def add(n):
        reviews = [ReviewFactory(product=product(shop=shop), title=mark()) for _ in range(n)]
        for review in reviews:
            ReviewImageFactory(review=review)
        return [r.title for r in reviews]

    return add


def api_seller_reviews():
    shop = ShopFactory()
    return Case(api(shop.owner), "/api/v1/seller/reviews", _shop_reviews(shop))


def api_search_popular():
    return Case(api(), "/api/v1/search/popular",
                lambda n: [SearchQueryLogFactory(query=mark("q").lower()).normalized for _ in range(n)])


def api_search_history():
    shopper = UserFactory()
    return Case(api(shopper), "/api/v1/search/history",
                lambda n: [SearchQueryLogFactory(user=shopper, query=mark("q").lower()).query for _ in range(n)])


def api_search_autocomplete():
    from apps.search.services import index_products

    def add(n):  # the suggestions highlight the words typed: each row is found by its own word
        words = [mark() for _ in range(n)]
        index_products(product_ids=[product(title=f"Loa bluetooth {word}").pk for word in words])
        return words

    return Case(api(), "/api/v1/search/autocomplete?q=loa+blue", add)


def api_vouchers_available():
    shopper, shop = UserFactory(), ShopFactory()

    def add(n):  # the shop's and the platform's, each limited per user: the shopper used every other one
        from apps.vouchers.models import VoucherRedemption

        vouchers = [VoucherFactory(title=mark(), shop=shop if i % 2 else None, per_user_limit=2) for i in range(n)]
        for voucher in vouchers[::2]:
            VoucherRedemption.objects.create(voucher=voucher, user=shopper, order=OrderFactory(buyer=shopper))
        return [v.title for v in vouchers]

    return Case(api(shopper), f"/api/v1/vouchers/available?shop_id={shop.pk}&subtotal=500000", add)


def api_recently_viewed():
    from apps.analytics.models import EventKind

    shopper = UserFactory()

    def add(n):
        products = [product(title=mark()) for _ in range(n)]
        for p in products:
            EventFactory(product=p, user=shopper, kind=EventKind.PRODUCT_VIEW)
        return [p.title for p in products]

    return Case(api(shopper), "/api/v1/users/me/recently-viewed", add)


def api_recommendations():
    from apps.analytics.models import EventKind

    shopper, category = UserFactory(), CategoryFactory()
    EventFactory(product=product(category=category), user=shopper, kind=EventKind.PRODUCT_VIEW)
    return Case(api(shopper), "/api/v1/recommendations?limit=50",
                lambda n: [product(category=category, title=mark()).title for _ in range(n)])


def api_seller_stats():
    shop = ShopFactory()

    def add(n):  # each order of another product: the top products grow
        variants = [VariantFactory(product__shop=shop, product__title=mark()) for _ in range(n)]
        for v in variants:
            OrderFactory(shop=shop, status="delivered", payment_status="paid", items=[(v, 1)])
        return [v.product.title for v in variants]

    return Case(api(shop.owner), "/api/v1/seller/stats", add)


def api_blog_categories():
    def add(n):
        categories = [BlogCategoryFactory(name=mark()) for _ in range(n)]
        for c in categories:
            PostFactory(category=c)
        return [c.name for c in categories]

    return Case(api(), "/api/v1/blog/categories", add)


def api_blog_tags():
    def add(n):
        tags = [TagFactory(name=mark()) for _ in range(n)]
        for t in tags:
            PostFactory(tags=[t])
        return [t.name for t in tags]

    return Case(api(), "/api/v1/blog/tags", add)


def _sales(n) -> list[str]:
    """n paid, delivered orders, each of another shop's product that is low on stock, by a new buyer: the top
    products and shops, low stock, recent orders and new users of the staff dashboard and reports all grow."""
    variants = [VariantFactory(product__title=mark(), stock=1) for _ in range(n)]
    for v in variants:
        OrderFactory(shop=v.product.shop, status="delivered", payment_status="paid", items=[(v, 1)])
    return [v.product.title for v in variants]


def api_staff_dashboard():
    return Case(api(staff()), "/api/v1/admin/dashboard", _sales)


def api_report_top_products():
    return Case(api(staff()), "/api/v1/admin/reports/top-products", _sales)


API_CASES = [api_categories, api_brands, api_product_variants, api_product_related, api_seller_variant_movements,
             api_seller_low_stock, api_integration_keys, api_saved_payment_methods, api_seller_reviews,
             api_search_popular, api_search_history, api_search_autocomplete, api_vouchers_available,
             api_recently_viewed, api_recommendations, api_seller_stats, api_blog_categories, api_blog_tags,
             api_staff_dashboard, api_report_top_products]


@pytest.mark.parametrize("make", API_CASES, ids=lambda f: f.__name__)
def test_api_list_query_count_does_not_grow(make):
    assert_fixed(make())


# --- storefront pages ----------------------------------------------------------------------------------------------

def page_addresses():
    user = UserFactory()
    return Case(web(user), "/account/addresses/",
                lambda n: [AddressFactory(user=user, street_address=mark()).street_address for _ in range(n)])


def page_all_products():
    return Case(web(), "/products/", lambda n: [product(brand=BrandFactory(), title=mark()).title for _ in range(n)])


def page_category_signed_in():
    category = CategoryFactory()
    return Case(web(UserFactory()), f"/c/{category.slug}/",
                lambda n: [product(category=category, title=mark()).title for _ in range(n)])


def page_home_signed_in():
    return Case(web(UserFactory()), "/",
                lambda n: [product(title=mark(), is_featured=True, sold_count=1).title for _ in range(n)])


def page_categories():
    root = CategoryFactory()

    def add(n):
        names = []
        for _ in range(n):
            child = CategoryFactory(parent=root, name=mark())
            names += [child.name, CategoryFactory(parent=child, name=mark()).name]
        return names

    return Case(web(), "/categories/", add)


def page_sitemap():
    def add(n):
        return [product().slug for _ in range(n)] + [PostFactory().slug for _ in range(n)]

    return Case(web(), "/sitemap.xml", add)


def page_shops():
    def add(n):
        shops = [ShopFactory(name=mark()) for _ in range(n)]
        for s in shops:
            ShopFollowFactory(shop=s)
        return [s.name for s in shops]

    return Case(web(), "/shops/", add)


def page_shop():
    shop = ShopFactory()
    return Case(web(UserFactory()), f"/shops/{shop.slug}/",
                lambda n: [product(shop=shop, title=mark()).title for _ in range(n)])


def page_search():
    from apps.search.services import index_products

    def add(n):
        words = [mark() for _ in range(n)]
        index_products(product_ids=[product(title=f"Tai nghe {word}", brand=BrandFactory()).pk for word in words])
        return words

    return Case(web(UserFactory()), "/search/?q=tai+nghe", add)


def page_search_suggest():
    from apps.search.services import index_products

    def add(n):  # the suggestions highlight the words typed: each row is found by its own word
        words = [mark() for _ in range(n)]
        index_products(product_ids=[product(title=f"Ban phim {word}").pk for word in words])
        return words

    return Case(web(), "/search/suggest/?q=ban+phim", add)


def page_search_history():
    shopper = UserFactory()
    return Case(web(shopper), "/search/history/",
                lambda n: [SearchQueryLogFactory(user=shopper, query=mark("q").lower()).query for _ in range(n)])


def page_notifications():
    user = UserFactory()
    return Case(web(user), "/notifications/",
                lambda n: [NotificationFactory(user=user, title=mark()).title for _ in range(n)])


def page_notification_bell():
    user = UserFactory()  # the bell shows the latest 5: 2, then 3 more
    return Case(web(user), "/notifications/bell/",
                lambda n: [NotificationFactory(user=user, title=mark()).title for _ in range(min(n, 3))])


def page_payments():
    buyer = UserFactory()

    def add(n):
        payments = [PaymentFactory(order=online_order(buyer=buyer), status="completed") for _ in range(n)]
        for p in payments:
            RefundFactory(payment=p)
        return [p.order.order_number for p in payments]

    return Case(web(buyer), "/payments/", add)


def page_saved_cards():
    buyer = UserFactory()
    return Case(web(buyer), "/payments/cards/", saved_cards(buyer, 8301))


def page_my_reviews():
    buyer = UserFactory()

    def add(n):
        reviews = [ReviewFactory(author=buyer, product=product(title=mark())) for _ in range(n)]
        for r in reviews:
            ReviewImageFactory(review=r)
        return [r.product.title for r in reviews]

    return Case(web(buyer), "/reviews/mine/", add)


def page_order_reviews():
    from tests.factories.orders import item_for

    buyer, shop = UserFactory(), ShopFactory()
    order = OrderFactory(buyer=buyer, shop=shop, status="delivered", items=False)

    def add(n):  # lines of the order, every other one already reviewed
        products = [product(shop=shop, title=mark()) for _ in range(n)]
        for i, p in enumerate(products):
            item_for(order, p.variants.get())
            if i % 2:
                ReviewFactory(author=buyer, product=p, order=order)
        return [p.title for p in products]

    return Case(web(buyer), f"/reviews/order/{order.pk}/", add)


def page_product_reviews():
    p = product()
    viewer = UserFactory()

    def add(n):
        reviews = [ReviewFactory(product=p, title=mark()) for _ in range(n)]
        for r in reviews:
            ReviewImageFactory(review=r)
            ReviewVoteFactory(review=r, user=viewer)
        return [r.title for r in reviews]

    return Case(web(viewer), f"/reviews/product/{p.pk}/", add)  # the whole page (the htmx fragment is tested)


def page_blog_category():
    category = BlogCategoryFactory()
    tags = [TagFactory(), TagFactory()]
    return Case(web(), f"/blog/category/{category.slug}/",
                lambda n: [PostFactory(category=category, tags=tags, title=mark()).title for _ in range(n)])


def page_blog_tag():
    tag = TagFactory()
    return Case(web(), f"/blog/tag/{tag.slug}/",
                lambda n: [PostFactory(category=BlogCategoryFactory(), tags=[tag, TagFactory()], title=mark()).title
                           for _ in range(n)])


def page_blog_atom():
    return Case(web(), "/blog/feed/atom/",
                lambda n: [PostFactory(category=BlogCategoryFactory(), tags=[TagFactory()], title=mark()).title
                           for _ in range(n)])


STOREFRONT_CASES = [page_addresses, page_all_products, page_category_signed_in, page_home_signed_in,
                    page_categories, page_sitemap, page_shops, page_shop, page_search, page_search_suggest,
                    page_search_history, page_notifications, page_notification_bell, page_payments, page_saved_cards,
                    page_my_reviews, page_order_reviews, page_product_reviews, page_blog_category, page_blog_tag,
                    page_blog_atom]


@pytest.mark.parametrize("make", STOREFRONT_CASES, ids=lambda f: f.__name__)
def test_storefront_page_query_count_does_not_grow(make):
    assert_fixed(make())


# --- seller centre -------------------------------------------------------------------------------------------------

def seller_products():
    shop = ShopFactory()

    def add(n):
        products = [product(shop=shop, title=mark()) for _ in range(n)]
        for p in products:
            VariantFactory(product=p)
        return [p.title for p in products]

    return Case(web(shop.owner), "/seller/products/", add)


def seller_low_stock():
    shop = ShopFactory()
    return Case(web(shop.owner), "/seller/products/low-stock/",
                lambda n: [VariantFactory(product__shop=shop, product__title=mark(), stock=1).product.title
                           for _ in range(n)])


def seller_product_stock():
    p = ProductFactory(default_variant=False)
    return Case(web(p.shop.owner), f"/seller/products/{p.pk}/stock/",
                lambda n: [VariantFactory(product=p, sku=mark("SKU"), attributes={"colour": "red"}).sku
                           for _ in range(n)])


def seller_product_images():
    p = ProductFactory()
    return Case(web(p.shop.owner), f"/seller/products/{p.pk}/images/",
                lambda n: [ProductImageFactory(product=p, alt=mark()).alt for _ in range(n)])


def seller_imports():
    from apps.catalog.models import ProductImport

    shop = ShopFactory()
    return Case(web(shop.owner), "/seller/products/import/",
                lambda n: [ProductImport.objects.create(shop=shop, created_by=shop.owner, filename=f"{mark()}.csv",
                                                        file="imports/x.csv").filename for _ in range(n)])


def seller_reviews():
    shop = ShopFactory()
    return Case(web(shop.owner), "/seller/reviews/", _shop_reviews(shop))


def seller_vouchers():
    shop = ShopFactory()

    def add(n):
        vouchers = [VoucherFactory(shop=shop, title=mark()) for _ in range(n)]
        for v in vouchers:
            v.products.add(ProductFactory(shop=shop))
        return [v.code for v in vouchers]

    return Case(web(shop.owner), "/seller/vouchers/", add)


def seller_stats():
    shop = ShopFactory()

    def add(n):
        variants = [VariantFactory(product__shop=shop, product__title=mark()) for _ in range(n)]
        for v in variants:
            OrderFactory(shop=shop, status="delivered", payment_status="paid", items=[(v, 1)])
        return [v.product.title for v in variants]

    return Case(web(shop.owner), "/seller/stats/", add)


SELLER_CASES = [seller_products, seller_low_stock, seller_product_stock, seller_product_images, seller_imports,
                seller_reviews, seller_vouchers, seller_stats]


@pytest.mark.parametrize("make", SELLER_CASES, ids=lambda f: f.__name__)
def test_seller_centre_page_query_count_does_not_grow(make):
    assert_fixed(make())


# --- staff changelists ---------------------------------------------------------------------------------------------

def admin_products():
    return Case(web(staff()), "/admin/catalog/product/",
                lambda n: [product(title=mark(), brand=BrandFactory()).title for _ in range(n)])


def admin_orders():
    return Case(web(staff()), "/admin/orders/order/",
                lambda n: [OrderFactory(status="delivered").order_number for _ in range(n)])


def admin_shops():
    return Case(web(staff()), "/admin/shops/shop/",
                lambda n: [ShopFactory(name=mark()).name for _ in range(n)])


def admin_reviews():
    def add(n):
        reviews = [ReviewFactory(product=product(title=mark())) for _ in range(n)]
        for r in reviews:
            ReviewImageFactory(review=r)
        return [r.product.title for r in reviews]

    return Case(web(staff()), "/admin/reviews/review/", add)


def admin_users():
    def add(n):
        users = [UserFactory(email=f"{mark().lower()}@example.com") for _ in range(n)]
        for u in users:
            AddressFactory(user=u)
        return [u.email for u in users]

    return Case(web(staff()), "/admin/accounts/user/", add)


def admin_dashboard():
    return Case(web(staff()), "/admin/dashboard/", _sales)


def admin_report_top_products():
    return Case(web(staff()), "/admin/reports/top-products/", _sales)


ADMIN_CASES = [admin_products, admin_orders, admin_shops, admin_reviews, admin_users, admin_dashboard,
               admin_report_top_products]


@pytest.mark.parametrize("make", ADMIN_CASES, ids=lambda f: f.__name__)
def test_admin_changelist_query_count_does_not_grow(make):
    assert_fixed(make())


# --- cart and orders -----------------------------------------------------------------------------------------------

def _cart_lines(cart, n) -> list[str]:
    """n lines, each from another shop, with an image, every other one on flash sale."""
    from apps.cart.models import CartItem
    from tests.factories.vouchers import FlashSaleItemFactory

    variants = [VariantFactory(product__title=mark()) for _ in range(n)]
    for i, v in enumerate(variants):
        ProductImageFactory(product=v.product)
        if i % 2:
            FlashSaleItemFactory(variant=v, sale_price=v.price - 10000)
        CartItem.objects.create(cart=cart, variant=v, quantity=1, unit_price_at_add=v.price)
    return [v.product.title for v in variants]


def cart_page():
    from apps.cart.models import Cart

    shopper = UserFactory()
    cart = Cart.objects.create(user=shopper)

    def add(n):
        return _cart_lines(cart, n)

    return Case(web(shopper), "/cart/", add)


def wishlist_page():
    from apps.cart.services import wishlist_add

    shopper = UserFactory()
    return Case(web(shopper), "/wishlist/",
                lambda n: [wishlist_add(user=shopper, product_id=product(title=mark()).pk)[0].product.title
                           for _ in range(n)])


def checkout_page():
    from apps.cart.models import Cart

    shopper = UserFactory()
    AddressFactory(user=shopper, is_default=True)
    cart = Cart.objects.create(user=shopper)

    def add(n):
        return _cart_lines(cart, n)

    return Case(web(shopper), "/checkout/", add)


def order_list_page():
    buyer = UserFactory()
    return Case(web(buyer), "/orders/",
                lambda n: [OrderFactory(buyer=buyer, status="delivered").order_number for _ in range(n)])


def seller_order_list_page():
    shop = ShopFactory()
    return Case(web(shop.owner), "/seller/orders/",
                lambda n: [OrderFactory(shop=shop).order_number for _ in range(n)])


CART_AND_ORDER_CASES = [cart_page, wishlist_page, checkout_page, order_list_page, seller_order_list_page]


@pytest.mark.parametrize("make", CART_AND_ORDER_CASES, ids=lambda f: f.__name__)
def test_cart_and_order_page_query_count_does_not_grow(make):
    assert_fixed(make())
