from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.cart.models import Cart, CartItem, WishlistItem


class CartItemInline(admin.TabularInline):
    model = CartItem
    extra = 0
    raw_id_fields = ("variant",)
    fields = ("variant", "quantity", "unit_price_at_add", "saved_for_later", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ("__str__", "user", "item_count", "voucher_codes", "updated_at", "reminder_sent_at")
    list_filter = (("user", admin.EmptyFieldListFilter), "reminder_sent_at")
    search_fields = ("user__email", "user__phone_number", "session_key")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "updated_at", "reminder_sent_at")
    inlines = [CartItemInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).select_related("user").annotate(_items=Count("items"))

    @admin.display(description=_("items"), ordering="_items")
    def item_count(self, obj):
        return obj._items


@admin.register(WishlistItem)
class WishlistItemAdmin(admin.ModelAdmin):
    list_display = ("user", "product", "in_stock_seen", "price_seen", "back_in_stock_notified_at",
                    "price_drop_notified_at", "created_at")
    search_fields = ("user__email", "product__title")
    raw_id_fields = ("user", "product")
    list_select_related = ("user", "product")
