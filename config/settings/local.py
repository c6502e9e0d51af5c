"""Development: DEBUG on, everything embedded unless the environment says otherwise."""
from .base import *  # noqa: F401,F403
from .base import LOGGING, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")

# Slow-query logging in development: every query slower than SLOW_QUERY_MS is logged with its SQL.
SLOW_QUERY_MS = env.int("SLOW_QUERY_MS", default=100)
LOGGING["filters"]["slow_queries"] = {"()": "apps.core.logging.SlowQueryFilter", "threshold_ms": SLOW_QUERY_MS}
LOGGING["loggers"]["django.db.backends"] = {"level": "DEBUG", "filters": ["slow_queries"], "propagate": True}
# Its child logger for migrations is not covered by that filter (filters do not apply to children): quiet.
LOGGING["loggers"]["django.db.backends.schema"] = {"level": "INFO", "propagate": True}
