"""The Celery app: settings from Django (CELERY_*), tasks found in every app; without REDIS_URL
tasks run in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("plusteam")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
