"""Hooks the back office into the default admin site: the dashboard and report pages under /admin/ (through
the site's get_urls, before the model pages) and the site-wide "Export selected as CSV" action."""
from django.contrib import admin

from apps.analytics.actions import export_selected_csv


def install(site: admin.AdminSite | None = None) -> None:
    site = site or admin.site
    if getattr(site, "_analytics_installed", False):
        return
    original_get_urls = site.get_urls

    def get_urls():
        from apps.analytics import admin_views

        return admin_views.urlpatterns(site) + original_get_urls()

    site.get_urls = get_urls
    site.add_action(export_selected_csv, "export_selected_csv")
    site._analytics_installed = True
