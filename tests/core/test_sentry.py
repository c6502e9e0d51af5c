"""Sentry events (production settings with SENTRY_DSN) carry no personal data or secrets: apps/core/sentry.py's
before_send, plus sentry_sdk options that keep request bodies and local variables out."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from apps.core.sentry import before_send

BASE_DIR = Path(__file__).resolve().parents[2]
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiMSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
TOKEN = "eyJ1IjoiYWJjIn0:1uQx2P:Zx9Vq3kLmN0pQrStUvWxYz"


def django_event() -> dict:
    """The shape sentry_sdk's Django and logging integrations send for an error during a request."""
    return {
        "level": "error",
        "logentry": {"message": "OTP for %s failed: otp=%s", "params": ["0912345678", "481516"],
                     "formatted": "OTP for 0912345678 failed: otp=481516"},
        "exception": {"values": [{"type": "IntegrityError", "value": 'duplicate key (phone_number)=(0912345678)',
                                  "stacktrace": {"frames": [{"function": "user_register",
                                                             "vars": {"password": "Secret123pass"}}]}}]},
        "request": {
            "url": f"https://cho.example.com/newsletter/confirm/{TOKEN}/",
            "method": "POST",
            "query_string": "next=/account/&code=4/0AbCdEf&page=2",
            "data": {"phone_number": "0912345678", "password": "Secret123pass", "otp": "481516"},
            "cookies": {"sessionid": "abc123session", "csrftoken": "csrf123"},
            "headers": {"Authorization": f"Bearer {JWT}", "Cookie": "sessionid=abc123session",
                        "X-Api-Key": "cho_1a2b3c_secretpart", "X-CSRFToken": "csrf123",
                        "Referer": f"https://cho.example.com/accounts/password/reset/key/4-abc-{TOKEN}/",
                        "User-Agent": "Mozilla/5.0", "Accept-Language": "vi"},
        },
        "breadcrumbs": {"values": [
            {"category": "httplib", "data": {"url": "https://sms.example.com/send?api_key=k3y&to=0912345678"}},
            {"category": "apps.accounts", "message": f"issued token={JWT}"},
        ]},
        "extra": {"phone": "0912345678", "nested": {"header": f"Bearer {JWT}"}},
    }


SECRETS = ["0912345678", "481516", "Secret123pass", "abc123session", "csrf123", JWT, "cho_1a2b3c_secretpart", TOKEN,
           "4/0AbCdEf", "k3y"]


def test_before_send_leaves_no_personal_data_or_secret_in_the_event():
    event = before_send(django_event(), {})
    text = json.dumps(event)
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, leaked
    request = event["request"]
    assert "data" not in request and "cookies" not in request
    assert request["url"] == "https://cho.example.com/newsletter/confirm/[redacted]/"
    assert request["query_string"] == "next=[redacted]&code=[redacted]&page=2"
    assert request["headers"]["Authorization"] == request["headers"]["X-Api-Key"] == "[redacted]"
    assert request["headers"]["User-Agent"] == "Mozilla/5.0"  # what helps debugging stays
    assert event["logentry"]["formatted"] == "OTP for [phone] failed: otp=[redacted]"
    assert event["logentry"]["message"].startswith("OTP for %s failed")  # Sentry still groups by the template
    assert event["exception"]["values"][0]["type"] == "IntegrityError"
    assert "vars" not in event["exception"]["values"][0]["stacktrace"]["frames"][0]


def test_a_plain_message_is_redacted_too():
    assert before_send({"message": f"login 0912345678 with Bearer {JWT}"}, {})["message"] == \
        "login [phone] with Bearer [token]"


CAPTURE = r"""
import json, django
django.setup()
import sentry_sdk
from sentry_sdk.transport import Transport
client = sentry_sdk.get_client()
events = []
class Capture(Transport):
    def capture_envelope(self, envelope):
        events.append(envelope.get_event())
client.transport = Capture(client.options)
sentry_sdk.capture_message("SMS to 0912345678: your code otp=481516")
client.flush()
options = {k: client.options[k] for k in ("send_default_pii", "include_local_variables", "max_request_body_size")}
options["before_send"] = getattr(client.options["before_send"], "__module__", None)
print(json.dumps({"options": options, "messages": [e.get("message") or e.get("logentry") for e in events if e]}))
"""


@pytest.mark.slow
def test_production_settings_send_sentry_events_through_before_send():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_ALLOWED_HOSTS="cho.example.com",
               DJANGO_SECRET_KEY="s" * 64, SENTRY_DSN="https://public@o0.ingest.sentry.io/1")
    result = subprocess.run([sys.executable, "-c", CAPTURE], cwd=BASE_DIR, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["options"] == {"send_default_pii": False, "include_local_variables": False,
                              "max_request_body_size": "never", "before_send": "apps.core.sentry"}
    assert out["messages"] == ["SMS to [phone]: your code otp=[redacted]"]
