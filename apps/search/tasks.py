from celery import shared_task


@shared_task
def search_index_products_task(*, product_ids):
    """Bulk refresh of search documents (CSV import, mass edits)."""
    from apps.search.services import index_products

    index_products(product_ids=product_ids)


@shared_task
def search_reindex_all_task():
    from apps.search.services import index_all_products

    return index_all_products()


@shared_task(name="search.flush_logs", ignore_result=True)
def search_flush_logs_task() -> int:
    """Visitors' searches and clicks buffered in Redis into the tables (beat, every 30 s: schedules.py)."""
    from apps.search.services import search_logs_flush

    return search_logs_flush()
