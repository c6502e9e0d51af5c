"""Notifications API: own notifications only, unread count, mark read, preferences."""
import uuid

import pytest
from django.utils import timezone

from apps.notifications.models import Notification
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db


def test_list_shows_only_my_notifications_newest_first(auth_client, user, make_user):
    other = make_user()
    NotificationFactory(user=other, title="not yours")
    first = NotificationFactory(user=user, title="first")
    second = NotificationFactory(user=user, title="second")
    response = auth_client.get("/api/v1/notifications")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [n["id"] for n in body["results"]] == [str(second.pk), str(first.pk)]
    assert set(body["results"][0]) >= {"id", "kind", "category", "title", "message", "url", "data", "is_read",
                                        "read_at", "created_at"}


def test_list_filters_unread(auth_client, user):
    NotificationFactory(user=user, read_at=timezone.now())
    unread = NotificationFactory(user=user)
    body = auth_client.get("/api/v1/notifications?unread=true").json()
    assert [n["id"] for n in body["results"]] == [str(unread.pk)]


@pytest.mark.parametrize("size", [3, 15])
def test_list_query_count_does_not_grow(auth_client, user, size, django_assert_num_queries):
    NotificationFactory.create_batch(size, user=user)
    with django_assert_num_queries(3):  # user, count, page
        response = auth_client.get("/api/v1/notifications")
    assert len(response.json()["results"]) == size


def test_list_is_paginated(auth_client, user):
    NotificationFactory.create_batch(25, user=user)
    body = auth_client.get("/api/v1/notifications?page_size=10&page=3").json()
    assert body["count"] == 25 and len(body["results"]) == 5


def test_unread_count_mark_one_and_mark_all(auth_client, user):
    a, b, c = NotificationFactory.create_batch(3, user=user)
    assert auth_client.get("/api/v1/notifications/unread-count").json() == {"count": 3}

    response = auth_client.patch(f"/api/v1/notifications/{a.pk}/read")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert auth_client.patch(f"/api/v1/notifications/{a.pk}/read").status_code == 200  # idempotent
    assert auth_client.get("/api/v1/notifications/unread-count").json() == {"count": 2}

    response = auth_client.post("/api/v1/notifications/mark-all-read")
    assert response.status_code == 200 and response.json() == {"updated": 2, "count": 0}
    assert auth_client.get("/api/v1/notifications/unread-count").json() == {"count": 0}
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_someone_elses_notification_is_404_and_stays_unread(auth_client, make_user):
    theirs = NotificationFactory(user=make_user())
    for url in (f"/api/v1/notifications/{theirs.pk}/read", f"/api/v1/notifications/{uuid.uuid4()}/read"):
        response = auth_client.patch(url)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_leaves_other_users_alone(auth_client, make_user):
    theirs = NotificationFactory(user=make_user())
    auth_client.post("/api/v1/notifications/mark-all-read")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_read_and_update(auth_client, user):
    body = auth_client.get("/api/v1/notifications/preferences").json()
    assert body["language"] == "vi" and body["transactional_always_on"] is True
    assert body["channels"]["email"]["order_update"] is True and body["marketing_opt_in"] is False

    response = auth_client.put("/api/v1/notifications/preferences", {
        "language": "en", "channels": {"email": {"promotion": True}, "in_app": {"message": False}}}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "en" and body["marketing_opt_in"] is True
    assert body["channels"]["in_app"]["message"] is False and body["channels"]["in_app"]["system"] is True
    user.refresh_from_db()
    assert user.marketing_opt_in is True


def test_preferences_refuse_an_unknown_language(auth_client):
    response = auth_client.put("/api/v1/notifications/preferences", {"language": "fr"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize(("method", "url"), [
    ("get", "/api/v1/notifications"), ("get", "/api/v1/notifications/unread-count"),
    ("post", "/api/v1/notifications/mark-all-read"), ("get", "/api/v1/notifications/preferences"),
    ("patch", "/api/v1/notifications/00000000-0000-4000-8000-000000000001/read"),
])
def test_anonymous_is_401(api_client, method, url):
    assert getattr(api_client, method)(url).status_code == 401
