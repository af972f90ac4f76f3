"""Hearings: when the party has the right to one, the request within its
window, the notice and the chair, the hearing held."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import rulesettings, steps
from fazhi.core.clocks import load_calendar
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import Person
from fazhi.core.workdays import add_working_days

from .. import rules
from ..models import (
    EnforcementCase,
    Hearing,
    InvestigationStep,
)
from ._common import (
    CLOCK_HEARING_REQUEST,
    HEARING_KINDS,
    Case,
    Stage,
    _event,
    _lock_case,
    _officers,
)
from .officers import check_officers


def hearing_threshold(case: EnforcementCase) -> Decimal:
    key = (
        rules.HEARING_THRESHOLD_ORGANISATION
        if case.party_type == Case.PartyType.ORGANISATION
        else rules.HEARING_THRESHOLD_CITIZEN
    )
    return Decimal(str(rulesettings.get(case.unit, key)))


def hearing_applies(
    case: EnforcementCase, kind: str, fine: Decimal | None, confiscated: Decimal | None
) -> bool:
    """《行政处罚法》第六十三条: large fines or confiscations (threshold per party
    type, a setting), licence measures, closure or restriction orders."""
    if kind in HEARING_KINDS:
        return True
    threshold = hearing_threshold(case)
    return (fine or Decimal(0)) >= threshold or (confiscated or Decimal(0)) >= threshold


@transaction.atomic
def request_hearing(case: EnforcementCase, *, on: dt.date, by: Any) -> Hearing:
    """The party asks for a hearing within 5 working days of the notice
    (《行政处罚法》第六十四条第一项、第八十五条)."""
    locked = _lock_case(case, by, "request_hearing")
    if not locked.hearing_rights:
        raise RuleViolation(
            _("拟作出的处罚未达到听证标准，不适用听证程序。"),
            field="requested_on",
            rule=rules.ART_63,
        )
    steps.check_not_before(on, locked.notified_on, "requested_on", _("申请日期"), _("告知日期"))
    due = steps.running_due(locked, CLOCK_HEARING_REQUEST)
    if due is not None and on > due:
        raise RuleViolation(
            _("当事人应在告知后5个工作日内（至%(due)s）申请听证，%(on)s的申请已逾期。")
            % {"due": due.isoformat(), "on": on.isoformat()},
            field="requested_on",
            rule=rules.ART_64,
        )
    hearing = Hearing.objects.create(case=locked, requested_on=on)
    steps.stop_clock(locked, CLOCK_HEARING_REQUEST, on, by)
    old = locked.stage
    locked.stage = Stage.HEARING
    steps.touch(locked, by, ["stage"])
    _event(locked, "request_hearing", on, by, old=old)
    return hearing


def investigator_person_ids(case: EnforcementCase) -> set[int]:
    ids = set(
        InvestigationStep.officers.through.objects.filter(investigationstep__case=case).values_list(
            "officer__person_id", flat=True
        )
    )
    ids |= set(case.officers.values_list("person_id", flat=True))
    return ids


@transaction.atomic
def schedule_hearing(
    case: EnforcementCase,
    *,
    notice_on: dt.date,
    scheduled_on: dt.date,
    place: str,
    chair: Person,
    officers: Iterable[Any],
    by: Any,
    public: bool = True,
) -> Hearing:
    """Notify the party of time and place at least 7 working days ahead; the
    chair is not one of the case's investigators (《行政处罚法》第六十四条)."""
    locked = _lock_case(case, by, "schedule_hearing")
    hearing = Hearing.objects.select_for_update().get(case=locked)
    steps.check_not_before(
        notice_on, hearing.requested_on, "notice_on", _("通知日期"), _("申请日期")
    )
    earliest = add_working_days(notice_on, rules.HEARING_NOTICE_WORKING_DAYS, load_calendar())
    if scheduled_on < earliest:
        raise RuleViolation(
            _(
                "应在举行听证的七个工作日前通知当事人：%(notice_on)s通知，听证最早可安排在%(earliest)s。"
            )
            % {"notice_on": notice_on.isoformat(), "earliest": earliest.isoformat()},
            field="scheduled_on",
            rule=rules.ART_64,
        )
    if chair is None:
        raise RuleViolation(_("请选择听证主持人。"), field="chair")
    if chair.pk in investigator_person_ids(locked):
        raise RuleViolation(
            _("%(chair)s是本案调查人员，听证应由非本案调查人员主持。") % {"chair": chair},
            field="chair",
            rule=rules.ART_64,
        )
    people = check_officers(locked, _officers(officers), notice_on)
    hearing.notice_on, hearing.scheduled_on = notice_on, scheduled_on
    hearing.place, hearing.chair, hearing.public = (
        steps.require_text(place, "place", _("听证地点")),
        chair,
        public,
    )
    hearing.save()
    hearing.notice_officers.set(people)
    _event(
        locked,
        "schedule_hearing",
        notice_on,
        by,
        old=locked.stage,
        note=stored(
            gettext_noop("%(scheduled_on)s %(place)s，主持人%(chair)s"),
            scheduled_on=scheduled_on.isoformat(),
            place=hearing.place,
            chair=chair,
        ),
    )
    return hearing


@transaction.atomic
def hold_hearing(
    case: EnforcementCase, *, held_on: dt.date, outcome: str, transcript: str, by: Any
) -> Hearing:
    """The hearing held (transcript signed), or the party's no-show or
    withdrawal, which waives it (《行政处罚法》第六十四条)."""
    locked = _lock_case(case, by, "hold_hearing")
    hearing = Hearing.objects.select_for_update().get(case=locked)
    if hearing.scheduled_on is None:
        raise RuleViolation(_("请先安排听证并通知当事人。"), field="held_on")
    if outcome not in (Hearing.Outcome.HELD, Hearing.Outcome.NO_SHOW, Hearing.Outcome.WITHDRAWN):
        raise RuleViolation(_("请选择听证结果。"), field="outcome")
    steps.check_date(held_on, "held_on", _("举行日期"))
    if outcome == Hearing.Outcome.HELD:
        steps.check_not_before(
            held_on, hearing.scheduled_on, "held_on", _("举行日期"), _("通知的听证日期")
        )
        transcript = steps.require_text(transcript, "transcript", _("听证笔录摘要"), rules.ART_64)
    hearing.held_on, hearing.outcome, hearing.transcript = held_on, outcome, transcript
    hearing.save(update_fields=["held_on", "outcome", "transcript"])
    _event(
        locked, "hold_hearing", held_on, by, old=locked.stage, note=hearing.get_outcome_display()
    )
    return hearing
