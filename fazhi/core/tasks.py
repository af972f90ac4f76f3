import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import daily


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def run_reminders(self, day: str | None = None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Idempotent: reminders are keyed, so a retry or a second run posts nothing new."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return daily.run_all(today)
