"""A case that ends without agreement: 调解不成 (fail, 人民调解法第二十六条) or
handed up to the township committee (escalate)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, numbering, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored

from .. import rules
from ..models import CaseEvent, CommitteeLevel, MediationCase, MediationCommittee
from ._common import (
    DStatus,
    Status,
    _check_committee_for,
    _move_case,
    _move_dispute,
    _start_conclusion_clock,
)


@transaction.atomic
def fail(
    case: MediationCase,
    *,
    on: dt.date,
    reason: str,
    routes: Sequence[str],
    by: Any,
    version: int | None = None,
) -> MediationCase:
    """调解不成: terminate and tell the parties of arbitration, administrative
    and judicial routes (人民调解法第二十六条)."""
    steps.check_writer(by)
    locked = steps.lock(case, version=version)
    reason = steps.require_text(reason, "failure_reason", _("终止调解的理由"), rules.ART_26)
    chosen = [r for r in routes if r]
    if not chosen:
        raise RuleViolation(
            _("终止调解时应告知当事人可通过仲裁、行政、司法等途径维护权利，请选择已告知的途径。"),
            field="routes_given",
            rule=rules.ART_26,
        )
    unknown = [r for r in chosen if r not in MediationCase.Route.values]
    if unknown:
        raise RuleViolation(
            _("未知的途径：%(routes)s。") % {"routes": "、".join(unknown)}, field="routes_given"
        )
    start = locked.accepted_on or locked.applied_on
    steps.check_date(on, "on", _("终止日期"), not_before=start, before_what=_("受理日期"))
    _move_case(locked, Status.FAILED, on, by, reason)
    locked.failure_reason = reason
    locked.routes_given = chosen
    locked.concluded_on = on
    steps.touch(locked, by, ["status", "failure_reason", "routes_given", "concluded_on"])
    steps.stop_clock(locked, rules.CLOCK_CONCLUSION, on, by)
    _move_dispute(
        locked.dispute,
        DStatus.UNRESOLVED,
        by,
        on=on,
        note=stored(gettext_noop("调解不成 %(number)s"), number=locked.number),
    )
    return steps.sync(case, locked)


@transaction.atomic
def escalate(
    case: MediationCase,
    *,
    to_committee: MediationCommittee,
    on: dt.date,
    reason: str,
    by: Any,
    version: int | None = None,
) -> MediationCase:
    """A village committee hands a case up to the township committee: the old
    case is closed as escalated, a new case continues it, history kept."""
    steps.check_writer(by)
    locked = steps.lock(case, version=version)
    reason = steps.require_text(reason, "reason", _("移交理由"))
    if locked.committee.level != CommitteeLevel.VILLAGE:
        raise RuleViolation(_("只有村级调委会的案件可以移交乡调委会。"), field="to_committee")
    # The township committee above the case's village is the one to hand up
    # to, whoever hands up: a village cadre does not see the township's
    # records, yet hands cases up to its committee (人民调解法第三十四条).
    if to_committee.level != CommitteeLevel.TOWNSHIP or not to_committee.unit.contains(locked.unit):
        raise RuleViolation(_("请选择本乡的乡级调委会。"), field="to_committee")
    start = locked.accepted_on or locked.applied_on
    steps.check_date(on, "on", _("移交日期"), not_before=start, before_what=_("受理日期"))
    _check_committee_for(locked.dispute, to_committee, on)
    _move_case(
        locked,
        Status.ESCALATED,
        on,
        by,
        stored(gettext_noop("移交%(name)s：%(reason)s"), name=to_committee.name, reason=reason),
    )
    locked.concluded_on = on
    locked.escalation_reason = reason
    steps.touch(locked, by, ["status", "concluded_on", "escalation_reason"])
    steps.stop_clock(locked, rules.CLOCK_CONCLUSION, on, by)
    new = MediationCase(
        unit=to_committee.unit,
        dispute=locked.dispute,
        committee=to_committee,
        start=MediationCase.Start.ESCALATION,
        applied_on=on,
        applicant=locked.committee.name,
        request=locked.request,
        escalated_from=locked,
        escalation_reason=reason,
        status=Status.APPLIED,
    )
    # Not core_workflow.create_record: its scope check is the writer's own
    # units, and the receiving committee's unit is above a village cadre's.
    new.created_by = new.updated_by = steps.actor(by)
    new.full_clean()
    new.save()
    audit.record(new, by=by, action="create", changes=audit.diff({}, audit.snapshot(new)))
    note = stored(
        gettext_noop("由%(committee)s移交（%(number)s）"),
        committee=locked.committee.name,
        number=locked.number,
    )
    CaseEvent.write("", Status.APPLIED, by=by, note=note, case=new, on=on)
    _move_case(new, Status.ACCEPTED, on, by, gettext_noop("受理移交案件"))
    new.accepted_on = on
    new.number = numbering.next_number(to_committee.unit, "mediation.case", on.year, "调")
    steps.touch(new, by, ["status", "accepted_on", "number"])
    _start_conclusion_clock(new, on, by)
    steps.sync(case, locked)
    return new
