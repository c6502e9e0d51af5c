"""Fill the database with the demo store (idempotent: run it again and nothing changes).

It creates a staff superuser whose password and TOTP key are published (apps/core/demo/data.py), so it refuses
to run under production settings (config.settings.production, the image's default) unless DEBUG is on or
--allow-production says this is a throwaway demo deployment."""
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.demo import data
from apps.core.demo.builders import SIZES, seed
from apps.core.management.commands.reset_db import is_production_settings


class Command(BaseCommand):
    help = ("Create the demo store: demo accounts, shops, 100+ products with pictures, vouchers, a flash sale, "
            "orders in every status, reviews, blog posts and notifications. --size large adds 100,000 products "
            "for benchmarks. Safe to run twice: existing rows are found by their natural keys and left alone.")

    def add_arguments(self, parser):
        # "tiny" exists for the test suite and is not advertised.
        parser.add_argument("--size", choices=sorted(SIZES), default="small", metavar="{small,large}",
                            help="small (default): the demo store; large: the demo store plus 100,000 products.")
        parser.add_argument("--allow-production", action="store_true",
                            help="Seed under production settings too: only for a throwaway demo or benchmark "
                                 "deployment, since the demo staff account's password and TOTP key are public.")

    def handle(self, *args, size, allow_production=False, **options):
        module = getattr(settings, "SETTINGS_MODULE", "") or ""
        if is_production_settings(module) and not settings.DEBUG and not allow_production:
            raise CommandError(
                f"seed_demo refuses to run under production settings ({module}): it creates the staff account "
                f"{data.ADMIN_EMAIL} with a published password and two-factor key. For a throwaway demo or benchmark "
                "deployment, pass --allow-production.")
        verbose = options["verbosity"] >= 1
        log = self.stdout.write if verbose else (lambda _msg: None)
        started = time.monotonic()
        log(f"Seeding the demo store ({size})…")
        try:
            report = seed(size=size, log=log)
        except Exception as exc:  # show what failed; the traceback is there with --traceback
            raise CommandError(f"Seeding failed: {exc.__class__.__name__}: {exc}") from exc
        bulk = SIZES[size].bulk_products
        if bulk:
            from apps.core.demo.bulk import bulk_catalogue

            bulk_catalogue(total=bulk, log=log)
        elapsed = time.monotonic() - started
        if not verbose:
            return
        made = ", ".join(f"{n} {what}" for what, n in report.created.items()) or "nothing new (already seeded)"
        self.stdout.write(f"Created: {made}.")
        for note in report.skipped:
            self.stdout.write(self.style.WARNING(f"Note: {note}"))
        self.stdout.write(self.style.SUCCESS(f"Demo store ready in {elapsed:.1f} s. Sign in with:"))
        for role, email, phone in (("staff ", data.ADMIN_EMAIL, ""), ("buyer ", data.BUYER_EMAIL, "0912000001"),
                                   ("seller", data.SELLER_EMAIL, "0912000002")):
            self.stdout.write(f"  {role}  {email:<20} {phone:<11} password {data.DEMO_PASSWORD}")
        self.stdout.write(f"  Staff need a two-factor code (back office, API sign-in): add the key "
                          f"{data.ADMIN_TOTP_SECRET} to an authenticator app (TOTP).")
