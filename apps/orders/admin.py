from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError
from apps.orders.domain import Actor, OrderStatus
from apps.orders.models import Order, OrderItem, OrderStatusHistory


def _transition_action(target: str, label):
    def action(modeladmin, request, queryset):
        from apps.orders.services import order_transition

        done = 0
        for order in queryset.order_by("pk"):
            try:
                order_transition(order=order, to_status=target, by=request.user, actor=Actor.STAFF,
                                 note=gettext("Changed by staff in the back office."))
                done += 1
            except DomainError as exc:
                modeladmin.message_user(request, f"{order.order_number}: {exc.message}", messages.WARNING)
        if done:
            modeladmin.message_user(request, gettext("%(n)d order(s) updated.") % {"n": done}, messages.SUCCESS)

    action.__name__ = f"mark_{target}"
    return admin.action(description=label, permissions=["change"])(action)


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    can_delete = False
    fields = ("title_at_purchase", "sku_at_purchase", "quantity", "unit_price", "subtotal", "product", "variant")
    readonly_fields = fields
    raw_id_fields = ("product", "variant")

    @admin.display(description=_("item"))
    def title_at_purchase(self, obj):
        return f"{obj.title} · {obj.variant_name}" if obj.variant_name else obj.title

    @admin.display(description=_("SKU"))
    def sku_at_purchase(self, obj):
        return obj.sku

    def has_add_permission(self, request, obj=None):
        return False


class OrderStatusHistoryInline(admin.TabularInline):
    model = OrderStatusHistory
    extra = 0
    can_delete = False
    fields = ("at", "status", "actor", "by", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Staff read orders here; status changes go through the services (the seller centre or the API), so
    stock, vouchers, history and notifications stay consistent."""

    list_display = ("order_number", "created_at", "shop", "buyer", "status", "payment_method", "payment_status",
                    "total", "currency")
    list_filter = ("status", "payment_status", "payment_method", "shipping_method", "created_at")
    search_fields = ("order_number", "buyer__email", "buyer__phone_number", "shop__name", "tracking_number")
    date_hierarchy = "created_at"
    list_select_related = ("shop", "buyer")
    raw_id_fields = ("buyer", "shop")
    inlines = (OrderItemInline, OrderStatusHistoryInline)
    actions = [
        _transition_action(OrderStatus.CONFIRMED, _("Confirm selected orders")),
        _transition_action(OrderStatus.PACKED, _("Mark selected orders as packed")),
        _transition_action(OrderStatus.SHIPPING, _("Mark selected orders as shipping")),
        _transition_action(OrderStatus.DELIVERED, _("Mark selected orders as delivered")),
        _transition_action(OrderStatus.COMPLETED, _("Complete selected orders")),
        _transition_action(OrderStatus.CANCELLED, _("Cancel selected orders (stock and vouchers come back)")),
    ]
    readonly_fields = ("order_number", "checkout_id", "buyer", "shop", "status", "payment_method", "payment_status",
                       "shipping_address", "shipping_method", "estimated_delivery_date", "subtotal", "shipping_fee",
                       "discount", "tax", "total", "currency", "voucher_codes", "idempotency_key", "paid_at",
                       "delivered_at", "completed_at", "cancelled_at", "cancellation_reason", "created_at",
                       "updated_at")
    fieldsets = (
        (None, {"fields": ("order_number", "checkout_id", "buyer", "shop", "status", "created_at", "updated_at")}),
        (_("Payment"), {"fields": ("payment_method", "payment_status", "paid_at")}),
        (_("Delivery"), {"fields": ("shipping_address", "shipping_method", "carrier", "tracking_number",
                                    "estimated_delivery_date", "delivered_at", "completed_at")}),
        (_("Amounts"), {"fields": ("subtotal", "shipping_fee", "discount", "tax", "total", "currency",
                                   "voucher_codes")}),
        (_("Notes"), {"fields": ("notes", "cancelled_at", "cancellation_reason", "idempotency_key")}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
