"""Checking the audit chain (docs/security.md, "Audit trail").

`verify()` walks every audit row in id order, in batches, recomputing each
row's SM3 hash and its link to the row before (the hashes themselves are
written by `core.models.audit` as the rows are inserted). Each walk is kept as
an `AuditVerification` row: the audit page shows the latest one instead of
walking the chain itself, and the next walk checks that the last row found
intact is still there (rows cut off the end leave no broken link behind them).
The daily job (`core.daily`) and `manage.py verify_audit` both run it.

Retention: audit rows are kept at least FAZHI_AUDIT_RETENTION_MONTHS months
(default 12). Nothing in fazhi deletes them at all; on PostgreSQL the table
refuses UPDATE and DELETE. The system check below refuses a setting under the
six months GB/T 22239-2019 asks for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS

from . import daily
from .models import AuditEvent, AuditVerification
from .models.audit import GENESIS, event_digest

BATCH = 5000
# GB/T 22239-2019 8.1.4.3 c): audit records kept at least six months
# (《网络安全法》第二十一条 likewise).
RETENTION_FLOOR_MONTHS = 6


@dataclass
class Walk:
    rows: int = 0
    last: AuditEvent | None = None
    broken: AuditEvent | None = None
    reason: str = ""


def _walk(using: str, batch: int) -> Walk:
    walk = Walk()
    prev = GENESIS
    rows = AuditEvent._base_manager.using(using).order_by("pk")
    last_pk = 0
    while chunk := list(rows.filter(pk__gt=last_pk)[:batch]):
        for row in chunk:
            if row.prev_hash != prev:
                walk.broken, walk.reason = row, AuditVerification.Reason.LINK
                return walk
            if row.hash != event_digest(row.chained_values(), row.prev_hash):
                walk.broken, walk.reason = row, AuditVerification.Reason.CONTENT
                return walk
            prev = row.hash
            walk.rows += 1
            walk.last = row
        last_pk = chunk[-1].pk
    return walk


def verify(*, using: str = DEFAULT_DB_ALIAS, batch: int = BATCH) -> AuditVerification:
    """Walks the chain and stores the outcome: intact up to which row, or the
    first row that breaks it and why."""
    checkpoint = AuditVerification.objects.using(using).filter(ok=True).first()
    walk = _walk(using, batch)
    if walk.broken is None and checkpoint is not None and checkpoint.last_id is not None:
        kept = AuditEvent._base_manager.using(using).filter(pk=checkpoint.last_id).first()
        if kept is None or kept.hash != checkpoint.last_hash:
            # The tail that the last walk found intact is gone or rewritten.
            return AuditVerification.objects.using(using).create(
                ok=False,
                rows=walk.rows,
                last_id=walk.last.pk if walk.last else None,
                last_at=walk.last.at if walk.last else None,
                last_hash=walk.last.hash if walk.last else "",
                broken_id=checkpoint.last_id,
                broken_at=checkpoint.last_at,
                reason=AuditVerification.Reason.MISSING,
            )
    return AuditVerification.objects.using(using).create(
        ok=walk.broken is None,
        rows=walk.rows,
        last_id=walk.last.pk if walk.last else None,
        last_at=walk.last.at if walk.last else None,
        last_hash=walk.last.hash if walk.last else "",
        broken_id=walk.broken.pk if walk.broken else None,
        broken_at=walk.broken.at if walk.broken else None,
        reason=walk.reason,
    )


def latest() -> AuditVerification | None:
    """The last walk, for the audit page (one indexed query)."""
    return AuditVerification.objects.first()


def daily_verify(today: dt.date) -> str:
    result = verify()
    return "OK" if result.ok else f"BROKEN at #{result.broken_id}"


@checks.register(checks.Tags.security)
def check_retention(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    months = getattr(settings, "FAZHI_AUDIT_RETENTION_MONTHS", 12)
    if not isinstance(months, int) or months < RETENTION_FLOOR_MONTHS:
        return [
            checks.Error(
                f"FAZHI_AUDIT_RETENTION_MONTHS is {months!r}: audit records must be kept "
                f"at least {RETENTION_FLOOR_MONTHS} months (GB/T 22239-2019 8.1.4.3).",
                hint="Set FAZHI_AUDIT_RETENTION_MONTHS to 6 or more (default 12).",
                id="fazhi.audit.E001",
            )
        ]
    return []


def connect() -> None:
    """Called from CoreConfig.ready: the chain is walked every day."""
    daily.register("audit_chain", daily_verify)
