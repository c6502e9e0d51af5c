"""Writes of the notifications app. `notify` is the one way every app tells people something.

notify() may be called inside any transaction: the in-app row and the EmailLog are written in the
caller's transaction, and the e-mail is handed to Celery only after that transaction commits (so a
rolled-back order never sends "order placed").
"""
from __future__ import annotations

import json
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone, translation

from apps.notifications.kinds import EMAIL_SUBJECTS, KINDS, PROMOTION, display_context, format_text, get_kind
from apps.notifications.models import Channel, EmailLog, EmailStatus, Notification, NotificationPreference
from apps.notifications.selectors import language_for, preferences_for_user, unread_cache_key

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
KINDS_BY_TEMPLATE = {k.template: k for k in KINDS.values()}


def absolute_url(url: str) -> str:
    if not url:
        return ""
    return urljoin(settings.SITE_URL.rstrip("/") + "/", url)


# --- unsubscribe tokens -------------------------------------------------------------------------

def unsubscribe_token(*, user_id, category: str) -> str:
    return signing.dumps({"u": str(user_id), "c": category}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user_id, category: str) -> str:
    return absolute_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=user_id,
                                                                                      category=category)]))


def unsubscribe_token_read(token: str) -> dict:
    """The payload of a genuine token; raises signing.BadSignature for a forged or damaged one."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not ({"u", "c"} <= data.keys() or "s" in data):
        raise signing.BadSignature("malformed unsubscribe token")
    return data


# --- e-mail ---------------------------------------------------------------------------------------

def _email_context(*, template: str, context: dict, language: str, user=None, unsubscribe: str = "") -> dict:
    shown = display_context(context, language)
    return {
        **shown,
        "raw": context,
        "site_name": "Chợ",
        "site_url": settings.SITE_URL.rstrip("/"),
        "url": absolute_url(context.get("url", "")),
        "recipient_name": (user.get_full_name() if user is not None else "") or "",
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute_url(reverse("notifications:preferences")) if user is not None else "",
        "language": language,
        "template": template,
    }


def email_render(*, template: str, context: dict, language: str, user=None,
                 unsubscribe: str = "") -> tuple[str, str, str]:
    """(subject, text, html) of a template in `language`."""
    with translation.override(language):
        ctx = _email_context(template=template, context=context, language=language, user=user,
                             unsubscribe=unsubscribe)
        subject_msgid = EMAIL_SUBJECTS.get(template)
        if subject_msgid is None:
            raise ValueError(f"unknown e-mail template: {template!r}")
        subject = format_text(subject_msgid, ctx) or "Chợ"
        ctx["subject"] = subject
        kind = KINDS_BY_TEMPLATE.get(template)
        ctx["intro"] = format_text(kind.message, ctx) if kind else ""
        names = [f"notifications/email/{template}", "notifications/email/generic"]
        text = select_template([f"{n}.txt" for n in names]).render(ctx)
        html = select_template([f"{n}.html" for n in names]).render(ctx)
    return " ".join(subject.split())[:255], _tidy_text(text), html


def _tidy_text(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def send_templated_email(*, to: str, template: str, context: dict, language: str = "vi", user=None,
                         unsubscribe: str = "") -> EmailLog:
    """Render and queue one e-mail. The EmailLog row is written in the caller's transaction; the Celery
    task that sends it is queued after commit. `unsubscribe` (an absolute URL) adds the List-Unsubscribe
    headers (one-click, RFC 8058)."""
    subject, text, html = email_render(template=template, context=context, language=language, user=user,
                                       unsubscribe=unsubscribe)
    headers = {}
    if unsubscribe:
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    log = EmailLog.objects.create(recipient=to, template=template, language=language, subject=subject,
                                  body_text=text, body_html=html, headers=headers, user=user)
    email_log_enqueue(log_id=log.pk)
    return log


def email_log_enqueue(*, log_id) -> None:
    from apps.notifications.tasks import send_email

    transaction.on_commit(lambda: send_email.delay(str(log_id)), robust=True)


# --- notify ---------------------------------------------------------------------------------------

def notify(user, kind: str, *, context: dict | None = None, url: str = "", actor=None) -> Notification | None:
    """Tell `user` about something: an in-app notification and, where the kind and the user's
    preferences allow, an e-mail in the user's language. Returns the in-app notification (None when the
    kind has no in-app part or the user turned that category off). Unknown kind → ValueError."""
    spec = get_kind(kind)
    # Decimal, UUID and dates become strings: the context is stored as JSON and rendered later.
    context = json.loads(json.dumps(dict(context or {}), cls=DjangoJSONEncoder))
    if user is None:
        return None
    prefs = preferences_for_user(user)
    language = language_for(prefs)
    notification = None

    if spec.in_app and (spec.transactional or prefs[Channel.IN_APP].allows(spec.category)):
        with translation.override(language):
            shown = display_context(context, language)
            title = format_text(spec.title, shown)[:255]
            message = format_text(spec.message, shown)
        notification = Notification.objects.create(
            user=user, actor=actor, kind=kind, category=spec.category, title=title or kind, message=message,
            url=url or "", data=context,
        )
        unread_count_invalidate(user_id=user.pk)

    if spec.email and user.email and user.is_active and _email_allowed(spec, user, prefs[Channel.EMAIL]):
        unsubscribe = unsubscribe_url(user_id=user.pk, category=spec.category) if spec.marketing else ""
        send_templated_email(to=user.email, template=spec.template, context={**context, "url": url},
                             language=language, user=user, unsubscribe=unsubscribe)
    return notification


def _email_allowed(spec, user, pref: NotificationPreference) -> bool:
    if spec.transactional:
        return True
    if spec.category == PROMOTION and not getattr(user, "marketing_opt_in", False):
        return False
    return pref.allows(spec.category)


# --- in-app feed ------------------------------------------------------------------------------------

def unread_count_invalidate(*, user_id) -> None:
    key = unread_cache_key(user_id)
    cache.delete(key)
    # A concurrent reader may have cached the old count before our transaction committed.
    transaction.on_commit(lambda: cache.delete(key))


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
        unread_count_invalidate(user_id=notification.user_id)
    return notification


def notifications_mark_all_read(*, user) -> int:
    updated = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    unread_count_invalidate(user_id=user.pk)
    return updated


# --- preferences ----------------------------------------------------------------------------------

def preferences_update(*, user, channels: dict[str, dict[str, bool]] | None = None,
                       language: str | None = None) -> dict[str, NotificationPreference]:
    """Change the user's switches per channel ({"email": {"promotion": True}, ...}) and/or language.
    Switching e-mail promotions on or off also sets User.marketing_opt_in (the user's consent)."""
    channels = channels or {}
    with transaction.atomic():
        prefs = preferences_for_user(user)
        for channel, pref in prefs.items():
            for field, value in (channels.get(channel) or {}).items():
                if field in ("order_update", "message", "promotion", "system"):
                    setattr(pref, field, bool(value))
            if language is not None:
                pref.language = language
            pref.save()
        email_promotion = (channels.get(Channel.EMAIL) or {}).get("promotion")
        if email_promotion is not None and bool(email_promotion) != user.marketing_opt_in:
            user.marketing_opt_in = bool(email_promotion)
            get_user_model().objects.filter(pk=user.pk).update(marketing_opt_in=user.marketing_opt_in)
    return prefs


def unsubscribe_apply(*, token: str) -> dict:
    """One-click unsubscribe from a signed token: turns the category off for e-mail (and, for
    promotions, withdraws marketing consent; for a newsletter subscriber, unsubscribes them).
    Raises signing.BadSignature for a forged token. Returns the payload."""
    data = unsubscribe_token_read(token)
    if "s" in data:
        from apps.notifications.newsletter import subscriber_unsubscribe

        subscriber_unsubscribe(subscriber_id=data["s"])
        return data
    user = get_user_model().objects.filter(pk=data["u"]).first()
    if user is None:
        return data
    preferences_update(user=user, channels={Channel.EMAIL: {data["c"]: False}})
    return data


def email_log_mark(*, log: EmailLog, status: str, error: str = "", provider_message_id: str = "") -> None:
    log.status = status
    log.error = error[:2000]
    fields = ["status", "error", "updated_at"]
    if provider_message_id:
        log.provider_message_id = provider_message_id[:255]
        fields.append("provider_message_id")
    if status == EmailStatus.SENT:
        log.sent_at = timezone.now()
        fields.append("sent_at")
    log.save(update_fields=fields)


def email_render_kind_preview(*, kind: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render the e-mail of a kind without sending (admin previews, tests)."""
    spec = get_kind(kind)
    return email_render(template=spec.template, context=context, language=language)

