from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.errors import DomainError
from apps.shops.models import Shop, ShopFollow, ShopStatus
from apps.shops.services import shop_approve, shop_suspend


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "city", "status", "rating_average", "follower_count", "approved_at", "created_at")
    list_filter = ("status", "city")
    search_fields = ("name", "slug", "owner__email", "owner__phone_number", "email", "phone_number")
    # Status changes go through the actions (they notify the owner and refresh the search index).
    readonly_fields = ("status", "suspension_reason", "approved_at", "rating_average", "rating_count", "rating_distribution", "follower_count",
                       "created_at", "updated_at")
    raw_id_fields = ("owner",)
    prepopulated_fields = {"slug": ("name",)}
    actions = ("approve_shops", "suspend_shops")
    date_hierarchy = "created_at"
    list_select_related = ("owner",)

    @admin.action(description=_("Approve the selected shops"), permissions=["change"])
    def approve_shops(self, request, queryset):
        done = 0
        for shop in queryset.exclude(status=ShopStatus.ACTIVE):
            shop_approve(shop=shop, by=request.user)
            done += 1
        self.message_user(request, ngettext("%(n)d shop approved.", "%(n)d shops approved.", done) % {"n": done},
                          messages.SUCCESS)

    @admin.action(description=_("Suspend the selected shops"), permissions=["change"])
    def suspend_shops(self, request, queryset):
        reason = (request.POST.get("reason") or "").strip()
        if "apply" not in request.POST or not reason:
            return TemplateResponse(request, "shops/admin/suspend_confirm.html", {
                **self.admin_site.each_context(request), "title": _("Suspend shops"), "shops": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME, "opts": self.model._meta,
                "missing_reason": "apply" in request.POST})
        done = 0
        for shop in queryset.exclude(status=ShopStatus.SUSPENDED):
            try:
                shop_suspend(shop=shop, by=request.user, reason=reason)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{shop}: {exc.message}", messages.ERROR)
        self.message_user(request, ngettext("%(n)d shop suspended.", "%(n)d shops suspended.", done) % {"n": done},
                          messages.SUCCESS)
        return None


@admin.register(ShopFollow)
class ShopFollowAdmin(admin.ModelAdmin):
    list_display = ("user", "shop", "created_at")
    search_fields = ("user__email", "shop__name")
    raw_id_fields = ("user",)
    autocomplete_fields = ("shop",)
    list_select_related = ("user", "shop")
