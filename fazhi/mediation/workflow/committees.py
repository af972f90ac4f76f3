"""Committees, their members and mediators: registration, terms (换届),
members, appointments, training and declared relatives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit, Person

from .. import rules
from ..models import (
    CommitteeLevel,
    CommitteeMember,
    MediationCommittee,
    Mediator,
    MediatorTraining,
    Relative,
    committee_term_end,
)


def _check_level(committee: MediationCommittee) -> None:
    """A township-level committee sits on the township, a village-level one on a
    village or residents' community (人民调解法第八条、第三十四条)."""
    kind = committee.unit.kind
    if committee.level == CommitteeLevel.TOWNSHIP and kind != OrgUnit.Kind.TOWNSHIP:
        raise RuleViolation(
            _("乡级调委会的所属单位应为乡(镇)。"), field="unit", rule="《人民调解法》第三十四条"
        )
    if committee.level == CommitteeLevel.VILLAGE and kind not in (
        OrgUnit.Kind.VILLAGE,
        OrgUnit.Kind.COMMUNITY,
    ):
        raise RuleViolation(_("村级调委会的所属单位应为村或社区。"), field="unit", rule=rules.ART_8)


def _term_end(start: dt.date, field: str = "term_start") -> dt.date:
    """The last day of the three-year term from `start` (人民调解法第九条); a
    start so late that the term would end past the calendar's last day
    (9999-12-31) is a typing error, refused on the field it came from."""
    try:
        return committee_term_end(start)
    except (ValueError, OverflowError):
        raise RuleViolation(
            _("任期开始日期（%(day)s）有误：三年任期的届满日期超出了日历范围，请核对年份。")
            % {"day": start.isoformat()},
            field=field,
            rule=rules.ART_9,
        ) from None


def create_committee(committee: MediationCommittee, *, by: Any) -> MediationCommittee:
    """Register a committee; its term runs three years from `term_start`
    (人民调解法第九条)."""
    with transaction.atomic():
        _check_level(committee)
        if committee.dissolved_on:
            steps.check_not_before(
                committee.dissolved_on,
                committee.established_on,
                "dissolved_on",
                _("撤销日期"),
                _("成立日期"),
            )
        field = "term_start" if committee.term_start else "established_on"
        committee.term_start = committee.term_start or committee.established_on
        committee.term_end = _term_end(committee.term_start, field)
        return core_workflow.create_record(committee, by=by)


def update_committee(
    committee: MediationCommittee, *, by: Any, version: int | None, before: dict[str, Any]
) -> MediationCommittee:
    with transaction.atomic():
        _check_level(committee)
        if committee.term_start:
            committee.term_end = _term_end(committee.term_start)
        if committee.dissolved_on:
            steps.check_not_before(
                committee.dissolved_on,
                committee.established_on,
                "dissolved_on",
                _("撤销日期"),
                _("成立日期"),
            )
        return core_workflow.update_record(committee, by=by, version=version, before=before)


@transaction.atomic
def renew_term(
    committee: MediationCommittee, *, term_start: dt.date, by: Any, version: int | None = None
) -> MediationCommittee:
    """换届: a new three-year term (人民调解法第九条: members may be re-elected)."""
    locked = steps.lock(committee, version=version)
    if locked.term_start and term_start <= locked.term_start:
        raise RuleViolation(
            _("新一届任期开始日期应晚于本届任期开始日期。"), field="term_start", rule=rules.ART_9
        )
    before = {"term_start": locked.term_start, "term_end": locked.term_end}
    locked.term_end = _term_end(term_start)
    locked.term_start = term_start
    steps.touch(locked, by, ["term_start", "term_end"])
    audit.record(
        locked,
        by=by,
        action="update",
        changes={k: [v, getattr(locked, k)] for k, v in before.items()},
        note=gettext_noop("换届"),
    )
    return steps.sync(committee, locked)


def not_members(committee: MediationCommittee, people: QuerySet[Person]) -> QuerySet[Person]:
    """Those of `people` not serving on `committee` now: whom 增补委员 takes
    (the step checks it; the committee page's form offers only them). A
    member who has left may be elected again."""
    serving = CommitteeMember.objects.filter(
        committee=committee, person=OuterRef("pk"), left_on__isnull=True
    )
    return people.exclude(Exists(serving))


@transaction.atomic
def add_member(
    committee: MediationCommittee, *, person: Person, position: str, elected_on: dt.date, by: Any
) -> CommitteeMember:
    """Add a member. A committee has one chair (人民调解法第八条); the size and
    the woman / minority rules are shown as warnings (queries.composition_warnings)."""
    steps.check_writer(by)
    locked = steps.lock(committee)
    if position not in CommitteeMember.Position.values:
        raise RuleViolation(_("请选择职务。"), field="position")
    steps.check_not_before(
        elected_on, locked.established_on, "elected_on", _("当选日期"), _("调委会成立日期")
    )
    if not not_members(locked, Person.objects.filter(pk=person.pk)).exists():
        raise RuleViolation(_("%(name)s已是本调委会委员。") % {"name": person.name}, field="person")
    if (
        position == CommitteeMember.Position.CHAIR
        and locked.members.filter(
            position=CommitteeMember.Position.CHAIR, left_on__isnull=True
        ).exists()
    ):
        raise RuleViolation(
            _("调委会设主任一人，请先办理原主任离任。"), field="position", rule=rules.ART_8
        )
    member = CommitteeMember.objects.create(
        committee=locked, person=person, position=position, elected_on=elected_on
    )
    audit.record(
        locked, by=by, action="update", changes={gettext_noop("委员"): [None, str(member)]}
    )
    return member


@transaction.atomic
def end_member(member: CommitteeMember, *, left_on: dt.date, by: Any) -> CommitteeMember:
    steps.check_writer(by)
    locked = steps.lock(member)
    if locked.left_on is not None:
        raise RuleViolation(_("该委员已离任。"), field="left_on")
    steps.check_not_before(left_on, locked.elected_on, "left_on", _("离任日期"), _("当选日期"))
    locked.left_on = left_on
    locked.save(update_fields=["left_on"])
    audit.record(
        locked.committee,
        by=by,
        action="update",
        changes={gettext_noop("委员"): [str(locked), None]},
        note=stored(gettext_noop("%(left_on)s 离任"), left_on=left_on),
    )
    return steps.sync(member, locked)


def appoint_mediator(mediator: Mediator, *, by: Any) -> Mediator:
    """Appoint a mediator to a committee; the mediator's records belong to the
    committee's unit (a village mediator sees their village)."""
    with transaction.atomic():
        mediator.unit = mediator.committee.unit
        steps.check_not_before(
            mediator.appointed_on,
            mediator.committee.established_on,
            "appointed_on",
            _("聘任日期"),
            _("调委会成立日期"),
        )
        if mediator.left_on:
            steps.check_not_before(
                mediator.left_on, mediator.appointed_on, "left_on", _("离任日期"), _("聘任日期")
            )
        if Mediator.objects.filter(committee=mediator.committee, person=mediator.person).exists():
            raise RuleViolation(
                _("%(name)s已是该调委会的调解员。") % {"name": mediator.person.name}, field="person"
            )
        return core_workflow.create_record(mediator, by=by)


def update_mediator(
    mediator: Mediator, *, by: Any, version: int | None, before: dict[str, Any]
) -> Mediator:
    with transaction.atomic():
        mediator.unit = mediator.committee.unit
        if mediator.left_on:
            steps.check_not_before(
                mediator.left_on, mediator.appointed_on, "left_on", _("离任日期"), _("聘任日期")
            )
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
    steps.check_writer(by)
    title = steps.require_text(title, "title", _("培训内容"))
    steps.check_date(held_on, "held_on", _("培训日期"))
    training = MediatorTraining.objects.create(
        mediator=mediator, held_on=held_on, title=title, organiser=organiser, hours=hours or 0
    )
    audit.record(
        mediator, by=by, action="update", changes={gettext_noop("培训"): [None, str(training)]}
    )
    return training


@transaction.atomic
def declare_relative(person: Person, relative: Person, *, relation: str, by: Any) -> Relative:
    """Record a close relationship; the recusal check reads it both ways."""
    steps.check_writer(by)
    if person.pk == relative.pk:
        raise RuleViolation(_("不能与本人建立亲属关系。"), field="relative")
    if relation not in Relative.Relation.values:
        raise RuleViolation(_("请选择亲属关系。"), field="relation")
    row, _created = Relative.objects.get_or_create(
        person=person, relative=relative, defaults={"relation": relation}
    )
    audit.record(
        person, by=by, action="update", changes={gettext_noop("亲属关系"): [None, str(row)]}
    )
    return row
