"""SMS senders. The backend is chosen by settings.SMS_BACKEND."""
import logging

import requests
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("apps.accounts.sms")


class BaseSmsBackend:
    def send(self, phone_number: str, message: str) -> None:
        raise NotImplementedError


class LogSmsBackend(BaseSmsBackend):
    """Development: the message goes to the log, so a developer can read the OTP."""

    def send(self, phone_number, message):
        logger.info("SMS to %s: %s", phone_number, message, extra={"unredacted": True})


class LocmemSmsBackend(BaseSmsBackend):
    """Tests: messages are kept in `outbox`."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone_number, message):
        self.outbox.append((phone_number, message))


class HttpSmsBackend(BaseSmsBackend):
    """Production: a JSON POST to an SMS gateway (SMS_API_URL, SMS_API_KEY)."""

    def send(self, phone_number, message):
        response = requests.post(
            settings.SMS_API_URL,
            json={"to": phone_number, "message": message},
            headers={"Authorization": f"Bearer {settings.SMS_API_KEY}"},
            timeout=10,
        )
        response.raise_for_status()


def send_sms(phone_number: str, message: str) -> None:
    import_string(settings.SMS_BACKEND)().send(phone_number, message)
