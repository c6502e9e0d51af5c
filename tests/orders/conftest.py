from decimal import Decimal

import pytest

from tests.factories.accounts import AddressFactory, UserFactory
from tests.factories.catalog import VariantFactory
from tests.factories.shops import ShopFactory


@pytest.fixture
def buyer(db):
    return UserFactory(full_name="Nguyễn Văn An")


@pytest.fixture
def address(buyer):
    return AddressFactory(user=buyer, is_default=True)


@pytest.fixture
def shop(db):
    return ShopFactory(name="Điện Thoại Sài Gòn", shipping_fee=Decimal("30000"), express_shipping_fee=Decimal("50000"))


@pytest.fixture
def other_shop(db):
    return ShopFactory(name="Nhà Sách Hà Nội", shipping_fee=Decimal("20000"), express_shipping_fee=Decimal("45000"))


@pytest.fixture
def variant(shop):
    return VariantFactory(product__shop=shop, product__title="Điện thoại Lumi X", name="128GB Đen",
                          sku="LUMI-X-128", price=Decimal("259000"), stock=10)


@pytest.fixture
def book(other_shop):
    return VariantFactory(product__shop=other_shop, product__title="Sách Tiếng Việt", name="Bìa mềm",
                          sku="BOOK-TV-1", price=Decimal("85000"), stock=5)


@pytest.fixture
def add_to_cart():
    """add_to_cart(user, variant, quantity=1) puts a line in the user's cart."""
    from apps.cart.models import Cart, CartItem

    def _add(user, variant, quantity=1):
        cart, _created = Cart.objects.get_or_create(user=user)
        return CartItem.objects.create(cart=cart, variant=variant, quantity=quantity, unit_price_at_add=variant.price)

    return _add


@pytest.fixture
def place(address):
    """place(buyer=..., **overrides) → order_place with sensible defaults (cod, standard, the buyer's address)."""
    from apps.orders.services import order_place

    def _place(buyer=None, **kwargs):
        buyer = buyer or address.user
        kwargs.setdefault("address", address if address.user_id == buyer.pk else buyer.addresses.first())
        kwargs.setdefault("shipping_method", "standard")
        kwargs.setdefault("payment_method", "cod")
        return order_place(buyer=buyer, **kwargs)

    return _place
