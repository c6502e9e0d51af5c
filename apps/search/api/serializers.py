from rest_framework import serializers

from apps.search.filters import CONDITIONS, SORTS


class SearchInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=1000, trim_whitespace=False,
                              help_text='Words; "quoted phrase", -exclusion and OR work; diacritics optional.')
    category = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                     help_text="Category ids (repeat for OR).")
    brand = serializers.ListField(child=serializers.UUIDField(), required=False, help_text="Brand ids (repeat for OR).")
    price_min = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, min_value=0)
    price_max = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, min_value=0,
                                         help_text="Exclusive upper bound.")
    rating = serializers.ChoiceField(choices=[1, 2, 3, 4], required=False, help_text="Minimum average rating.")
    condition = serializers.ListField(child=serializers.ChoiceField(choices=CONDITIONS), required=False)
    in_stock = serializers.BooleanField(required=False, default=False)
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="relevance")
    page = serializers.IntegerField(required=False, min_value=1, max_value=100, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


class CategoryFacetOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    count = serializers.IntegerField()


class BrandFacetOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()
    count = serializers.IntegerField()


class PriceFacetOutput(serializers.Serializer):
    min = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    max = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    count = serializers.IntegerField()


class RatingFacetOutput(serializers.Serializer):
    min = serializers.IntegerField()
    count = serializers.IntegerField()


class ConditionFacetOutput(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class FacetsOutput(serializers.Serializer):
    category = CategoryFacetOutput(many=True)
    brand = BrandFacetOutput(many=True)
    price = PriceFacetOutput(many=True)
    rating = RatingFacetOutput(many=True)
    condition = ConditionFacetOutput(many=True)


class AutocompleteProductOutput(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    slug = serializers.CharField()


class AutocompleteRefOutput(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()


class AutocompleteOutput(serializers.Serializer):
    query = serializers.CharField(help_text="The query as understood (folded words).")
    products = AutocompleteProductOutput(many=True)
    categories = AutocompleteRefOutput(many=True)
    brands = AutocompleteRefOutput(many=True)
    corrected = serializers.CharField(help_text="Spelling-corrected query used when the words matched nothing, else empty.")


class PopularSearchOutput(serializers.Serializer):
    query = serializers.CharField()
    count = serializers.IntegerField()


class PopularSearchesOutput(serializers.Serializer):
    results = PopularSearchOutput(many=True)


class HistoryEntryOutput(serializers.Serializer):
    query = serializers.CharField()
    normalized = serializers.CharField()
    searched_at = serializers.DateTimeField()


class HistoryOutput(serializers.Serializer):
    results = HistoryEntryOutput(many=True)


class ClickInput(serializers.Serializer):
    search_id = serializers.UUIDField()
    product_id = serializers.UUIDField()
    position = serializers.IntegerField(min_value=0, max_value=10000, required=False, default=0)
