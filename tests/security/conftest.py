"""A realistic little marketplace for the security tests: two buyers, two sellers with shops, staff, and the
objects each owns (orders, addresses, cart lines, notifications, reviews, products, variants, vouchers...)."""
import io
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

ROLES = ("anonymous", "buyer", "buyer2", "seller", "seller2", "staff")


def jpeg_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "JPEG")
    return buffer.getvalue()


def api_client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    client.user = user
    return client


@pytest.fixture
def world(db):
    from apps.catalog.models import ProductImport
    from apps.orders.domain import OrderStatus, PaymentMethod
    from tests.factories.accounts import AddressFactory, PhoneUserFactory, UserFactory
    from tests.factories.blog import PostFactory
    from tests.factories.cart import CartFactory, CartItemFactory, WishlistItemFactory
    from tests.factories.catalog import CategoryFactory, ProductFactory, ProductImageFactory, VariantFactory
    from tests.factories.notifications import NotificationFactory
    from tests.factories.orders import OrderFactory
    from tests.factories.payments import PaymentFactory, SavedPaymentMethodFactory, online_order
    from tests.factories.reviews import ReviewFactory
    from tests.factories.search import SearchQueryLogFactory
    from tests.factories.shops import ShopFactory
    from tests.factories.vouchers import VoucherFactory

    w = SimpleNamespace()
    w.buyer = PhoneUserFactory(email="buyer@example.com", full_name="Nguyễn Văn An")
    w.buyer2 = UserFactory(email="buyer2@example.com")
    w.shop = ShopFactory()
    w.seller = w.shop.owner
    w.shop2 = ShopFactory()
    w.seller2 = w.shop2.owner
    w.staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True, role="admin")
    w.victim = UserFactory(email="victim@example.com")

    w.category = CategoryFactory()
    w.leaf_category = CategoryFactory()
    w.product = ProductFactory(shop=w.shop, category=w.category, default_variant__price=Decimal("100000"),
                               default_variant__stock=20)
    w.variant = w.product.variants.get()
    w.variant2 = VariantFactory(product=w.product, sku="MATRIX-SECOND")
    w.product_b = ProductFactory(shop=w.shop, category=w.category)
    w.product2 = ProductFactory(shop=w.shop2, category=w.category)
    w.image = ProductImageFactory(product=w.product)
    w.product_import = ProductImport.objects.create(shop=w.shop, created_by=w.seller, file="imports/x.csv",
                                                    filename="x.csv")

    w.address = AddressFactory(user=w.buyer, is_default=True)
    w.address_other = AddressFactory(user=w.buyer)
    w.cart = CartFactory(user=w.buyer, session_key=None, voucher_codes=["SHOP10"])
    w.cart_item = CartItemFactory(cart=w.cart, variant=w.variant, quantity=1)
    w.saved_item = CartItemFactory(cart=w.cart, variant=w.product_b.variants.get(), saved_for_later=True)
    w.wish = WishlistItemFactory(user=w.buyer, product=w.product)
    w.notification = NotificationFactory(user=w.buyer)
    w.voucher = VoucherFactory(shop=w.shop, code="SHOP10")

    w.order = OrderFactory(buyer=w.buyer, shop=w.shop, items=[(w.variant, 1)])
    w.order_delivered = OrderFactory(
        buyer=w.buyer, shop=w.shop, status=OrderStatus.DELIVERED, delivered_at=timezone.now() - timedelta(days=1),
        items=[(w.variant, 1), (w.product_b.variants.get(), 1)])
    w.review = ReviewFactory(product=w.product, author=w.buyer, order=w.order_delivered)
    w.order_bank = OrderFactory(buyer=w.buyer, shop=w.shop, payment_method=PaymentMethod.BANK_TRANSFER)
    w.payment = PaymentFactory(order=online_order(method="stripe", buyer=w.buyer, shop=w.shop), status="completed")
    w.saved_method = SavedPaymentMethodFactory(user=w.buyer)
    w.search_log = SearchQueryLogFactory(user=w.buyer)
    w.post = PostFactory()
    return w


@pytest.fixture
def role_clients(world):
    users = {"anonymous": None, "buyer": world.buyer, "buyer2": world.buyer2, "seller": world.seller,
             "seller2": world.seller2, "staff": world.staff}
    return {role: api_client_for(user) for role, user in users.items()}
