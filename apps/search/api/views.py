"""Search API: results with facets, autocomplete, popular searches, personal history, result clicks."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from apps.catalog.api.cards import product_cards
from apps.core.cache import cached, digest
from apps.core.errors import NotFound
from apps.search import selectors, services
from apps.search.api.serializers import (
    AutocompleteOutput,
    ClickInput,
    FacetsOutput,
    HistoryOutput,
    PopularSearchesOutput,
    SearchInput,
)
from apps.search.filters import SearchFilters

ERROR_400 = OpenApiResponse(description="validation_error: a parameter is malformed.")


def _product_list_serializer():
    from apps.catalog.api.serializers import ProductListItemSerializer

    return ProductListItemSerializer


def _facets(result) -> dict:
    """The facets in their API shape, cached beside the page of results they belong to."""
    def build():
        return FacetsOutput(result.facets or {"category": [], "brand": [], "price": [], "rating": [],
                                              "condition": []}).data

    if not result.key:
        return build()
    return cached(result.key + ":facets-out", services.INDEX_GROUP, services.cache_seconds(), build)


class SearchApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Search products",
        description=(
            "Full-text product search with typo tolerance and optional diacritics, ranked by relevance and "
            "popularity. Facet counts follow the current query and filters (AND between facets, OR within a "
            "facet: each facet is counted with the other facets' filters). Page 1 is recorded in the "
            "shopper's search history; `search_id` identifies it for `POST /search/clicks`."
        ),
        parameters=[SearchInput],
        responses={
            200: inline_serializer("SearchResultsOutput", {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": _product_list_serializer()(many=True),
                "facets": FacetsOutput(),
                "corrected": serializers.CharField(help_text="Spelling-corrected query also searched, or empty."),
                "did_you_mean": serializers.CharField(help_text="A suggestion when nothing was found, or empty."),
                "search_id": serializers.UUIDField(allow_null=True),
            }),
            400: ERROR_400,
        },
    )
    def get(self, request):
        params = SearchInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = SearchFilters(
            categories=tuple(sorted(set(data.get("category", [])))),
            brands=tuple(sorted({str(b) for b in data.get("brand", [])})),
            price_min=data.get("price_min"), price_max=data.get("price_max"),
            rating_min=int(data["rating"]) if data.get("rating") else None,
            conditions=tuple(sorted(set(data.get("condition", [])))), in_stock=data["in_stock"],
        )
        result = selectors.search_results(query=data.get("q", ""), filters=filters, sort=data["sort"],
                                          page=data["page"], per_page=data["page_size"], load_products=False)
        search_id = None
        if result.page == 1:
            search_id = services.search_log_record(query=data.get("q", ""), results_count=result.total,
                                                   user=request.user)
        url = request.build_absolute_uri()
        next_url = replace_query_param(url, "page", result.page + 1) if result.has_next else None
        previous_url = None
        if result.has_previous:
            previous_url = (remove_query_param(url, "page") if result.page == 2
                            else replace_query_param(url, "page", result.page - 1))
        return Response({
            "count": result.total,
            "next": next_url,
            "previous": previous_url,
            "results": product_cards(request, result.ids),
            "facets": _facets(result),
            "corrected": result.corrected,
            "did_you_mean": result.suggestion,
            "search_id": str(search_id) if search_id else None,
        })


class AutocompleteApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Autocomplete",
        description="Product titles, categories and brands for what the shopper is typing: word prefixes, "
                    "diacritics optional, misspelt words corrected when nothing matches. Fewer than two "
                    "characters give empty lists.",
        parameters=[OpenApiParameter("q", str, description="What the shopper typed so far.")],
        responses={200: AutocompleteOutput},
        examples=[OpenApiExample("typing", response_only=True, value={
            "query": "dien th", "corrected": "",
            "products": [{"id": "3f1c2a9e-4b1d-4c57-9a1e-2b7f0c6d8e11", "title": "Điện thoại Samsung Galaxy A55",
                          "slug": "dien-thoai-samsung-galaxy-a55"}],
            "categories": [{"id": "12", "name": "Điện thoại", "slug": "dien-thoai"}], "brands": []})],
    )
    def get(self, request):
        query = request.query_params.get("q", "")
        return Response(cached("search:autocomplete-out:" + digest(query), services.INDEX_GROUP,
                               services.cache_seconds(),
                               lambda: AutocompleteOutput(selectors.autocomplete(query=query)).data))


class PopularSearchesApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Popular searches",
                   description="The most searched queries of the last 7 days that found products (top 10).",
                   responses={200: PopularSearchesOutput})
    def get(self, request):
        return Response(PopularSearchesOutput({"results": selectors.popular_searches()}).data)


class SearchHistoryApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="My search history",
                   description="Your 20 most recent distinct searches, newest first.",
                   responses={200: HistoryOutput, 401: OpenApiResponse(description="not_authenticated")})
    def get(self, request):
        return Response(HistoryOutput({"results": selectors.search_history(user=request.user)}).data)

    @extend_schema(summary="Clear my search history", request=None,
                   responses={204: OpenApiResponse(description="Cleared."),
                              401: OpenApiResponse(description="not_authenticated")})
    def delete(self, request):
        services.search_history_clear(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SearchClickApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Record a result click",
                   description="The shopper opened a product from the results of `search_id` (from GET /search).",
                   request=ClickInput,
                   responses={204: OpenApiResponse(description="Recorded."), 400: ERROR_400,
                              404: OpenApiResponse(description="not_found: unknown search or product.")})
    def post(self, request):
        from apps.catalog.models import Product

        params = ClickInput(data=request.data)
        params.is_valid(raise_exception=True)
        product = Product.objects.filter(pk=params.validated_data["product_id"]).first()
        if product is None:
            raise NotFound(_("Product not found."))
        click_id = services.search_click_record(query_log_id=params.validated_data["search_id"], product=product,
                                                position=params.validated_data["position"], user=request.user)
        if click_id is None:
            raise NotFound(_("Search not found."))
        return Response(status=status.HTTP_204_NO_CONTENT)
