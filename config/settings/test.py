"""Tests: fast hashing, e-mail in memory, eager Celery; DATABASE_URL/REDIS_URL switch to real services."""
import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import CACHES, REDIS_URL, REST_FRAMEWORK, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
MEDIA_ROOT = env("MEDIA_ROOT", default=str(Path(tempfile.gettempdir()) / "cho-test-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
SMS_BACKEND = "apps.accounts.sms.LocmemSmsBackend"
# Throttles stay on, with rates high enough that only tests that mean to hit them do.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                                                                "anon": "10000/min", "user": "10000/min"}}
if REDIS_URL:
    # One key space per xdist worker and process, so parallel test runs never see each other's keys.
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
ANALYTICS_OUTBOX_SECONDS = 0  # events reach the Redis buffer at once, so tests see them (tests/analytics covers the outbox)
STAFF_REQUIRE_2FA = False  # admin page tests sign staff in directly; tests/security turns it on
