"""`manage.py check --deploy` refuses production with the development SMS backend, which logs OTP codes."""
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks

LOG_BACKEND = "apps.accounts.sms.LogSmsBackend"
HTTP_BACKEND = "apps.accounts.sms.HttpSmsBackend"


def check_ids(*, deploy: bool) -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=deploy)}


def test_the_log_backend_is_an_error_under_check_deploy(settings):
    settings.SMS_BACKEND, settings.SMS_ALLOW_LOG_BACKEND = LOG_BACKEND, False
    assert "accounts.E010" in check_ids(deploy=True)
    assert "accounts.E010" not in check_ids(deploy=False)  # development (runserver, migrate) is not bothered


def test_an_explicit_opt_in_allows_it(settings):
    settings.SMS_BACKEND, settings.SMS_ALLOW_LOG_BACKEND = LOG_BACKEND, True
    assert "accounts.E010" not in check_ids(deploy=True)


def test_the_http_backend_needs_its_url(settings):
    settings.SMS_BACKEND, settings.SMS_API_URL = HTTP_BACKEND, ""
    assert "accounts.E011" in check_ids(deploy=True)
    settings.SMS_API_URL = "https://sms.example.com/send"
    assert not {"accounts.E010", "accounts.E011"} & check_ids(deploy=True)


def _check_deploy(**extra) -> subprocess.CompletedProcess:
    """What CI's `make check-deploy` runs: production settings, only the secret key and hosts set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMS_", "DATABASE_URL", "REDIS_URL", "SENTRY"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_ALLOWED_HOSTS="example.com",
               DJANGO_SECRET_KEY="k" * 30 + "-check-deploy-" + "q" * 30, **extra)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],  # noqa: S603
                          cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.mark.slow
@pytest.mark.skipif((django_settings.BASE_DIR / ".env").exists(), reason="a local .env file would set the variables")
def test_production_settings_with_the_default_sms_backend_fail_check_deploy():
    refused = _check_deploy()
    assert refused.returncode != 0
    assert "accounts.E010" in refused.stdout + refused.stderr
    assert "SMS_ALLOW_LOG_BACKEND" in refused.stdout + refused.stderr
    allowed = _check_deploy(SMS_ALLOW_LOG_BACKEND="true")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
