from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from apps.catalog import seller_views, views
from apps.catalog.sitemaps import SITEMAPS

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("categories/", views.category_list, name="categories"),
    path("c/<slug:slug>/", views.product_list, name="category"),
    path("products/", views.product_list, name="products"),
    path("p/<slug:slug>/", views.product_detail, name="product"),
    path("p/<slug:slug>/variant/", views.variant_panel, name="variant-panel"),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("seller/products/", seller_views.product_list, name="seller-products"),
    path("seller/products/new/", seller_views.product_create, name="seller-product-create"),
    path("seller/products/low-stock/", seller_views.low_stock, name="seller-low-stock"),
    path("seller/products/import/", seller_views.import_start, name="seller-import"),
    path("seller/products/import/template.csv", seller_views.import_template, name="seller-import-template"),
    path("seller/products/import/<uuid:pk>/", seller_views.import_detail, name="seller-import-detail"),
    path("seller/products/<uuid:pk>/", seller_views.product_edit, name="seller-product-edit"),
    path("seller/products/<uuid:pk>/delete/", seller_views.product_delete, name="seller-product-delete"),
    path("seller/products/<uuid:pk>/stock/", seller_views.product_stock, name="seller-product-stock"),
    path("seller/products/<uuid:pk>/images/", seller_views.product_images, name="seller-product-images"),
    path("seller/variants/<uuid:pk>/", seller_views.variant_edit, name="seller-variant-edit"),
]
