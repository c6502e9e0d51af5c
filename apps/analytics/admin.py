"""Events and bought-together pairs, read-only: they are written by batches, never by hand."""
from django.contrib import admin

from apps.analytics.models import Event, ProductAffinity


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "kind", "product", "shop", "user", "visitor", "query", "quantity")
    list_filter = ("kind", "occurred_at")
    search_fields = ("query", "visitor", "product__title")
    list_select_related = ("product", "shop", "user")
    raw_id_fields = ("product", "shop", "user")
    date_hierarchy = "occurred_at"
    show_full_result_count = False


@admin.register(ProductAffinity)
class ProductAffinityAdmin(ReadOnlyAdmin):
    list_display = ("product", "related", "score", "computed_at")
    list_select_related = ("product", "related")
    search_fields = ("product__title", "related__title")
    raw_id_fields = ("product", "related")
    ordering = ("-score",)
