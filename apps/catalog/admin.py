from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from apps.catalog.models import (
    Brand,
    Category,
    InventoryMovement,
    Product,
    ProductImage,
    ProductImport,
    ProductStatus,
    Variant,
)
from apps.catalog.services import product_refresh_summary, product_set_status
from apps.catalog.services.indexing import index_products_on_commit


@admin.register(Category)
class CategoryAdmin(TreeAdmin):
    form = movenodeform_factory(Category)
    list_display = ("name", "slug", "icon", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = ("name", "sku", "price", "compare_at_price", "stock", "low_stock_threshold", "is_active", "is_deleted",
              "position")
    readonly_fields = ("stock",)  # stock changes only through the inventory services (movements)
    show_change_link = True


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ("image", "thumbnail", "alt", "position")
    readonly_fields = ("thumbnail",)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("title", "shop", "category", "status", "price", "in_stock", "sold_count", "average_rating",
                    "is_featured", "is_deleted", "created_at")
    list_filter = ("status", "is_deleted", "is_featured", "in_stock", "condition", "shop__status")
    list_editable = ("is_featured",)
    search_fields = ("title", "slug", "variants__sku", "shop__name")
    autocomplete_fields = ("shop", "brand")
    raw_id_fields = ("category",)
    readonly_fields = ("price", "compare_at_price", "in_stock", "average_rating", "review_count",
                       "rating_distribution", "sold_count", "view_count", "created_at", "updated_at")
    inlines = (VariantInline, ProductImageInline)
    list_select_related = ("shop", "category")
    actions = ("make_active", "make_hidden", "ban")
    date_hierarchy = "created_at"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        product_refresh_summary(product_ids=[form.instance.pk])
        index_products_on_commit([form.instance.pk])

    def _set_status(self, request, queryset, status):
        for product in queryset:
            product_set_status(product=product, status=status, by=request.user)
        n = queryset.count()
        self.message_user(request, ngettext("%(n)d product updated.", "%(n)d products updated.", n) % {"n": n},
                          messages.SUCCESS)

    @admin.action(description=_("Publish the selected products"), permissions=["change"])
    def make_active(self, request, queryset):
        self._set_status(request, queryset, ProductStatus.ACTIVE)

    @admin.action(description=_("Hide the selected products"), permissions=["change"])
    def make_hidden(self, request, queryset):
        self._set_status(request, queryset, ProductStatus.HIDDEN)

    @admin.action(description=_("Ban the selected products"), permissions=["change"])
    def ban(self, request, queryset):
        self._set_status(request, queryset, ProductStatus.BANNED)


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ("sku", "product", "name", "price", "stock", "low_stock_threshold", "is_active", "is_deleted")
    list_filter = ("is_active", "is_deleted")
    search_fields = ("sku", "product__title")
    raw_id_fields = ("product",)
    readonly_fields = ("stock", "low_stock_notified")
    list_select_related = ("product",)


@admin.register(InventoryMovement)
class InventoryMovementAdmin(admin.ModelAdmin):
    list_display = ("variant", "delta", "reason", "reference", "stock_after", "created_by", "created_at")
    list_filter = ("reason",)
    search_fields = ("variant__sku", "reference")
    raw_id_fields = ("variant", "created_by")
    list_select_related = ("variant", "created_by")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ProductImport)
class ProductImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "shop", "status", "total_rows", "created_count", "updated_count", "created_at")
    list_filter = ("status",)
    search_fields = ("filename", "shop__name")
    readonly_fields = [f.name for f in ProductImport._meta.fields]
    list_select_related = ("shop",)
