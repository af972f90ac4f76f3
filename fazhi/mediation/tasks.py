import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import reminders


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def run_mediation_reminders(self, day: str | None = None) -> dict[str, int]:
    """Idempotent: reminders are keyed, so a retry or a second run posts nothing new."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return reminders.scan(today)
