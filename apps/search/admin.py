"""Back office: the search log, clicks and an analytics page (top queries, zero-result queries, clicks)."""
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from apps.search import selectors
from apps.search.models import SearchClick, SearchQueryLog


class SearchClickInline(admin.TabularInline):
    model = SearchClick
    extra = 0
    can_delete = False
    fields = ("product", "position", "created_at")
    readonly_fields = fields
    raw_id_fields = ("product",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SearchQueryLog)
class SearchQueryLogAdmin(admin.ModelAdmin):
    list_display = ("query", "normalized", "results_count", "user", "created_at")
    list_filter = ("created_at",)
    search_fields = ("query", "normalized")
    date_hierarchy = "created_at"
    raw_id_fields = ("user",)
    readonly_fields = ("query", "normalized", "results_count", "user", "in_history", "created_at")
    inlines = [SearchClickInline]
    change_list_template = "search/admin/searchquerylog_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("analytics/", self.admin_site.admin_view(self.analytics_view), name="search_analytics"),
            *super().get_urls(),
        ]

    def analytics_view(self, request):
        try:
            days = max(1, min(int(request.GET.get("days", 30)), 365))
        except ValueError:
            days = 30
        context = {
            **self.admin_site.each_context(request),
            "title": _("Search analytics"),
            "opts": self.model._meta,
            "stats": selectors.search_analytics(days=days),
            "days": days,
            "day_choices": (7, 30, 90),
            "log_url": reverse("admin:search_searchquerylog_changelist"),
        }
        return TemplateResponse(request, "search/admin/analytics.html", context)


@admin.register(SearchClick)
class SearchClickAdmin(admin.ModelAdmin):
    list_display = ("query_log", "product", "position", "user", "created_at")
    list_filter = ("created_at",)
    raw_id_fields = ("query_log", "product", "user")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
