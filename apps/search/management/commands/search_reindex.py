from django.core.management.base import BaseCommand

from apps.search.services import index_all_products


class Command(BaseCommand):
    help = "Rebuild the search document of every product (after a bulk load or a change of the index format)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        def progress(n):
            if n % (batch_size * 20) == 0:
                self.stdout.write(f"  {n} products indexed")

        total = index_all_products(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"{total} products indexed"))
