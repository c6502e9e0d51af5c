"""Newsletter: guest sign-up with double opt-in, unsubscribe, campaigns sent in batches."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from apps.notifications.kinds import PROMOTION
from apps.notifications.models import (
    CampaignStatus,
    Channel,
    NewsletterCampaign,
    NewsletterSubscriber,
    NotificationPreference,
    SubscriberStatus,
)

CONFIRM_SALT = "notifications.newsletter.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
BATCH_SIZE_DEFAULT = 200
RESEND_COOLDOWN = timedelta(minutes=10)


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
        elif (subscriber.status == SubscriberStatus.PENDING
              and subscriber.updated_at > timezone.now() - RESEND_COOLDOWN):
            return subscriber  # a confirmation was sent moments ago; do not let the form flood an inbox
        else:
            subscriber.status = SubscriberStatus.PENDING
            subscriber.language = language
            subscriber.save(update_fields=["status", "language", "updated_at"])
        token = signing.dumps({"s": str(subscriber.pk)}, salt=CONFIRM_SALT, compress=True)
        send_templated_email(
            to=subscriber.email, template="newsletter_confirm", language=language,
            context={"url": absolute_url(reverse("notifications:newsletter-confirm", args=[token]))},
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


def campaign_subscribers(campaign: NewsletterCampaign):
    qs = NewsletterSubscriber.objects.filter(status=SubscriberStatus.CONFIRMED)
    if campaign.language:
        qs = qs.filter(language=campaign.language)
    return qs.order_by("pk")


def campaign_users(campaign: NewsletterCampaign):
    """Account holders who agreed to marketing e-mail and did not switch promotions off; an address that
    is also a confirmed (or unsubscribed) newsletter subscriber is handled by the subscriber phase."""
    from django.contrib.auth import get_user_model

    handled = NewsletterSubscriber.objects.filter(
        email__iexact=OuterRef("email"), status__in=[SubscriberStatus.CONFIRMED, SubscriberStatus.UNSUBSCRIBED])
    muted = NotificationPreference.objects.filter(user=OuterRef("pk"), channel=Channel.EMAIL, promotion=False)
    qs = (get_user_model().objects.filter(is_active=True, marketing_opt_in=True, email__isnull=False)
          .exclude(email="").exclude(Exists(handled)).exclude(Exists(muted)))
    if campaign.language:
        if campaign.language == settings.LANGUAGE_CODE:
            qs = qs.exclude(Exists(NotificationPreference.objects.filter(user=OuterRef("pk")).exclude(
                language__in=["", campaign.language])))
        else:
            qs = qs.filter(Exists(NotificationPreference.objects.filter(user=OuterRef("pk"),
                                                                        language=campaign.language)))
    return qs.order_by("pk")


PHASES = ("subscribers", "users")


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
        campaign.recipients_count = campaign_subscribers(campaign).count() + campaign_users(campaign).count()
        if by is not None and campaign.created_by_id is None:
            campaign.created_by = by
        campaign.save(update_fields=["status", "started_at", "recipients_count", "created_by", "updated_at"])
        transaction.on_commit(lambda: send_campaign_batch.delay(str(campaign.pk), PHASES[0], ""), robust=True)
    return campaign


def campaign_send_batch(*, campaign_id, phase: str = PHASES[0], after: str = "") -> int:
    """Queue the e-mails of one batch of recipients (ordered by pk, after `after`) and then the next
    batch as a new task; the last batch of the last phase marks the campaign sent. Returns how many
    e-mails this batch queued."""
    from apps.notifications.selectors import language_for, preferences_for_user
    from apps.notifications.services import send_templated_email, unsubscribe_url
    from apps.notifications.tasks import send_campaign_batch

    campaign = NewsletterCampaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).first()
    if campaign is None or phase not in PHASES:
        return 0
    size = _batch_size()
    qs = campaign_subscribers(campaign) if phase == "subscribers" else campaign_users(campaign)
    if after:
        qs = qs.filter(pk__gt=after)
    batch = list(qs[:size])
    context = {"subject": campaign.subject, "preheader": campaign.preheader, "url": "/",
               "paragraphs": [p.strip() for p in campaign.body.replace("\r\n", "\n").split("\n\n") if p.strip()]}
    with transaction.atomic():
        for recipient in batch:
            if phase == "subscribers":
                send_templated_email(to=recipient.email, template="newsletter_campaign", context=context,
                                     language=_language(recipient.language),
                                     unsubscribe=subscriber_unsubscribe_url(recipient))
            else:
                send_templated_email(to=recipient.email, template="newsletter_campaign", context=context,
                                     language=language_for(preferences_for_user(recipient)), user=recipient,
                                     unsubscribe=unsubscribe_url(user_id=recipient.pk, category=PROMOTION))
        NewsletterCampaign.objects.filter(pk=campaign.pk).update(sent_count=F("sent_count") + len(batch))
        if len(batch) == size:
            last = str(batch[-1].pk)
            transaction.on_commit(lambda: send_campaign_batch.delay(str(campaign.pk), phase, last), robust=True)
        elif phase != PHASES[-1]:
            following = PHASES[PHASES.index(phase) + 1]
            transaction.on_commit(lambda: send_campaign_batch.delay(str(campaign.pk), following, ""), robust=True)
        else:
            NewsletterCampaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.SENT,
                                                                     finished_at=timezone.now())
    return len(batch)
