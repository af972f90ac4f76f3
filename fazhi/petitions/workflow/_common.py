"""What every petition step shares: the row lock, the stage transition with
its history row, the statutory clocks and who they remind, the township and
its leaders. The generic checks and writes are `fazhi.core.steps`; only what a
petition adds to them lives here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import batch, clocks, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.models import Clock, GroupMembership, OrgUnit, Person, User
from fazhi.core.roles import Role
from fazhi.core.serving import departed_message, serving_people
from fazhi.core.workdays import Due, due_date

from ..models import TRANSITIONS, Petition, Stage, StageChange

# The refusal a read-only role gets: “您的角色为只读，不能办理信访事项。”
WRITE = gettext_lazy("办理信访事项")


def lock(petition: Petition, *, by: Any, version: int | None) -> Petition:
    """The row under lock, for a user who may write; a stale version is
    refused (who changed it and when), never overwritten. Scope is the pages'
    and the API's (404 before a step is offered), as it was before core.steps."""
    steps.check_writer(by, WRITE)
    locked = steps.lock(petition, version=version)
    if locked.unit_id == petition.unit_id and Petition.unit.is_cached(petition):
        # The caller's unit, not read again: a step's clock is held by it.
        locked.unit = petition.unit
    return locked


# The date each transition is recorded on, by the stage it leads to: (input, label).
_TRANSITION_DATES = {
    Stage.ACCEPTED: ("on", gettext_lazy("受理日期")),
    Stage.DECLINED: ("on", gettext_lazy("决定日期")),
    Stage.REFERRED: ("on", gettext_lazy("决定日期")),
    Stage.OBJECTED: ("on", gettext_lazy("异议日期")),
    Stage.REPLIED: ("on", gettext_lazy("答复日期")),
    Stage.CLOSED: ("on", gettext_lazy("办结日期")),
    Stage.REVIEW: ("requested_on", gettext_lazy("复查请求日期")),
    Stage.REVIEWED: ("on", gettext_lazy("复查意见日期")),
    Stage.RE_REVIEW: ("requested_on", gettext_lazy("复核请求日期")),
    Stage.FINAL: ("on", gettext_lazy("复核意见日期")),
}


def transition(petition: Petition, to: str, *, by: Any, on: dt.date, note: str = "") -> None:
    """The one place the allowed-transition table is checked. Unlike
    `core.steps.move` it writes the petition's own history row (StageChange,
    with the date the step is recorded on) and words the refusal by stage
    (阶段), so a missing date is refused here, before the history is written."""
    check_transition(petition.stage, to, on)
    StageChange.write(petition.stage, to, by=by, note=note, petition=petition, on=on)
    petition.stage = to


def check_transition(stage: str, to: str, on: dt.date | None) -> None:
    """The allowed-transition table and the date the transition is recorded
    on (pure: `transition` and the ledger's `register_many` ask it)."""
    if to not in TRANSITIONS[stage]:
        raise RuleViolation(
            _("信访事项处于“%(stage)s”阶段，不能转为“%(label)s”。")
            % {"stage": Stage(stage).label, "label": Stage(to).label},
            field="stage",
        )
    if on is None:
        field, label = _TRANSITION_DATES.get(Stage(to), ("on", gettext_lazy("日期")))
        raise RuleViolation(_("请填写%(label)s。") % {"label": label}, field=field)


def township_of(unit: OrgUnit) -> OrgUnit:
    """The township a unit belongs to (a township is its own): numbering,
    leaders and repeat detection are the township's."""
    return unit.township() or unit


def leader_users(petition: Petition) -> list[User]:
    """Who is reminded of a matter's handling and appeal clocks: its handler
    and the leader who owns it (包案)."""
    users: list[User] = []
    if petition.handler_id and petition.handler is not None:
        users.append(petition.handler)
    if petition.owner_leader_id:
        leader_user = User.objects.filter(person_id=petition.owner_leader_id).first()
        if leader_user is not None and leader_user not in users:
            users.append(leader_user)
    return users


def office_users(petition: Petition, by: Any) -> list[User]:
    """Who answers the receipt clocks: the petition-office staff of the holding unit."""
    users = list(
        batch.memo(
            ("petition-office", petition.unit_id),
            lambda: tuple(
                User.objects.filter(
                    home_unit_id=petition.unit_id, role=Role.PETITION_OFFICE, is_active=True
                )
            ),
        )
    )
    actor = steps.actor(by)
    if actor is not None and actor not in users:
        users.append(actor)
    return users


def told_of_registration(office: Iterable[User], by: Any) -> list[User]:
    """Who is told of a new matter (新登记信访事项): the petition office its
    receipt clocks remind (`office`, `office_users`), but not whoever
    registered or imported it: they did it themselves, and their inbox is for
    what others did or what falls due (the clocks still remind them). A
    citizen's online submission has no actor: the whole office is told."""
    actor = steps.actor(by)
    return [user for user in office if user != actor]


def start_clock(
    petition: Petition,
    *,
    kind: str,
    label: str,
    start: dt.date,
    length: int,
    unit: str,
    basis: str,
    by: Any,
    recipients: Iterable[User],
) -> Clock:
    """A statutory clock on the matter, labelled with its number and linked to
    its page, held by the matter's unit (whose calendar counts the days)."""
    return steps.start_clock(
        petition,
        kind=kind,
        label=gettext_noop("%(record)s %(label)s") % {"record": petition.number, "label": label},
        start_date=start,
        length=length,
        unit=unit,
        by=by,
        legal_basis=basis,
        recipients=recipients,
    )


def window(start: dt.date, length: int) -> Due:
    """A petitioner's appeal window (calendar days, start day not counted,
    a last day on a holiday moves to the next working day)."""
    return due_date(start, length, "calendar", clocks.load_calendar())


def leaders_of(township: OrgUnit) -> Any:
    """The township's leadership-group members who hold a leadership post
    (党委书记、乡长、人大主席): the leaders who receive visitors and own key cases."""
    return (
        GroupMembership.objects.filter(group__unit=township)
        .exclude(leadership_role="")
        .select_related("person")
        .order_by("order", "pk")
    )


def check_leader(person: Person | None, township: OrgUnit, field: str) -> Person:
    if person is None:
        raise RuleViolation(_("请选择包案领导。"), field=field)
    if not leaders_of(township).filter(person=person).exists():
        raise RuleViolation(
            _("“%(name)s”不是%(name2)s领导小组的领导成员，不能包案。")
            % {"name": person.name, "name2": township.name},
            field=field,
        )
    if not Person.objects.filter(serving_people(), pk=person.pk).exists():
        raise RuleViolation(departed_message([person.name], _("包案领导")), field=field)
    return person
