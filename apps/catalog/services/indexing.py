"""Search refresh after product writes: apps.search owns the documents; we only tell it what changed."""
import logging

from django.db import transaction

logger = logging.getLogger(__name__)

BULK_THRESHOLD = 20


def _index_now(product_ids) -> None:
    try:
        from apps.search import services as search_services
    except ImportError:
        return
    index = getattr(search_services, "index_products", None)
    if index is None:  # the search app has not written it (yet)
        return
    index(product_ids=list(product_ids))


def index_products_on_commit(product_ids) -> None:
    """After commit: one product synchronously, many in a Celery task."""
    ids = [str(pk) for pk in product_ids]
    if not ids:
        return
    from apps.catalog.cache import catalog_changed

    catalog_changed()  # every product write a shopper can see passes here
    if len(ids) > BULK_THRESHOLD:
        from apps.catalog.tasks import index_products_task

        transaction.on_commit(lambda: index_products_task.delay(product_ids=ids))
    else:
        transaction.on_commit(lambda: _index_now(ids))
