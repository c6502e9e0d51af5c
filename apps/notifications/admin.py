from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.notifications import newsletter, services
from apps.notifications.models import (
    CampaignStatus,
    EmailLog,
    EmailStatus,
    NewsletterCampaign,
    NewsletterSubscriber,
    Notification,
    NotificationPreference,
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "kind", "category", "read_at", "created_at")
    list_filter = ("category", "kind", ("read_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("title", "user__email", "user__phone_number", "kind")
    list_select_related = ("user",)
    raw_id_fields = ("user", "actor")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "channel", "order_update", "message", "promotion", "system", "language")
    list_filter = ("channel", "promotion", "language")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)


@admin.register(EmailLog)
class EmailLogAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipient", "template", "language", "status_badge", "attempts", "created_at", "sent_at")
    list_filter = ("status", "template", "language", "created_at")
    search_fields = ("recipient", "subject", "provider_message_id", "user__email")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    readonly_fields = ("user", "recipient", "template", "language", "subject", "status", "attempts",
                       "provider_message_id", "error", "headers", "sent_at", "created_at", "updated_at",
                       "body_text", "html_preview")
    exclude = ("body_html",)
    actions = ("resend",)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        css = {EmailStatus.SENT: "color:#15803d", EmailStatus.FAILED: "color:#b91c1c"}.get(obj.status, "")
        return format_html('<strong style="{}">{}</strong>', css, obj.get_status_display())

    @admin.display(description=_("HTML body"))
    def html_preview(self, obj):
        # The stored HTML is shown inside a sandboxed frame: scripts cannot run, links cannot navigate.
        return format_html('<iframe sandbox="" srcdoc="{}" width="100%" height="520" title="{}"></iframe>',
                           obj.body_html, obj.subject)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected e-mails again"), permissions=["change"])
    def resend(self, request, queryset):
        count = 0
        with transaction.atomic():
            for log in queryset.exclude(status=EmailStatus.SENT):
                EmailLog.objects.filter(pk=log.pk).update(status=EmailStatus.QUEUED, error="")
                services.email_log_enqueue(log_id=log.pk)
                count += 1
        self.message_user(request, ngettext("%d e-mail queued again.", "%d e-mails queued again.", count) % count,
                          messages.SUCCESS)


@admin.register(NewsletterSubscriber)
class NewsletterSubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "status", "language", "confirmed_at", "unsubscribed_at", "created_at")
    list_filter = ("status", "language", "created_at")
    search_fields = ("email",)
    readonly_fields = ("confirmed_at", "unsubscribed_at", "created_at", "updated_at")
    actions = ("unsubscribe",)

    @admin.action(description=_("Unsubscribe the selected addresses"), permissions=["change"])
    def unsubscribe(self, request, queryset):
        for subscriber in queryset:
            newsletter.subscriber_unsubscribe(subscriber_id=subscriber.pk)
        self.message_user(request, _("Done."), messages.SUCCESS)


@admin.register(NewsletterCampaign)
class NewsletterCampaignAdmin(admin.ModelAdmin):
    list_display = ("subject", "status", "language", "recipients_count", "sent_count", "started_at", "finished_at")
    list_filter = ("status", "language")
    search_fields = ("subject",)
    readonly_fields = ("status", "created_by", "recipients_count", "sent_count", "started_at", "finished_at",
                       "created_at", "updated_at")
    fields = ("subject", "preheader", "body", "language") + readonly_fields
    actions = ("send_campaign",)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != CampaignStatus.DRAFT:
            return ("subject", "preheader", "body", "language") + self.readonly_fields
        return self.readonly_fields

    @admin.action(description=_("Send the selected campaigns (in batches)"), permissions=["change"])
    def send_campaign(self, request, queryset):
        started = 0
        for campaign in queryset:
            if campaign.status != CampaignStatus.DRAFT:
                self.message_user(request, _("“%s” was already sent; it is not sent twice.") % campaign.subject,
                                  messages.WARNING)
                continue
            newsletter.campaign_start(campaign=campaign, by=request.user)
            started += 1
        if started:
            self.message_user(request, ngettext("%d campaign is being sent.", "%d campaigns are being sent.",
                                                started) % started, messages.SUCCESS)
