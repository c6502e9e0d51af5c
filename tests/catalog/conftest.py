import pytest

from tests.factories.shops import ShopFactory


@pytest.fixture
def shop(db):
    return ShopFactory()


@pytest.fixture
def seller_client(shop, client_for):
    """An API client for the owner of `shop`."""
    return client_for(shop.owner)


@pytest.fixture
def other_shop(db):
    return ShopFactory()
