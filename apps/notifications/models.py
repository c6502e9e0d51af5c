"""Data of the notifications app: the in-app feed, preferences per user and channel, the e-mail log,
and the newsletter (guest subscribers with double opt-in, campaigns sent in batches)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Category(models.TextChoices):
    ORDER_UPDATE = "order_update", _("Order updates")
    MESSAGE = "message", _("Messages")
    PROMOTION = "promotion", _("Promotions")
    SYSTEM = "system", _("System")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("E-mail")


class Notification(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name=_("user"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("actor"))
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=255)
    message = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notif_user_created_idx"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notif_user_unread_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(TimeStampedModel):
    """What one user wants on one channel. Transactional messages ignore these switches; marketing
    ones need the category switched on (and, for promotions by e-mail, User.marketing_opt_in)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences", verbose_name=_("user"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    order_update = models.BooleanField(_("order updates"), default=True)
    message = models.BooleanField(_("messages"), default=True)
    promotion = models.BooleanField(_("promotions"), default=True)
    system = models.BooleanField(_("system"), default=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True,
                                help_text=_("Language of e-mails and notifications; empty = the site default."))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="notif_pref_user_channel_unique")]

    def __str__(self):
        return f"{self.user} · {self.channel}"

    def allows(self, category: str) -> bool:
        return bool(getattr(self, category, True))


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class EmailLog(TimeStampedModel):
    """Every e-mail we send: rendered when queued (in the caller's transaction), sent by a Celery task."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="email_logs", verbose_name=_("user"))
    recipient = models.EmailField(_("recipient"), db_index=True)
    template = models.CharField(_("template"), max_length=100, db_index=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain-text body"), blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED,
                              db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    provider_message_id = models.CharField(_("provider message id"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail log")
        verbose_name_plural = _("e-mail logs")
        ordering = ("-created_at",)

    def __str__(self):
        return f"{self.template} → {self.recipient} ({self.status})"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class NewsletterSubscriber(TimeStampedModel):
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=SubscriberStatus.choices,
                              default=SubscriberStatus.PENDING, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(models.functions.Lower("email"), name="notif_subscriber_email_ci_unique"),
        ]

    def __str__(self):
        return self.email


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class NewsletterCampaign(TimeStampedModel):
    subject = models.CharField(_("subject"), max_length=200)
    preheader = models.CharField(_("preheader"), max_length=200, blank=True,
                                 help_text=_("Short summary shown by mail clients next to the subject."))
    body = models.TextField(_("body"), help_text=_("Plain text; blank lines separate paragraphs."))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True,
                                help_text=_("Send only to subscribers of this language; empty = everyone."))
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_count = models.PositiveIntegerField(_("queued e-mails"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter campaign")
        verbose_name_plural = _("newsletter campaigns")
        ordering = ("-created_at",)

    def __str__(self):
        return self.subject
