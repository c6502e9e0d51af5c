"""Rebuild every product's and shop's rating aggregates (average, count, distribution) from the reviews."""
from django.core.management.base import BaseCommand

from apps.reviews.services import ratings_recompute_all


class Command(BaseCommand):
    help = "Recompute product and shop rating aggregates from scratch (safe to run while the site is live)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        changed = ratings_recompute_all(batch_size=batch_size)
        self.stdout.write(self.style.SUCCESS(
            f"Ratings recomputed: {changed['products']} product(s) and {changed['shops']} shop(s) corrected."))
