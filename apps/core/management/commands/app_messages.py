"""Extract translatable strings of one app (apps/<app>/ and templates/<app>/) into the app's own
catalogue apps/<app>/locale/<lang>/LC_MESSAGES/django.po, so every app owns its translations.

    python manage.py app_messages catalog            # Vietnamese (default)
    python manage.py app_messages core --lang en

'core' also covers the shared templates (base.html, includes/, errors/). Needs GNU gettext (xgettext).
"""
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "makemessages for one app and its templates folder, into the app's own locale/."

    def add_arguments(self, parser):
        parser.add_argument("app")
        parser.add_argument("--lang", action="append", dest="langs")

    def handle(self, *args, app, langs, **options):
        base = Path(settings.BASE_DIR)
        sources = [base / "apps" / app, base / "templates" / app]
        if app == "core":
            sources += [base / "templates" / "base.html", base / "templates" / "includes", base / "templates" / "errors"]
        target = base / "apps" / app / "locale"
        target.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            for source in sources:
                if source.exists():
                    os.symlink(source, work / f"{source.parent.name}_{source.name}")
            (work / "locale").symlink_to(target)
            cwd = os.getcwd()
            os.chdir(work)
            try:
                call_command("makemessages", locale=langs or ["vi"], symlinks=True, no_obsolete=True,
                             ignore_patterns=["locale/*"], verbosity=0)
            finally:
                os.chdir(cwd)
        for mo in target.glob("*/LC_MESSAGES/*.po"):
            self.stdout.write(f"updated {mo.relative_to(base)}")
        shutil.rmtree(work, ignore_errors=True)
