from decimal import Decimal

import pytest

from tests.factories.catalog import VariantFactory
from tests.factories.shops import ShopFactory


@pytest.fixture
def shop(db):
    return ShopFactory(name="Điện Thoại Sài Gòn", shipping_fee=Decimal("30000"), express_shipping_fee=Decimal("50000"),
                       free_shipping_threshold=Decimal("500000"))


@pytest.fixture
def other_shop(db):
    return ShopFactory(name="Nhà Sách Hà Nội", shipping_fee=Decimal("20000"), express_shipping_fee=Decimal("45000"))


@pytest.fixture
def phone(shop):
    return VariantFactory(product__shop=shop, product__title="Điện thoại Lumi X", name="128GB Đen",
                          price=Decimal("259000"), stock=5)


@pytest.fixture
def book(other_shop):
    return VariantFactory(product__shop=other_shop, product__title="Sách Tiếng Việt", name="Bìa mềm",
                          price=Decimal("85000"), stock=3)


@pytest.fixture
def cart(user):
    from apps.cart.services import cart_get_for_user

    return cart_get_for_user(user)
