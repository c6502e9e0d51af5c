import factory
from django.utils import timezone

from apps.analytics.models import Event, EventKind
from tests.factories.catalog import ProductFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A product view by a guest visitor now; EventFactory(kind="add_to_cart", user=u, occurred_at=...)."""

    class Meta:
        model = Event

    kind = EventKind.PRODUCT_VIEW
    occurred_at = factory.LazyFunction(timezone.now)
    product = factory.SubFactory(ProductFactory)
    shop = factory.LazyAttribute(lambda o: o.product.shop if o.product else None)
    visitor = factory.Sequence(lambda n: f"s:visitor{n}")
    quantity = 1
