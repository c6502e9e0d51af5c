import factory

from apps.search.models import SearchQueryLog
from apps.search.query import parse_query


class SearchQueryLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SearchQueryLog

    query = "điện thoại"
    normalized = factory.LazyAttribute(lambda o: parse_query(o.query).normalized)
    user = None
    results_count = 3
