"""Celery application: tasks are autodiscovered in every installed app's tasks.py.

With no REDIS_URL the settings make Celery run tasks eagerly in-process (the embedded default);
with REDIS_URL, tasks go to real workers. Periodic tasks: each app may define
`apps/<app>/schedules.py` with a `BEAT_SCHEDULE` dict; they are merged here, and beat (with
django-celery-beat's DatabaseScheduler) syncs them into the database where staff can adjust them.
"""
import importlib
import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("cho")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def collect_beat_schedule() -> dict:
    from django.conf import settings

    schedule = dict(settings.CELERY_BEAT_SCHEDULE)
    for name in settings.LOCAL_APPS:
        try:
            module = importlib.import_module(f"{name}.schedules")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.schedules":
                raise
            continue
        schedule.update(module.BEAT_SCHEDULE)
    return schedule


@app.on_after_finalize.connect
def _install_beat_schedule(sender, **kwargs):
    sender.conf.beat_schedule = collect_beat_schedule()


@beat_init.connect
def _log_schedule(sender, **kwargs):
    sender.app.log.get_default_logger().info("beat schedule: %s", sorted(sender.app.conf.beat_schedule))
