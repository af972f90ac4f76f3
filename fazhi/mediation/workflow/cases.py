"""A mediation case from application to mediation: apply, accept or decline,
assign mediators (with recusal), record sessions, extend the period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, clocks, numbering, rulesettings, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import Clock, User

from .. import rules
from ..models import (
    CaseEvent,
    CaseMediator,
    Dispute,
    MediationCase,
    MediationCommittee,
    Mediator,
    Relative,
    Session,
)
from ._common import (
    DStatus,
    Status,
    _check_committee_for,
    _move_case,
    _move_dispute,
    _start_conclusion_clock,
)


@transaction.atomic
def apply(
    dispute: Dispute,
    *,
    committee: MediationCommittee,
    start: str,
    applied_on: dt.date,
    applicant: str = "",
    request: str = "",
    by: Any,
) -> MediationCase:
    """申请或主动调解 (人民调解法第十七条、第十八条): open a case on a dispute."""
    steps.check_writer(by)
    locked = steps.lock(dispute)
    core_workflow.check_unit_in_scope(committee.unit, by, field="committee")
    if start not in (
        MediationCase.Start.APPLICATION,
        MediationCase.Start.EX_OFFICIO,
        MediationCase.Start.REFERRAL,
    ):
        raise RuleViolation(_("请选择启动方式。"), field="start")
    if start in (MediationCase.Start.APPLICATION, MediationCase.Start.REFERRAL):
        steps.require_text(applicant, "applicant", _("申请人或移送单位"))
    if locked.status == DStatus.RESOLVED:
        raise RuleViolation(_("该纠纷已化解，不能再申请调解。"), field="dispute")
    if locked.cases.filter(status__in=MediationCase.OPEN_STATUSES).exists():
        raise RuleViolation(_("该纠纷已有正在进行的调解案件。"), field="dispute")
    steps.check_date(
        applied_on,
        "applied_on",
        _("申请日期"),
        not_before=locked.found_on,
        before_what=_("纠纷发现/登记日期"),
    )
    _check_committee_for(locked, committee, applied_on)
    case = MediationCase(
        unit=committee.unit,
        dispute=locked,
        committee=committee,
        start=start,
        applied_on=applied_on,
        applicant=applicant,
        request=request,
        status=Status.APPLIED,
    )
    core_workflow.create_record(case, by=by)
    CaseEvent.write("", Status.APPLIED, by=by, case=case, on=applied_on)
    return case


@transaction.atomic
def accept(
    case: MediationCase, *, on: dt.date, by: Any, version: int | None = None
) -> MediationCase:
    """受理登记: number the case, start the one-month clock, the dispute is now
    being mediated."""
    steps.check_writer(by)
    locked = steps.lock(case, version=version)
    steps.check_date(
        on, "on", _("受理日期"), not_before=locked.applied_on, before_what=_("申请日期")
    )
    _move_case(locked, Status.ACCEPTED, on, by, gettext_noop("受理登记"))
    locked.accepted_on = on
    locked.number = numbering.next_number(locked.committee.unit, "mediation.case", on.year, "调")
    steps.touch(locked, by, ["status", "accepted_on", "number"])
    _move_dispute(
        locked.dispute,
        DStatus.MEDIATING,
        by,
        note=stored(gettext_noop("受理调解 %(number)s"), number=locked.number),
    )
    _start_conclusion_clock(locked, on, by)
    return steps.sync(case, locked)


@transaction.atomic
def decline(
    case: MediationCase, *, on: dt.date, reason: str, by: Any, version: int | None = None
) -> MediationCase:
    """不予受理, e.g. a party clearly refuses mediation (人民调解法第十七条)."""
    steps.check_writer(by)
    locked = steps.lock(case, version=version)
    reason = steps.require_text(reason, "reason", _("不予受理的理由"), rules.ART_17)
    steps.check_not_before(on, locked.applied_on, "on", _("决定日期"), _("申请日期"))
    _move_case(locked, Status.DECLINED, on, by, reason)
    locked.decline_reason = reason
    locked.concluded_on = on
    steps.touch(locked, by, ["status", "decline_reason", "concluded_on"])
    return steps.sync(case, locked)


def _check_recusal(case: MediationCase, mediator: Mediator, declared_related: bool) -> None:
    """A mediator who is a party, or a party's close relative, must withdraw."""
    party_people = list(case.dispute.parties.values_list("person_id", "person__id_number"))
    mediator_person = mediator.person
    for person_id, id_number in party_people:
        same = person_id == mediator_person.pk or (
            id_number and mediator_person.id_number and id_number == mediator_person.id_number
        )
        if same:
            raise RuleViolation(
                _("%(name)s是本案当事人，不能担任调解员。") % {"name": mediator_person.name},
                field="mediator",
                rule=rules.RECUSAL_RULE,
            )
    ids = [p[0] for p in party_people]
    kin = (
        Relative.objects.filter(
            Q(person=mediator_person, relative_id__in=ids)
            | Q(relative=mediator_person, person_id__in=ids)
        )
        .select_related("person", "relative")
        .first()
    )
    if kin is not None:
        other = kin.relative if kin.person_id == mediator_person.pk else kin.person
        raise RuleViolation(
            _("%(name)s与当事人%(name2)s有%(get_relation_display)s关系，应当回避。")
            % {
                "name": mediator_person.name,
                "name2": other.name,
                "get_relation_display": kin.get_relation_display(),
            },
            field="mediator",
            rule=rules.RECUSAL_RULE,
        )
    if declared_related:
        raise RuleViolation(
            _("%(name)s声明与当事人有亲属或利害关系，应当回避，请另行指定调解员。")
            % {"name": mediator_person.name},
            field="declared_related",
            rule=rules.RECUSAL_RULE,
        )


@transaction.atomic
def assign_mediator(
    case: MediationCase,
    *,
    mediator: Mediator,
    on: dt.date,
    chosen_by_parties: bool = False,
    declared_related: bool = False,
    by: Any,
    version: int | None = None,
) -> CaseMediator:
    """指定或当事人选定调解员 (人民调解法第十九条); a mediator who is a party or
    related to one is refused (回避)."""
    steps.check_writer(by)
    locked = steps.lock(case, version=version)
    if locked.status not in (Status.ACCEPTED, Status.MEDIATING):
        raise RuleViolation(_("只有已受理或调解中的案件才能指定调解员。"), field="mediator")
    if mediator.committee_id != locked.committee_id:
        raise RuleViolation(
            _("%(mediator)s不是%(name)s的调解员。")
            % {"mediator": mediator, "name": locked.committee.name},
            field="mediator",
            rule=rules.ART_19,
        )
    if mediator.appointed_on > on or (mediator.left_on is not None and mediator.left_on <= on):
        raise RuleViolation(
            _("%(mediator)s在%(on)s不在任。") % {"mediator": mediator, "on": on.isoformat()},
            field="mediator",
        )
    steps.check_not_before(on, locked.accepted_on, "on", _("指定日期"), _("受理日期"))
    if locked.assignments.filter(mediator=mediator).exists():
        raise RuleViolation(
            _("%(mediator)s已是本案调解员。") % {"mediator": mediator}, field="mediator"
        )
    _check_recusal(locked, mediator, declared_related)
    row = CaseMediator.objects.create(
        case=locked,
        mediator=mediator,
        assigned_on=on,
        chosen_by_parties=chosen_by_parties,
        no_relation_declared=True,
    )
    fields: list[str] = []
    if locked.status == Status.ACCEPTED:
        _move_case(
            locked,
            Status.MEDIATING,
            on,
            by,
            stored(gettext_noop("指定调解员 %(mediator)s"), mediator=mediator),
        )
        fields.append("status")
    if chosen_by_parties:
        locked.parties_choice = stored(
            gettext_noop("当事人选定调解员%(mediator)s"), mediator=mediator
        )
        fields.append("parties_choice")
    steps.touch(locked, by, fields)
    audit.record(
        locked, by=by, action="update", changes={gettext_noop("调解员"): [None, str(mediator)]}
    )
    running = steps.running_clock(locked, rules.CLOCK_CONCLUSION)
    users = list(User.objects.filter(person_id=mediator.person_id, is_active=True))
    if running is not None:
        clocks.add_recipients(running, users)
    steps.sync(case, locked)
    return row


@transaction.atomic
def record_session(
    case: MediationCase,
    *,
    held_on: dt.date,
    place: str,
    attendees: str,
    record: str,
    public: bool = False,
    by: Any,
) -> Session:
    """调解记录 (人民调解法第二十三条: the parties choose a public or private session)."""
    steps.check_writer(by)
    locked = steps.lock(case)
    if locked.status != Status.MEDIATING:
        raise RuleViolation(_("请先指定调解员，案件进入调解后再记录调解过程。"), field="held_on")
    steps.check_date(
        held_on, "held_on", _("调解日期"), not_before=locked.accepted_on, before_what=_("受理日期")
    )
    session = Session.objects.create(
        case=locked,
        held_on=held_on,
        place=steps.require_text(place, "place", _("调解地点")),
        attendees=steps.require_text(attendees, "attendees", _("参加人员")),
        record=steps.require_text(record, "record", _("调解记录")),
        public=public,
    )
    audit.record(
        locked, by=by, action="update", changes={gettext_noop("调解记录"): [None, str(session)]}
    )
    return session


@transaction.atomic
def extend_conclusion(
    case: MediationCase, *, days: int, reason: str, parties_consent: bool, on: dt.date, by: Any
) -> Clock:
    """Extend the one-month period: only with both parties' consent, up to the
    setting's cap (《人民调解工作若干规定》第三十三条 [S])."""
    steps.check_writer(by)
    locked = steps.lock(case)
    if not locked.is_open:
        raise RuleViolation(_("案件已结束，不能延长调解期限。"), field="days")
    if not parties_consent:
        raise RuleViolation(
            _("延长调解期限须经双方当事人同意。"),
            field="parties_consent",
            rule="《人民调解工作若干规定》第三十三条",
        )
    running = steps.running_clock(locked, rules.CLOCK_CONCLUSION)
    if running is None:
        raise RuleViolation(_("该案件没有计时中的调解期限。"), field="days")
    cap = int(rulesettings.get(locked.committee.unit, rules.CONCLUSION_EXTENSION_MAX_DAYS.key))
    return clocks.extend(
        running,
        days=days,
        reason=reason,
        approver=gettext_noop("双方当事人"),
        legal_basis="《人民调解工作若干规定》第三十三条",
        by=by,
        max_days=cap,
        on=on,
    )
