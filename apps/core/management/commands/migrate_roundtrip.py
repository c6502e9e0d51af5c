"""Prove every migration of ours is reversible: migrate each app to zero (newest app first), then back up."""
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate every local app to zero and back again (CI runs it on PostgreSQL)."

    def handle(self, *args, **options):
        labels = [apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.LOCAL_APPS]
        for label in reversed(labels):
            self.stdout.write(f"unapplying {label}")
            call_command("migrate", label, "zero", verbosity=0, interactive=False)
        self.stdout.write("applying all")
        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write(self.style.SUCCESS("every migration reversed and re-applied"))
