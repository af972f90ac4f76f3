"""Rectification of findings of supervision checks and case-file
evaluations (整改): ordered with an owner and deadline, closed with what was done."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core import audit, clocks
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation

from ..models import (
    Rectification,
)
from ._common import (
    CLOCK_RECTIFICATION,
    _lock,
    _not_before,
    _require,
    _save,
    _stop,
    _users,
)


@transaction.atomic
def order_rectification(r: Rectification, *, by: Any) -> Rectification:
    """A rectification task per finding, with owner and deadline (a clock)."""
    source = r.check_record or r.evaluation
    if source is None:
        raise RuleViolation("整改应对应一次监督检查或案卷评查。", field="check_record")
    _not_before(r.deadline, r.ordered_on, "整改期限不能早于下达日期。", field="deadline")
    core_workflow.create_record(r, by=by)
    c = clocks.start(
        r,
        kind=CLOCK_RECTIFICATION,
        label=f"整改：{r.finding[:60]}",
        start_date=r.ordered_on,
        length=(r.deadline - r.ordered_on).days,
        unit="calendar",
        unit_org=r.unit,
        by=by,
        legal_basis=str(source),
        recipients=_users(r.owner_user, by),
        url=r.get_absolute_url(),
    )
    Rectification.objects.filter(pk=r.pk).update(due_date=c.due_date)
    r.due_date = c.due_date
    return r


@transaction.atomic
def close_rectification(r: Rectification, *, on: dt.date, note: str, by: Any) -> Rectification:
    r = _lock(r, by)
    if r.status != Rectification.Status.OPEN:
        raise RuleViolation("该整改已销号。")
    note = _require(note, "请填写整改情况。", "note")
    _not_before(on, r.ordered_on, "销号日期不能早于下达日期。")
    before = audit.snapshot(r)
    _stop(r, CLOCK_RECTIFICATION, on, by)
    r.status = Rectification.Status.CLOSED
    r.closed_on = on
    r.closure_note = note
    return _save(r, by, before, note="整改销号")
