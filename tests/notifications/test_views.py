"""Storefront pages: the header bell, the list, opening a notification, preferences, admin log."""
import pytest
from django.utils import timezone

from apps.notifications.models import EmailLog, NotificationPreference
from apps.notifications.services import notify
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def test_bell_shows_the_unread_count_and_the_latest_five(signed_in, user, make_user):
    for i in range(7):
        NotificationFactory(user=user, title=f"Tin số {i}")
    NotificationFactory(user=user, title="Đã đọc", read_at=timezone.now())
    NotificationFactory(user=make_user(), title="Của người khác")
    response = signed_in.get("/notifications/bell/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<details id="notif-bell"')  # replaces the header placeholder (outerHTML)
    assert 'data-unread="7"' in body and ">7</span>" in body
    assert body.count('role="menuitem"') == 5
    assert "Đã đọc" in body and "Tin số 6" in body and "Tin số 0" not in body and "Của người khác" not in body


def test_bell_for_a_visitor_is_an_empty_placeholder(client):
    response = client.get("/notifications/bell/")
    assert response.status_code == 200 and response.content.decode().strip() == '<span id="notif-bell"></span>'


def test_bell_mark_all_read_with_htmx_returns_a_fresh_bell(signed_in, user):
    NotificationFactory.create_batch(2, user=user)
    response = signed_in.post("/notifications/mark-all-read/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<details id="notif-bell"')
    assert 'data-unread="0"' in body


def test_list_page_and_mark_all_read(signed_in, user):
    NotificationFactory(user=user, title="Đơn hàng đã giao", message="Đơn CHO-1 đã giao")
    page = signed_in.get("/notifications/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Đơn hàng đã giao" in body and "Đánh dấu cả 1 thông báo là đã đọc" in body
    response = signed_in.post("/notifications/mark-all-read/", follow=True)
    assert "Đã đánh dấu tất cả thông báo là đã đọc." in response.content.decode()
    assert not user.notifications.filter(read_at__isnull=True).exists()


def test_list_needs_sign_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(signed_in, user):
    notification = notify(user, "order.placed", context={"order_number": "CHO-1", "total": "1000",
                                                         "currency": "VND"}, url="/orders/abc/")
    response = signed_in.get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/orders/abc/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_never_redirects_off_site(signed_in, user):
    notification = NotificationFactory(user=user, url="https://evil.example/phish")
    response = signed_in.get(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_opening_someone_elses_notification_is_404(signed_in, make_user):
    theirs = NotificationFactory(user=make_user())
    assert signed_in.get(f"/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_page_saves_switches_and_language(signed_in, user):
    page = signed_in.get("/notifications/preferences/")
    assert page.status_code == 200 and "Cài đặt thông báo" in page.content.decode()
    data = {"language": "en", "email__order_update": "on", "email__system": "on", "email__promotion": "on",
            "in_app__order_update": "on", "in_app__system": "on"}
    response = signed_in.post("/notifications/preferences/", data, follow=True)
    assert response.status_code == 200
    email = NotificationPreference.objects.get(user=user, channel="email")
    in_app = NotificationPreference.objects.get(user=user, channel="in_app")
    assert email.promotion is True and email.message is False and email.language == "en"
    assert in_app.promotion is False
    user.refresh_from_db()
    assert user.marketing_opt_in is True


def test_admin_lists_email_logs_with_filters(client, staff_user, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, "account.welcome")
    client.force_login(staff_user)
    response = client.get("/admin/notifications/emaillog/?status__exact=sent")
    body = response.content.decode()
    assert response.status_code == 200 and user.email in body and "account_welcome" in body
    log = EmailLog.objects.get()
    detail = client.get(f"/admin/notifications/emaillog/{log.pk}/change/")
    assert detail.status_code == 200 and 'sandbox=""' in detail.content.decode()
