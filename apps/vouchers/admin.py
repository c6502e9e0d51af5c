"""Back office: staff manage platform vouchers and promotions here; the voucher report is a page of
the Voucher admin (Vouchers › Report)."""
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from apps.vouchers.models import CategoryDiscount, FlashSale, FlashSaleItem, Voucher, VoucherRedemption
from apps.vouchers.selectors import voucher_report


class RedemptionInline(admin.TabularInline):
    model = VoucherRedemption
    extra = 0
    can_delete = False
    fields = ("order", "user", "amount", "checkout_id", "released_at", "created_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "shop", "type", "value", "min_order_value", "used_count", "usage_limit",
                    "starts_at", "ends_at", "is_active")
    list_filter = ("is_active", "type", "scope", "audience", ("shop", admin.EmptyFieldListFilter))
    search_fields = ("code", "title", "shop__name")
    list_select_related = ("shop",)
    raw_id_fields = ("shop", "created_by")
    filter_horizontal = ("categories", "products", "users")
    readonly_fields = ("used_count", "created_at", "updated_at")
    actions = ["pause", "resume"]
    inlines = [RedemptionInline]
    fieldsets = (
        (None, {"fields": ("code", "title", "description", "shop", "is_active")}),
        (_("Discount"), {"fields": ("type", "value", "max_discount", "min_order_value")}),
        (_("Validity"), {"fields": ("starts_at", "ends_at", "usage_limit", "used_count", "per_user_limit")}),
        (_("Who and what"), {"fields": ("scope", "categories", "products", "first_order_only", "audience", "users")}),
        (None, {"fields": ("created_by", "created_at", "updated_at")}),
    )

    @admin.action(description=_("Pause the selected vouchers"))
    def pause(self, request, queryset):
        queryset.update(is_active=False)

    @admin.action(description=_("Resume the selected vouchers"))
    def resume(self, request, queryset):
        queryset.update(is_active=True)

    def get_urls(self):
        urls = [path("report/", self.admin_site.admin_view(self.report_view), name="vouchers_voucher_report")]
        return urls + super().get_urls()

    def report_view(self, request):
        """Redemptions, orders, discount given and revenue per voucher, optionally between two dates."""
        date_from = parse_date(request.GET.get("from", "") or "") if request.GET.get("from") else None
        date_to = parse_date(request.GET.get("to", "") or "") if request.GET.get("to") else None
        scope = request.GET.get("scope", "")
        rows = voucher_report(platform_only=scope == "platform", date_from=date_from, date_to=date_to)
        context = {**self.admin_site.each_context(request), "title": _("Voucher report"), "rows": rows[:500],
                   "opts": self.model._meta, "date_from": date_from, "date_to": date_to, "scope": scope}
        return TemplateResponse(request, "vouchers/admin_report.html", context)


@admin.register(VoucherRedemption)
class VoucherRedemptionAdmin(admin.ModelAdmin):
    list_display = ("voucher", "order", "user", "amount", "released_at", "created_at")
    list_filter = (("released_at", admin.EmptyFieldListFilter),)
    search_fields = ("voucher__code", "order__order_number", "user__email")
    list_select_related = ("voucher", "order", "user")
    raw_id_fields = ("voucher", "order", "user")
    readonly_fields = ("voucher", "order", "user", "amount", "checkout_id", "released_at", "created_at")

    def has_add_permission(self, request):
        return False


class FlashSaleItemInline(admin.TabularInline):
    model = FlashSaleItem
    extra = 1
    raw_id_fields = ("variant",)
    fields = ("variant", "sale_price", "quantity_limit", "sold_count")
    readonly_fields = ("sold_count",)


@admin.register(FlashSale)
class FlashSaleAdmin(admin.ModelAdmin):
    list_display = ("name", "starts_at", "ends_at", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    inlines = [FlashSaleItemInline]


@admin.register(CategoryDiscount)
class CategoryDiscountAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "shop", "percent", "max_discount_per_unit", "starts_at", "ends_at", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "category__name")
    raw_id_fields = ("shop",)
    list_select_related = ("category", "shop")
