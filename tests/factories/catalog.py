from decimal import Decimal

import factory

from apps.catalog.models import Brand, Category, Condition, Product, ProductImage, ProductStatus, Variant
from apps.catalog.services import product_refresh_summary
from tests.factories.shops import ShopFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    """A root category, or a child with CategoryFactory(parent=node)."""

    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Danh mục {n}")
    slug = factory.Sequence(lambda n: f"danh-muc-{n}")
    icon = ""
    is_active = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.pop("parent", None)
        if parent is not None:
            parent.refresh_from_db()
            return parent.add_child(**kwargs)
        return model_class.add_root(**kwargs)


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thương hiệu {n}")
    slug = factory.Sequence(lambda n: f"thuong-hieu-{n}")


class VariantFactory(factory.django.DjangoModelFactory):
    """A variant with stock; the product's price/in-stock summary is refreshed after creation."""

    class Meta:
        model = Variant

    product = factory.SubFactory("tests.factories.catalog.ProductFactory", default_variant=False)
    name = factory.Sequence(lambda n: f"Phân loại {n}")
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    attributes = factory.LazyFunction(dict)
    price = Decimal("100000")
    compare_at_price = None
    stock = 10
    low_stock_threshold = 2
    is_active = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        variant = super()._create(model_class, *args, **kwargs)
        product_refresh_summary(product_ids=[variant.product_id])
        variant.product.refresh_from_db(fields=["price", "compare_at_price", "in_stock"])
        return variant


class ProductFactory(factory.django.DjangoModelFactory):
    """A public product (active, in an active shop) with one default variant.

    ProductFactory(default_variant__price=..., default_variant__stock=...) tunes it;
    ProductFactory(default_variant=False) makes a product without variants.
    """

    class Meta:
        model = Product
        skip_postgeneration_save = True

    shop = factory.SubFactory(ShopFactory)
    category = factory.SubFactory(CategoryFactory)
    brand = None
    title = factory.Sequence(lambda n: f"Sản phẩm {n}")
    slug = factory.Sequence(lambda n: f"san-pham-{n}")
    description = "<p>Mô tả sản phẩm.</p>"
    condition = Condition.NEW
    specifications = factory.LazyFunction(lambda: [{"name": "Xuất xứ", "value": "Việt Nam"}])
    status = ProductStatus.ACTIVE

    @factory.post_generation
    def default_variant(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        kwargs.setdefault("name", "Default")
        VariantFactory(product=obj, **kwargs)
        obj.refresh_from_db(fields=["price", "compare_at_price", "in_stock"])


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.django.ImageField(width=40, height=40, color="red", format="JPEG")
    alt = "Ảnh sản phẩm"
    position = factory.Sequence(lambda n: n)
