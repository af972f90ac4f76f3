"""Cases from clue to investigation: clue, filing (limitation period, decision
clock), administrative inspection, investigation records, evidence and
its preservation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import steps
from fazhi.core import workflow as core_workflow
from fazhi.core.attachments import attach
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit

from .. import dates, rules
from ..models import (
    CaseEvent,
    EnforcementCase,
    Evidence,
    InvestigationStep,
    Preservation,
)
from ._common import (
    CLOCK_DECISION,
    CLOCK_PRESERVATION,
    Case,
    Stage,
    _event,
    _lock_case,
    _number,
    _officers,
    _start_clock,
)
from .officers import check_officers


def _check_limitation(case: EnforcementCase, field: str = "discovered_on") -> None:
    last = dates.limitation_end(case.act_date, case.extended_limitation)
    if case.discovered_on > last:
        years = (
            rules.LIMITATION_YEARS_EXTENDED if case.extended_limitation else rules.LIMITATION_YEARS
        )
        raise RuleViolation(
            _(
                "违法行为发生于%(act_date)s，%(years)s年内（至%(last)s）未被发现，不再给予行政处罚（发现日期%(discovered_on)s）。"
            )
            % {
                "act_date": case.act_date.isoformat(),
                "years": years,
                "last": last.isoformat(),
                "discovered_on": case.discovered_on.isoformat(),
            },
            field=field,
            rule=rules.ART_36,
        )


def case_units(units: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Those of `units` a case (clue, summary penalty, inspection) is
    registered to: the township, whose 乡镇人民政府 is the enforcing body
    (执法主体) of the penalties it takes over (《行政处罚法》第二十四条), never a
    village or an office of the township. Every way a case is entered checks
    it; the case forms offer only these."""
    return units.filter(kind=OrgUnit.Kind.TOWNSHIP)


def check_case_unit(case: EnforcementCase) -> None:
    """Refuse a case entered for a unit `case_units` does not take, naming
    the field 所属单位 (register_clue, open_inspection, summary_penalty)."""
    if not case_units(OrgUnit.objects.filter(pk=case.unit_id)).exists():
        raise RuleViolation(
            _("所属单位应为乡镇：行政处罚以乡镇人民政府名义实施，村和站所不是执法主体。"),
            field="unit",
            rule=rules.ART_24,
        )


def _check_case_dates(case: EnforcementCase) -> None:
    # The party's ID number / credit code is checked with the dates: every way
    # a case is entered (clue, summary, inspection) passes here.
    case.id_number = steps.check_party_number(
        case.id_number, "id_number", person=case.party_type != Case.PartyType.ORGANISATION
    )
    steps.check_date(case.act_date, "act_date", _("违法行为发生日期"))
    steps.check_date(
        case.discovered_on,
        "discovered_on",
        _("发现日期"),
        not_before=case.act_date,
        before_what=_("违法行为发生日期"),
    )


@transaction.atomic
def register_clue(case: EnforcementCase, *, by: Any) -> EnforcementCase:
    """Record a clue (线索) found by inspection, report or referral."""
    check_case_unit(case)
    case.stage = Stage.CLUE
    if not case.case_type:
        case.case_type = Case.CaseType.PENALTY
    _check_case_dates(case)
    case = core_workflow.create_record(case, by=by, note=gettext_noop("登记线索"))
    CaseEvent.write(
        "",
        case.stage,
        by=by,
        case=case,
        action="clue",
        label=gettext_noop("登记线索"),
        on=case.discovered_on,
    )
    return case


@transaction.atomic
def file_case(case: EnforcementCase, *, on: dt.date, by: Any) -> EnforcementCase:
    """立案 (《行政处罚法》第五十四条). Refused when the act was discovered after
    the limitation period (第三十六条: 2 years, 5 for the named categories);
    starts the 90-day decision clock (第六十条)."""
    locked = _lock_case(case, by, "file")
    steps.check_date(
        on, "filed_on", _("立案日期"), not_before=locked.discovered_on, before_what=_("发现日期")
    )
    _check_limitation(locked)
    old = locked.stage
    locked.filed_on = on
    locked.number = _number(locked, "enforcement_case", "综执立", on)
    locked.stage = Stage.FILED
    steps.touch(locked, by, ["filed_on", "number", "stage"])
    if locked.case_type == Case.CaseType.PENALTY:
        _start_clock(
            locked,
            locked,
            kind=CLOCK_DECISION,
            label=gettext_noop("作出行政处罚决定（立案之日起90日）"),
            start_date=on,
            length=rules.DECISION_DAYS,
            unit="calendar",
            rule=rules.ART_60,
            by=by,
        )
    _event(locked, "file", on, by, old=old, note=locked.number)
    return locked


@transaction.atomic
def open_inspection(case: EnforcementCase, *, on: dt.date, by: Any) -> EnforcementCase:
    """Register an administrative inspection (行政检查) as a case of its own."""
    check_case_unit(case)
    case.case_type = Case.CaseType.INSPECTION
    case.stage = Stage.FILED
    case.act_date = case.act_date or on
    case.discovered_on = case.discovered_on or on
    steps.check_date(on, "filed_on", _("检查日期"))
    case.filed_on = on
    case.number = _number(case, "enforcement_inspection", "综执检", on)
    case = core_workflow.create_record(case, by=by, note=gettext_noop("登记行政检查"))
    CaseEvent.write(
        "", case.stage, by=by, case=case, action="file", label=gettext_noop("登记行政检查"), on=on
    )
    return case


@transaction.atomic
def record_investigation(
    case: EnforcementCase,
    *,
    kind: str,
    on: dt.date,
    place: str,
    summary: str,
    officers: Iterable[Any],
    by: Any,
) -> InvestigationStep:
    """调查取证 / 检查: at least two officers, each with a certificate valid on
    that date and covering the case's field (《行政处罚法》第四十二条、第五十五条)."""
    locked = _lock_case(case, by, "investigate")
    steps.check_date(on, "on", _("调查日期"), not_before=locked.filed_on, before_what=_("立案日期"))
    people = check_officers(locked, _officers(officers), on)
    step = InvestigationStep.objects.create(
        case=locked,
        kind=kind,
        on=on,
        place=steps.require_text(place, "place", _("地点")),
        summary=steps.require_text(summary, "summary", _("笔录摘要")),
        by=steps.actor(by),
    )
    step.officers.set(people)
    locked.officers.add(*people)
    old = locked.stage
    locked.stage = Stage.INVESTIGATING
    steps.touch(locked, by, ["stage"])
    names = "、".join(o.person.name for o in people)
    _event(
        locked,
        "investigate",
        on,
        by,
        old=old,
        note=stored(
            gettext_noop("%(kind)s，执法人员：%(names)s"),
            kind=step.get_kind_display,
            names=names,
        ),
    )
    return step


@transaction.atomic
def add_evidence(
    case: EnforcementCase,
    *,
    kind: str,
    description: str,
    collected_on: dt.date,
    place: str,
    collected_by: Iterable[Any],
    by: Any,
    files: Iterable[UploadedFile] = (),
) -> Evidence:
    """An evidence item: kind, description, who collected it, when and where;
    its files are stored with their SHA-256 (《行政处罚法》第四十六条、第四十七条)."""
    locked = steps.lock(case, by=by)
    # Evidence is gathered from filing until the decision (not on a bare clue,
    # not once decided: the decision rests on the file as it then stood).
    if locked.stage not in (
        Stage.FILED,
        Stage.INVESTIGATING,
        Stage.REVIEWED,
        Stage.NOTIFIED,
        Stage.HEARING,
    ):
        raise RuleViolation(
            _("案件当前处于“%(stage)s”阶段，不能补充证据。")
            % {"stage": locked.get_stage_display()},
            field="stage",
        )
    steps.check_date(
        collected_on,
        "collected_on",
        _("收集日期"),
        not_before=locked.discovered_on,
        before_what=_("发现日期"),
    )
    people = _officers(collected_by)
    if not people:
        raise RuleViolation(_("请选择收集证据的执法人员。"), field="collected_by")
    evidence = Evidence.objects.create(
        case=locked,
        kind=kind,
        description=steps.require_text(description, "description", _("证据说明")),
        collected_on=collected_on,
        place=steps.require_text(place, "place", _("收集地点")),
        by=steps.actor(by),
    )
    evidence.collected_by.set(people)
    for upload in files:
        attach(evidence, upload, unit=locked.unit, by=by, description=description[:200])
    _event(
        locked,
        "evidence",
        collected_on,
        by,
        old=locked.stage,
        label=gettext_noop("收集证据"),
        note=str(evidence),
    )
    return evidence


@transaction.atomic
def preserve_evidence(
    case: EnforcementCase, *, started_on: dt.date, items: str, approved_by: str, by: Any
) -> Preservation:
    """先行登记保存: needs the head's approval; decided within 7 working days
    (《行政处罚法》第五十六条、第八十五条), so a clock starts."""
    locked = _lock_case(case, by, "preserve")
    steps.check_date(started_on, "started_on", _("登记保存日期"))
    p = Preservation.objects.create(
        case=locked,
        started_on=started_on,
        items=steps.require_text(items, "items", _("登记保存物品")),
        approved_by=steps.require_text(approved_by, "approved_by", _("批准负责人"), rules.ART_56),
    )
    _start_clock(
        p,
        locked,
        kind=CLOCK_PRESERVATION,
        label=gettext_noop("先行登记保存处理决定（7个工作日）"),
        start_date=started_on,
        length=rules.PRESERVATION_WORKING_DAYS,
        unit="working",
        rule=rules.ART_56,
        by=by,
    )
    _event(locked, "preserve", started_on, by, old=locked.stage, note=p.items[:100])
    return p


@transaction.atomic
def decide_preservation(p: Preservation, *, on: dt.date, decision: str, by: Any) -> Preservation:
    steps.check_scope(p.case, by)
    locked = steps.lock(p)
    if locked.decided_on:
        raise RuleViolation(_("该先行登记保存已作出处理决定。"), field="decided_on")
    steps.check_not_before(
        on, locked.started_on, "decided_on", _("处理决定日期"), _("登记保存日期")
    )
    locked.decided_on, locked.decision = on, steps.require_text(decision, "decision", _("处理决定"))
    locked.save(update_fields=["decided_on", "decision"])
    due = steps.running_due(locked, CLOCK_PRESERVATION)
    steps.stop_clock(locked, CLOCK_PRESERVATION, on, by)
    late = gettext_noop("（超过7个工作日）") if due and on > due else ""
    _event(
        locked.case,
        "preserve_decision",
        on,
        by,
        old=locked.case.stage,
        label=gettext_noop("先行登记保存处理决定"),
        note=f"{locked.decision}{late}",
    )
    return locked
