"""Catalog API: public catalogue and the seller's products (API.md, Catalog and Seller sections). Thin: parse,
call a selector or service, serialize."""
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.catalog import cache as catalog_cache
from apps.catalog import selectors, services
from apps.catalog.api import serializers as s
from apps.catalog.api.cards import product_cards
from apps.catalog.filters import FILTER_PARAMS, SORTS, parse_product_params, run_product_query
from apps.catalog.models import (
    Brand,
    Category,
    ImportStatus,
    InventoryMovement,
    Product,
    ProductImage,
    ProductImport,
    Variant,
)
from apps.core.cache import cached, digest, versioned_get_many, versioned_set_many
from apps.core.errors import NotFound, PermissionDenied, ValidationFailed
from apps.core.pagination import CachedCountPagination
from apps.core.schema import ErrorSerializer
from apps.integrations.permissions import HasApiKeyScope
from apps.shops.models import Shop

# Integrations may read the catalogue with an API key holding this scope.
CATALOG_READ = {"GET": "catalog:read"}

E404 = OpenApiResponse(ErrorSerializer, description="Not found, or not yours (`not_found`).")
E409 = OpenApiResponse(ErrorSerializer, description="Duplicate SKU or stale state (`conflict`).")
E422 = OpenApiResponse(ErrorSerializer, description="Breaks a rule: stock below zero (`out_of_stock`), "
                                                    "too many images, a banned product (`business_rule_violation`).")


# --- public catalogue ---------------------------------------------------------------------------

class CategoryListApi(ListAPIView):
    serializer_class = s.CategorySerializer
    permission_classes = [permissions.AllowAny, HasApiKeyScope]
    api_key_scopes = CATALOG_READ
    queryset = Category.objects.filter(is_active=True).order_by("path")

    @extend_schema(summary="Categories (flat, in tree order)", tags=["catalog"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "parents": getattr(self, "_parents", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        paths = {c.path[: -Category.steplen] for c in page or [] if c.depth > 1}
        self._parents = dict(Category.objects.filter(path__in=paths).values_list("path", "pk")) if paths else {}
        return page


class CategoryTreeApi(APIView):
    permission_classes = [permissions.AllowAny, HasApiKeyScope]
    api_key_scopes = CATALOG_READ

    @extend_schema(summary="The whole category tree", description="Active categories nested by `children`; "
                   "one query whatever the depth.", responses={200: s.CategoryTreeSerializer(many=True)},
                   tags=["catalog"])
    def get(self, request):
        return Response(cached("category-tree", catalog_cache.CATEGORIES, catalog_cache.TREE_TIMEOUT,
                               selectors.category_tree))


class CategoryDetailApi(APIView):
    permission_classes = [permissions.AllowAny, HasApiKeyScope]
    api_key_scopes = CATALOG_READ

    @extend_schema(summary="A category with its ancestors and children", responses={
        200: s.CategoryDetailSerializer}, tags=["catalog"])
    def get(self, request, pk):
        category = selectors.category_get(category_id=pk)
        return Response(selectors.category_payload(category))


class BrandListApi(ListAPIView):
    serializer_class = s.BrandSerializer
    permission_classes = [permissions.AllowAny, HasApiKeyScope]
    api_key_scopes = CATALOG_READ
    queryset = Brand.objects.order_by("name")

    @extend_schema(summary="Brands", tags=["catalog"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


PRODUCT_LIST_PARAMS = [
    OpenApiParameter("q", str, description="Search text (diacritics optional)."),
    OpenApiParameter("category", str, description="Category id or slug; includes its descendants."),
    OpenApiParameter("shop", str, description="Shop id or slug."),
    OpenApiParameter("brand", str, description="Brand id or slug; several separated by commas."),
    OpenApiParameter("min_price", OpenApiTypes.DECIMAL), OpenApiParameter("max_price", OpenApiTypes.DECIMAL),
    OpenApiParameter("condition", str, description="new, used, refurbished; several separated by commas."),
    OpenApiParameter("min_rating", OpenApiTypes.DECIMAL, description="0 to 5."),
    OpenApiParameter("in_stock", OpenApiTypes.BOOL),
    OpenApiParameter("sort", str, enum=list(SORTS), description="Default: relevance with `q`, newest without."),
    OpenApiParameter("facets", OpenApiTypes.BOOL, description="Add `facets` counts to the response."),
]


class ProductListApi(ListAPIView):
    serializer_class = s.ProductListItemSerializer
    permission_classes = [permissions.AllowAny, HasApiKeyScope]
    api_key_scopes = CATALOG_READ

    @extend_schema(
        summary="Products",
        description="Public products (active, from active shops) with the filters and sorts of API.md. "
                    "`facets=true` adds `facets: {category, brand, price, rating, condition}`. A bad parameter "
                    "is a 400 naming it.",
        parameters=PRODUCT_LIST_PARAMS,
        tags=["catalog"],
    )
    def get(self, request, *args, **kwargs):
        # Whole pages are cached per query string (and host: links are absolute) until a catalogue write, and
        # the count per filter set beside them: both are read in one round trip.
        page_key = "products:" + digest(request.scheme, request.get_host(), request.query_params.urlencode())
        count_key = self.paginator.count_cache_key(request, self)
        found, versions = versioned_get_many([page_key, count_key], (catalog_cache.CATALOG,))
        if page_key in found:
            return Response(found[page_key])
        self.paginator.known_count = found.get(count_key)
        data = self._page(request, *args, **kwargs)
        fresh = {page_key: data}
        if self.paginator.counted is not None:
            fresh[count_key] = self.paginator.counted
        versioned_set_many(fresh, versions, catalog_cache.LIST_TIMEOUT)
        return Response(data)

    def _page(self, request, *args, **kwargs):
        self.pq = parse_product_params(request.query_params, strict=True)
        response = super().get(request, *args, **kwargs)
        if self.pq.facets:
            response.data["facets"] = self._facets
        return response.data

    pagination_class = CachedCountPagination
    count_params = FILTER_PARAMS
    queryset = Product.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Product.objects.none()
        qs, self._facets = run_product_query(selectors.public_products(), self.pq)
        return _ids_and_sort_keys(qs)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(product_cards(request, page))


def _ids_and_sort_keys(qs):
    """The page is read narrow (ids, and the columns the keyset cursor needs); the cards come from the cache."""
    columns = {f.attname for f in Product._meta.concrete_fields}
    ordering = [name.lstrip("-") for name in (qs.query.order_by or Product._meta.ordering)]
    return qs.only("pk", *[name for name in ordering if name in columns])


class ProductDetailApi(APIView):
    permission_classes = [permissions.AllowAny, HasApiKeyScope]
    api_key_scopes = CATALOG_READ

    @extend_schema(summary="A product", description="With variants, images, specifications, shop summary and "
                   "rating.", responses={200: s.ProductDetailSerializer, 404: E404}, tags=["catalog"])
    def get(self, request, pk):
        groups = (catalog_cache.CATALOG, catalog_cache.product_group(pk))
        key = "product-api:" + digest(request.scheme, request.get_host(), pk)

        def build():
            product = selectors.product_detail(product_id=pk)
            data = s.ProductDetailSerializer(product, context={"request": request}).data
            return {"data": data, "etag": digest(pk, product.updated_at.isoformat(), repr(data)),
                    "modified": product.updated_at}

        entry = cached(key, groups, catalog_cache.DETAIL_TIMEOUT, build)
        etag = f'W/"{entry["etag"]}"'
        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(entry["data"])
        response["ETag"] = etag
        response["Last-Modified"] = http_date(entry["modified"].timestamp())
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response


class ProductVariantsApi(APIView):
    permission_classes = [permissions.AllowAny, HasApiKeyScope]
    api_key_scopes = CATALOG_READ

    @extend_schema(summary="A product's variants", responses={200: s.VariantSerializer(many=True), 404: E404},
                   tags=["catalog"])
    def get(self, request, pk):
        product = selectors.product_detail(product_id=pk)
        return Response(s.VariantSerializer(product.variants.all(), many=True).data)


class ProductRelatedApi(APIView):
    permission_classes = [permissions.AllowAny, HasApiKeyScope]
    api_key_scopes = CATALOG_READ

    @extend_schema(summary="Related products", description="Best sellers of the same category (then of the "
                   "same shop), at most 12.", responses={200: s.ProductListItemSerializer(many=True), 404: E404},
                   tags=["catalog"])
    def get(self, request, pk):
        product = selectors.product_detail(product_id=pk)
        related = selectors.related_products(product=product)
        return Response(s.ProductListItemSerializer(related, many=True, context={"request": request}).data)


class VariantAvailabilityApi(APIView):
    permission_classes = [permissions.AllowAny, HasApiKeyScope]
    api_key_scopes = CATALOG_READ

    @extend_schema(summary="A variant's availability", responses={200: s.VariantAvailabilitySerializer, 404: E404},
                   tags=["catalog"])
    def get(self, request, pk):
        variant = selectors.purchasable_variants().filter(pk=pk).first()
        if variant is None:
            raise NotFound(_("Variant not found."))
        return Response({"variant_id": variant.pk, "available": variant.stock > 0, "stock": variant.stock,
                         "price": variant.price, "currency": variant.currency})


# --- seller -------------------------------------------------------------------------------------

class SellerMixin:
    permission_classes = [permissions.IsAuthenticated]

    def seller_shop(self) -> Shop:
        shop = Shop.objects.filter(owner=self.request.user).first()
        if shop is None:
            raise PermissionDenied(_("Only sellers can do this. Register a shop first."))
        return shop


def seller_product_detail(shop, pk):
    product = services.product_for_seller(shop=shop, product_id=pk)
    return (type(product).objects.select_related("shop", "category", "brand")
            .prefetch_related(Prefetch("variants", queryset=Variant.objects.filter(is_deleted=False)),
                              Prefetch("images", queryset=ProductImage.objects.order_by("position", "created_at")))
            .get(pk=product.pk))


PRODUCT_CREATE_EXAMPLE = OpenApiExample("a phone with two variants", request_only=True, value={
    "title": "Điện thoại X 128GB", "description": "<p>Chính hãng</p>", "category_id": 3, "condition": "new",
    "specifications": [{"name": "RAM", "value": "8 GB"}],
    "variants": [{"name": "Đen", "sku": "DTX-128-DEN", "attributes": {"colour": "black"}, "price": "7990000",
                  "stock": 12},
                 {"name": "Trắng", "sku": "DTX-128-TRANG", "attributes": {"colour": "white"}, "price": "7990000",
                  "compare_at_price": "8990000", "stock": 5}]})


class SellerProductListCreateApi(SellerMixin, ListAPIView):
    serializer_class = s.SellerProductListItemSerializer

    @extend_schema(summary="My products", parameters=[
        OpenApiParameter("status", str, enum=["draft", "active", "hidden", "banned"]),
        OpenApiParameter("q", str, description="Part of the title or a SKU")], tags=["seller"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    queryset = Product.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Product.objects.none()
        qs = selectors.seller_products(shop=self.seller_shop())
        status_ = self.request.query_params.get("status")
        if status_:
            qs = qs.filter(status=status_)
        q = (self.request.query_params.get("q") or "").strip()
        if q:
            qs = qs.filter(Q(title__icontains=q) | Q(variants__sku__iexact=q)).distinct()
        return qs

    @extend_schema(summary="Create a product", description="With at least one variant (a product without "
                   "options has one default variant). Initial stock is logged as an inventory movement.",
                   request=s.ProductInputSerializer, responses={201: s.SellerProductSerializer, 409: E409},
                   examples=[PRODUCT_CREATE_EXAMPLE], tags=["seller"])
    def post(self, request):
        shop = self.seller_shop()
        data = s.ProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.to_service()
        variants = fields.pop("variants", [])
        product = services.product_create(shop=shop, by=request.user, variants=variants, **fields)
        return Response(s.SellerProductSerializer(seller_product_detail(shop, product.pk),
                                                  context={"request": request}).data, status=status.HTTP_201_CREATED)


class SellerProductDetailApi(SellerMixin, APIView):
    @extend_schema(summary="One of my products", responses={200: s.SellerProductSerializer, 404: E404},
                   tags=["seller"])
    def get(self, request, pk):
        product = seller_product_detail(self.seller_shop(), pk)
        return Response(s.SellerProductSerializer(product, context={"request": request}).data)

    def _update(self, request, pk, partial):
        shop = self.seller_shop()
        product = services.product_for_seller(shop=shop, product_id=pk)
        data = s.ProductInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        fields = data.to_service()
        if "variants" in fields:
            raise ValidationFailed(_("Change variants through /seller/products/{id}/variants and "
                                     "/seller/variants/{id}."), details={"variants": [_("Not accepted here.")]})
        services.product_update(product=product, by=request.user, **fields)
        return Response(s.SellerProductSerializer(seller_product_detail(shop, pk), context={"request": request}).data)

    @extend_schema(summary="Replace a product's details", request=s.ProductInputSerializer,
                   responses={200: s.SellerProductSerializer, 404: E404, 422: E422}, tags=["seller"])
    def put(self, request, pk):
        return self._update(request, pk, partial=False)

    @extend_schema(summary="Change a product's details", request=s.ProductInputSerializer(partial=True),
                   responses={200: s.SellerProductSerializer, 404: E404, 422: E422}, tags=["seller"])
    def patch(self, request, pk):
        return self._update(request, pk, partial=True)

    @extend_schema(summary="Delete a product", description="Soft delete: it leaves the store; orders keep it.",
                   responses={204: None, 404: E404}, tags=["seller"])
    def delete(self, request, pk):
        product = services.product_for_seller(shop=self.seller_shop(), product_id=pk)
        services.product_delete(product=product, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SellerVariantCreateApi(SellerMixin, APIView):
    @extend_schema(summary="Add a variant", request=s.VariantInputSerializer,
                   responses={201: s.VariantSerializer, 404: E404, 409: E409}, tags=["seller"])
    def post(self, request, pk):
        product = services.product_for_seller(shop=self.seller_shop(), product_id=pk)
        data = s.VariantInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        variant = services.variant_create(product=product, by=request.user, **data.validated_data)
        return Response(s.VariantSerializer(variant).data, status=status.HTTP_201_CREATED)


class SellerVariantDetailApi(SellerMixin, APIView):
    def _update(self, request, pk, partial):
        variant = services.variant_for_seller(shop=self.seller_shop(), variant_id=pk)
        data = s.VariantInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if partial and "stock" not in request.data:
            fields.pop("stock", None)
        variant = services.variant_update(variant=variant, by=request.user, **fields)
        return Response(s.VariantSerializer(variant).data)

    @extend_schema(summary="One of my variants", responses={200: s.VariantSerializer, 404: E404}, tags=["seller"])
    def get(self, request, pk):
        return Response(s.VariantSerializer(services.variant_for_seller(shop=self.seller_shop(), variant_id=pk)).data)

    @extend_schema(summary="Replace a variant", description="A new `stock` is logged as an adjustment.",
                   request=s.VariantInputSerializer, responses={200: s.VariantSerializer, 404: E404, 409: E409},
                   tags=["seller"])
    def put(self, request, pk):
        return self._update(request, pk, partial=False)

    @extend_schema(summary="Change a variant", request=s.VariantInputSerializer(partial=True),
                   responses={200: s.VariantSerializer, 404: E404, 409: E409}, tags=["seller"])
    def patch(self, request, pk):
        return self._update(request, pk, partial=True)

    @extend_schema(summary="Delete a variant", description="Soft delete; the last variant cannot be deleted "
                   "(409).", responses={204: None, 404: E404, 409: E409}, tags=["seller"])
    def delete(self, request, pk):
        variant = services.variant_for_seller(shop=self.seller_shop(), variant_id=pk)
        services.variant_delete(variant=variant, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SellerVariantStockApi(SellerMixin, APIView):
    @extend_schema(summary="Adjust a variant's stock", description="Adds `delta` (negative removes); the "
                   "result may not be below zero (422 `out_of_stock`). Logged as an inventory movement.",
                   request=s.StockAdjustSerializer, responses={200: s.VariantSerializer, 404: E404, 422: E422},
                   tags=["seller"])
    def post(self, request, pk):
        variant = services.variant_for_seller(shop=self.seller_shop(), variant_id=pk)
        data = s.StockAdjustSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        variant = services.stock_adjust(variant=variant, delta=data.validated_data["delta"],
                                        reason=data.validated_data["reason"], by=request.user,
                                        reference=data.validated_data["note"])
        return Response(s.VariantSerializer(variant).data)


class SellerVariantMovementsApi(SellerMixin, ListAPIView):
    serializer_class = s.InventoryMovementSerializer

    @extend_schema(summary="A variant's inventory log", responses={200: s.InventoryMovementSerializer(many=True)},
                   tags=["seller"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    queryset = InventoryMovement.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InventoryMovement.objects.none()
        variant = services.variant_for_seller(shop=self.seller_shop(), variant_id=self.kwargs["pk"])
        return variant.movements.order_by("-created_at")


class SellerLowStockApi(SellerMixin, ListAPIView):
    serializer_class = s.LowStockSerializer

    @extend_schema(summary="My variants at or below their low-stock threshold", tags=["seller"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    queryset = Variant.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Variant.objects.none()
        return selectors.low_stock_variants(shop=self.seller_shop())


class SellerImageListCreateApi(SellerMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(summary="Upload a product image", description="JPEG, PNG, WebP or GIF, checked by content; "
                   "at most 5 MB and 10 per product. The thumbnail is made in the background.",
                   request={"multipart/form-data": s.ImageUploadSerializer},
                   responses={201: s.ProductImageSerializer, 404: E404, 422: E422}, tags=["seller"])
    def post(self, request, pk):
        product = services.product_for_seller(shop=self.seller_shop(), product_id=pk)
        data = s.ImageUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.image_add(product=product, by=request.user, file=data.validated_data["file"],
                                   alt=data.validated_data["alt"])
        image.refresh_from_db()
        return Response(s.ProductImageSerializer(image, context={"request": request}).data, status=status.HTTP_201_CREATED)


class SellerImageReorderApi(SellerMixin, APIView):
    parser_classes = [JSONParser]

    @extend_schema(summary="Reorder a product's images", request=s.ImageReorderSerializer,
                   responses={200: s.ProductImageSerializer(many=True), 404: E404}, tags=["seller"])
    def post(self, request, pk):
        product = services.product_for_seller(shop=self.seller_shop(), product_id=pk)
        data = s.ImageReorderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        images = services.image_reorder(product=product, image_ids=data.validated_data["image_ids"])
        return Response(s.ProductImageSerializer(images, many=True, context={"request": request}).data)


class SellerImageDetailApi(SellerMixin, APIView):
    parser_classes = [JSONParser]

    @extend_schema(summary="Change an image's alt text", request=s.ImageUpdateSerializer,
                   responses={200: s.ProductImageSerializer, 404: E404}, tags=["seller"])
    def patch(self, request, pk):
        image = services.image_for_seller(shop=self.seller_shop(), image_id=pk)
        data = s.ImageUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.image_update(image=image, alt=data.validated_data["alt"])
        return Response(s.ProductImageSerializer(image, context={"request": request}).data)

    @extend_schema(summary="Delete an image", responses={204: None, 404: E404}, tags=["seller"])
    def delete(self, request, pk):
        services.image_delete(image=services.image_for_seller(shop=self.seller_shop(), image_id=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SellerImportApi(SellerMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import products from CSV",
        description="Creates or updates variants by SKU. Every row is validated first; a file with any bad row "
                    "imports nothing and answers 422 with the per-row report in `details.rows`. A file processed "
                    "in the background answers 202 with the import to poll at /seller/products/imports/{id}.",
        request={"multipart/form-data": s.ImportUploadSerializer},
        responses={201: s.ProductImportSerializer, 202: s.ProductImportSerializer,
                   422: OpenApiResponse(ErrorSerializer, description="Rows with errors; nothing imported.")},
        tags=["seller"],
    )
    def post(self, request):
        shop = self.seller_shop()
        data = s.ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.product_import_start(shop=shop, by=request.user, file=data.validated_data["file"])
        job.refresh_from_db()
        if job.status == ImportStatus.FAILED:
            from apps.core.exceptions import error_body

            return Response(error_body("validation_error", _("The file has errors; nothing was imported."),
                                       {"import_id": str(job.pk), "rows": [r for r in job.report if r["errors"]]}),
                            status=422)
        code = status.HTTP_201_CREATED if job.status == ImportStatus.DONE else status.HTTP_202_ACCEPTED
        return Response(s.ProductImportSerializer(job).data, status=code)


class SellerImportDetailApi(SellerMixin, APIView):
    @extend_schema(summary="An import's progress and report", responses={200: s.ProductImportSerializer, 404: E404},
                   tags=["seller"])
    def get(self, request, pk):
        job = ProductImport.objects.filter(pk=pk, shop=self.seller_shop()).first()
        if job is None:
            raise NotFound(_("Import not found."))
        return Response(s.ProductImportSerializer(job).data)


class SellerImportTemplateApi(SellerMixin, APIView):
    @extend_schema(summary="The CSV import template", responses={
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="Header row and two example rows.")},
        tags=["seller"])
    def get(self, request):
        self.seller_shop()
        response = HttpResponse(services.product_import_template(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="cho-products-template.csv"'
        return response


