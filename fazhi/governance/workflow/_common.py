"""Shared pieces of the governance steps: the clock kinds this app starts,
and the helpers every subject's steps use."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db import models

from fazhi.core import audit, clocks
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.models import Clock, OrgUnit

M = TypeVar("M", bound=models.Model)

# Clock kinds (core.Clock.kind) used by this app.
CLOCK_TASK = "governance.task"
CLOCK_CONSULTATION = "governance.normative.consultation"
# Clocks that count a minimum period (征求意见不少于…): its end is the earliest
# day to close, not a deadline.
MINIMUM_PERIOD_CLOCKS = frozenset({CLOCK_CONSULTATION})
CLOCK_REVIEW = "governance.normative.review"
CLOCK_FILING = "governance.normative.filing"
CLOCK_PROACTIVE = "governance.ogi.proactive"
CLOCK_REPLY = "governance.ogi.reply"
CLOCK_THIRD_PARTY = "governance.ogi.third_party"
CLOCK_CONTRACT = "governance.contract_review"
CLOCK_RECTIFICATION = "governance.rectification"
CLOCK_RECONSIDERATION = "governance.reconsideration.answer"


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _lock(obj: M, by: Any) -> M:
    """The row, locked, if `by` may write it; otherwise refused (never saved)."""
    core_workflow.check_can_write(by)
    model = type(obj)
    qs = model.objects.visible_to(by)  # type: ignore[attr-defined]
    locked = qs.select_for_update().filter(pk=obj.pk).first()
    if locked is None:
        raise RuleViolation("记录不存在或不在您的管辖范围内。")
    return locked


def _move(obj: Any, new: str, field: str = "status") -> str:
    old = getattr(obj, field)
    allowed = type(obj).TRANSITIONS.get(old, set())
    if new not in allowed:
        label_old = dict(type(obj).Status.choices).get(old, old)
        label_new = dict(type(obj).Status.choices).get(new, new)
        raise RuleViolation(f"当前状态为“{label_old}”，不能转为“{label_new}”。", field=field)
    setattr(obj, field, new)
    return str(old)


def _save(
    obj: Any, by: Any, before: dict[str, Any], note: str = "", action: str = "transition"
) -> Any:
    obj.version = getattr(obj, "version", 0) + 1
    obj.updated_by = by
    obj.full_clean()
    obj.save()
    audit.record(
        obj, by=by, action=action, changes=audit.diff(before, audit.snapshot(obj)), note=note
    )
    return obj


def _require(value: Any, message: str, field: str, rule: str = "") -> Any:
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise RuleViolation(message, field=field, rule=rule)
    return value.strip() if isinstance(value, str) else value


def _not_before(
    on: dt.date, earlier: dt.date | None, message: str, field: str = "on", rule: str = ""
) -> None:
    if earlier is not None and on < earlier:
        raise RuleViolation(message, field=field, rule=rule)


def _clock(target: models.Model, kind: str) -> Clock | None:
    return clocks.clock(target, kind)


def _running(target: models.Model, kind: str) -> Clock | None:
    c = _clock(target, kind)
    return c if c is not None and c.status != Clock.Status.STOPPED else None


def _stop(target: models.Model, kind: str, on: dt.date, by: Any) -> Clock | None:
    c = _running(target, kind)
    if c is None:
        return None
    return clocks.stop(c, on=on, by=by)


def _users(*users: Any) -> list[Any]:
    return [u for u in users if u is not None and getattr(u, "pk", None)]


def _in_unit(unit: OrgUnit | None, parent: OrgUnit, field: str) -> None:
    if unit is not None and not parent.contains(unit):
        raise RuleViolation(f"所选单位“{unit}”不在“{parent}”范围内。", field=field)
