"""Celery task of the daily certificate job (schedule it in CELERY_BEAT_SCHEDULE)."""

import datetime as dt
from typing import Any

from celery import shared_task
from django.utils import timezone

from . import jobs


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def expire_certificates(self: Any, day: str | None = None) -> dict[str, Any]:
    """Idempotent: expired certificates are not touched again, reminders are keyed."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return jobs.daily(today)
