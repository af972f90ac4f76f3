"""Compulsory measures (查封、扣押): applied, extended once, lifted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import clocks, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import (
    EnforcementCase,
    Measure,
)
from ._common import (
    CLOCK_MEASURE,
    Case,
    Stage,
    _event,
    _lock_case,
    _officers,
    _start_clock,
)
from .officers import check_officers


@transaction.atomic
def apply_measure(
    case: EnforcementCase,
    *,
    kind: str,
    started_on: dt.date,
    items: str,
    approved_by: str,
    officers: Iterable[Any],
    by: Any,
) -> Measure:
    """查封、扣押: the head's prior approval, two certified officers
    (《行政强制法》第十八条); at most 30 days (第二十五条)."""
    locked = _lock_case(case, by, "apply_measure")
    if locked.case_type != Case.CaseType.COERCION:
        raise RuleViolation(_("只有行政强制案件可以实施强制措施。"), field="kind")
    steps.check_date(started_on, "started_on", _("实施日期"))
    approver = steps.require_text(
        approved_by, "approved_by", _("批准负责人"), rules.ART_COMPULSION_18
    )
    people = check_officers(locked, _officers(officers), started_on)
    measure = Measure.objects.create(
        case=locked,
        kind=kind,
        started_on=started_on,
        items=steps.require_text(items, "items", _("对象及清单")),
        approved_by=approver,
    )
    measure.officers.set(people)
    locked.officers.add(*people)
    old = locked.stage
    locked.stage = Stage.INVESTIGATING
    steps.touch(locked, by, ["stage"])
    _start_clock(
        measure,
        locked,
        kind=CLOCK_MEASURE,
        label=stored(
            gettext_noop("%(kind)s期限（30日）"),
            kind=measure.get_kind_display,
        ),
        start_date=started_on,
        length=rules.MEASURE_DAYS,
        unit="calendar",
        rule=rules.ART_COMPULSION_25,
        by=by,
    )
    _event(locked, "apply_measure", started_on, by, old=old, note=measure.get_kind_display())
    return measure


@transaction.atomic
def extend_measure(
    measure: Measure, *, days: int, reason: str, approver: str, on: dt.date, by: Any
) -> Measure:
    """Extended once, by at most 30 days, with the head's approval (《行政强制法》第二十五条)."""
    steps.check_scope(measure.case, by)
    locked = steps.lock(measure)
    if locked.extended:
        raise RuleViolation(
            _("查封、扣押期限只能延长一次。"), field="days", rule=rules.ART_COMPULSION_25
        )
    clock = clocks.clock(locked, CLOCK_MEASURE)
    if clock is None:
        raise RuleViolation(_("该措施没有期限记录。"), field="days")
    clocks.extend(
        clock,
        days=days,
        reason=reason,
        approver=approver,
        legal_basis=rules.ART_COMPULSION_25,
        by=by,
        max_days=rules.MEASURE_MAX_EXTENSION_DAYS,
        on=on,
    )
    locked.extended = True
    locked.save(update_fields=["extended"])
    _event(
        locked.case,
        "extend_measure",
        on,
        by,
        old=locked.case.stage,
        label=gettext_noop("延长强制措施期限"),
        note=stored(gettext_noop("%(days)s日：%(reason)s"), days=days, reason=reason),
    )
    return locked


@transaction.atomic
def lift_measure(measure: Measure, *, on: dt.date, by: Any) -> Measure:
    steps.check_scope(measure.case, by)
    locked = steps.lock(measure)
    if locked.lifted_on:
        raise RuleViolation(_("该措施已解除。"), field="lifted_on")
    steps.check_not_before(on, locked.started_on, "lifted_on", _("解除日期"), _("实施日期"))
    locked.lifted_on = on
    locked.save(update_fields=["lifted_on"])
    steps.stop_clock(locked, CLOCK_MEASURE, on, by)
    _event(
        locked.case,
        "lift_measure",
        on,
        by,
        old=locked.case.stage,
        label=gettext_noop("解除强制措施"),
    )
    return locked
