"""What the mediation steps share beyond the step toolkit (`fazhi.core.steps`):
the state moves of a case (with its history row) and of a dispute, the
committee check, the conclusion clock and who is told."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, rulesettings, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role

from .. import rules
from ..models import CaseEvent, Dispute, MediationCase, MediationCommittee

Status = MediationCase.Status
DStatus = Dispute.Status


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


def _move(obj: models.Model, new: str, what: str) -> str:
    """`steps.move`, the refusal naming whose state it is: a case step also
    moves the dispute, and the clerk must see which of the two refused."""
    try:
        return steps.move(obj, new)
    except RuleViolation as exc:
        raise RuleViolation(f"{what}{exc.messages[0]}", field="status") from None


def _move_case(case: MediationCase, new: str, on: dt.date, by: Any, note: str = "") -> str:
    """Move the case and write its history row (CaseEvent, the dated status
    history the case page and the indicators read) with the audit event."""
    old = _move(case, new, _("案件"))
    CaseEvent.write(old, new, by=by, note=note, case=case, on=on)
    audit.record(case, by=by, action="transition", changes={"status": [old, new]}, note=note)
    return old


def _move_dispute(
    dispute: Dispute, new: str, by: Any, on: dt.date | None = None, note: str = ""
) -> None:
    """The ledger's status follows its cases; moving to where it already is
    does nothing (a second case on a dispute being mediated). A resolved or
    unresolved dispute keeps the day; reopened, the day is cleared."""
    locked = steps.lock(dispute)
    old = locked.status
    if old == new:
        return
    _move(locked, new, _("纠纷"))
    fields = ["status"]
    if new in (DStatus.RESOLVED, DStatus.UNRESOLVED):
        locked.resolved_on = on or steps.today()
        fields.append("resolved_on")
    elif locked.resolved_on is not None:
        locked.resolved_on = None
        fields.append("resolved_on")
    steps.touch(locked, by, fields)
    audit.record(locked, by=by, action="transition", changes={"status": [old, new]}, note=note)
    steps.sync(dispute, locked)


def _check_committee_for(dispute: Dispute, committee: MediationCommittee, on: dt.date) -> None:
    """The committee is in office on the day and sits above the dispute's unit."""
    if not committee.in_office_on(on):
        raise RuleViolation(
            _("%(name)s在%(on)s不在存续期内。") % {"name": committee.name, "on": on.isoformat()},
            field="committee",
        )
    if not committee.unit.contains(dispute.unit):
        raise RuleViolation(
            _("%(name)s不能调解%(name2)s的纠纷，请选择本村或乡调委会。")
            % {"name": committee.name, "name2": dispute.unit.name},
            field="committee",
        )


def _start_conclusion_clock(case: MediationCase, on: dt.date, by: Any) -> None:
    """《人民调解工作若干规定》第三十三条 [S]: a mediation should generally be
    concluded within one month; the months are a rule setting."""
    months = int(rulesettings.get(case.committee.unit, rules.CONCLUSION_MONTHS.key))
    length = (add_months(on, months) - on).days
    steps.start_clock(
        case,
        kind=rules.CLOCK_CONCLUSION,
        label=stored(gettext_noop("调解期限（%(number)s）"), number=case.number),
        start_date=on,
        length=length,
        unit="calendar",
        by=by,
        legal_basis=rulesettings.setting_source(rules.CONCLUSION_MONTHS.key),
        recipients=case_recipients(case),
    )
