"""Newsletter: guest sign-up with double opt-in, unsubscribe, campaigns sent in batches."""
from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import (
    CampaignStatus,
    NewsletterCampaign,
    NewsletterSubscriber,
    SubscriberStatus,
)

CONFIRM_SALT = "notifications.newsletter.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
BATCH_SIZE_DEFAULT = 200


def _batch_size() -> int:
    return int(getattr(settings, "NEWSLETTER_BATCH_SIZE", BATCH_SIZE_DEFAULT))


def _language(language: str | None) -> str:
    supported = {code for code, _n in settings.LANGUAGES}
    return language if language in supported else settings.LANGUAGE_CODE


def subscriber_unsubscribe_url(subscriber: NewsletterSubscriber) -> str:
    from apps.notifications.services import UNSUBSCRIBE_SALT, absolute_url

    token = signing.dumps({"s": str(subscriber.pk)}, salt=UNSUBSCRIBE_SALT, compress=True)
    return absolute_url(reverse("notifications:newsletter-unsubscribe", args=[token]))


def newsletter_subscribe(*, email: str, language: str | None = None) -> NewsletterSubscriber:
    """Sign an address up (pending) and send the confirmation e-mail. Signing up again resends it;
    an already confirmed address is left as it is (and no e-mail tells a stranger it exists)."""
    from apps.notifications.services import absolute_url, send_templated_email

    email = email.strip()
    language = _language(language)
    with transaction.atomic():
        subscriber = NewsletterSubscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is None:
            subscriber = NewsletterSubscriber.objects.create(email=email, language=language)
        elif subscriber.status == SubscriberStatus.CONFIRMED:
            return subscriber
        else:
            subscriber.status = SubscriberStatus.PENDING
            subscriber.language = language
            subscriber.save(update_fields=["status", "language", "updated_at"])
        token = signing.dumps({"s": str(subscriber.pk)}, salt=CONFIRM_SALT, compress=True)
        send_templated_email(
            to=subscriber.email, template="newsletter_confirm", language=language,
            context={"confirm_url": absolute_url(reverse("notifications:newsletter-confirm", args=[token]))},
        )
    return subscriber


def newsletter_confirm(*, token: str) -> NewsletterSubscriber:
    """Confirm a sign-up from the signed link (valid 7 days). Raises signing.BadSignature/SignatureExpired."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    subscriber = NewsletterSubscriber.objects.filter(pk=data.get("s")).first()
    if subscriber is None:
        raise signing.BadSignature("unknown subscriber")
    if subscriber.status != SubscriberStatus.CONFIRMED:
        subscriber.status = SubscriberStatus.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "updated_at"])
    return subscriber


def subscriber_unsubscribe(*, subscriber_id) -> None:
    NewsletterSubscriber.objects.filter(pk=subscriber_id).exclude(status=SubscriberStatus.UNSUBSCRIBED).update(
        status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now(), updated_at=timezone.now())


def campaign_recipients(campaign: NewsletterCampaign):
    qs = NewsletterSubscriber.objects.filter(status=SubscriberStatus.CONFIRMED)
    if campaign.language:
        qs = qs.filter(language=campaign.language)
    return qs.order_by("pk")


def campaign_start(*, campaign: NewsletterCampaign, by=None) -> NewsletterCampaign:
    """Start sending a draft campaign; the batches run in Celery after commit. A campaign already
    sending or sent is left alone (no one gets it twice)."""
    from apps.notifications.tasks import send_campaign_batch

    with transaction.atomic():
        campaign = NewsletterCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.DRAFT:
            return campaign
        campaign.status = CampaignStatus.SENDING
        campaign.started_at = timezone.now()
        campaign.recipients_count = campaign_recipients(campaign).count()
        campaign.save(update_fields=["status", "started_at", "recipients_count", "updated_at"])
        transaction.on_commit(lambda: send_campaign_batch.delay(str(campaign.pk), ""), robust=True)
    return campaign


def campaign_send_batch(*, campaign_id, after: str = "") -> int:
    """Queue the e-mails of one batch of subscribers (ordered by pk, after `after`), then queue the next
    batch; the last batch marks the campaign sent. Returns how many were queued."""
    from apps.notifications.services import send_templated_email
    from apps.notifications.tasks import send_campaign_batch

    campaign = NewsletterCampaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).first()
    if campaign is None:
        return 0
    qs = campaign_recipients(campaign)
    if after:
        qs = qs.filter(pk__gt=after)
    batch = list(qs[: _batch_size()])
    with transaction.atomic():
        for subscriber in batch:
            send_templated_email(
                to=subscriber.email, template="newsletter_campaign", language=_language(subscriber.language),
                context={"subject": campaign.subject, "preheader": campaign.preheader,
                         "paragraphs": [p.strip() for p in campaign.body.split("\n\n") if p.strip()]},
                unsubscribe=subscriber_unsubscribe_url(subscriber),
            )
        NewsletterCampaign.objects.filter(pk=campaign.pk).update(sent_count=F("sent_count") + len(batch))
        if len(batch) < _batch_size():
            NewsletterCampaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.SENT,
                                                                     finished_at=timezone.now())
        else:
            last = str(batch[-1].pk)
            transaction.on_commit(lambda: send_campaign_batch.delay(str(campaign.pk), last), robust=True)
    return len(batch)
