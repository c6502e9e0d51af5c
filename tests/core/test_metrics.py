import pytest


@pytest.mark.django_db
def test_metrics_are_hidden_from_the_public(client):
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_with_the_scraper_token(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    client.get("/healthz")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    body = response.content.decode()
    assert "django_http_requests_latency_seconds_by_view_method" in body
    assert "cho_celery_tasks_total" in body


@pytest.mark.django_db
def test_metrics_refuse_a_wrong_token(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope").status_code == 404


@pytest.mark.django_db
def test_staff_may_read_metrics(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/metrics").status_code == 200


def test_a_worker_serves_its_metrics_on_the_port_when_set(settings, monkeypatch):
    import prometheus_client

    from apps.core import metrics

    served = []
    monkeypatch.setattr(prometheus_client, "start_http_server", lambda port, registry: served.append((port, registry)))
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    settings.CELERY_METRICS_PORT = 0
    metrics._serve_worker_metrics()
    assert served == []
    settings.CELERY_METRICS_PORT = 9808
    metrics._serve_worker_metrics()
    assert served == [(9808, prometheus_client.REGISTRY)]


def test_a_prefork_worker_adds_up_its_children_counts(settings, monkeypatch, tmp_path):
    """Under the prefork pool tasks count in child processes: with PROMETHEUS_MULTIPROC_DIR the worker's server
    collects from that directory, not from the main process's registry (which never sees a task)."""
    import prometheus_client

    from apps.core import metrics

    served = []
    monkeypatch.setattr(prometheus_client, "start_http_server", lambda port, registry: served.append(registry))
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    settings.CELERY_METRICS_PORT = 9808
    metrics._serve_worker_metrics()
    (registry,) = served
    assert registry is not prometheus_client.REGISTRY
    assert list(registry.collect()) == []  # nothing counted yet: an empty directory
