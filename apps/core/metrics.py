"""Prometheus metrics. Requests, database and cache timings come from django-prometheus; Celery task
outcomes are counted here. /metrics is protected: a bearer token (METRICS_TOKEN), a scraper IP in
METRICS_ALLOWED_IPS (the client's address per NUM_PROXIES, apps/core/client_ip.py), or a staff session; everyone
else gets 404, as if it did not exist."""
import hmac
import os

from celery.signals import task_failure, task_retry, task_success, worker_ready
from django.conf import settings
from django.http import Http404
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import Counter

from apps.core.client_ip import client_ip

celery_tasks = Counter("cho_celery_tasks_total", "Celery task outcomes", ["task", "outcome"])


def _task_name(sender) -> str:
    return getattr(sender, "name", None) or str(sender)


@task_success.connect
def _on_success(sender=None, **kwargs):
    celery_tasks.labels(_task_name(sender), "success").inc()


@task_failure.connect
def _on_failure(sender=None, **kwargs):
    celery_tasks.labels(_task_name(sender), "failure").inc()


@task_retry.connect
def _on_retry(sender=None, **kwargs):
    celery_tasks.labels(_task_name(sender), "retry").inc()


@worker_ready.connect
def _serve_worker_metrics(**kwargs):
    """Serve the worker's metrics on CELERY_METRICS_PORT. Under the prefork pool the tasks run (and count) in child
    processes: with PROMETHEUS_MULTIPROC_DIR set (an empty directory, see docs/OPERATIONS.md) their counts are
    added up from there; without it only the main process's own (the threads and solo pools') are seen."""
    if settings.CELERY_METRICS_PORT:
        from prometheus_client import REGISTRY, CollectorRegistry, multiprocess, start_http_server

        registry = REGISTRY
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        start_http_server(settings.CELERY_METRICS_PORT, registry=registry)


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:], token):
        return True
    ip = client_ip(request)
    if ip and ip in settings.METRICS_ALLOWED_IPS:
        return True
    return bool(request.user.is_authenticated and request.user.is_staff)


def metrics_view(request):
    if not _allowed(request):
        raise Http404
    return ExportToDjangoView(request)
