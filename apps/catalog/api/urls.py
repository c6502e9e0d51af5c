"""API routes of catalog, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""
from django.urls import path

from apps.catalog.api import views

urlpatterns = [
    path("categories", views.CategoryListApi.as_view(), name="category-list"),
    path("categories/tree", views.CategoryTreeApi.as_view(), name="category-tree"),
    path("categories/<int:pk>", views.CategoryDetailApi.as_view(), name="category-detail"),
    path("brands", views.BrandListApi.as_view(), name="brand-list"),
    path("products", views.ProductListApi.as_view(), name="product-list"),
    path("products/<uuid:pk>", views.ProductDetailApi.as_view(), name="product-detail"),
    path("products/<uuid:pk>/variants", views.ProductVariantsApi.as_view(), name="product-variants"),
    path("products/<uuid:pk>/related", views.ProductRelatedApi.as_view(), name="product-related"),
    path("variants/<uuid:pk>/availability", views.VariantAvailabilityApi.as_view(), name="variant-availability"),
    path("seller/products", views.SellerProductListCreateApi.as_view(), name="seller-product-list"),
    path("seller/products/import", views.SellerImportApi.as_view(), name="seller-product-import"),
    path("seller/products/import/template", views.SellerImportTemplateApi.as_view(),
         name="seller-product-import-template"),
    path("seller/products/imports/<uuid:pk>", views.SellerImportDetailApi.as_view(), name="seller-import-detail"),
    path("seller/products/<uuid:pk>", views.SellerProductDetailApi.as_view(), name="seller-product-detail"),
    path("seller/products/<uuid:pk>/variants", views.SellerVariantCreateApi.as_view(), name="seller-variant-create"),
    path("seller/products/<uuid:pk>/images", views.SellerImageListCreateApi.as_view(), name="seller-image-create"),
    path("seller/products/<uuid:pk>/images/reorder", views.SellerImageReorderApi.as_view(),
         name="seller-image-reorder"),
    path("seller/images/<uuid:pk>", views.SellerImageDetailApi.as_view(), name="seller-image-detail"),
    path("seller/variants/<uuid:pk>", views.SellerVariantDetailApi.as_view(), name="seller-variant-detail"),
    path("seller/variants/<uuid:pk>/stock", views.SellerVariantStockApi.as_view(), name="seller-variant-stock"),
    path("seller/variants/<uuid:pk>/movements", views.SellerVariantMovementsApi.as_view(),
         name="seller-variant-movements"),
    path("seller/inventory/low-stock", views.SellerLowStockApi.as_view(), name="seller-low-stock"),
]
