"""What the mediation steps share: the row lock, the state moves of a case
(with its history row) and of a dispute, the conclusion clock, who is told."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core import audit, clocks, rulesettings
from fazhi.core.errors import ConcurrentEdit, RuleViolation
from fazhi.core.models import Clock, OrgUnit, User
from fazhi.core.roles import Role

from .. import rules
from ..models import (
    CaseEvent,
    Dispute,
    MediationCase,
    MediationCommittee,
)

M = TypeVar("M", bound=models.Model)

Status = MediationCase.Status
DStatus = Dispute.Status


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _lock(obj: M, version: int | None = None) -> M:
    """The row under lock; a stale `version` (the one the editor saw) is refused."""
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    current = getattr(locked, "version", None)
    if version is not None and current is not None and current != version:
        who = getattr(locked, "updated_by", None)
        when = timezone.localtime(locked.updated_at).strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
        raise ConcurrentEdit(str(who) if who else "他人", when)
    return locked


def _touch(obj: models.Model, by: Any, fields: Iterable[str]) -> None:
    """Save `fields` and bump the edit version (so an open form goes stale)."""
    names = list(fields)
    if hasattr(obj, "version"):
        obj.version += 1
        setattr(obj, "updated_by", by if getattr(by, "is_authenticated", False) else None)  # noqa: B010
        names += ["version", "updated_by", "updated_at"]
    obj.save(update_fields=names)


def _sync(stale: M, fresh: M) -> M:
    if stale is not fresh:
        for field in type(fresh)._meta.concrete_fields:
            setattr(stale, field.attname, getattr(fresh, field.attname))
    return stale


def _not_future(day: dt.date, field: str, what: str) -> None:
    if day > today():
        raise RuleViolation(f"{what}（{day.isoformat()}）不能晚于今天。", field=field)


def _require(value: str, message: str, field: str, rule: str = "") -> str:
    text = (value or "").strip()
    if not text:
        raise RuleViolation(message, field=field, rule=rule)
    return text


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later; the month's last day if there is no
    corresponding day (民法典第二百零二条)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, pycalendar.monthrange(year, month)[1])
    )


def township_of(unit: OrgUnit) -> OrgUnit:
    return unit.township() or unit


def leaders_of(unit: OrgUnit) -> list[User]:
    """The township's leaders: they see high-risk disputes on their dashboard."""
    township = township_of(unit)
    return list(
        User.objects.filter(
            role=Role.TOWNSHIP_LEADER, is_active=True, home_unit__path__startswith=township.path
        )
    )


def case_recipients(case: MediationCase) -> list[User]:
    """Who is reminded of a case's clocks: the judicial office and cadres of the
    committee's unit, the assigned mediators' log-ins and the case's creator."""
    person_ids = list(case.assignments.values_list("mediator__person_id", flat=True))
    committee_unit = case.committee.unit
    township = township_of(committee_unit)
    users = User.objects.filter(is_active=True).filter(
        Q(person_id__in=person_ids)
        | Q(pk=case.created_by_id)
        | Q(role=Role.JUDICIAL_OFFICE, home_unit__path__startswith=township.path)
        | Q(role=Role.VILLAGE_CADRE, home_unit=committee_unit)
    )
    return list(users.distinct())


def _case_event(
    case: MediationCase, old: str, new: str, on: dt.date, by: Any, note: str = ""
) -> None:
    CaseEvent.write(old, new, by=by, note=note, case=case, on=on)
    audit.record(case, by=by, action="transition", changes={"status": [old, new]}, note=note)


def _move_case(case: MediationCase, new: str, on: dt.date, by: Any, note: str = "") -> str:
    old = case.status
    if new not in MediationCase.TRANSITIONS.get(old, set()):
        raise RuleViolation(
            f"案件当前状态为“{case.get_status_display()}”，不能变为“{Status(new).label}”。",
            field="status",
        )
    case.status = new
    _case_event(case, old, new, on, by, note)
    return old


def _move_dispute(
    dispute: Dispute, new: str, by: Any, on: dt.date | None = None, note: str = ""
) -> None:
    locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
    old = locked.status
    if old == new:
        return
    if new not in Dispute.TRANSITIONS.get(old, set()):
        raise RuleViolation(
            f"纠纷当前状态为“{locked.get_status_display()}”，不能变为“{DStatus(new).label}”。",
            field="status",
        )
    locked.status = new
    fields = ["status"]
    if new in (DStatus.RESOLVED, DStatus.UNRESOLVED):
        locked.resolved_on = on or today()
        fields.append("resolved_on")
    elif locked.resolved_on is not None:
        locked.resolved_on = None
        fields.append("resolved_on")
    _touch(locked, by, fields)
    audit.record(locked, by=by, action="transition", changes={"status": [old, new]}, note=note)
    _sync(dispute, locked)


def _clock(target: models.Model, kind: str) -> Clock | None:
    found = clocks.clock(target, kind)
    return found if found is not None and found.status != Clock.Status.STOPPED else None


def _stop_clock(target: models.Model, kind: str, on: dt.date, by: Any) -> None:
    running = _clock(target, kind)
    if running is not None:
        clocks.stop(running, on=max(on, running.start_date), by=by)


def _check_committee_for(dispute: Dispute, committee: MediationCommittee, on: dt.date) -> None:
    if not committee.in_office_on(on):
        raise RuleViolation(f"{committee.name}在{on.isoformat()}不在存续期内。", field="committee")
    if not committee.unit.contains(dispute.unit):
        raise RuleViolation(
            f"{committee.name}不能调解{dispute.unit.name}的纠纷，请选择本村或乡调委会。",
            field="committee",
        )


def _start_conclusion_clock(case: MediationCase, on: dt.date, by: Any) -> None:
    """《人民调解工作若干规定》第三十三条 [S]: a mediation should generally be
    concluded within one month; the months are a rule setting."""
    months = int(rulesettings.get(case.committee.unit, rules.CONCLUSION_MONTHS.key))
    length = (add_months(on, months) - on).days
    clocks.start(
        case,
        kind=rules.CLOCK_CONCLUSION,
        label=f"调解期限（{case.number}）",
        start_date=on,
        length=length,
        unit="calendar",
        unit_org=case.unit,
        by=by,
        legal_basis=rulesettings.setting_source(rules.CONCLUSION_MONTHS.key),
        recipients=case_recipients(case),
        url=case.get_absolute_url(),
    )
