"""Sending one EmailLog through Django's configured e-mail backend (SMTP by default)."""
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.notifications.models import EmailLog, EmailStatus

logger = logging.getLogger(__name__)

# Worth trying again: the SMTP server or the network had a bad moment (SMTPException and socket errors
# are OSErrors). A refused recipient or sender will not get better by waiting.
TRANSIENT_ERRORS = (OSError,)
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


def _message_domain() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    address = sender.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] or "localhost"


def email_log_send(*, log_id, final_attempt: bool = False) -> str:
    """Send the e-mail of `log_id` unless it was already sent (a redelivered task is a no-op).
    A failure is recorded; it is re-raised for the task to retry unless this was the final attempt."""
    with transaction.atomic():
        log = EmailLog.objects.select_for_update().filter(pk=log_id).first()
        if log is None or log.status == EmailStatus.SENT:
            return log.status if log else "missing"
        EmailLog.objects.filter(pk=log.pk).update(attempts=F("attempts") + 1)
    log.refresh_from_db()

    message_id = log.provider_message_id or make_msgid(domain=_message_domain())
    headers = {**(log.headers or {}), "Message-ID": message_id}
    message = EmailMultiAlternatives(
        subject=log.subject, body=log.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[log.recipient],
        headers=headers, connection=get_connection(getattr(settings, "NOTIFICATIONS_EMAIL_BACKEND", None)),
    )
    message.attach_alternative(log.body_html, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        retry = isinstance(exc, TRANSIENT_ERRORS) and not isinstance(exc, PERMANENT_ERRORS) and not final_attempt
        status = EmailStatus.QUEUED if retry else EmailStatus.FAILED
        EmailLog.objects.filter(pk=log.pk).update(status=status, error=f"{type(exc).__name__}: {exc}"[:2000],
                                                  provider_message_id=message_id)
        logger.warning("e-mail %s to %s failed (attempt %s, %s): %s", log.pk, log.recipient, log.attempts,
                       "will retry" if retry else "giving up", exc)
        if retry:
            raise
        return EmailStatus.FAILED
    provider_id = _provider_id(message) or message_id
    EmailLog.objects.filter(pk=log.pk).update(status=EmailStatus.SENT, error="", provider_message_id=provider_id[:255],
                                              sent_at=timezone.now())
    return EmailStatus.SENT


def _provider_id(message) -> str:
    """The id a provider backend (django-anymail) reports, if any."""
    status = getattr(message, "anymail_status", None)
    return getattr(status, "message_id", None) or ""


def email_logs_requeue(*, stale_after: timedelta = timedelta(minutes=15), give_up_after: timedelta = timedelta(days=2),
                       limit: int = 500) -> int:
    """Queue again the mails an outage left behind, so it delays mail but loses none: those still waiting
    long after they were queued (the task was lost: a worker died, the broker restarted) and those that
    failed only because the server stayed unreachable longer than the task's retries. Permanent refusals,
    and mails older than `give_up_after`, stay failed. Run periodically (schedules.py)."""
    from apps.notifications.tasks import send_email

    now = timezone.now()
    permanent = Q()
    for error in PERMANENT_ERRORS:
        permanent |= Q(error__startswith=f"{error.__name__}:")
    waiting = EmailLog.objects.filter(created_at__gte=now - give_up_after, updated_at__lt=now - stale_after).filter(
        Q(status=EmailStatus.QUEUED) | (Q(status=EmailStatus.FAILED) & ~permanent))
    ids = [str(pk) for pk in waiting.order_by("created_at").values_list("pk", flat=True)[:limit]]
    EmailLog.objects.filter(pk__in=ids).update(status=EmailStatus.QUEUED, updated_at=now)
    for log_id in ids:
        transaction.on_commit(lambda log_id=log_id: send_email.delay(log_id), robust=True)
    if ids:
        logger.info("re-queued %s e-mails left behind by an outage", len(ids))
    return len(ids)
