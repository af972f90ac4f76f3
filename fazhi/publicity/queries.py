"""Shared reads of the publicity module, and its documented selectors.

Other modules (the annual report) call only these selectors, never the models:

- `topics_covered(unit, period) -> list[str]`: topic names of held activities.
- `campaigns_held(unit, period) -> list[dict]`: one dict per campaign held,
  `{"name", "date", "lead_unit"}` (first date; lead unit names joined by 、).
- `unreached_sectors(unit, period) -> list[str]`: sector names (机关, 企业 …)
  that no held activity reached.

`unit` is any OrgUnit (a township, or the county for a roll-up); records of
the unit and everything below it count. Only held (已开展) activities count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core import selectors
from fazhi.core.dashboard import Figure
from fazhi.core.i18n import shown
from fazhi.core.indicators import Period, rate
from fazhi.core.models import OrgUnit, Person

from .models import (
    Campaign,
    LawExam,
    LawStudy,
    LawStudyAttendance,
    PlanItem,
    PublicityActivity,
    Sector,
    Topic,
)

if TYPE_CHECKING:
    # governance's 述法 record: publicity reads it through core.selectors only
    from django.db.models import Model as LawReport

ROW_KINDS = (
    OrgUnit.Kind.COUNTY,
    OrgUnit.Kind.TOWNSHIP,
    OrgUnit.Kind.VILLAGE,
    OrgUnit.Kind.COMMUNITY,
)


# ---------------------------------------------------------------------------
# Activities and plan items in a unit and period
# ---------------------------------------------------------------------------


def held_activities(unit: OrgUnit, period: Period) -> QuerySet[PublicityActivity]:
    return PublicityActivity.objects.in_unit(unit).filter(
        status=PublicityActivity.Status.HELD, date__range=(period.start, period.end)
    )


def plan_items(unit: OrgUnit, period: Period) -> QuerySet[PlanItem]:
    """Items planned for a month inside the period."""
    return PlanItem.objects.in_unit(unit).filter(
        planned_month__range=(period.start.replace(day=1), period.end)
    )


def items_done(unit: OrgUnit, period: Period) -> QuerySet[PlanItem]:
    return plan_items(unit, period).filter(status=PlanItem.Status.DONE)


def items_not_done(unit: OrgUnit, period: Period) -> QuerySet[PlanItem]:
    """Planned (not yet done) or cancelled: both are items the plan did not achieve."""
    return plan_items(unit, period).exclude(status=PlanItem.Status.DONE)


def items_overdue(unit: OrgUnit, today: dt.date) -> QuerySet[PlanItem]:
    """Not done by the end of their month: planned for a month before today's."""
    return PlanItem.objects.in_unit(unit).filter(
        status=PlanItem.Status.PLANNED, planned_month__lt=today.replace(day=1)
    )


# ---------------------------------------------------------------------------
# Selectors for the annual report
# ---------------------------------------------------------------------------


def topics_records(unit: OrgUnit, period: Period) -> QuerySet[Topic]:
    held = held_activities(unit, period)
    return Topic.objects.filter(activities__in=held).distinct().order_by("order", "name")


def topics_covered(unit: OrgUnit, period: Period) -> list[str]:
    """Names of the topics held activities covered in the period (the report names them)."""
    return list(topics_records(unit, period).values_list("name", flat=True))


def campaign_records(unit: OrgUnit, period: Period) -> QuerySet[Campaign]:
    held = held_activities(unit, period)
    return Campaign.objects.filter(activities__in=held).distinct().order_by("month", "day", "order")


def campaigns_held(unit: OrgUnit, period: Period) -> list[dict[str, Any]]:
    """One entry per campaign held: its name, first date and who led it."""
    rows = (
        held_activities(unit, period)
        .exclude(campaign=None)
        .values_list("campaign__name", "date", "lead_unit__name")
        .order_by("date", "pk")
    )
    out: dict[str, dict[str, Any]] = {}
    for name, date, lead in rows:
        entry = out.setdefault(name, {"name": name, "date": date, "lead_units": []})
        if lead not in entry["lead_units"]:
            entry["lead_units"].append(lead)
    return [
        {"name": e["name"], "date": e["date"], "lead_unit": "、".join(e["lead_units"])}
        for e in out.values()
    ]


def reached_sector_codes(unit: OrgUnit, period: Period) -> set[str]:
    through = PublicityActivity.sectors.through
    return set(
        through.objects.filter(publicityactivity__in=held_activities(unit, period).values("pk"))
        .values_list("sector_id", flat=True)
        .distinct()
    )


# Sectors that exist only where the area has such units: a township with no
# 社区 has no community sector to reach. Agencies, enterprises and schools
# exist everywhere (they are not units of the tree).
SECTOR_UNIT_KIND: dict[str, str] = {
    Sector.Code.VILLAGE: OrgUnit.Kind.VILLAGE,
    Sector.Code.COMMUNITY: OrgUnit.Kind.COMMUNITY,
}


def relevant_sectors(unit: OrgUnit) -> list[Sector]:
    kinds = set(
        OrgUnit.objects.filter(path__startswith=unit.path, kind__in=SECTOR_UNIT_KIND.values())
        .values_list("kind", flat=True)
        .distinct()
    )
    return [s for s in Sector.objects.all() if SECTOR_UNIT_KIND.get(s.code) in (None, *kinds)]


def unreached_sector_rows(unit: OrgUnit, period: Period) -> list[Sector]:
    reached = reached_sector_codes(unit, period)
    return [s for s in relevant_sectors(unit) if s.code not in reached]


def unreached_sectors(unit: OrgUnit, period: Period) -> list[str]:
    """Sector names no held activity reached in the period (普法死角)."""
    return [s.name for s in unreached_sector_rows(unit, period)]


# ---------------------------------------------------------------------------
# Coverage: units × sectors (and topics)
# ---------------------------------------------------------------------------


@dataclass
class Gap:
    kind: str  # "sector", "target", "quiet_village", "overdue_item"
    text: str
    unit: OrgUnit | None = None
    sector: Sector | None = None
    item: PlanItem | None = None


@dataclass
class Coverage:
    root: OrgUnit
    period: Period
    units: list[OrgUnit]
    sectors: list[Sector]
    topics: list[Topic]
    counts: dict[tuple[int, str], int]
    topic_counts: dict[tuple[int, int], int]
    targeted: set[tuple[int, str]]
    activity_count: int
    quiet: list[tuple[str, list[OrgUnit]]] = field(default_factory=list)
    overdue: list[PlanItem] = field(default_factory=list)
    # Held activities that reached each unit, each once however many sectors
    # it reached there (a row's 合计).
    unit_activities: dict[int, int] = field(default_factory=dict)

    @property
    def reached(self) -> set[tuple[int, str]]:
        return {cell for cell, n in self.counts.items() if n}

    @property
    def targeted_reached(self) -> set[tuple[int, str]]:
        return self.targeted & self.reached

    @property
    def rate(self) -> float | None:
        return rate(len(self.targeted_reached), len(self.targeted))

    @property
    def unreached_sectors(self) -> list[Sector]:
        reached = {code for (_u, code), n in self.counts.items() if n}
        return [s for s in self.sectors if s.code not in reached]

    def rows(self) -> list[dict[str, Any]]:
        """One row per unit: counts per sector (None when not reached), with
        whether the plan targeted the cell."""
        out = []
        for u in self.units:
            cells: list[dict[str, Any]] = []
            for s in self.sectors:
                n = self.counts.get((u.pk, s.code), 0)
                cells.append({"n": n, "targeted": (u.pk, s.code) in self.targeted, "sector": s})
            topics = [self.topic_counts.get((u.pk, t.pk), 0) for t in self.topics]
            total = self.unit_activities.get(u.pk, 0)
            out.append({"unit": u, "cells": cells, "topics": topics, "total": total})
        return out

    def gaps(self) -> list[Gap]:
        """What the period missed, in the reader's language."""
        out: list[Gap] = []
        for s in self.unreached_sectors:
            text = gettext("本期没有任何活动进%(sector)s。") % {"sector": shown(s.name)}
            out.append(Gap("sector", text, sector=s))
        by_pk = {u.pk: u for u in self.units}
        sector_by_code = {s.code: s for s in self.sectors}
        for unit_pk, code in sorted(self.targeted - self.reached):
            u, sec = by_pk.get(unit_pk), sector_by_code.get(code)
            if u is not None and sec is not None:
                text = gettext("计划覆盖的“%(unit)s·%(sector)s”本期未开展活动。") % {
                    "unit": u.name,
                    "sector": shown(sec.name),
                }
                out.append(Gap("target", text, unit=u, sector=sec))
        for label, units in self.quiet:
            for u in units:
                text = gettext("%(unit)s%(period)s没有开展任何普法活动。") % {
                    "unit": u.name,
                    "period": label,
                }
                out.append(Gap("quiet_village", text, unit=u))
        for item in self.overdue:
            text = gettext("计划项目“%(title)s”（%(month)s）到期未完成。") % {
                "title": shown(item.title),
                "month": date_format(item.planned_month, "YEAR_MONTH_FORMAT"),
            }
            out.append(Gap("overdue_item", text, item=item))
        return out

    def heatmap(self) -> dict[str, Any]:
        """ECharts heat-map data: x = sectors, y = units, value = activities."""
        data = []
        for y, u in enumerate(self.units):
            for x, s in enumerate(self.sectors):
                data.append([x, y, self.counts.get((u.pk, s.code), 0)])
        top = max((d[2] for d in data), default=0)
        return {
            "x": [shown(s.name) for s in self.sectors],
            "y": [u.name for u in self.units],
            "data": data,
            "max": max(top, 1),
            "targeted": [
                [x, y]
                for y, u in enumerate(self.units)
                for x, s in enumerate(self.sectors)
                if (u.pk, s.code) in self.targeted
            ],
        }


def quarters(period: Period, today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The calendar quarters of the period that have ended by today (its last
    day counted, as a screening period is: mediation.queries._buckets). A quarter
    still running is no gap yet: on 4 January a village that has held nothing
    since New Year has missed nothing."""
    out = []
    year, q = period.start.year, (period.start.month - 1) // 3
    while True:
        start = dt.date(year, q * 3 + 1, 1)
        end_month = q * 3 + 3
        end = (dt.date(year + (end_month // 12), end_month % 12 + 1, 1)) - dt.timedelta(days=1)
        if start > period.end or end > today:
            break
        label = gettext("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": q + 1}
        out.append((label, max(start, period.start), min(end, period.end)))
        q += 1
        if q == 4:
            year, q = year + 1, 0
    return out


def coverage(root: OrgUnit, period: Period, *, today: dt.date) -> Coverage:
    """The coverage matrix of `root`'s area in `period` (a fixed handful of queries)."""
    acts = held_activities(root, period)
    act_rows = dict(acts.values_list("pk", "date"))
    reach_units: dict[int, set[int]] = defaultdict(set)
    for act_id, unit_id in PublicityActivity.units_reached.through.objects.filter(
        publicityactivity_id__in=act_rows.keys()
    ).values_list("publicityactivity_id", "orgunit_id"):
        reach_units[act_id].add(unit_id)
    reach_sectors: dict[int, set[str]] = defaultdict(set)
    for act_id, code in PublicityActivity.sectors.through.objects.filter(
        publicityactivity_id__in=act_rows.keys()
    ).values_list("publicityactivity_id", "sector_id"):
        reach_sectors[act_id].add(code)
    act_topics: dict[int, set[int]] = defaultdict(set)
    for act_id, topic_id in PublicityActivity.topics.through.objects.filter(
        publicityactivity_id__in=act_rows.keys()
    ).values_list("publicityactivity_id", "topic_id"):
        act_topics[act_id].add(topic_id)

    counts: dict[tuple[int, str], int] = defaultdict(int)
    topic_counts: dict[tuple[int, int], int] = defaultdict(int)
    unit_dates: dict[int, list[dt.date]] = defaultdict(list)
    for act_id, reached_ids in reach_units.items():
        for unit_id in reached_ids:
            unit_dates[unit_id].append(act_rows[act_id])
            for code in reach_sectors.get(act_id, ()):
                counts[(unit_id, code)] += 1
            for topic_id in act_topics.get(act_id, ()):
                topic_counts[(unit_id, topic_id)] += 1

    items = plan_items(root, period).exclude(status=PlanItem.Status.CANCELLED).values("pk")
    item_units: dict[int, set[int]] = defaultdict(set)
    for item_id, unit_id in PlanItem.target_units.through.objects.filter(
        planitem_id__in=items
    ).values_list("planitem_id", "orgunit_id"):
        item_units[item_id].add(unit_id)
    targeted: set[tuple[int, str]] = set()
    for item_id, code in PlanItem.target_sectors.through.objects.filter(
        planitem_id__in=items
    ).values_list("planitem_id", "sector_id"):
        targeted.update((unit_id, code) for unit_id in item_units.get(item_id, ()))

    touched = {u for u, _ in counts} | {u for u, _ in targeted}
    units = list(
        OrgUnit.objects.filter(path__startswith=root.path)
        .filter(Q(kind__in=ROW_KINDS) | Q(pk__in=touched))
        .order_by("path")
    )
    reached_codes = {code for _u, code in counts}
    relevant = {s.code for s in relevant_sectors(root)}
    sectors = [s for s in Sector.objects.all() if s.code in relevant | reached_codes]
    topic_ids = {t for _u, t in topic_counts}
    topics = list(Topic.objects.filter(pk__in=topic_ids))

    villages = [u for u in units if u.kind in (OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY)]
    quiet = []
    for label, start, end in quarters(period, today):
        silent = [
            v for v in villages if not any(start <= d <= end for d in unit_dates.get(v.pk, ()))
        ]
        if silent:
            quiet.append((label, silent))
    overdue = list(
        items_overdue(root, today)
        .filter(planned_month__range=(period.start.replace(day=1), period.end))
        .select_related("topic", "lead_unit")
    )
    return Coverage(
        root=root,
        period=period,
        units=units,
        sectors=sectors,
        topics=topics,
        counts=dict(counts),
        topic_counts=dict(topic_counts),
        targeted=targeted,
        activity_count=len(act_rows),
        quiet=quiet,
        overdue=overdue,
        unit_activities={pk: len(dates) for pk, dates in unit_dates.items()},
    )


def coverage_rate(unit: OrgUnit, period: Period) -> float | None:
    """Targeted (unit, sector) cells reached by a held activity / cells targeted."""
    items = plan_items(unit, period).exclude(status=PlanItem.Status.CANCELLED).values("pk")
    item_units: dict[int, set[int]] = defaultdict(set)
    for item_id, unit_id in PlanItem.target_units.through.objects.filter(
        planitem_id__in=items
    ).values_list("planitem_id", "orgunit_id"):
        item_units[item_id].add(unit_id)
    targeted: set[tuple[int, str]] = set()
    for item_id, code in PlanItem.target_sectors.through.objects.filter(
        planitem_id__in=items
    ).values_list("planitem_id", "sector_id"):
        targeted.update((u, code) for u in item_units.get(item_id, ()))
    if not targeted:
        return None
    acts = held_activities(unit, period).values("pk")
    act_units: dict[int, set[int]] = defaultdict(set)
    for act_id, unit_id in PublicityActivity.units_reached.through.objects.filter(
        publicityactivity_id__in=acts
    ).values_list("publicityactivity_id", "orgunit_id"):
        act_units[act_id].add(unit_id)
    reached: set[tuple[int, str]] = set()
    for act_id, code in PublicityActivity.sectors.through.objects.filter(
        publicityactivity_id__in=acts
    ).values_list("publicityactivity_id", "sector_id"):
        reached.update((u, code) for u in act_units.get(act_id, ()))
    return rate(len(targeted & reached), len(targeted))


# ---------------------------------------------------------------------------
# Cadres' study and exams
# ---------------------------------------------------------------------------


def studies(unit: OrgUnit, period: Period) -> QuerySet[LawStudy]:
    return LawStudy.objects.in_unit(unit).filter(date__range=(period.start, period.end))


def attendance(unit: OrgUnit, period: Period) -> QuerySet[LawStudyAttendance]:
    return LawStudyAttendance.objects.filter(
        study__unit__path__startswith=unit.path, study__date__range=(period.start, period.end)
    ).select_related("study", "person")


def exam_roll(unit: OrgUnit, period: Period) -> QuerySet[LawExam]:
    return (
        LawExam.objects.in_unit(unit)
        .filter(year__range=(period.start.year, period.end.year))
        .select_related("person")
    )


def enforcement_training_hours(
    unit: OrgUnit, period: Period
) -> tuple[dict[int, Decimal] | None, str]:
    """Enforcement officers' training hours, from the enforcement module (one
    record, not two). Returns (hours by person id, "") or (None, why not)."""
    training_hours_by_person = selectors.get("enforcement.training_hours_by_person")
    if training_hours_by_person is None:
        return None, gettext("执法培训学时暂不可用：执法模块未启用。")
    raw: dict[int, Any] = training_hours_by_person(unit, period) or {}
    return {int(pk): Decimal(str(hours or 0)) for pk, hours in raw.items()}, ""


@dataclass
class CadreRow:
    person: Person
    sessions: int
    hours: Decimal
    exam: LawExam | None
    law_report: LawReport | None
    enforcement_hours: Decimal | None

    @property
    def studied(self) -> bool:
        return self.sessions > 0

    @property
    def sat_exam(self) -> bool:
        return bool(self.exam and self.exam.sat)


def cadre_rows(cadres: QuerySet[Person], year: int, root: OrgUnit) -> tuple[list[CadreRow], str]:
    """Each cadre's study sessions and hours, exam and 述法 in `year`."""
    period = Period.year(year)
    cadres = cadres.filter(is_cadre=True).select_related("unit").order_by("unit__path", "name")
    stats = {
        row["person_id"]: row
        for row in LawStudyAttendance.objects.filter(
            person__in=cadres, study__date__range=(period.start, period.end)
        )
        .values("person_id")
        .annotate(n=Count("pk"), hours=Sum("study__hours"))
    }
    exams = {e.person_id: e for e in LawExam.objects.filter(year=year, person__in=cadres)}
    law_reports_of = selectors.get("governance.law_reports_of")
    reports = law_reports_of(cadres, year) if law_reports_of else {}  # governance's selector
    training, note = enforcement_training_hours(root, period)
    rows = []
    for p in cadres:
        s = stats.get(p.pk, {})
        rows.append(
            CadreRow(
                person=p,
                sessions=s.get("n", 0),
                hours=s.get("hours") or Decimal("0"),
                exam=exams.get(p.pk),
                law_report=reports.get(p.pk),
                enforcement_hours=None if training is None else training.get(p.pk),
            )
        )
    return rows, note


def dashboard_panel(user: Any, today: dt.date) -> list[Figure]:
    """Home page (core.dashboard): items of the publicity plan not done in the
    user's scope, those whose month has ended (到期未完成, as the item list's
    filter), and activities scheduled in the next 30 days or left unheld
    after their date. Two aggregate queries."""
    month_start = today.replace(day=1)
    planned = Q(status=PlanItem.Status.PLANNED)
    items = PlanItem.objects.visible_to(user).aggregate(
        open=Count("pk", filter=planned),
        overdue=Count("pk", filter=planned & Q(planned_month__lt=month_start)),
    )
    scheduled = Q(status=PublicityActivity.Status.SCHEDULED)
    activities = PublicityActivity.objects.visible_to(user).aggregate(
        soon=Count(
            "pk", filter=scheduled & Q(date__gte=today, date__lte=today + dt.timedelta(days=30))
        ),
        late=Count("pk", filter=scheduled & Q(date__lt=today)),
    )
    url = reverse("publicity:item_list")
    return [
        Figure(_("普法计划未完成项目"), items["open"], url),
        Figure(_("到期未完成"), items["overdue"], f"{url}?overdue=true", tone="danger"),
        Figure(_("30日内待开展活动"), activities["soon"], reverse("publicity:activity_list")),
        Figure(_("逾期未开展活动"), activities["late"], tone="warning"),
    ]
