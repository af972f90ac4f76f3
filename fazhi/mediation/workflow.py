"""Every state change of people's mediation and the dispute ledger.

Each function is one transaction: it locks the row, checks the allowed
transition (the tables next to the status fields), writes the new state and a
history row, writes the audit event, starts or stops the statutory clocks and
posts reminders after commit. A refusal raises `RuleViolation` naming the field
and the rule, and leaves nothing saved.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from fazhi.core import audit, clocks, numbering, reminders, rulesettings
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import ConcurrentEdit, RuleViolation
from fazhi.core.models import Clock, OrgUnit, Person, User
from fazhi.core.roles import Role
from fazhi.core.validators import normalize_id_number

from . import rules
from .models import (
    Agreement,
    CaseEvent,
    CaseMediator,
    CommitteeLevel,
    CommitteeMember,
    Dispute,
    DisputeParty,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
    MediationCommittee,
    Mediator,
    MediatorTraining,
    Relative,
    Screening,
    Session,
    committee_term_end,
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


# ---------------------------------------------------------------------------
# Committees, members, mediators
# ---------------------------------------------------------------------------


def _check_level(committee: MediationCommittee) -> None:
    """A township-level committee sits on the township, a village-level one on a
    village or residents' community (人民调解法第八条、第三十四条)."""
    kind = committee.unit.kind
    if committee.level == CommitteeLevel.TOWNSHIP and kind != OrgUnit.Kind.TOWNSHIP:
        raise RuleViolation(
            "乡级调委会的所属单位应为乡(镇)。", field="unit", rule="《人民调解法》第三十四条"
        )
    if committee.level == CommitteeLevel.VILLAGE and kind not in (
        OrgUnit.Kind.VILLAGE,
        OrgUnit.Kind.COMMUNITY,
    ):
        raise RuleViolation("村级调委会的所属单位应为村或社区。", field="unit", rule=rules.ART_8)


def create_committee(committee: MediationCommittee, *, by: Any) -> MediationCommittee:
    """Register a committee; its term runs three years from `term_start`
    (人民调解法第九条)."""
    with transaction.atomic():
        _check_level(committee)
        if committee.dissolved_on and committee.dissolved_on < committee.established_on:
            raise RuleViolation("撤销日期不能早于成立日期。", field="dissolved_on")
        committee.term_start = committee.term_start or committee.established_on
        committee.term_end = committee_term_end(committee.term_start)
        return core_workflow.create_record(committee, by=by)


def update_committee(
    committee: MediationCommittee, *, by: Any, version: int | None, before: dict[str, Any]
) -> MediationCommittee:
    with transaction.atomic():
        _check_level(committee)
        if committee.term_start:
            committee.term_end = committee_term_end(committee.term_start)
        if committee.dissolved_on and committee.dissolved_on < committee.established_on:
            raise RuleViolation("撤销日期不能早于成立日期。", field="dissolved_on")
        return core_workflow.update_record(committee, by=by, version=version, before=before)


@transaction.atomic
def renew_term(
    committee: MediationCommittee, *, term_start: dt.date, by: Any, version: int | None = None
) -> MediationCommittee:
    """换届: a new three-year term (人民调解法第九条: members may be re-elected)."""
    locked = _lock(committee, version)
    if locked.term_start and term_start <= locked.term_start:
        raise RuleViolation(
            "新一届任期开始日期应晚于本届任期开始日期。", field="term_start", rule=rules.ART_9
        )
    before = {"term_start": locked.term_start, "term_end": locked.term_end}
    locked.term_start = term_start
    locked.term_end = committee_term_end(term_start)
    _touch(locked, by, ["term_start", "term_end"])
    audit.record(
        locked,
        by=by,
        action="update",
        changes={k: [v, getattr(locked, k)] for k, v in before.items()},
        note="换届",
    )
    return _sync(committee, locked)


@transaction.atomic
def add_member(
    committee: MediationCommittee, *, person: Person, position: str, elected_on: dt.date, by: Any
) -> CommitteeMember:
    """Add a member. A committee has one chair (人民调解法第八条); the size and
    the woman / minority rules are shown as warnings (queries.composition_warnings)."""
    core_workflow.check_can_write(by)
    locked = _lock(committee)
    if position not in CommitteeMember.Position.values:
        raise RuleViolation("请选择职务。", field="position")
    if elected_on < locked.established_on:
        raise RuleViolation("当选日期不能早于调委会成立日期。", field="elected_on")
    if locked.members.filter(person=person, left_on__isnull=True).exists():
        raise RuleViolation(f"{person.name}已是本调委会委员。", field="person")
    if (
        position == CommitteeMember.Position.CHAIR
        and locked.members.filter(
            position=CommitteeMember.Position.CHAIR, left_on__isnull=True
        ).exists()
    ):
        raise RuleViolation(
            "调委会设主任一人，请先办理原主任离任。", field="position", rule=rules.ART_8
        )
    member = CommitteeMember.objects.create(
        committee=locked, person=person, position=position, elected_on=elected_on
    )
    audit.record(locked, by=by, action="update", changes={"委员": [None, str(member)]})
    return member


@transaction.atomic
def end_member(member: CommitteeMember, *, left_on: dt.date, by: Any) -> CommitteeMember:
    core_workflow.check_can_write(by)
    locked = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    if locked.left_on is not None:
        raise RuleViolation("该委员已离任。", field="left_on")
    if left_on < locked.elected_on:
        raise RuleViolation("离任日期不能早于当选日期。", field="left_on")
    locked.left_on = left_on
    locked.save(update_fields=["left_on"])
    audit.record(
        locked.committee,
        by=by,
        action="update",
        changes={"委员": [str(locked), None]},
        note=f"{left_on} 离任",
    )
    return _sync(member, locked)


def appoint_mediator(mediator: Mediator, *, by: Any) -> Mediator:
    """Appoint a mediator to a committee; the mediator's records belong to the
    committee's unit (a village mediator sees their village)."""
    with transaction.atomic():
        mediator.unit = mediator.committee.unit
        if mediator.appointed_on < mediator.committee.established_on:
            raise RuleViolation("聘任日期不能早于调委会成立日期。", field="appointed_on")
        if mediator.left_on and mediator.left_on < mediator.appointed_on:
            raise RuleViolation("离任日期不能早于聘任日期。", field="left_on")
        if Mediator.objects.filter(committee=mediator.committee, person=mediator.person).exists():
            raise RuleViolation(f"{mediator.person.name}已是该调委会的调解员。", field="person")
        return core_workflow.create_record(mediator, by=by)


def update_mediator(
    mediator: Mediator, *, by: Any, version: int | None, before: dict[str, Any]
) -> Mediator:
    with transaction.atomic():
        mediator.unit = mediator.committee.unit
        if mediator.left_on and mediator.left_on < mediator.appointed_on:
            raise RuleViolation("离任日期不能早于聘任日期。", field="left_on")
        return core_workflow.update_record(mediator, by=by, version=version, before=before)


@transaction.atomic
def add_training(
    mediator: Mediator,
    *,
    held_on: dt.date,
    title: str,
    organiser: str = "",
    hours: Any = 0,
    by: Any,
) -> MediatorTraining:
    """A training record (人民调解法第十四条: mediators are trained regularly)."""
    core_workflow.check_can_write(by)
    title = _require(title, "请填写培训内容。", "title")
    _not_future(held_on, "held_on", "培训日期")
    training = MediatorTraining.objects.create(
        mediator=mediator, held_on=held_on, title=title, organiser=organiser, hours=hours or 0
    )
    audit.record(mediator, by=by, action="update", changes={"培训": [None, str(training)]})
    return training


@transaction.atomic
def declare_relative(person: Person, relative: Person, *, relation: str, by: Any) -> Relative:
    """Record a close relationship; the recusal check reads it both ways."""
    core_workflow.check_can_write(by)
    if person.pk == relative.pk:
        raise RuleViolation("不能与本人建立亲属关系。", field="relative")
    if relation not in Relative.Relation.values:
        raise RuleViolation("请选择亲属关系。", field="relation")
    row, _ = Relative.objects.get_or_create(
        person=person, relative=relative, defaults={"relation": relation}
    )
    audit.record(person, by=by, action="update", changes={"亲属关系": [None, str(row)]})
    return row


# ---------------------------------------------------------------------------
# Screening and the dispute ledger
# ---------------------------------------------------------------------------


def record_screening(screening: Screening, *, by: Any) -> Screening:
    """A screening round; the disputes it finds are registered with it."""
    with transaction.atomic():
        _not_future(screening.screened_on, "screened_on", "排查日期")
        return core_workflow.create_record(screening, by=by)


@dataclass
class PartyInput:
    """A party as entered: an existing person, or the particulars of a new one."""

    name: str = ""
    role: str = DisputeParty.Role.APPLICANT
    id_number: str = ""
    gender: str = ""
    ethnicity: str = ""
    phone: str = ""
    address: str = ""
    person: Person | None = None


def _party_person(dispute: Dispute, party: PartyInput, index: int, by: Any) -> Person:
    if party.person is not None:
        return party.person
    label = f"当事人{index + 1}"
    name = _require(party.name, f"请填写{label}的姓名。", "name")
    id_number = normalize_id_number(party.id_number)
    if id_number:
        existing = Person.objects.visible_to(by).filter(id_number=id_number).first()
        if existing is not None:
            if existing.name != name:
                raise RuleViolation(
                    f"{label}的身份证号码已登记为“{existing.name}”，与填写的姓名“{name}”不符，请核对。",
                    field="id_number",
                )
            return existing
    person = Person(
        unit=dispute.unit,
        name=name,
        id_number=id_number,
        gender=party.gender or gender_from_id(id_number),
        ethnicity=party.ethnicity or "汉族",
        phone=(party.phone or "").strip(),
        address=party.address,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _check_person(person, label)
    person.save()
    return person


def gender_from_id(id_number: str) -> str:
    """The sex an 18-digit ID number states (GB 11643: the 17th digit, odd for
    a man); empty if the number is not in that shape. A written agreement
    states each party's particulars, and ledgers often leave 性别 blank."""
    if len(id_number) != 18 or not id_number[16].isdigit():
        return ""
    return Person.Gender.MALE if int(id_number[16]) % 2 else Person.Gender.FEMALE


PERSON_LABELS = {
    "id_number": "身份证号码",
    "phone": "联系电话",
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "address": "住址",
}


def _check_person(person: Person, label: str) -> None:
    """The person's particulars as the model checks them (GB 11643 check digit,
    phone shape, lengths), refused with the party and the field named."""
    try:
        person.full_clean(exclude=["unit", "created_by", "updated_by"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise RuleViolation(
            f"{label}的{PERSON_LABELS.get(field, field)}：{messages[0]}", field=field
        ) from None


def _check_party_role(role: str) -> None:
    if role not in DisputeParty.Role.values:
        raise RuleViolation("请选择当事人身份。", field="role")


def register_dispute(dispute: Dispute, *, parties: Sequence[PartyInput] = (), by: Any) -> Dispute:
    """Register a dispute in the live ledger with its parties, all or nothing.
    A high-risk dispute needs its reason and is sent to the township leaders."""
    with transaction.atomic():
        _check_dispute(dispute)
        dispute.number = numbering.next_number(
            township_of(dispute.unit), "mediation.dispute", dispute.found_on.year, "纠"
        )
        dispute.status = DStatus.REGISTERED
        core_workflow.create_record(dispute, by=by)
        for index, party in enumerate(parties):
            _check_party_role(party.role)
            person = _party_person(dispute, party, index, by)
            if dispute.parties.filter(person=person).exists():
                raise RuleViolation(f"当事人{index + 1}（{person.name}）重复。", field="name")
            row = DisputeParty.objects.create(dispute=dispute, person=person, role=party.role)
            audit.record(dispute, by=by, action="update", changes={"当事人": [None, str(row)]})
        if dispute.risk_level == Dispute.Risk.HIGH:
            _notify_high_risk(dispute)
        return dispute


def _check_dispute(dispute: Dispute) -> None:
    _not_future(dispute.found_on, "found_on", "发现/登记日期")
    if dispute.risk_level == Dispute.Risk.HIGH and not (dispute.risk_reason or "").strip():
        raise RuleViolation(
            "风险等级为“高”时，请填写风险判断理由。",
            field="risk_reason",
            rule="《人民调解法》第二十五条",
        )
    if dispute.source == Dispute.Source.SCREENING and dispute.screening_id is None:
        raise RuleViolation("来源为“排查发现”时，请选择排查轮次。", field="screening")
    if dispute.screening_id is not None:
        screening = dispute.screening
        assert screening is not None
        if not screening.unit.contains(dispute.unit) and not dispute.unit.contains(screening.unit):
            raise RuleViolation("所选排查轮次不属于该纠纷的单位。", field="screening")
        if screening.screened_on > dispute.found_on:
            raise RuleViolation("发现日期不能早于排查日期。", field="found_on")
    if dispute.amount is not None and dispute.amount < 0:
        raise RuleViolation("涉及金额不能为负数。", field="amount")


def update_dispute(
    dispute: Dispute, *, by: Any, version: int | None, before: dict[str, Any]
) -> Dispute:
    """Edit the ledger entry (not its status: that follows the cases). Raising
    the risk to high notifies the leaders."""
    with transaction.atomic():
        _check_dispute(dispute)
        was_high = before.get("risk_level") == Dispute.Risk.HIGH
        saved = core_workflow.update_record(dispute, by=by, version=version, before=before)
        if saved.risk_level == Dispute.Risk.HIGH and not was_high:
            _notify_high_risk(saved)
        return saved


def _notify_high_risk(dispute: Dispute) -> None:
    """人民调解法第二十五条: a dispute that may escalate calls for preventive
    measures; the township's leaders are told at once."""
    reminders.post_many(
        leaders_of(dispute.unit),
        key=f"mediation:dispute:{dispute.pk}:high",
        title=f"高风险矛盾纠纷：{dispute.title}（{dispute.unit.name}）",
        url=dispute.get_absolute_url(),
    )


def parties_frozen(dispute: Dispute) -> bool:
    """The parties are fixed once a mediation of the dispute reached an
    agreement: the agreement states them (人民调解法第二十九条), so the ledger
    must keep saying what the agreement says."""
    return Agreement.objects.filter(case__dispute=dispute).exists()


def _check_parties_open(dispute: Dispute) -> None:
    if parties_frozen(dispute):
        raise RuleViolation(
            "该纠纷已达成调解协议，当事人已载入协议，不能再增加、修改或移除。",
            field="party",
            rule=rules.ART_29,
        )


def _party_row(dispute: Dispute, party: DisputeParty) -> DisputeParty:
    row = (
        DisputeParty.objects.select_for_update()
        .select_related("person")
        .filter(pk=party.pk, dispute=dispute)
        .first()
    )
    if row is None:
        raise RuleViolation("该当事人不属于本纠纷或已被移除。", field="party")
    return row


@transaction.atomic
def add_party(
    dispute: Dispute, party: PartyInput, *, by: Any, version: int | None = None
) -> DisputeParty:
    """Add a party, until the agreement fixes them."""
    core_workflow.check_can_write(by)
    locked = _lock(dispute, version)
    _check_parties_open(locked)
    _check_party_role(party.role)
    person = _party_person(locked, party, locked.parties.count(), by)
    if locked.parties.filter(person=person).exists():
        raise RuleViolation(f"{person.name}已是该纠纷的当事人。", field="name")
    row = DisputeParty.objects.create(dispute=locked, person=person, role=party.role)
    _touch(locked, by, [])
    audit.record(locked, by=by, action="update", changes={"当事人": [None, str(row)]})
    return _sync_party(dispute, locked, row)


def _sync_party(dispute: Dispute, locked: Dispute, row: DisputeParty) -> DisputeParty:
    _sync(dispute, locked)
    return row


# What a correction may change; an empty ID number, phone or address keeps the
# one on record (a role that sees them masked cannot repeat them).
KEEP_IF_BLANK = ("id_number", "phone", "address")


@transaction.atomic
def update_party(
    party: DisputeParty, data: PartyInput, *, by: Any, version: int | None = None
) -> DisputeParty:
    """Correct a party (a name misspelt, an ID number missing or wrong, the
    wrong role), until the agreement fixes them. The person's record is
    corrected where it is kept; an ID number already registered for someone
    of the same name makes the party that person instead."""
    core_workflow.check_can_write(by)
    locked = _lock(party.dispute, version)
    _check_parties_open(locked)
    row = _party_row(locked, party)
    _check_party_role(data.role)
    name = _require(data.name, "请填写当事人的姓名。", "name")
    id_number = normalize_id_number(data.id_number)
    person = row.person
    before_row = str(row)
    original_person = person.pk
    if id_number and id_number != person.id_number:
        other = (
            Person.objects.visible_to(by).filter(id_number=id_number).exclude(pk=person.pk).first()
        )
        if other is not None:
            if other.name != name:
                raise RuleViolation(
                    f"身份证号码已登记为“{other.name}”，与填写的姓名“{name}”不符，请核对。",
                    field="id_number",
                )
            if locked.parties.filter(person=other).exists():
                raise RuleViolation(f"{other.name}已是该纠纷的当事人。", field="id_number")
            row.person = other
            person = other
    before = audit.snapshot(person)
    values = {
        "name": name,
        "id_number": id_number,
        "gender": data.gender or person.gender or gender_from_id(id_number or person.id_number),
        "ethnicity": data.ethnicity or person.ethnicity or "汉族",
        "phone": (data.phone or "").strip(),
        "address": (data.address or "").strip(),
    }
    for field, value in values.items():
        if field in KEEP_IF_BLANK and not value:
            continue
        setattr(person, field, value)
    _check_person(person, "当事人")
    after = audit.snapshot(person)
    changes = audit.diff(before, after)
    if changes:
        if hasattr(person, "version"):
            person.version += 1
        person.updated_by = by if getattr(by, "is_authenticated", False) else None
        person.save()
        audit.record(person, by=by, action="update", changes=changes, note="更正纠纷当事人信息")
    role_changed = row.role != data.role
    row.role = data.role
    row.save(update_fields=["person", "role"])
    if not changes and not role_changed and row.person_id == original_person:
        raise RuleViolation("没有修改任何内容。", field="name")
    _touch(locked, by, [])
    fields = "、".join(PERSON_LABELS.get(k, k) for k in sorted(changes))
    audit.record(
        locked,
        by=by,
        action="update",
        changes={"当事人": [before_row, str(row)]},
        note=f"更正当事人信息（{fields or '身份'}）",
    )
    return _sync_party(party.dispute, locked, row)


@transaction.atomic
def remove_party(
    party: DisputeParty, *, by: Any, reason: str = "", version: int | None = None
) -> Dispute:
    """Remove a party entered by mistake, until the agreement fixes them. The
    person's record stays (other records may name them)."""
    core_workflow.check_can_write(by)
    locked = _lock(party.dispute, version)
    _check_parties_open(locked)
    row = _party_row(locked, party)
    text = str(row)
    row.delete()
    _touch(locked, by, [])
    audit.record(
        locked,
        by=by,
        action="update",
        changes={"当事人": [text, None]},
        note=(reason or "").strip() or "移除当事人",
    )
    return _sync(party.dispute, locked)


@transaction.atomic
def close_dispute(
    dispute: Dispute, *, outcome: str, on: dt.date, note: str, by: Any, version: int | None = None
) -> Dispute:
    """Close a dispute settled (or not) without a mediation case, e.g. on the
    spot during screening. A dispute with an open case follows the case."""
    core_workflow.check_can_write(by)
    locked = _lock(dispute, version)
    if outcome not in (DStatus.RESOLVED, DStatus.UNRESOLVED):
        raise RuleViolation("请选择处理结果：已化解或未化解。", field="outcome")
    if locked.cases.filter(status__in=MediationCase.OPEN_STATUSES).exists():
        raise RuleViolation("该纠纷有正在进行的调解案件，请在案件中办结。", field="outcome")
    if on < locked.found_on:
        raise RuleViolation("化解日期不能早于发现日期。", field="on")
    _not_future(on, "on", "化解日期")
    note = _require(note, "请填写处理结果。", "note")
    locked.outcome_note = note
    _touch(locked, by, ["outcome_note"])
    _move_dispute(locked, outcome, by, on=on, note=note)
    return _sync(dispute, locked)


# ---------------------------------------------------------------------------
# Mediation cases
# ---------------------------------------------------------------------------


def _check_committee_for(dispute: Dispute, committee: MediationCommittee, on: dt.date) -> None:
    if not committee.in_office_on(on):
        raise RuleViolation(f"{committee.name}在{on.isoformat()}不在存续期内。", field="committee")
    if not committee.unit.contains(dispute.unit):
        raise RuleViolation(
            f"{committee.name}不能调解{dispute.unit.name}的纠纷，请选择本村或乡调委会。",
            field="committee",
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
    core_workflow.check_can_write(by)
    locked = _lock(dispute)
    core_workflow.check_unit_in_scope(committee.unit, by, field="committee")
    if start not in (
        MediationCase.Start.APPLICATION,
        MediationCase.Start.EX_OFFICIO,
        MediationCase.Start.REFERRAL,
    ):
        raise RuleViolation("请选择启动方式。", field="start")
    if start in (MediationCase.Start.APPLICATION, MediationCase.Start.REFERRAL):
        _require(applicant, "请填写申请人或移送单位。", "applicant")
    if locked.status == DStatus.RESOLVED:
        raise RuleViolation("该纠纷已化解，不能再申请调解。", field="dispute")
    if locked.cases.filter(status__in=MediationCase.OPEN_STATUSES).exists():
        raise RuleViolation("该纠纷已有正在进行的调解案件。", field="dispute")
    if applied_on < locked.found_on:
        raise RuleViolation("申请日期不能早于纠纷发现/登记日期。", field="applied_on")
    _not_future(applied_on, "applied_on", "申请日期")
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


@transaction.atomic
def accept(
    case: MediationCase, *, on: dt.date, by: Any, version: int | None = None
) -> MediationCase:
    """受理登记: number the case, start the one-month clock, the dispute is now
    being mediated."""
    core_workflow.check_can_write(by)
    locked = _lock(case, version)
    if on < locked.applied_on:
        raise RuleViolation("受理日期不能早于申请日期。", field="on")
    _not_future(on, "on", "受理日期")
    _move_case(locked, Status.ACCEPTED, on, by, "受理登记")
    locked.accepted_on = on
    locked.number = numbering.next_number(locked.committee.unit, "mediation.case", on.year, "调")
    _touch(locked, by, ["status", "accepted_on", "number"])
    _move_dispute(locked.dispute, DStatus.MEDIATING, by, note=f"受理调解 {locked.number}")
    _start_conclusion_clock(locked, on, by)
    return _sync(case, locked)


@transaction.atomic
def decline(
    case: MediationCase, *, on: dt.date, reason: str, by: Any, version: int | None = None
) -> MediationCase:
    """不予受理, e.g. a party clearly refuses mediation (人民调解法第十七条)."""
    core_workflow.check_can_write(by)
    locked = _lock(case, version)
    reason = _require(reason, "请填写不予受理的理由。", "reason", rules.ART_17)
    if on < locked.applied_on:
        raise RuleViolation("决定日期不能早于申请日期。", field="on")
    _move_case(locked, Status.DECLINED, on, by, reason)
    locked.decline_reason = reason
    locked.concluded_on = on
    _touch(locked, by, ["status", "decline_reason", "concluded_on"])
    return _sync(case, locked)


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
                f"{mediator_person.name}是本案当事人，不能担任调解员。",
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
            f"{mediator_person.name}与当事人{other.name}有{kin.get_relation_display()}关系，应当回避。",
            field="mediator",
            rule=rules.RECUSAL_RULE,
        )
    if declared_related:
        raise RuleViolation(
            f"{mediator_person.name}声明与当事人有亲属或利害关系，应当回避，请另行指定调解员。",
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
    core_workflow.check_can_write(by)
    locked = _lock(case, version)
    if locked.status not in (Status.ACCEPTED, Status.MEDIATING):
        raise RuleViolation("只有已受理或调解中的案件才能指定调解员。", field="mediator")
    if mediator.committee_id != locked.committee_id:
        raise RuleViolation(
            f"{mediator}不是{locked.committee.name}的调解员。", field="mediator", rule=rules.ART_19
        )
    if mediator.appointed_on > on or (mediator.left_on is not None and mediator.left_on <= on):
        raise RuleViolation(f"{mediator}在{on.isoformat()}不在任。", field="mediator")
    if locked.accepted_on and on < locked.accepted_on:
        raise RuleViolation("指定日期不能早于受理日期。", field="on")
    if locked.assignments.filter(mediator=mediator).exists():
        raise RuleViolation(f"{mediator}已是本案调解员。", field="mediator")
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
        _move_case(locked, Status.MEDIATING, on, by, f"指定调解员 {mediator}")
        fields.append("status")
    if chosen_by_parties:
        locked.parties_choice = f"当事人选定调解员{mediator}"
        fields.append("parties_choice")
    _touch(locked, by, fields)
    audit.record(locked, by=by, action="update", changes={"调解员": [None, str(mediator)]})
    running = _clock(locked, rules.CLOCK_CONCLUSION)
    users = list(User.objects.filter(person_id=mediator.person_id, is_active=True))
    if running is not None:
        clocks.add_recipients(running, users)
    _sync(case, locked)
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
    core_workflow.check_can_write(by)
    locked = _lock(case)
    if locked.status != Status.MEDIATING:
        raise RuleViolation("请先指定调解员，案件进入调解后再记录调解过程。", field="held_on")
    if locked.accepted_on and held_on < locked.accepted_on:
        raise RuleViolation("调解日期不能早于受理日期。", field="held_on")
    _not_future(held_on, "held_on", "调解日期")
    session = Session.objects.create(
        case=locked,
        held_on=held_on,
        place=_require(place, "请填写调解地点。", "place"),
        attendees=_require(attendees, "请填写参加人员。", "attendees"),
        record=_require(record, "请填写调解记录。", "record"),
        public=public,
    )
    audit.record(locked, by=by, action="update", changes={"调解记录": [None, str(session)]})
    return session


@transaction.atomic
def extend_conclusion(
    case: MediationCase, *, days: int, reason: str, parties_consent: bool, on: dt.date, by: Any
) -> Clock:
    """Extend the one-month period: only with both parties' consent, up to the
    setting's cap (《人民调解工作若干规定》第三十三条 [S])."""
    core_workflow.check_can_write(by)
    locked = _lock(case)
    if not locked.is_open:
        raise RuleViolation("案件已结束，不能延长调解期限。", field="days")
    if not parties_consent:
        raise RuleViolation(
            "延长调解期限须经双方当事人同意。",
            field="parties_consent",
            rule="《人民调解工作若干规定》第三十三条",
        )
    running = _clock(locked, rules.CLOCK_CONCLUSION)
    if running is None:
        raise RuleViolation("该案件没有计时中的调解期限。", field="days")
    cap = int(rulesettings.get(locked.committee.unit, rules.CONCLUSION_EXTENSION_MAX_DAYS.key))
    return clocks.extend(
        running,
        days=days,
        reason=reason,
        approver="双方当事人",
        legal_basis="《人民调解工作若干规定》第三十三条",
        by=by,
        max_days=cap,
        on=on,
    )


@dataclass
class AgreementInput:
    form: str
    dated: dt.date
    terms: str
    facts: str = ""
    issues: str = ""
    responsibilities: str = ""
    performance_manner: str = ""
    performance_place: str = ""
    performance_deadline: dt.date | None = None


# The contents a written agreement must state (人民调解法第二十九条; place of
# performance: 人民调解工作若干规定第三十五条 [S]).
WRITTEN_REQUIRED: tuple[tuple[str, str], ...] = (
    ("facts", "纠纷的主要事实"),
    ("issues", "争议事项"),
    ("responsibilities", "各方当事人的责任"),
    ("terms", "协议内容"),
    ("performance_manner", "履行方式"),
    ("performance_place", "履行地点"),
    ("performance_deadline", "履行期限"),
)


@transaction.atomic
def record_agreement(
    case: MediationCase, data: AgreementInput, *, by: Any, version: int | None = None
) -> Agreement:
    """调解成功: record the agreement (人民调解法第二十八条). A written agreement must
    state the contents of 第二十九条; an oral one takes effect when reached
    (第三十条). The case is concluded, the one-month clock stopped."""
    core_workflow.check_can_write(by)
    locked = _lock(case, version)
    if locked.status != Status.MEDIATING:
        raise RuleViolation("只有调解中的案件才能登记调解协议（请先指定调解员）。", field="form")
    if data.form not in Agreement.Form.values:
        raise RuleViolation("请选择协议形式：书面或口头。", field="form", rule=rules.ART_28)
    start = locked.accepted_on or locked.applied_on
    if data.dated < start:
        raise RuleViolation(
            f"协议日期 {data.dated.isoformat()} 不能早于案件受理日期 {start.isoformat()}。",
            field="dated",
        )
    _not_future(data.dated, "dated", "协议日期")
    if not (data.terms or "").strip():
        raise RuleViolation("请填写协议内容。", field="terms", rule=rules.ART_28)
    parties = list(locked.dispute.parties.select_related("person"))
    if data.form == Agreement.Form.WRITTEN:
        for field, label in WRITTEN_REQUIRED:
            value = getattr(data, field)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise RuleViolation(
                    f"书面调解协议书应当载明{label}。", field=field, rule=rules.ART_29
                )
        if len(parties) < 2:
            raise RuleViolation(
                "书面调解协议书应当载明双方当事人的基本情况，请先登记当事人。",
                field="parties",
                rule=rules.ART_29,
            )
        for party in parties:
            if not party.person.id_number:
                raise RuleViolation(
                    f"当事人{party.person.name}缺少身份证号码，协议书无法载明当事人基本情况。",
                    field="id_number",
                    rule=rules.ART_29,
                )
    if data.performance_deadline is not None and data.performance_deadline < data.dated:
        raise RuleViolation("履行期限不能早于协议日期。", field="performance_deadline")
    agreement = Agreement(case=locked, **data.__dict__)
    if data.form == Agreement.Form.WRITTEN:
        agreement.number = numbering.next_number(
            locked.committee.unit, "mediation.agreement", data.dated.year, "调协"
        )
    agreement.save()
    _move_case(locked, Status.AGREED, data.dated, by, f"达成{agreement.get_form_display()}")
    locked.concluded_on = data.dated
    _touch(locked, by, ["status", "concluded_on"])
    _stop_clock(locked, rules.CLOCK_CONCLUSION, data.dated, by)
    _move_dispute(
        locked.dispute, DStatus.RESOLVED, by, on=data.dated, note=f"调解成功 {locked.number}"
    )
    if data.form == Agreement.Form.ORAL:
        _make_effective(agreement, data.dated, by)
    _sync(case, locked)
    return agreement


@transaction.atomic
def sign_agreement(
    agreement: Agreement,
    *,
    parties_signed_on: dt.date | None = None,
    mediator_signed_on: dt.date | None = None,
    seal_recorded_on: dt.date | None = None,
    by: Any,
) -> Agreement:
    """Record signatures and the seal of a written agreement. It takes effect
    on the day the last of the three is done (人民调解法第二十九条)."""
    core_workflow.check_can_write(by)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.form != Agreement.Form.WRITTEN:
        raise RuleViolation("口头协议无需签名盖章。", field="form", rule=rules.ART_30)
    changes: dict[str, Any] = {}
    fields: list[str] = []
    for field, value, label in (
        ("parties_signed_on", parties_signed_on, "当事人签名日期"),
        ("mediator_signed_on", mediator_signed_on, "调解员签名日期"),
        ("seal_recorded_on", seal_recorded_on, "加盖印章日期"),
    ):
        if value is None:
            continue
        if value < locked.dated:
            raise RuleViolation(
                f"{label}不能早于协议日期 {locked.dated.isoformat()}。", field=field
            )
        _not_future(value, field, label)
        if getattr(locked, field) is not None and locked.effective_on is not None:
            raise RuleViolation("协议已生效，签章日期不能再修改。", field=field)
        # The history is the case's: its keys are the agreement's fields in words.
        changes[label] = [getattr(locked, field), value]
        setattr(locked, field, value)
        fields.append(field)
    if not fields:
        raise RuleViolation("请填写至少一项签名或盖章日期。", field="parties_signed_on")
    locked.save(update_fields=fields)
    audit.record(locked.case, by=by, action="update", changes=changes, note="协议签章")
    if locked.effective_on is None and all(
        (locked.parties_signed_on, locked.mediator_signed_on, locked.seal_recorded_on)
    ):
        signed = [locked.parties_signed_on, locked.mediator_signed_on, locked.seal_recorded_on]
        _make_effective(locked, max(d for d in signed if d is not None), by)
    return _sync(agreement, locked)


def _make_effective(agreement: Agreement, on: dt.date, by: Any) -> None:
    """The agreement takes effect: the parties' 30-day window to apply jointly
    for judicial confirmation starts (人民调解法第三十三条), and the follow-up
    visit is scheduled after the performance deadline (第三十一条)."""
    agreement.effective_on = on
    agreement.save(update_fields=["effective_on"])
    case = agreement.case
    audit.record(case, by=by, action="transition", changes={"协议生效": [None, on.isoformat()]})
    clocks.start(
        agreement.case,
        kind=rules.CLOCK_CONFIRMATION,
        label=f"司法确认申请期限（{case.number}）",
        start_date=on,
        length=rules.JUDICIAL_CONFIRMATION_DAYS,
        unit="calendar",
        unit_org=case.unit,
        by=by,
        legal_basis=rules.ART_33,
        recipients=case_recipients(case),
        url=case.get_absolute_url(),
    )
    days = int(rulesettings.get(case.committee.unit, rules.FOLLOWUP_DAYS_AFTER_DEADLINE.key))
    base = agreement.performance_deadline or on
    FollowUp.objects.create(case=case, scheduled_on=base + dt.timedelta(days=days))


def confirmation_window_end(agreement: Agreement) -> dt.date | None:
    """The last day to apply: the stored clock's due date (holiday roll-over
    included); None before the agreement takes effect."""
    if agreement.effective_on is None:
        return None
    found = clocks.clock(agreement.case, rules.CLOCK_CONFIRMATION)
    if found is not None and found.due_date is not None:
        return found.due_date
    return agreement.effective_on + dt.timedelta(days=rules.JUDICIAL_CONFIRMATION_DAYS)


@transaction.atomic
def apply_confirmation(
    agreement: Agreement, *, applied_on: dt.date, court: str, joint: bool, by: Any
) -> JudicialConfirmation:
    """司法确认申请: both parties jointly, within 30 days of the agreement taking
    effect (人民调解法第三十三条). A late application is recorded and flagged."""
    core_workflow.check_can_write(by)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.effective_on is None:
        raise RuleViolation(
            "调解协议尚未生效，不能申请司法确认。", field="applied_on", rule=rules.ART_33
        )
    if hasattr(locked, "confirmation"):
        raise RuleViolation("该协议已登记司法确认申请。", field="applied_on")
    if not joint:
        raise RuleViolation("司法确认须由双方当事人共同申请。", field="joint", rule=rules.ART_33)
    court = _require(court, "请填写受理法院。", "court", rules.ART_33)
    if applied_on < locked.effective_on:
        raise RuleViolation("申请日期不能早于协议生效日期。", field="applied_on")
    _not_future(applied_on, "applied_on", "申请日期")
    end = confirmation_window_end(locked)
    late = end is not None and applied_on > end
    confirmation = JudicialConfirmation.objects.create(
        agreement=locked, applied_on=applied_on, court=court, late=late
    )
    _stop_clock(locked.case, rules.CLOCK_CONFIRMATION, applied_on, by)
    note = f"申请司法确认（{court}）" + (f"，已超过三十日申请期限（截止 {end}）" if late else "")
    audit.record(
        locked.case,
        by=by,
        action="update",
        changes={"司法确认": [None, str(confirmation)]},
        note=note,
    )
    return confirmation


@transaction.atomic
def record_confirmation_result(
    confirmation: JudicialConfirmation,
    *,
    result: str,
    decided_on: dt.date,
    ruling_no: str = "",
    note: str = "",
    by: Any,
) -> JudicialConfirmation:
    core_workflow.check_can_write(by)
    locked = JudicialConfirmation.objects.select_for_update().get(pk=confirmation.pk)
    if result not in (
        JudicialConfirmation.Result.CONFIRMED,
        JudicialConfirmation.Result.REJECTED,
        JudicialConfirmation.Result.WITHDRAWN,
    ):
        raise RuleViolation("请选择法院审查结果。", field="result")
    if locked.result != JudicialConfirmation.Result.PENDING:
        raise RuleViolation("法院审查结果已登记。", field="result")
    if decided_on < locked.applied_on:
        raise RuleViolation("裁定日期不能早于申请日期。", field="decided_on")
    _not_future(decided_on, "decided_on", "裁定日期")
    before = locked.result
    locked.result, locked.decided_on, locked.ruling_no, locked.note = (
        result,
        decided_on,
        ruling_no,
        note,
    )
    locked.save(update_fields=["result", "decided_on", "ruling_no", "note"])
    audit.record(
        locked.agreement.case,
        by=by,
        action="update",
        changes={"司法确认结果": [str(locked.Result(before).label), locked.get_result_display()]},
    )
    return _sync(confirmation, locked)


@transaction.atomic
def waive_confirmation(agreement: Agreement, *, on: dt.date, by: Any) -> Agreement:
    """The parties do not apply for judicial confirmation: the window's clock
    stops so it does not stand overdue on the dashboards."""
    core_workflow.check_can_write(by)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.effective_on is None:
        raise RuleViolation("调解协议尚未生效。", field="on")
    if hasattr(locked, "confirmation"):
        raise RuleViolation("已申请司法确认。", field="on")
    if locked.confirmation_waived_on is not None:
        raise RuleViolation("已登记当事人不申请司法确认。", field="on")
    if on < locked.effective_on:
        raise RuleViolation("登记日期不能早于协议生效日期。", field="on")
    locked.confirmation_waived_on = on
    locked.save(update_fields=["confirmation_waived_on"])
    _stop_clock(locked.case, rules.CLOCK_CONFIRMATION, on, by)
    audit.record(
        locked.case,
        by=by,
        action="update",
        note="当事人不申请司法确认",
        changes={"当事人不申请司法确认（登记日期）": [None, on.isoformat()]},
    )
    return _sync(agreement, locked)


@transaction.atomic
def record_followup(
    followup: FollowUp, *, done_on: dt.date, visitor: str, honoured: str, note: str = "", by: Any
) -> FollowUp:
    """回访: whether the agreement is honoured (人民调解法第三十一条)."""
    core_workflow.check_can_write(by)
    locked = FollowUp.objects.select_for_update().select_related("case").get(pk=followup.pk)
    if locked.done_on is not None:
        raise RuleViolation("该回访已记录。", field="done_on")
    if honoured not in FollowUp.Honoured.values:
        raise RuleViolation("请选择履行情况。", field="honoured", rule=rules.ART_31)
    agreement = getattr(locked.case, "agreement", None)
    if agreement is not None and done_on < agreement.dated:
        raise RuleViolation("回访日期不能早于协议日期。", field="done_on")
    _not_future(done_on, "done_on", "回访日期")
    locked.done_on = done_on
    locked.visitor = _require(visitor, "请填写回访人。", "visitor")
    locked.honoured = honoured
    locked.note = note
    locked.save(update_fields=["done_on", "visitor", "honoured", "note"])
    audit.record(
        locked.case,
        by=by,
        action="update",
        changes={"回访": [None, f"{done_on} {locked.get_honoured_display()}"]},
    )
    return _sync(followup, locked)


@transaction.atomic
def schedule_followup(case: MediationCase, *, scheduled_on: dt.date, by: Any) -> FollowUp:
    core_workflow.check_can_write(by)
    if case.status != Status.AGREED:
        raise RuleViolation("只有调解成功的案件需要回访。", field="scheduled_on")
    row = FollowUp.objects.create(case=case, scheduled_on=scheduled_on)
    audit.record(
        case, by=by, action="update", changes={"计划回访": [None, scheduled_on.isoformat()]}
    )
    return row


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
    core_workflow.check_can_write(by)
    locked = _lock(case, version)
    reason = _require(reason, "请填写终止调解的理由。", "failure_reason", rules.ART_26)
    chosen = [r for r in routes if r]
    if not chosen:
        raise RuleViolation(
            "终止调解时应告知当事人可通过仲裁、行政、司法等途径维护权利，请选择已告知的途径。",
            field="routes_given",
            rule=rules.ART_26,
        )
    unknown = [r for r in chosen if r not in MediationCase.Route.values]
    if unknown:
        raise RuleViolation(f"未知的途径：{'、'.join(unknown)}。", field="routes_given")
    start = locked.accepted_on or locked.applied_on
    if on < start:
        raise RuleViolation("终止日期不能早于受理日期。", field="on")
    _not_future(on, "on", "终止日期")
    _move_case(locked, Status.FAILED, on, by, reason)
    locked.failure_reason = reason
    locked.routes_given = chosen
    locked.concluded_on = on
    _touch(locked, by, ["status", "failure_reason", "routes_given", "concluded_on"])
    _stop_clock(locked, rules.CLOCK_CONCLUSION, on, by)
    _move_dispute(locked.dispute, DStatus.UNRESOLVED, by, on=on, note=f"调解不成 {locked.number}")
    return _sync(case, locked)


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
    core_workflow.check_can_write(by)
    locked = _lock(case, version)
    reason = _require(reason, "请填写移交理由。", "reason")
    if locked.committee.level != CommitteeLevel.VILLAGE:
        raise RuleViolation("只有村级调委会的案件可以移交乡调委会。", field="to_committee")
    # The township committee above the case's village is the one to hand up
    # to, whoever hands up: a village cadre does not see the township's
    # records, yet hands cases up to its committee (人民调解法第三十四条).
    if to_committee.level != CommitteeLevel.TOWNSHIP or not to_committee.unit.contains(locked.unit):
        raise RuleViolation("请选择本乡的乡级调委会。", field="to_committee")
    start = locked.accepted_on or locked.applied_on
    if on < start:
        raise RuleViolation("移交日期不能早于受理日期。", field="on")
    _not_future(on, "on", "移交日期")
    _check_committee_for(locked.dispute, to_committee, on)
    _move_case(locked, Status.ESCALATED, on, by, f"移交{to_committee.name}：{reason}")
    locked.concluded_on = on
    locked.escalation_reason = reason
    _touch(locked, by, ["status", "concluded_on", "escalation_reason"])
    _stop_clock(locked, rules.CLOCK_CONCLUSION, on, by)
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
    new.created_by = new.updated_by = by if getattr(by, "is_authenticated", False) else None
    new.full_clean()
    new.save()
    audit.record(new, by=by, action="create", changes=audit.diff({}, audit.snapshot(new)))
    note = f"由{locked.committee.name}移交（{locked.number}）"
    CaseEvent.write("", Status.APPLIED, by=by, note=note, case=new, on=on)
    _move_case(new, Status.ACCEPTED, on, by, "受理移交案件")
    new.accepted_on = on
    new.number = numbering.next_number(to_committee.unit, "mediation.case", on.year, "调")
    _touch(new, by, ["status", "accepted_on", "number"])
    _start_conclusion_clock(new, on, by)
    _sync(case, locked)
    return new


__all__ = [
    "AgreementInput",
    "PartyInput",
    "accept",
    "add_member",
    "add_party",
    "add_training",
    "apply",
    "apply_confirmation",
    "appoint_mediator",
    "assign_mediator",
    "close_dispute",
    "create_committee",
    "declare_relative",
    "decline",
    "end_member",
    "escalate",
    "extend_conclusion",
    "fail",
    "gender_from_id",
    "parties_frozen",
    "record_agreement",
    "record_confirmation_result",
    "record_followup",
    "record_screening",
    "record_session",
    "register_dispute",
    "remove_party",
    "renew_term",
    "schedule_followup",
    "sign_agreement",
    "update_committee",
    "update_dispute",
    "update_mediator",
    "update_party",
    "waive_confirmation",
]
