"""Rectification of findings of supervision checks and case-file
evaluations (整改): ordered with an owner and deadline, closed with what was done."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from ..models import Rectification
from ._common import CLOCK_RECTIFICATION, _users


@transaction.atomic
def order_rectification(r: Rectification, *, by: Any) -> Rectification:
    """A rectification task per finding, with owner and deadline (a clock)."""
    source = r.check_record or r.evaluation
    if source is None:
        raise RuleViolation(_("整改应对应一次监督检查或案卷评查。"), field="check_record")
    steps.check_not_before(r.deadline, r.ordered_on, "deadline", _("整改期限"), _("下达日期"))
    core_workflow.create_record(r, by=by)
    c = steps.start_clock(
        r,
        kind=CLOCK_RECTIFICATION,
        label=stored(gettext_noop("整改：%(finding)s"), finding=r.finding[:60]),
        start_date=r.ordered_on,
        length=(r.deadline - r.ordered_on).days,
        unit="calendar",
        by=by,
        legal_basis=str(source),
        recipients=_users(r.owner_user, by),
    )
    Rectification.objects.filter(pk=r.pk).update(due_date=c.due_date)
    r.due_date = c.due_date
    return r


@transaction.atomic
def close_rectification(r: Rectification, *, on: dt.date, note: str, by: Any) -> Rectification:
    """Close (销号) a rectification with what was done, dated on or after the
    order; its clock stops, on time or late."""
    r = steps.lock(r, by=by)
    if r.status != Rectification.Status.OPEN:
        raise RuleViolation(_("该整改已销号。"))
    note = steps.require_text(note, "note", _("整改情况"))
    steps.check_not_before(on, r.ordered_on, "on", _("销号日期"), _("下达日期"))
    before = audit.snapshot(r)
    steps.stop_clock(r, CLOCK_RECTIFICATION, on, by)
    r.status = Rectification.Status.CLOSED
    r.closed_on = on
    r.closure_note = note
    return steps.save_audited(r, by=by, before=before, note=gettext_noop("整改销号"), clean=True)
