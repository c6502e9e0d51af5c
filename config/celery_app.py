"""Celery application: tasks are autodiscovered in every installed app's tasks.py.

With no REDIS_URL the settings make Celery run tasks eagerly in-process (the embedded default);
with REDIS_URL, tasks go to real workers and periodic tasks come from django-celery-beat.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("cho")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
