"""Sending through a real SMTP server on localhost (aiosmtpd): retries, failures, the whole path."""
from email import message_from_bytes, policy

import pytest

from apps.notifications.models import EmailLog, EmailStatus
from apps.notifications.services import notify
from apps.notifications.tasks import send_email

from .samples import SAMPLE_CONTEXTS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("worker_like_celery")]

PLACED = SAMPLE_CONTEXTS["order.placed"]


def test_message_is_delivered_to_an_smtp_server_through_the_celery_task(make_user, smtp_server, on_commit):
    fan = make_user(email="lan@example.com", full_name="Trần Thị Lan", marketing_opt_in=True)
    with on_commit():
        notify(fan, "wishlist.price_drop", context=SAMPLE_CONTEXTS["wishlist.price_drop"], url="/products/xps/")

    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["lan@example.com"]
    assert envelope.mail_from == "no-reply@cho.local"
    message = message_from_bytes(envelope.original_content, policy=policy.default)
    assert message["Subject"] == "Giảm giá: Laptop Dell XPS 13"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Xin chào Trần Thị Lan," in text and "29.990.000 ₫" in text
    assert "<!doctype html>" in html.lower() and "29.990.000 ₫" in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].strip().startswith("<http://127.0.0.1:8000/notifications/unsubscribe/")
    log = EmailLog.objects.get()
    assert log.status == EmailStatus.SENT and log.attempts == 1 and log.sent_at is not None
    assert message["Message-ID"] == log.provider_message_id


def test_a_temporary_smtp_failure_is_retried_and_then_succeeds(user, smtp_server, on_commit):
    smtp_server.temporary_failures = 2
    with on_commit():
        notify(user, "order.placed", context=PLACED)

    assert smtp_server.refused == 2 and len(smtp_server.envelopes) == 1
    log = EmailLog.objects.get()
    assert log.status == EmailStatus.SENT and log.attempts == 3 and log.error == ""


def test_a_message_that_keeps_failing_is_marked_failed_after_the_last_retry(user, smtp_server, on_commit):
    smtp_server.temporary_failures = 100
    with on_commit():
        notification = notify(user, "order.placed", context=PLACED)  # the caller is not disturbed

    assert notification is not None and smtp_server.envelopes == []
    log = EmailLog.objects.get()
    assert log.status == EmailStatus.FAILED
    assert log.attempts == send_email.max_retries + 1 == smtp_server.refused
    assert "451" in log.error


def test_an_unreachable_smtp_server_is_retried_then_logged_as_failed(user, closed_port_smtp, on_commit):
    with on_commit():
        notify(user, "order.placed", context=PLACED)
    log = EmailLog.objects.get()
    assert log.status == EmailStatus.FAILED and log.attempts == send_email.max_retries + 1
    assert "Connection" in log.error or "refused" in log.error.lower()


def test_a_redelivered_task_does_not_send_twice(user, smtp_server, on_commit):
    with on_commit():
        notify(user, "order.placed", context=PLACED)
    log = EmailLog.objects.get()
    send_email.delay(str(log.pk))  # e.g. the broker delivered the message again
    assert len(smtp_server.envelopes) == 1
    log.refresh_from_db()
    assert log.attempts == 1


def test_backoff_is_exponential():
    assert send_email.autoretry_for and send_email.retry_backoff and send_email.max_retries >= 3
    assert send_email.retry_backoff_max >= 600
