from celery import shared_task


@shared_task
def index_products_task(*, product_ids):
    from apps.catalog.services.indexing import _index_now

    _index_now(product_ids)
