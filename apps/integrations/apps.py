from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "apps.integrations"
    label = "integrations"
    verbose_name = _("Integrations")

    def ready(self):
        from apps.integrations import schema  # noqa: F401  (registers the OpenAPI security scheme)
