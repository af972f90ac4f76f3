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
    Section,
    UnitTree,
    distinct_batch,
    indicator,
    rate,
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
figures = Section(SECTION, unit_label=gettext_noop("个"))


# --- activities -------------------------------------------------------------

figures.count(
    "publicity.activities",
    _("开展普法活动"),
    queries.held_activities,
    order=1,
    unit_label=gettext_noop("场次"),
)


figures.per_choice(
    "publicity.activities.{value}",
    PublicityActivity.Kind.choices,
    queries.held_activities,
    "kind",
    label=gettext_noop("普法活动：{label}"),
    order=2,
    unit_label=gettext_noop("场次"),
)
figures.per_choice(
    "publicity.activities.sector.{value}",
    Sector.Code.choices,
    queries.held_activities,
    "sectors__code",
    label=gettext_noop("法律进{label}活动"),
    order=10,
    unit_label=gettext_noop("场次"),
    distinct=True,
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


figures.total(
    "publicity.participants",
    "participants",
    _("参与群众"),
    queries.held_activities,
    order=22,
    unit_label=gettext_noop("人次"),
    cast=int,
)
figures.total(
    "publicity.materials",
    "materials",
    _("发放宣传资料"),
    queries.held_activities,
    order=23,
    unit_label=gettext_noop("份"),
    cast=int,
)


# --- plan -------------------------------------------------------------------

figures.count(
    "publicity.plan.items",
    _("普法计划项目"),
    queries.plan_items,
    order=30,
    unit_label=gettext_noop("项"),
)
figures.count(
    "publicity.plan.done",
    _("已完成计划项目"),
    queries.items_done,
    order=31,
    unit_label=gettext_noop("项"),
)
figures.count(
    "publicity.plan.not_done",
    _("未完成计划项目"),
    queries.items_not_done,
    order=32,
    unit_label=gettext_noop("项"),
)


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


figures.count(
    "publicity.sectors.unreached_count",
    _("未开展活动的宣传领域"),
    _unreached_sector_rows,
    order=34,
    unit_field=None,  # sectors, not records of a unit
    batch=_unreached_batch,
)


# --- sites, villagers, model villages ---------------------------------------


def _sites(unit: OrgUnit, period: Period) -> QuerySet[CultureSite]:
    """Sites standing at the end of the period."""
    return (
        CultureSite.objects.in_unit(unit)
        .filter(opened_on__lte=period.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=period.end))
    )


figures.count("publicity.culture_sites", _("法治文化阵地"), _sites, order=40)


def _new_sites(unit: OrgUnit, period: Period) -> QuerySet[CultureSite]:
    return _sites(unit, period).filter(opened_on__gte=period.start)


figures.count("publicity.culture_sites.new", _("新建法治文化阵地"), _new_sites, order=41)


def _villagers(unit: OrgUnit, period: Period) -> QuerySet[LegalLiterateVillager]:
    return (
        LegalLiterateVillager.objects.in_unit(unit)
        .filter(appointed_on__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))
    )


figures.count(
    "publicity.legal_literate_villagers",
    _("法律明白人"),
    _villagers,
    order=42,
    unit_label=gettext_noop("名"),
)


def _model_villages(unit: OrgUnit, period: Period) -> QuerySet[ModelVillage]:
    return (
        ModelVillage.objects.in_unit(unit)
        .filter(awarded_year__lte=period.end.year)
        .filter(Q(revoked_year__isnull=True) | Q(revoked_year__gt=period.end.year))
    )


figures.count("publicity.model_villages", _("民主法治示范村"), _model_villages, order=43)


# --- cadres' study and exams ------------------------------------------------

figures.count(
    "publicity.study.sessions",
    _("干部学法活动"),
    queries.studies,
    order=50,
    unit_label=gettext_noop("次"),
)
figures.count(
    "publicity.study.attendance",
    _("干部参学"),
    queries.attendance,
    order=51,
    unit_label=gettext_noop("人次"),
)


figures.total(
    "publicity.study.hours",
    "study__hours",
    _("干部学法学时"),
    queries.attendance,
    order=52,
    unit_label=gettext_noop("学时"),
    cast=float,
)


def _sat(unit: OrgUnit, period: Period) -> QuerySet[LawExam]:
    return queries.exam_roll(unit, period).filter(sat=True)


figures.rate(
    "publicity.exam.participation_rate",
    Q(sat=True),
    _("学法考试参考率"),
    queries.exam_roll,
    order=53,
)
figures.rate("publicity.exam.pass_rate", Q(passed=True), _("学法考试合格率"), _sat, order=54)


def _law_reports(unit: OrgUnit, period: Period) -> QuerySet[LawReport]:
    # 述法 is governance's record, read through its selector.
    village_law_reports = selectors.get("governance.village_law_reports")
    if village_law_reports is None:
        raise LookupError("law-report figures need the governance module's village_law_reports")
    return village_law_reports(unit, period.start.year, period.end.year)


def _law_reports_done(unit: OrgUnit, period: Period) -> QuerySet[LawReport]:
    return _law_reports(unit, period).exclude(reported_on=None)


figures.count(
    "publicity.law_reports.due",
    _("应述法村党组织书记"),
    _law_reports,
    order=55,
    unit_label=gettext_noop("人"),
)
figures.count(
    "publicity.law_reports.done",
    _("已述法村党组织书记"),
    _law_reports_done,
    order=56,
    unit_label=gettext_noop("人"),
)


# --- money ------------------------------------------------------------------


figures.total(
    "publicity.budget",
    "budget",
    _("普法计划经费预算"),
    queries.plan_items,
    order=60,
    unit_label=gettext_noop("元"),
    cast=float,
)
figures.total(
    "publicity.spending",
    "cost",
    _("普法活动经费支出"),
    queries.held_activities,
    order=61,
    unit_label=gettext_noop("元"),
    cast=float,
)
