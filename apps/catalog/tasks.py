"""Celery tasks: fetch, then call a service."""
from celery import shared_task


@shared_task
def index_products_task(*, product_ids):
    from apps.catalog.services.indexing import _index_now

    _index_now(product_ids)


@shared_task
def make_thumbnail(*, image_id):
    from apps.catalog.models import ProductImage
    from apps.catalog.services.images import image_make_thumbnail

    image = ProductImage.objects.filter(pk=image_id).first()
    if image is not None and image.image:
        image_make_thumbnail(image=image)


@shared_task
def run_product_import(*, import_id):
    from apps.catalog.models import ProductImport
    from apps.catalog.services.imports import product_import_run

    job = ProductImport.objects.filter(pk=import_id).first()
    if job is not None:
        product_import_run(job=job)
