import factory
from factory.django import DjangoModelFactory

from apps.accounts.models import Address, SecurityEvent, User

PASSWORD = "Secret123pass"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"buyer{n}@example.com")
    phone_number = None
    full_name = factory.Faker("name", locale="vi_VN")
    is_verified = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PhoneUserFactory(UserFactory):
    email = None
    phone_number = factory.Sequence(lambda n: f"+8491{n:07d}")


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    recipient_name = factory.Faker("name", locale="vi_VN")
    phone_number = "+84912345678"
    street_address = factory.Sequence(lambda n: f"{n + 1} Lý Thường Kiệt")
    ward = "Phường Hàng Bài"
    district = "Quận Hoàn Kiếm"
    city = "Hà Nội"
    is_default = False


class SecurityEventFactory(DjangoModelFactory):
    class Meta:
        model = SecurityEvent

    user = factory.SubFactory(UserFactory)
    kind = "login_succeeded"
    ip_address = "203.0.113.7"
    user_agent = "pytest"
