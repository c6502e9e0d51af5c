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
