"""gunicorn's access log (the image runs `gunicorn -c config/gunicorn.py ... --access-logfile -`): its lines never
pass through Django's logging, so config/gunicorn.py's RedactingLogger keeps one-time tokens, query values and
credentials out of them. Here a real gunicorn Logger writes real access lines."""
import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

gunicorn_config = pytest.importorskip("gunicorn.config")
BASE_DIR = Path(__file__).resolve().parents[2]

UNSUBSCRIBE_TOKEN = "eyJ1IjoiYWJjIn0:1uQx2P:Zx9Vq3kLmN0pQrStUvWxYz"
RESET_KEY = "4-cd12ef-8f1c2a3b4c5d6e7f8a9b"


def access_line(tmp_path, uri: str, referer: str = "-", headers=(), access_log_format: str | None = None) -> str:
    from config.gunicorn import logger_class

    cfg = gunicorn_config.Config()
    log_file = tmp_path / "access.log"
    cfg.set("accesslog", str(log_file))
    if access_log_format:
        cfg.set("access_log_format", access_log_format)
    logger = logger_class(cfg)
    path, _, query = uri.partition("?")
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": uri, "PATH_INFO": path, "QUERY_STRING": query,
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.2", "HTTP_USER_AGENT": "Mozilla/5.0",
               "HTTP_REFERER": referer}
    response = SimpleNamespace(status="200 OK", sent=512, headers=[("Content-Type", "text/html")])
    request = SimpleNamespace(headers=list(headers))
    logger.access(response, request, environ, datetime.timedelta(milliseconds=12))
    for handler in list(logger.access_log.handlers):
        handler.flush()
        logger.access_log.removeHandler(handler)
        handler.close()
    return log_file.read_text()


def test_one_time_links_leave_no_token_in_the_access_log(tmp_path):
    line = access_line(tmp_path, f"/notifications/unsubscribe/{UNSUBSCRIBE_TOKEN}/",
                       referer=f"https://cho.example.com/accounts/password/reset/key/{RESET_KEY}/")
    assert UNSUBSCRIBE_TOKEN not in line and RESET_KEY not in line
    assert '"GET /notifications/unsubscribe/[redacted]/ HTTP/1.1" 200 512' in line
    assert "/accounts/password/reset/key/[redacted]/" in line


def test_query_values_are_redacted_except_paging_sorting_and_filters(tmp_path):
    line = access_line(tmp_path, "/pay/3f0c9a3e/return/?token=EC-8XY12345&PayerID=QWERTY&page=2",
                       referer="https://cho.example.com/search?q=0912345678&sort=price")
    assert "EC-8XY12345" not in line and "QWERTY" not in line and "0912345678" not in line
    assert "token=[redacted]&PayerID=[redacted]&page=2" in line
    assert "q=[redacted]&sort=price" in line


def test_an_ordinary_request_is_logged_as_usual(tmp_path):
    line = access_line(tmp_path, "/products/ao-thun-nam/?page=3")
    assert re.search(r'10\.0\.0\.2 - - \[.+\] "GET /products/ao-thun-nam/\?page=3 HTTP/1\.1" 200 512 "-" '
                     r'"Mozilla/5\.0"', line), line


def test_custom_formats_get_no_credentials_either(tmp_path):
    line = access_line(tmp_path, "/api/v1/orders?token=abc123", headers=[("AUTHORIZATION", "Bearer abc.def.ghi"),
                                                                         ("X-API-KEY", "cho_1234_secret")],
                       access_log_format='%(U)s %(q)s %({authorization}i)s %({x-api-key}i)s %({query_string}e)s')
    assert "abc123" not in line and "abc.def.ghi" not in line and "cho_1234_secret" not in line
    assert line.strip() == "/api/v1/orders token=[redacted] [redacted] [redacted] token=[redacted]"


def test_the_image_and_compose_start_gunicorn_with_this_config():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert re.search(r'CMD \["gunicorn", "-c", "config/gunicorn\.py"', dockerfile)
    assert '"--access-logfile", "-"' in dockerfile
    assert "gunicorn -c config/gunicorn.py config.wsgi:application" in (BASE_DIR / "compose.yaml").read_text()
