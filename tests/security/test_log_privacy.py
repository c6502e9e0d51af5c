"""Phone numbers, postal addresses and tokens never reach the logs, whatever the code logs: we capture
what the configured console handler (with its redaction filter) actually writes during sign-up, sign-in,
an order placement and failures."""
import io
import logging
import os
import re
import subprocess
import sys

import pytest
from django.db import IntegrityError
from rest_framework.test import APIClient

PHONE_LOCAL, PHONE_E164 = "0912345678", "+84912345678"
STREET = "27 Hàng Bạc"


@pytest.fixture
def log_output():
    """What our console handler writes, at DEBUG for every logger, while the test runs."""
    from apps.core.logging import RedactFilter

    handler = next(h for h in logging.getLogger().handlers
                   if any(isinstance(f, RedactFilter) for f in h.filters))
    buffer = io.StringIO()
    old_stream, old_level = handler.setStream(buffer), logging.getLogger().level
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        handler.setStream(old_stream)
        logging.getLogger().setLevel(old_level)


def assert_private(text: str, *secrets):
    for secret in (PHONE_LOCAL, PHONE_E164, PHONE_LOCAL[1:], STREET, *secrets):
        assert secret not in text, f"{secret!r} reached the logs:\n{text[-2000:]}"


def test_sign_up_sign_in_and_an_order_leave_no_personal_data_in_the_logs(db, log_output, settings):
    from apps.accounts.models import User
    from apps.accounts.sms import LocmemSmsBackend
    from tests.factories.catalog import ProductFactory

    client = APIClient()
    registered = client.post("/api/v1/auth/register", {"phone_number": PHONE_LOCAL, "password": "matkhau2026X",
                                                       "full_name": "Phạm Thị Dung"}, format="json")
    assert registered.status_code == 201
    code = next(message for phone, message in reversed(LocmemSmsBackend.outbox) if phone == PHONE_E164)
    otp = re.search(r"(?<!\d)\d{6}(?!\d)", code).group(0)
    verified = client.post("/api/v1/auth/verify-otp", {"phone_number": PHONE_LOCAL, "otp": otp}, format="json")
    assert verified.status_code == 200, verified.json()
    wrong = client.post("/api/v1/auth/login", {"phone_number": PHONE_LOCAL, "password": "wrong-pass1"},
                        format="json")
    assert wrong.status_code == 401
    tokens = client.post("/api/v1/auth/login", {"phone_number": PHONE_LOCAL, "password": "matkhau2026X"},
                         format="json").json()
    access, refresh = tokens["access_token"], tokens["refresh_token"]

    user = User.objects.get(phone_number=PHONE_E164)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    address = client.post("/api/v1/users/profile/addresses", {
        "recipient_name": "Phạm Thị Dung", "phone_number": PHONE_LOCAL, "street_address": STREET,
        "ward": "Phường Hàng Bạc", "district": "Quận Hoàn Kiếm", "city": "Hà Nội"}, format="json").json()
    variant = ProductFactory().variants.get()
    assert client.post("/api/v1/cart/items", {"variant_id": str(variant.pk), "quantity": 1},
                       format="json").status_code == 201
    placed = client.post("/api/v1/orders", {"address_id": address["id"], "payment_method": "cod",
                                            "shipping_method": "standard"}, format="json")
    assert placed.status_code == 201, placed.json()
    # Bad input and a bad token are logged as warnings: still nothing personal.
    client.post("/api/v1/users/profile/addresses", {"phone_number": "0912345678x"}, format="json")
    APIClient().get("/api/v1/orders", HTTP_AUTHORIZATION=f"Bearer {access[:-4]}abcd")
    client.post("/api/v1/auth/logout", {"refresh_token": refresh}, format="json")

    text = log_output.getvalue()
    assert text, "nothing was logged: the capture is not working"
    assert_private(text, access, refresh, otp, "matkhau2026X")
    assert user.pk  # the flow really ran


def test_exception_tracebacks_are_redacted_too(log_output):
    logger = logging.getLogger("apps.orders")
    try:
        raise IntegrityError(f'duplicate key: Key (phone_number)=({PHONE_E164}) already exists, street "{STREET}"')
    except IntegrityError:
        logger.exception("placing failed for %s", PHONE_LOCAL)
    text = log_output.getvalue()
    assert "placing failed" in text and "IntegrityError" in text
    assert PHONE_E164 not in text and PHONE_LOCAL not in text


def test_json_log_lines_are_redacted(log_output):
    from apps.core.logging import JsonFormatter

    handler = next(h for h in logging.getLogger().handlers if h.stream is log_output)
    old = handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        try:
            raise ValueError(f"bad phone {PHONE_E164}")
        except ValueError:
            logging.getLogger("apps.accounts").exception("token=abc.def.ghi for %s", PHONE_LOCAL)
    finally:
        handler.setFormatter(old)
    text = log_output.getvalue()
    assert PHONE_E164 not in text and PHONE_LOCAL not in text and "abc.def.ghi" not in text


def test_celery_workers_keep_the_redacting_handler():
    """A worker sets up logging with app.log.setup() (celery/apps/worker.py); by default that replaces the root
    handlers with Celery's own, unredacted. Run in a subprocess: it changes the process's logging."""
    from django.conf import settings

    script = """
import logging
import django
django.setup()
from config.celery_app import app
app.log.setup(loglevel="INFO", redirect_stdouts=False)
logging.getLogger("apps.test").warning("SMS to 0912345678 failed, token=abc123")
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    result = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "SMS to [phone] failed, token=[redacted]" in result.stderr
    assert_private(result.stderr, "abc123")
