import factory

from apps.cart.models import Cart, CartItem, WishlistItem


class CartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cart

    user = None
    session_key = factory.Sequence(lambda n: f"guest-{n}")


class CartItemFactory(factory.django.DjangoModelFactory):
    """A cart line at the variant's current price."""

    class Meta:
        model = CartItem

    cart = factory.SubFactory(CartFactory)
    variant = factory.SubFactory("tests.factories.catalog.VariantFactory")
    quantity = 1
    unit_price_at_add = factory.LazyAttribute(lambda o: o.variant.price)


class WishlistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WishlistItem

    product = factory.SubFactory("tests.factories.catalog.ProductFactory")
    in_stock_seen = factory.LazyAttribute(lambda o: o.product.in_stock)
    price_seen = factory.LazyAttribute(lambda o: o.product.price)
