"""Figures this module gives the annual report (section "publicity").

Each figure is a query over held activities, plan items, sites and study
records of the unit and everything below it, with `records` naming the rows
behind the number. The report's prose about topics, campaigns and unreached
sectors comes from the selectors in queries.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core import selectors
from fazhi.core.indicators import (
    Period,
    UnitTree,
    count_indicator,
    count_per_choice,
    distinct_batch,
    indicator,
    rate,
    rate_indicator,
    sum_indicator,
)
from fazhi.core.models import OrgUnit

from . import queries
from .models import (
    CultureSite,
    LawExam,
    LegalLiterateVillager,
    ModelVillage,
    PlanItem,
    PublicityActivity,
    Sector,
)

if TYPE_CHECKING:
    # governance's 述法 record: publicity reads it through core.selectors only
    from django.db.models import Model as LawReport

SECTION = "publicity"


# --- activities -------------------------------------------------------------

count_indicator(
    "publicity.activities",
    label=cast(str, _("开展普法活动")),
    unit_label=gettext_noop("场次"),
    section=SECTION,
    order=1,
)(queries.held_activities)


count_per_choice(
    "publicity.activities.{value}",
    PublicityActivity.Kind.choices,
    queries.held_activities,
    "kind",
    label=gettext_noop("普法活动：{label}"),
    unit_label=gettext_noop("场次"),
    section=SECTION,
    order=2,
)
count_per_choice(
    "publicity.activities.sector.{value}",
    Sector.Code.choices,
    queries.held_activities,
    "sectors__code",
    distinct=True,
    label=gettext_noop("法律进{label}活动"),
    unit_label=gettext_noop("场次"),
    section=SECTION,
    order=10,
)


@indicator(
    "publicity.topics",
    label=cast(str, _("宣传主题")),
    unit_label=gettext_noop("个"),
    section=SECTION,
    records=queries.topics_records,
    order=20,
    is_count=True,
    batch=distinct_batch(queries.held_activities, "topics", skip_none=True),
)
def topics(unit: OrgUnit, period: Period) -> int:
    return queries.topics_records(unit, period).count()


@indicator(
    "publicity.campaigns",
    label=cast(str, _("开展主题宣传日活动")),
    unit_label=gettext_noop("个"),
    section=SECTION,
    records=queries.campaign_records,
    order=21,
    is_count=True,
    batch=distinct_batch(queries.held_activities, "campaign", skip_none=True),
)
def campaigns(unit: OrgUnit, period: Period) -> int:
    return queries.campaign_records(unit, period).count()


sum_indicator(
    "publicity.participants",
    "participants",
    label=cast(str, _("参与群众")),
    unit_label=gettext_noop("人次"),
    section=SECTION,
    records=queries.held_activities,
    order=22,
    cast=int,
)
sum_indicator(
    "publicity.materials",
    "materials",
    label=cast(str, _("发放宣传资料")),
    unit_label=gettext_noop("份"),
    section=SECTION,
    records=queries.held_activities,
    order=23,
    cast=int,
)


# --- plan -------------------------------------------------------------------

count_indicator(
    "publicity.plan.items",
    label=cast(str, _("普法计划项目")),
    unit_label=gettext_noop("项"),
    section=SECTION,
    order=30,
)(queries.plan_items)
count_indicator(
    "publicity.plan.done",
    label=cast(str, _("已完成计划项目")),
    unit_label=gettext_noop("项"),
    section=SECTION,
    order=31,
)(queries.items_done)
count_indicator(
    "publicity.plan.not_done",
    label=cast(str, _("未完成计划项目")),
    unit_label=gettext_noop("项"),
    section=SECTION,
    order=32,
)(queries.items_not_done)


def _targeted_items(unit: OrgUnit, period: Period) -> QuerySet[PlanItem]:
    return queries.plan_items(unit, period).exclude(status=PlanItem.Status.CANCELLED)


def _cells(sectors: QuerySet[Any], units: QuerySet[Any]) -> dict[int, set[tuple[int, str]]]:
    """(unit, sector) cells of each plan item or activity: its units × its sectors."""
    by_units: dict[int, set[int]] = defaultdict(set)
    for owner, unit_id in units:
        by_units[owner].add(unit_id)
    cells: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for owner, code in sectors:
        cells[owner].update((u, code) for u in by_units.get(owner, ()))
    return cells


def _activity_cells(tree: UnitTree, period: Period) -> list[tuple[int, int | None, str | None]]:
    """The held activities under the tree's root as distinct (activity's unit,
    unit reached, sector) rows (None where an activity names no unit or no
    sector): the database folds a province's million activities into a few
    cells per township. Read once per roll-up, for the coverage rate and for
    the sectors not reached."""

    def read() -> list[tuple[int, int | None, str | None]]:
        return list(
            queries.held_activities(tree.root, period)
            .order_by()
            .values_list("unit_id", "units_reached", "sectors")
            .distinct()
        )

    return tree.shared(("publicity.activity_cells", period), read)  # type: ignore[no-any-return]


def _coverage_batch(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
    """`queries.coverage_rate` for many units: the plan items and activities
    under their common ancestor read once, their cells added up per unit."""
    items = _targeted_items(tree.root, period)
    item_ids = items.values("pk")
    item_cells = _cells(
        PlanItem.target_sectors.through.objects.filter(planitem_id__in=item_ids).values_list(
            "planitem_id", "sector_id"
        ),
        PlanItem.target_units.through.objects.filter(planitem_id__in=item_ids).values_list(
            "planitem_id", "orgunit_id"
        ),
    )
    targeted: dict[int, set[tuple[int, str]]] = {u.pk: set() for u in units}
    for item_id, unit_id in items.order_by().values_list("pk", "unit_id"):
        for pk in tree.owners(unit_id):
            targeted[pk].update(item_cells.get(item_id, ()))
    reached: dict[int, set[tuple[int, str]]] = {u.pk: set() for u in units}
    for act_unit, reached_unit, code in _activity_cells(tree, period):
        if reached_unit is None or code is None:
            continue  # an activity without units reached or without sectors
        cell = (reached_unit, code)
        for pk in tree.owners(act_unit):
            if cell in targeted[pk]:
                reached[pk].add(cell)
    return {
        pk: rate(len(reached[pk]), len(cells)) if cells else None for pk, cells in targeted.items()
    }


@indicator(
    "publicity.coverage_rate",
    label=cast(str, _("普法覆盖率（计划覆盖的单位×领域中已开展活动的比例）")),
    unit_label="%",
    section=SECTION,
    records=_targeted_items,
    order=33,
    is_rate=True,
    unit_field="",
    batch=_coverage_batch,
)
def coverage_rate(unit: OrgUnit, period: Period) -> float | None:
    return queries.coverage_rate(unit, period)


def _unreached_sector_rows(unit: OrgUnit, period: Period) -> QuerySet[Sector]:
    return Sector.objects.filter(pk__in=[s.pk for s in queries.unreached_sector_rows(unit, period)])


def _unreached_batch(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
    """`unreached_sector_rows` counted for many units: the sectors reached and
    the kinds of units present under each, read once under their ancestor."""
    reached = tree.collect(
        (act_unit, code) for act_unit, _unit, code in _activity_cells(tree, period) if code
    )
    kinds = tree.collect(
        OrgUnit.objects.filter(
            path__startswith=tree.root.path, kind__in=queries.SECTOR_UNIT_KIND.values()
        ).values_list("pk", "kind")
    )
    sectors = list(Sector.objects.all())
    return {
        u.pk: sum(
            1
            for s in sectors
            if queries.SECTOR_UNIT_KIND.get(s.code) in (None, *kinds[u.pk])
            and s.code not in reached[u.pk]
        )
        for u in units
    }


count_indicator(
    "publicity.sectors.unreached_count",
    label=cast(str, _("未开展活动的宣传领域")),
    unit_label=gettext_noop("个"),
    section=SECTION,
    order=34,
    unit_field=None,  # sectors, not records of a unit
    batch=_unreached_batch,
)(_unreached_sector_rows)


# --- sites, villagers, model villages ---------------------------------------


def _sites(unit: OrgUnit, period: Period) -> QuerySet[CultureSite]:
    """Sites standing at the end of the period."""
    return (
        CultureSite.objects.in_unit(unit)
        .filter(opened_on__lte=period.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=period.end))
    )


count_indicator(
    "publicity.culture_sites",
    label=cast(str, _("法治文化阵地")),
    unit_label=gettext_noop("个"),
    section=SECTION,
    order=40,
)(_sites)


def _new_sites(unit: OrgUnit, period: Period) -> QuerySet[CultureSite]:
    return _sites(unit, period).filter(opened_on__gte=period.start)


count_indicator(
    "publicity.culture_sites.new",
    label=cast(str, _("新建法治文化阵地")),
    unit_label=gettext_noop("个"),
    section=SECTION,
    order=41,
)(_new_sites)


def _villagers(unit: OrgUnit, period: Period) -> QuerySet[LegalLiterateVillager]:
    return (
        LegalLiterateVillager.objects.in_unit(unit)
        .filter(appointed_on__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
    )


count_indicator(
    "publicity.legal_literate_villagers",
    label=cast(str, _("法律明白人")),
    unit_label=gettext_noop("名"),
    section=SECTION,
    order=42,
)(_villagers)


def _model_villages(unit: OrgUnit, period: Period) -> QuerySet[ModelVillage]:
    return (
        ModelVillage.objects.in_unit(unit)
        .filter(awarded_year__lte=period.end.year)
        .filter(Q(revoked_year__isnull=True) | Q(revoked_year__gt=period.end.year))
    )


count_indicator(
    "publicity.model_villages",
    label=cast(str, _("民主法治示范村")),
    unit_label=gettext_noop("个"),
    section=SECTION,
    order=43,
)(_model_villages)


# --- cadres' study and exams ------------------------------------------------

count_indicator(
    "publicity.study.sessions",
    label=cast(str, _("干部学法活动")),
    unit_label=gettext_noop("次"),
    section=SECTION,
    order=50,
)(queries.studies)
count_indicator(
    "publicity.study.attendance",
    label=cast(str, _("干部参学")),
    unit_label=gettext_noop("人次"),
    section=SECTION,
    order=51,
)(queries.attendance)


sum_indicator(
    "publicity.study.hours",
    "study__hours",
    label=cast(str, _("干部学法学时")),
    unit_label=gettext_noop("学时"),
    section=SECTION,
    records=queries.attendance,
    order=52,
    cast=float,
)


def _sat(unit: OrgUnit, period: Period) -> QuerySet[LawExam]:
    return queries.exam_roll(unit, period).filter(sat=True)


rate_indicator(
    "publicity.exam.participation_rate",
    Q(sat=True),
    label=cast(str, _("学法考试参考率")),
    section=SECTION,
    records=queries.exam_roll,
    order=53,
)
rate_indicator(
    "publicity.exam.pass_rate",
    Q(passed=True),
    label=cast(str, _("学法考试合格率")),
    section=SECTION,
    records=_sat,
    order=54,
)


def _law_reports(unit: OrgUnit, period: Period) -> QuerySet[LawReport]:
    # 述法 is governance's record, read through its selector.
    village_law_reports = selectors.get("governance.village_law_reports")
    if village_law_reports is None:
        raise LookupError("law-report figures need the governance module's village_law_reports")
    return village_law_reports(unit, period.start.year, period.end.year)


def _law_reports_done(unit: OrgUnit, period: Period) -> QuerySet[LawReport]:
    return _law_reports(unit, period).exclude(reported_on=None)


count_indicator(
    "publicity.law_reports.due",
    label=cast(str, _("应述法村党组织书记")),
    unit_label=gettext_noop("人"),
    section=SECTION,
    order=55,
)(_law_reports)
count_indicator(
    "publicity.law_reports.done",
    label=cast(str, _("已述法村党组织书记")),
    unit_label=gettext_noop("人"),
    section=SECTION,
    order=56,
)(_law_reports_done)


# --- money ------------------------------------------------------------------


sum_indicator(
    "publicity.budget",
    "budget",
    label=cast(str, _("普法计划经费预算")),
    unit_label=gettext_noop("元"),
    section=SECTION,
    records=queries.plan_items,
    order=60,
    cast=float,
)
sum_indicator(
    "publicity.spending",
    "cost",
    label=cast(str, _("普法活动经费支出")),
    unit_label=gettext_noop("元"),
    section=SECTION,
    records=queries.held_activities,
    order=61,
    cast=float,
)
