"""Shared reads: committee composition, missed screening rounds, in-office
counts. Pages start from `visible_to(user)`, indicators from `in_unit(unit)`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from fazhi.core import clocks, rulesettings
from fazhi.core.dashboard import Figure, overdue_label
from fazhi.core.models import OrgUnit
from fazhi.core.scope import units_visible_to

from . import rules
from .models import (
    CommitteeMember,
    Dispute,
    FollowUp,
    MediationCase,
    MediationCommittee,
    Mediator,
    Screening,
)


def committees_in_office(
    qs: QuerySet[MediationCommittee], day: dt.date
) -> QuerySet[MediationCommittee]:
    """Committees in existence on `day` (established, not yet dissolved)."""
    return qs.filter(established_on__lte=day).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day)
    )


def mediators_in_office(qs: QuerySet[Mediator], day: dt.date) -> QuerySet[Mediator]:
    return qs.filter(appointed_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))


def members_on(committee: MediationCommittee, day: dt.date) -> QuerySet[CommitteeMember]:
    return (
        committee.members.filter(elected_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .select_related("person")
    )


def minority_of(unit: OrgUnit) -> str:
    """The minority nationality of the area (the township's, e.g. 瑶族)."""
    if unit.ethnic_minority:
        return unit.ethnic_minority
    for ancestor in reversed(list(unit.ancestors())):
        if ancestor.ethnic_minority:
            return ancestor.ethnic_minority
    return ""


def composition_warnings(committee: MediationCommittee, day: dt.date | None = None) -> list[str]:
    """人民调解法第八条: 3–9 members, at least one woman, and in a multi-ethnic
    area at least one member of the minority nationality; one chair."""
    day = day or timezone.localdate()
    members = list(members_on(committee, day))
    warnings: list[str] = []
    n = len(members)
    if n < rules.COMMITTEE_MIN_MEMBERS or n > rules.COMMITTEE_MAX_MEMBERS:
        warnings.append(
            _g("委员%(n)s人，不符合三至九人的要求（%(rule)s）。") % {"n": n, "rule": rules.ART_8}
        )
    if not any(m.person.gender == "F" for m in members):
        warnings.append(_g("委员中没有妇女成员（%(rule)s）。") % {"rule": rules.ART_8})
    minority = minority_of(committee.unit)
    if minority and not any(m.person.ethnicity == minority for m in members):
        warnings.append(
            _g("本地区为多民族聚居地区，委员中没有%(minority)s成员（%(rule)s）。")
            % {"minority": minority, "rule": rules.ART_8}
        )
    if not any(m.position == CommitteeMember.Position.CHAIR for m in members):
        warnings.append(_g("未设主任（%(rule)s）。") % {"rule": rules.ART_8})
    if committee.term_end and committee.term_end < day and committee.in_office_on(day):
        warnings.append(
            _g("本届任期已于%(date)s届满，应及时换届（%(rule)s）。")
            % {"date": committee.term_end.isoformat(), "rule": rules.ART_9}
        )
    return warnings


def frequency_for(unit: OrgUnit) -> str:
    key = (
        rules.SCREENING_FREQUENCY_TOWNSHIP.key
        if unit.kind == OrgUnit.Kind.TOWNSHIP
        else rules.SCREENING_FREQUENCY_VILLAGE.key
    )
    value = str(rulesettings.get(unit, key))
    return value if value in ("weekly", "monthly") else "weekly"


def _buckets(start: dt.date, end: dt.date, frequency: str) -> list[tuple[dt.date, dt.date]]:
    """The screening periods between start and end: ISO weeks (Monday–Sunday)
    or calendar months; a period counts only once it has ended."""
    out: list[tuple[dt.date, dt.date]] = []
    if frequency == "monthly":
        day = start.replace(day=1)
        while day <= end:
            nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            out.append((day, nxt - dt.timedelta(days=1)))
            day = nxt
    else:
        day = start - dt.timedelta(days=start.weekday())
        while day <= end:
            out.append((day, day + dt.timedelta(days=6)))
            day += dt.timedelta(days=7)
    return [(a, b) for a, b in out if b <= end]


@dataclass
class MissedRound:
    unit: OrgUnit
    frequency: str
    period_start: dt.date
    period_end: dt.date

    @property
    def frequency_label(self) -> str:
        return _g("每周") if self.frequency == "weekly" else _g("每月")


# The units that must screen: townships, villages, communities.
SCREENING_KINDS = (OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY)


def screening_units(root: OrgUnit) -> QuerySet[OrgUnit]:
    """The units that must screen: the township and its villages/communities."""
    return root.subtree().filter(kind__in=SCREENING_KINDS).order_by("path")


def missed_rounds(units: QuerySet[OrgUnit], start: dt.date, end: dt.date) -> list[MissedRound]:
    """Units that held no screening round in a period they had to (the
    frequency is a rule setting per unit). One query for all rounds."""
    unit_list = list(units)
    held: dict[int, set[dt.date]] = {}
    # A round held in the days before `start` counts for the week `start` is in.
    since = start - dt.timedelta(days=min(6, (start - dt.date.min).days))
    for unit_id, day in Screening.objects.filter(
        unit__in=unit_list, screened_on__gte=since, screened_on__lte=end
    ).values_list("unit_id", "screened_on"):
        held.setdefault(unit_id, set()).add(day)
    out: list[MissedRound] = []
    for unit in unit_list:
        frequency = frequency_for(unit)
        days = sorted(held.get(unit.pk, set()))
        for a, b in _buckets(start, end, frequency):
            if not any(a <= d <= b for d in days):
                out.append(MissedRound(unit, frequency, a, b))
    return out


def screening_summary(
    units: QuerySet[OrgUnit], start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    rows = (
        Screening.objects.filter(unit__in=units, screened_on__gte=start, screened_on__lte=end)
        .values("unit_id")
        .annotate(n=Count("pk"), last=Max("screened_on"))
    )
    return list(rows)


def high_risk_open(qs: QuerySet[Dispute]) -> QuerySet[Dispute]:
    return qs.filter(risk_level=Dispute.Risk.HIGH, status__in=Dispute.OPEN_STATUSES)


def high_risk_open_for(user: Any, today: dt.date) -> QuerySet[Dispute]:
    """High-risk disputes in the user's scope not settled yet, whatever year
    they were found in (one found in December is as live on 4 January): the
    leaders' dashboard's card; the home page's 其中高风险 counts the same."""
    return (
        high_risk_open(Dispute.objects.visible_to(user))
        .select_related("unit")
        .order_by("found_on", "pk")
    )


def committees_with_term_ending(
    qs: QuerySet[MediationCommittee], day: dt.date
) -> QuerySet[MediationCommittee]:
    """Committees in office whose term ends within the reminder window."""
    days = int(rulesettings.get(None, rules.TERM_REMINDER_DAYS.key))
    return committees_in_office(qs, day).filter(term_end__lte=day + dt.timedelta(days=days))


# "Recently": the screening periods (weeks or months) ended in the last 35
# days, as the mediation overview's 近期未按期排查 and the home page count them.
RECENT_SCREENING_DAYS = 35


def dashboard_panel(user: Any, today: dt.date) -> list[Figure]:
    """Home page (core.dashboard): open disputes in the user's scope, the
    high-risk ones, the mediation matters past a time limit (as the leaders'
    dashboard counts its row), follow-up visits (回访) due and not yet made,
    and the screening periods recently missed by the units that must screen
    (a village cadre's first duty: walking the demo on 2026-12-29, the
    cadre's home read all zeros beside five missed weeks)."""
    disputes = Dispute.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(status__in=Dispute.OPEN_STATUSES)),
        high=Count("pk", filter=Q(status__in=Dispute.OPEN_STATUSES, risk_level=Dispute.Risk.HIGH)),
    )
    cases = MediationCase.objects.visible_to(user)
    # As the leaders' dashboard counts its row: any mediation clock (the
    # conclusion's, the judicial confirmation's), whatever the case's status.
    overdue = clocks.overdue_matters(user, today, "mediation", "dispute")
    followups = FollowUp.objects.filter(
        case__in=cases.values("pk"), done_on__isnull=True, scheduled_on__lte=today
    ).count()
    since = today - dt.timedelta(days=RECENT_SCREENING_DAYS)
    screening = units_visible_to(user).filter(kind__in=SCREENING_KINDS).order_by("path")
    missed = sum(r.missed for r in screening_record(screening, since, today))
    return [
        Figure(_("在办矛盾纠纷"), disputes["open"], reverse("mediation:dispute_list")),
        Figure(_("其中高风险"), disputes["high"], tone="danger"),
        # The case list's clock-state filter over the same clocks lists the
        # cases counted (?work=mine for an officer, whose figure is their own).
        Figure(
            overdue_label(user),
            overdue,
            f"{reverse('mediation:case_list')}?clock_state=overdue{clocks.own_work_query(user)}",
            tone="danger",
        ),
        Figure(_("到期未回访"), followups, tone="warning"),
        Figure(
            _("近期未按期排查"),
            missed,
            f"{reverse('mediation:screening_missed')}?start={since:%Y-%m-%d}&end={today:%Y-%m-%d}",
            tone="warning",
        ),
    ]


@dataclass
class ScreeningRecord:
    unit: OrgUnit
    frequency: str
    due: int  # screening periods (weeks or months) ended between start and end
    held: int  # of those, the periods with at least one round
    rounds: int  # rounds held between start and end

    @property
    def missed(self) -> int:
        return self.due - self.held


def screening_record(
    units: QuerySet[OrgUnit], start: dt.date, end: dt.date
) -> list[ScreeningRecord]:
    """Rounds held against rounds due, per unit (`missed_rounds` in figures):
    the frequency from each unit's rule setting. Four queries for any number of units."""
    unit_list = list(units)
    township = rulesettings.get_many(
        [u for u in unit_list if u.kind == OrgUnit.Kind.TOWNSHIP],
        rules.SCREENING_FREQUENCY_TOWNSHIP.key,
    )
    village = rulesettings.get_many(
        [u for u in unit_list if u.kind != OrgUnit.Kind.TOWNSHIP],
        rules.SCREENING_FREQUENCY_VILLAGE.key,
    )
    frequencies = {**township, **village}
    held: dict[int, list[dt.date]] = {}
    # A round held in the days before `start` counts for the week `start` is in.
    since = start - dt.timedelta(days=min(6, (start - dt.date.min).days))
    for unit_id, day in Screening.objects.filter(
        unit__in=unit_list, screened_on__gte=since, screened_on__lte=end
    ).values_list("unit_id", "screened_on"):
        held.setdefault(unit_id, []).append(day)
    out = []
    for unit in unit_list:
        raw = str(frequencies.get(unit.pk, "weekly"))
        frequency = raw if raw in ("weekly", "monthly") else "weekly"
        days = held.get(unit.pk, [])
        periods = _buckets(start, end, frequency)
        out.append(
            ScreeningRecord(
                unit=unit,
                frequency=frequency,
                due=len(periods),
                held=sum(1 for a, b in periods if any(a <= d <= b for d in days)),
                rounds=sum(1 for d in days if start <= d <= end),
            )
        )
    return out
