"""Celery tasks of the reviews app: fetch, then call a service."""
from celery import shared_task


@shared_task(name="reviews.send_review_requests", ignore_result=True)
def reviews_send_requests_task() -> int:
    from apps.reviews.services import review_requests_send

    return review_requests_send()
