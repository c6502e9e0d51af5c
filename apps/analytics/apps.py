from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "apps.analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self):
        from apps.analytics import admin_site, receivers

        receivers.connect()
        admin_site.install()
