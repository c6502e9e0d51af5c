"""Drop every table of the database, migrate again and optionally seed the demo store.

For development and CI only. The rule: it refuses to run under production settings, that is when the
settings module's last part is "production" (config.settings.production, or any other *.production), and
it asks to type "yes" unless --yes is given (with no terminal to ask, it refuses)."""
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

PRODUCTION_MODULE_NAMES = {"production"}


def is_production_settings(module: str | None = None) -> bool:
    module = module if module is not None else (getattr(settings, "SETTINGS_MODULE", "") or "")
    return module.rsplit(".", 1)[-1] in PRODUCTION_MODULE_NAMES


class Command(BaseCommand):
    help = ("Drop all tables, run every migration and optionally seed the demo store (development only; "
            "refused under production settings).")

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument("--seed", action="store_true", help="Run seed_demo afterwards.")
        parser.add_argument("--size", default="small", help="Size for --seed (small or large).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, yes, seed, size, database, **options):
        module = getattr(settings, "SETTINGS_MODULE", "") or ""
        if is_production_settings(module):
            raise CommandError(f"reset_db refuses to run under production settings ({module}).")
        connection = connections[database]
        name = connection.settings_dict.get("NAME")
        if not yes and not self._confirmed(f"This drops EVERY table of the database {name!r} ({connection.vendor}). "
                                           "Type 'yes' to continue: "):
            raise CommandError("Cancelled: nothing was dropped.")

        dropped = self._drop_everything(connection)
        self.stdout.write(f"Dropped {dropped} tables and views of {name!r}.")
        call_command("migrate", database=database, interactive=False, verbosity=max(0, options["verbosity"] - 1))
        self.stdout.write(self.style.SUCCESS("Migrated."))
        if seed:
            call_command("seed_demo", size=size, verbosity=options["verbosity"])

    def _confirmed(self, question: str) -> bool:
        if not sys.stdin or not sys.stdin.isatty():
            self.stderr.write("No terminal to ask for confirmation: pass --yes to reset without asking.")
            return False
        return input(question).strip().lower() == "yes"

    @staticmethod
    def _drop_everything(connection) -> int:
        with connection.cursor() as cursor:
            entries = connection.introspection.get_table_list(cursor)
            views = [e.name for e in entries if e.type == "v"]
            tables = [e.name for e in entries if e.type == "t"]
            quote = connection.ops.quote_name
            for view in views:
                cursor.execute(f"DROP VIEW IF EXISTS {quote(view)}")
            if connection.vendor == "postgresql":
                if tables:
                    cursor.execute("DROP TABLE IF EXISTS " + ", ".join(quote(t) for t in tables) + " CASCADE")
            else:
                if connection.vendor == "sqlite":
                    cursor.execute("PRAGMA foreign_keys = OFF")
                for table in tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
                if connection.vendor == "sqlite":
                    cursor.execute("PRAGMA foreign_keys = ON")
        return len(views) + len(tables)
