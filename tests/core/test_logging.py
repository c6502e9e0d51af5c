import json
import logging

from apps.core.logging import JsonFormatter, RedactFilter, RequestIdFilter, redact
from apps.core.middleware import request_id_var


def test_phone_numbers_and_tokens_are_redacted():
    line = redact("login 0912345678 +84912345678 Bearer abc.def.ghi otp=123456 eyJhbGciOi.eyJzdWIi.sig")
    assert "0912345678" not in line and "84912345678" not in line
    assert "123456" not in line and "eyJhbGciOi" not in line and "abc.def.ghi" not in line


def test_json_lines_carry_the_request_id():
    token = request_id_var.set("req-42")
    try:
        record = logging.LogRecord("apps.x", logging.INFO, __file__, 1, "paid order for %s", ("0912345678",), None)
        RequestIdFilter().filter(record)
        RedactFilter().filter(record)
        payload = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert payload["request_id"] == "req-42"
    assert payload["message"] == "paid order for [phone]"
    assert payload["level"] == "INFO"
