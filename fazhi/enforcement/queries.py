"""Shared reads of enforcement (selectors). Other apps call these instead of
importing this app's models.

Definitions the annual report relies on:

* **Certified officer in a period** (`certified_officers`): an officer holding
  a certificate that was valid at some time in the period — issued on or
  before its last day, expiring on or after its first day — and that had not
  been revoked (注销) by the period's last day. A certificate valid on the
  period's last day always qualifies; one that simply ran out during the
  period still counts (the officer held it that year), one revoked in or
  before the period does not. A suspension (暂扣) is temporary and does not
  remove the officer. Each officer counts once, however many certificates
  (e.g. a renewal within the year) they held.
* **Training hours** (`training_hours_by_person`): the hours credited on each
  attendance of a training held in the period, summed per person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core import clocks, rulesettings, years
from fazhi.core.dashboard import Figure, overdue_label, workload
from fazhi.core.indicators import Period
from fazhi.core.models import Clock, OrgUnit

from . import dates, rules
from .models import Certificate, EnforcementCase, Officer, TrainingAttendance


def certificates_held_in(period: Period) -> QuerySet[Certificate]:
    """Certificates valid at some time in the period and not revoked by its end."""
    return Certificate.objects.filter(
        issued_on__lte=period.end, expires_on__gte=period.start
    ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=period.end))


def certified_officers(unit: OrgUnit, period: Period) -> QuerySet[Officer]:
    """Officers of `unit` (and below) certified in `period` (see the module docstring)."""
    return training_population(Officer.objects.in_unit(unit), period).select_related(
        "person", "unit"
    )


def training_population(officers: QuerySet[Officer], period: Period) -> QuerySet[Officer]:
    """Those of `officers` the yearly training target applies to in `period`:
    the certified enforcement officers (持证执法人员, certified in the period as
    the module docstring defines it). An officer without a certificate that
    year is not held to the target. The training-hours page lists them, the
    leaders' dashboard's training card and the annual report's figure count
    them: one population, so the page and the card name the same people."""
    return officers.filter(Exists(certificates_held_in(period).filter(officer=OuterRef("pk"))))


def training_hours_by_person(unit: OrgUnit, period: Period) -> dict[int, Decimal]:
    """Hours of enforcement training per person (core.Person id) in `period`,
    for trainings held by `unit` or a unit below it. One query.

    The publicity module calls this for cadres' study records, so a training
    session is recorded once (here) and counted in both places."""
    rows = (
        TrainingAttendance.objects.filter(
            training__unit__path__startswith=unit.path,
            **period.within("training__held_on"),
        )
        .values("officer__person_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    return {row["officer__person_id"]: row["total"] for row in rows}


def with_training_hours(qs: QuerySet[Officer], start: dt.date, end: dt.date) -> QuerySet[Officer]:
    """Annotate `hours` (training hours between start and end) on officers."""
    hours = (
        TrainingAttendance.objects.filter(
            officer=OuterRef("pk"), training__held_on__gte=start, training__held_on__lte=end
        )
        .values("officer")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return qs.annotate(
        hours=Coalesce(
            Subquery(hours, output_field=DecimalField(max_digits=7, decimal_places=1)),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=7, decimal_places=1),
        )
    )


def training_target(unit: OrgUnit | None) -> Decimal:
    return Decimal(str(rulesettings.get(unit, rules.TRAINING_TARGET_HOURS)))


def officers_below_training_target(unit: OrgUnit, period: Period) -> QuerySet[Officer]:
    """Certified officers whose training hours in the period fall short of the
    yearly target (a setting, LAW.md §4 UNCONFIRMED: 60 hours). The target is
    yearly; for a shorter period it is not pro-rated."""
    target = training_target(unit)
    annotated = with_training_hours(certified_officers(unit, period), period.start, period.end)
    return annotated.filter(hours__lt=target)  # type: ignore[misc]  # an annotation


def with_certificate_state(qs: QuerySet[Officer], day: dt.date) -> QuerySet[Officer]:
    """Annotate each officer with their current certificate (the one with the
    latest expiry): number, status and expiry, in subqueries (no N+1)."""
    latest = Certificate.objects.filter(officer=OuterRef("pk")).order_by("-expires_on", "-pk")
    valid = Certificate.objects.valid_on(day).filter(officer=OuterRef("pk"))
    return qs.annotate(
        cert_number=Subquery(latest.values("number")[:1]),
        cert_status=Subquery(latest.values("status")[:1]),
        cert_expires_on=Subquery(latest.values("expires_on")[:1]),
        cert_valid_today=Exists(valid),
    )


def next_due(case_ids: Any) -> dict[int, dt.date]:
    """The nearest running clock due date per case id (for small pages)."""

    from .models import EnforcementCase

    ct = ContentType.objects.get_for_model(EnforcementCase)
    rows = (
        Clock.objects.filter(
            content_type=ct, object_id__in=list(case_ids), status=Clock.Status.RUNNING
        )
        .values("object_id")
        .annotate(due=Min("due_date"))
        .order_by()
    )
    return {r["object_id"]: r["due"] for r in rows}


def certificates_expiring(user: Any, today: dt.date) -> QuerySet[Certificate]:
    """Certificates in the user's scope inside their renewal window today and
    not renewed (the user's township's window, LAW.md §4 [S]): the home
    page's 执法证即将到期 and the leaders' dashboard's card count these."""
    months = int(rulesettings.get(getattr(user, "home_unit", None), rules.RENEWAL_WINDOW_MONTHS))
    return (
        Certificate.objects.visible_to(user)
        .filter(
            status=Certificate.Status.VALID,
            expires_on__gte=today,
            expires_on__lte=dates.add_months(today, months),
            renewal__isnull=True,
        )
        .select_related("officer__person", "unit")
        .order_by("expires_on", "pk")
    )


@dataclass(frozen=True)
class TrainingStanding:
    """Where the certified officers in a user's scope stand against the yearly
    training target on a day (the leaders' dashboard; the annual report's
    figure, `enforcement.officers.below_training_target`, stays per calendar
    year and is not this).

    The warning (`behind`) is judged against a pace that moves once a
    quarter: by the end of each completed quarter of the year an officer
    should have that share of the year's target (15, 30, 45 of 60 hours),
    counted against the hours trained so far this year, so a session attended
    clears the warning the same day. In the first quarter no quarter is
    complete, and the warning is the year just ended's final result: the
    officers who ended it short of the whole target, the same officers the
    annual report counts for that year (the report is written in that
    quarter). This year's hours are then shown as progress, not as a warning.

    Why not this year's hours against the whole target from 1 January: on
    4 January every officer is short and the card is red for months, a
    warning that says nothing. Why not a target pro-rated by the day: on
    4 January the pace is already half an hour and everyone is flagged again;
    training comes in sessions of a day or more, a daily pace flickers. A
    quarter gives the township time to hold a session before anyone is
    named, and leaves no officer's shortfall of a finished year unseen."""

    year: int  # the year judged: the year just ended in the first quarter, else this year
    final: bool  # the judged year is over: its whole target
    as_of: dt.date  # the last day of the quarter (or year) the pace is for
    expected: Decimal  # hours due by `as_of`
    target: Decimal  # the yearly target (rule setting)
    behind: QuerySet[Officer]  # short of `expected`, annotated `hours`, fewest first
    progress_year: int  # this year
    officers: int  # officers certified this year so far
    reached: int  # of them, those with the whole year's target already


def training_standing(user: Any, today: dt.date) -> TrainingStanding:
    """The yearly training target for the officers in the user's scope on
    `today` (see TrainingStanding for the rule). Two queries and the setting."""
    target = training_target(getattr(user, "scope_unit", None))
    quarters = (today.month - 1) // 3  # completed quarters of this year
    so_far = Period(dt.date(today.year, 1, 1), today)
    final = years.judged_year(today) < today.year  # the first quarter
    if final:
        judged = Period.year(years.judged_year(today))
        as_of, expected = judged.end, target
    else:
        judged = so_far
        as_of = dt.date(today.year, 3 * quarters + 1, 1) - dt.timedelta(days=1)
        expected = target * quarters / 4
    scoped = Officer.objects.visible_to(user)
    behind = (
        with_training_hours(training_population(scoped, judged), judged.start, judged.end)
        .filter(hours__lt=expected)  # type: ignore[misc]  # an annotation
        .select_related("person", "unit")
        .order_by("hours", "person__name", "pk")
    )
    progress = with_training_hours(
        training_population(scoped, so_far), so_far.start, today
    ).aggregate(officers=Count("pk"), reached=Count("pk", filter=Q(hours__gte=target)))
    return TrainingStanding(
        year=judged.start.year,
        final=final,
        as_of=as_of,
        expected=expected,
        target=target,
        behind=behind,
        progress_year=today.year,
        officers=progress["officers"],
        reached=progress["reached"],
    )


def dashboard_panel(user: Any, today: dt.date) -> list[Figure]:
    """Home page (core.dashboard): certificates in the user's scope inside
    their renewal window and not renewed (`certificates_expiring`), open
    cases, those past a time limit, and the user's own (as one of the case's
    officers) and those of them overdue. Two aggregate queries and the setting."""
    expiring = certificates_expiring(user, today).count()
    person_id: int = getattr(user, "person_id", None) or 0  # no person: no case of theirs
    cases = reverse("enforcement:case_list")
    return [
        Figure(_("执法证即将到期"), expiring, reverse("enforcement:certificate_list"), "warning"),
        *workload(
            EnforcementCase.objects.visible_to(user),
            active=Q(stage__in=EnforcementCase.OPEN_STAGES),
            overdue=Q(pk__in=clocks.holders_in_state(EnforcementCase, "overdue", today, user=user)),
            mine=Q(
                pk__in=EnforcementCase.officers.through.objects.filter(
                    officer__person_id=person_id
                ).values("enforcementcase_id")
            ),
            overdue_matters=clocks.overdue_matters(user, today, "enforcement"),
            labels=(_("在办执法案件"), overdue_label(user), _("我参与办理的"), _("其中已超期")),
            url=cases,
            overdue_url=f"{cases}?clock_state=overdue{clocks.own_work_query(user)}",
        ),
    ]
