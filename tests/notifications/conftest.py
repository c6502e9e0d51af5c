
import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """An SMTP server's handler: keeps what it accepts; can answer 451 (try later) a number of times."""

    def __init__(self):
        self.envelopes = []
        self.temporary_failures = 0
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        if self.temporary_failures:
            self.temporary_failures -= 1
            self.refused += 1
            return "451 4.3.0 Temporary failure, try again later"
        self.envelopes.append(envelope)
        return "250 2.0.0 OK queued"


@pytest.fixture
def smtp_server(settings, free_port):
    """A real SMTP server on localhost (aiosmtpd); Django's SMTP backend is pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def closed_port_smtp(settings, free_port):
    """Django's SMTP backend pointed at a port nothing listens on (connection refused)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def english_user(make_user):
    from apps.notifications.services import preferences_update

    user = make_user(full_name="Alice Nguyen")
    preferences_update(user=user, language="en")
    return user


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the code in a block and then its on-commit callbacks (as a real commit would)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def worker_like_celery():
    """Eager Celery that behaves like a worker: a task's exception (and so its Retry) stays inside Celery
    instead of propagating to the caller, so autoretry's retries run one after another (countdowns are
    not waited for in eager mode)."""
    from config.celery_app import app

    before = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = before
