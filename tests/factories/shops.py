import factory
from django.utils import timezone

from apps.accounts.models import User
from apps.shops.models import Shop, ShopFollow, ShopStatus


class SellerFactory(factory.django.DjangoModelFactory):
    """A verified user with role seller (password "Secret123pass")."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"seller{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Người bán {n}")
    role = "seller"
    is_verified = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        password = kwargs.pop("password", "Secret123pass")
        return model_class.objects.create_user(password=password, **kwargs)


class ShopFactory(factory.django.DjangoModelFactory):
    """An active (approved) shop; its owner has role seller."""

    class Meta:
        model = Shop

    owner = factory.SubFactory(SellerFactory)
    name = factory.Sequence(lambda n: f"Cửa hàng {n}")
    slug = factory.Sequence(lambda n: f"cua-hang-{n}")
    description = "Hàng chính hãng."
    address = "12 Lê Lợi, Phường Bến Nghé, Quận 1"
    city = "Hồ Chí Minh"
    phone_number = "+84912345678"
    email = factory.Sequence(lambda n: f"shop{n}@example.com")
    shipping_fee = 30000
    express_shipping_fee = 50000
    status = ShopStatus.ACTIVE
    approved_at = factory.LazyFunction(timezone.now)


class ShopFollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopFollow

    shop = factory.SubFactory(ShopFactory)
    user = factory.SubFactory(SellerFactory, role="buyer")
