"""The import run as a Celery task: on a worker when REDIS_URL is configured,
inline otherwise (CELERY_TASK_ALWAYS_EAGER), so the page's code is the same.
Progress goes to the cache, not the job row: the run's own transaction would
hide a row update from the page polling it until the end."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_noop

from ..errors import RuleViolation
from ..i18n import stored


def progress_key(job_id: int) -> str:
    return f"fazhi:ledger-import:{job_id}"


def progress_of(job_id: int) -> tuple[int, int] | None:
    value = cache.get(progress_key(job_id))
    return tuple(value) if value else None  # type: ignore[return-value]


@shared_task
def run_job(job_id: int, dry_run: bool) -> dict[str, Any]:
    from ..models import ImportJob, User
    from . import engine, get

    job = ImportJob.objects.select_related("unit").get(pk=job_id)
    kind = get(job.kind)
    by = User.objects.get(pk=job.created_by_id)
    J = ImportJob.Status
    ImportJob.objects.filter(pk=job.pk).update(status=J.PREVIEWING if dry_run else J.COMMITTING)

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(job_id), (done, total), 3600)

    try:
        assert kind is not None
        report = engine.run(
            kind,
            job.filename,
            bytes(job.data),
            unit=job.unit,
            by=by,
            mapping=dict(job.columns()),
            dry_run=dry_run,
            progress=progress,
        )
    except RuleViolation as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=J.FAILED, error="；".join(exc.messages))
        return {"error": exc.messages}
    except Exception as exc:  # the whole file rolled back: say so on the page
        ImportJob.objects.filter(pk=job.pk).update(
            status=J.FAILED,
            error=stored(
                gettext_noop("导入失败，已全部撤销，未写入任何记录：%(error)s"), error=exc
            ),
        )
        raise
    with transaction.atomic():
        if not dry_run:
            engine.remember_mapping(kind, job.unit, report.mapping, by)
        ImportJob.objects.filter(pk=job.pk).update(
            status=J.PREVIEWED if dry_run else J.DONE,
            report=report.as_dict(),
            total=len(report.rows),
            done=len(report.rows),
            error="",
        )
    return report.counts()
