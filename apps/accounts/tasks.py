"""Celery tasks of accounts: they only fetch and call."""
from celery import shared_task

from apps.accounts.sms import send_sms


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def sms_send(phone_number: str, message: str) -> None:
    send_sms(phone_number, message)


@shared_task
def password_reset_email_send(user_id: str, language: str = "vi") -> None:
    from apps.accounts.services.passwords import password_reset_email_deliver

    password_reset_email_deliver(user_id=user_id, language=language)
