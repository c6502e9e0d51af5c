"""Celery tasks of the notifications app: fetch, then call the sender."""
from celery import shared_task

from apps.notifications import email_sending
from apps.notifications.email_sending import TRANSIENT_ERRORS


@shared_task(bind=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=30, retry_backoff_max=3600,
             retry_jitter=True, max_retries=5, acks_late=True)
def send_email(self, log_id: str) -> str:
    """Send one logged e-mail. A transient failure is retried with exponential backoff (30 s, 60 s,
    2 min, ... up to an hour); after the last attempt the log is marked failed."""
    final = self.request.retries >= self.max_retries
    return email_sending.email_log_send(log_id=log_id, final_attempt=final)


@shared_task
def send_campaign_batch(campaign_id: str, phase: str = "subscribers", after: str = "") -> int:
    """Queue one batch of a newsletter campaign (the batch queues the next one)."""
    from apps.notifications import newsletter

    return newsletter.campaign_send_batch(campaign_id=campaign_id, phase=phase, after=after)


@shared_task
def requeue_stale_emails() -> int:
    """Mails an SMTP or worker outage left waiting or failed are sent again (none lost)."""
    return email_sending.email_logs_requeue()
