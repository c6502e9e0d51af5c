"""Newsletter: guest sign-up with double opt-in, unsubscribe, campaigns sent in batches."""
import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from apps.notifications import newsletter
from apps.notifications.models import CampaignStatus, NewsletterSubscriber, SubscriberStatus
from tests.factories.notifications import NewsletterCampaignFactory, NewsletterSubscriberFactory

pytestmark = pytest.mark.django_db


def _link(mail, part: str) -> str:
    return re.search(rf"http://127\.0\.0\.1:8000(/newsletter/{part}/[^/\s]+/)", mail.body).group(1)


def test_guest_signs_up_and_confirms_by_the_link_in_the_email(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/newsletter/", {"email": "Khach@Example.com", "website": ""})
    assert response.status_code == 200 and "kiểm tra hộp thư" in response.content.decode()
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING and subscriber.language == "vi"
    [mail] = mailoutbox
    assert mail.to == ["Khach@Example.com"] and mail.subject == "Xác nhận đăng ký nhận bản tin Chợ"

    confirm = _link(mail, "confirm")
    page = client.get(confirm)
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING  # a link scanner opening the URL confirms nothing
    done = client.post(confirm)
    assert done.status_code == 200 and "Bạn đã đăng ký nhận bản tin Chợ" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED and subscriber.confirmed_at is not None


def test_sign_up_in_english_gets_an_english_confirmation(client, mailoutbox, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/", {"email": "guest@example.com"})
    assert mailoutbox[0].subject == "Confirm your subscription to the Chợ newsletter"
    assert NewsletterSubscriber.objects.get().language == "en"


def test_invalid_address_shows_the_error_next_to_the_field(client):
    response = client.post("/newsletter/", {"email": "not-an-address"})
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode() and not NewsletterSubscriber.objects.exists()


def test_bots_filling_the_hidden_field_are_ignored_quietly(client, mailoutbox):
    response = client.post("/newsletter/", {"email": "bot@example.com", "website": "http://spam"})
    assert response.status_code == 200 and not NewsletterSubscriber.objects.exists() and mailoutbox == []


def test_htmx_footer_form_gets_the_partial_back(client):
    response = client.post("/newsletter/", {"email": "a@example.com"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<form id="newsletter-form"') and "<html" not in body


def test_confirmed_address_signing_up_again_gets_no_email(mailoutbox, django_capture_on_commit_callbacks):
    NewsletterSubscriberFactory(email="fan@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.newsletter_subscribe(email="FAN@example.com")
    assert mailoutbox == [] and NewsletterSubscriber.objects.count() == 1


def test_repeated_sign_ups_do_not_flood_an_inbox(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            newsletter.newsletter_subscribe(email="someone@example.com")
    assert len(mailoutbox) == 1
    NewsletterSubscriber.objects.update(updated_at=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.newsletter_subscribe(email="someone@example.com")
    assert len(mailoutbox) == 2


class _EightDaysAgoSigner(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 8 * 24 * 3600)


def test_forged_or_expired_confirmation_links_are_refused(client):
    subscriber = NewsletterSubscriberFactory(status=SubscriberStatus.PENDING)
    forged = signing.dumps({"s": str(subscriber.pk)}, salt="another-salt")
    response = client.post(f"/newsletter/confirm/{forged}/")
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()

    expired = _EightDaysAgoSigner(salt=newsletter.CONFIRM_SALT).sign_object({"s": str(subscriber.pk)})
    response = client.post(f"/newsletter/confirm/{expired}/")
    assert response.status_code == 400 and "đã hết hạn" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING


def test_subscriber_unsubscribes_from_the_campaign_email(client, mailoutbox, django_capture_on_commit_callbacks):
    reader = NewsletterSubscriberFactory(email="reader@example.com")
    campaign = NewsletterCampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.campaign_start(campaign=campaign)
    [mail] = mailoutbox
    url = mail.extra_headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")
    assert url.startswith("/newsletter/unsubscribe/") and url in mail.body
    assert Client(enforce_csrf_checks=True).post(url).status_code == 200
    reader.refresh_from_db()
    assert reader.status == SubscriberStatus.UNSUBSCRIBED and reader.unsubscribed_at is not None


def test_campaign_goes_out_in_batches_to_everyone_who_agreed_once(settings, make_user, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    settings.NEWSLETTER_BATCH_SIZE = 2
    readers = [NewsletterSubscriberFactory(language="vi" if i % 2 else "en") for i in range(5)]
    NewsletterSubscriberFactory(email="pending@example.com", status=SubscriberStatus.PENDING)
    NewsletterSubscriberFactory(email="gone@example.com", status=SubscriberStatus.UNSUBSCRIBED)
    opted_in = make_user(email="member@example.com", marketing_opt_in=True)
    make_user(email="gone@example.com", marketing_opt_in=True)  # unsubscribed as a reader: stays out
    make_user(email=readers[0].email.upper(), marketing_opt_in=True)  # gets it once, as a reader
    make_user(email="quiet@example.com", marketing_opt_in=False)
    campaign = NewsletterCampaignFactory(subject="Ưu đãi tháng 12")

    with django_capture_on_commit_callbacks(execute=True):
        newsletter.campaign_start(campaign=campaign)

    recipients = sorted(m.to[0].lower() for m in mailoutbox)
    assert recipients == sorted([r.email for r in readers] + [opted_in.email])
    assert all(m.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in mailoutbox)
    english = next(m for m in mailoutbox if m.to == [readers[0].email])
    assert english.subject == "Ưu đãi tháng 12" and "Thank you for shopping with Chợ." in english.body
    assert "Đoạn thứ hai với <b>thẻ</b>." in english.body
    html = english.alternatives[0][0]
    assert "Đoạn thứ hai với &lt;b&gt;thẻ&lt;/b&gt;." in html  # staff text is text, not markup
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT and campaign.finished_at is not None
    assert campaign.recipients_count == campaign.sent_count == 6

    with django_capture_on_commit_callbacks(execute=True):
        newsletter.campaign_start(campaign=campaign)  # a second click sends nothing more
    assert len(mailoutbox) == 6


def test_staff_send_a_campaign_with_the_admin_action(client, staff_user, mailoutbox,
                                                     django_capture_on_commit_callbacks):
    NewsletterSubscriberFactory()
    campaign = NewsletterCampaignFactory()
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/notifications/newslettercampaign/",
                               {"action": "send_campaign", "_selected_action": [str(campaign.pk)]}, follow=True)
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT and len(mailoutbox) == 1
