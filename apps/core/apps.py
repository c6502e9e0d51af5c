from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"

    def ready(self):
        from apps.core import metrics, schema  # noqa: F401  (registers OpenAPI extensions and Celery metric hooks)
