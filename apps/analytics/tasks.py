"""Celery tasks of analytics: each calls a service. Scheduled by schedules.py."""
from celery import shared_task

from apps.analytics import services


@shared_task(name="analytics.flush_events", ignore_result=True)
def flush_events() -> int:
    return services.events_flush()


@shared_task(name="analytics.compute_trending", ignore_result=True)
def compute_trending() -> int:
    return len(services.trending_compute())


@shared_task(name="analytics.compute_also_bought", ignore_result=True)
def compute_also_bought() -> int:
    return services.also_bought_compute()


@shared_task(name="analytics.compute_recommendations", ignore_result=True)
def compute_recommendations() -> int:
    return services.recommendations_refresh()
