"""Compile every .po catalogue to .mo with polib, so no GNU gettext is needed on the machine.

Always recompiles (a second or so): .mo files are build output, never committed, so none can be stale."""
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po (and the apps' own) to .mo files."

    def handle(self, *args, **options):
        roots = [Path(p) for p in settings.LOCALE_PATHS] + list((settings.BASE_DIR / "apps").glob("*/locale"))
        count = 0
        for root in roots:
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"compiled {count} catalogue(s)")
