import pytest

from apps.search.services import index_products
from tests.factories.catalog import BrandFactory, CategoryFactory, ProductFactory


@pytest.fixture
def make_product(db):
    """make_product(title=..., brand="Samsung", category="Điện thoại", price=..., **fields) → an indexed product."""
    brands, categories = {}, {}

    def _make(title, *, brand=None, category="Điện thoại", price=100000, stock=10, index=True, **fields):
        if brand and brand not in brands:
            brands[brand] = BrandFactory(name=brand, slug=f"b-{len(brands)}-{brand.lower().replace(' ', '-')}")
        if category not in categories:
            categories[category] = CategoryFactory(name=category)
        product = ProductFactory(title=title, brand=brands.get(brand), category=categories[category],
                                 default_variant__price=price, default_variant__stock=stock, **fields)
        if index:
            index_products(product_ids=[product.pk])
        return product

    _make.brands = brands
    _make.categories = categories
    return _make


@pytest.fixture
def public_products():
    from apps.catalog.selectors import public_products

    return public_products
