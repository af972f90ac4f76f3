"""Publicity plans (五年规划, 年度计划) and their items: drafting, 印发, 年终总结,
the national publicity days put into a plan, and an item dropped or restored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit
from fazhi.core.workflow import check_unit_in_scope

from .. import rules
from ..models import Campaign, PlanItem, PublicityPlan, Sector
from ._common import (
    names,
    outside,
    refresh_item,
    resolve_sectors,
    save_record,
    scope_root,
    township_of,
    transition,
)

# --- plans ----------------------------------------------------------------------


def _check_plan(plan: PublicityPlan) -> None:
    if plan.kind == PublicityPlan.Kind.ANNUAL:
        if plan.end_year != plan.start_year:
            raise RuleViolation(_("年度计划的起止年度应为同一年。"), field="end_year")
    elif plan.end_year != plan.start_year + rules.FIVE_YEAR_SPAN - 1:
        raise RuleViolation(
            _("五年规划应覆盖%(FIVE_YEAR_SPAN)s个年度（如2021—2025年）。")
            % {"FIVE_YEAR_SPAN": rules.FIVE_YEAR_SPAN},
            field="end_year",
            rule=rules.PLAN_BASIS,
        )
    if plan.parent_id is not None:
        parent = plan.parent
        assert parent is not None
        if parent.kind != PublicityPlan.Kind.FIVE_YEAR:
            raise RuleViolation(_("所属规划应为五年规划。"), field="parent")
        if not parent.start_year <= plan.start_year <= parent.end_year:
            raise RuleViolation(
                _("计划年度不在所属五年规划（%(year_label)s）的期间内。")
                % {"year_label": parent.year_label},
                field="parent",
            )
        if not plan.unit.path.startswith(parent.unit.path):
            raise RuleViolation(_("所属五年规划应为本单位或上级单位的规划。"), field="parent")


@transaction.atomic
def save_plan(
    plan: PublicityPlan,
    *,
    by: Any,
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> PublicityPlan:
    """Create or edit a plan; a plan already summed up (已总结) is no longer edited."""
    if plan.pk is not None:
        current = PublicityPlan.objects.get(pk=plan.pk)
        if current.status == PublicityPlan.Status.CLOSED:
            raise RuleViolation(_("计划已年终总结，不能再修改。"), field="status")
        plan.status = current.status  # state changes only through adopt/close
    if plan.kind == PublicityPlan.Kind.ANNUAL and plan.start_year and not plan.end_year:
        plan.end_year = plan.start_year
    _check_plan(plan)
    return save_record(plan, by=by, version=version, before=before)


@transaction.atomic
def adopt_plan(
    plan: PublicityPlan, *, by: Any, adopted_on: dt.date | None = None, doc_no: str = ""
) -> PublicityPlan:
    """印发: a plan is issued with at least one item, dated in its own period
    (a plan is made at the start of the year, not after it — seed report (四))."""
    locked = steps.lock(plan, by=by)
    adopted_on = steps.check_date(adopted_on or steps.today(), "adopted_on", _("印发日期"))
    if adopted_on.year > locked.end_year:
        raise RuleViolation(
            _("印发日期（%(adopted_on)s）已超出计划期间（%(year_label)s）。")
            % {"adopted_on": format(adopted_on, "%Y-%m-%d"), "year_label": locked.year_label},
            field="adopted_on",
        )
    if not locked.items.exists():
        raise RuleViolation(_("计划还没有任何工作项目，不能印发。"), field="items")
    transition(locked, PublicityPlan.Status.ADOPTED, by=by, note=doc_no)
    locked.adopted_on = adopted_on
    locked.doc_no = doc_no or locked.doc_no
    steps.touch(locked, by, ["status", "adopted_on", "doc_no"])
    return locked


@transaction.atomic
def close_plan(plan: PublicityPlan, *, by: Any, review: str) -> PublicityPlan:
    """年终总结: closing a plan needs the written review, and not before its last
    year has begun (a plan is summed up at the end of its period)."""
    locked = steps.lock(plan, by=by)
    review = steps.require_text(review, "review", _("年终总结"))
    if steps.today().year < locked.end_year:
        raise RuleViolation(
            _("计划期间（%(year_label)s）尚未进入最后一年，不能总结。")
            % {"year_label": locked.year_label},
            field="review",
        )
    transition(locked, PublicityPlan.Status.CLOSED, by=by, note=review[:300])
    locked.review = review
    steps.touch(locked, by, ["status", "review"])
    return locked


def suggested_campaigns(plan: PublicityPlan) -> list[tuple[Campaign, dt.date | None]]:
    """The national publicity days of the plan's years not yet in the plan."""
    planned = set(plan.items.exclude(campaign=None).values_list("campaign_id", flat=True))
    out: list[tuple[Campaign, dt.date | None]] = []
    for campaign in Campaign.objects.select_related("topic"):
        if campaign.pk in planned:
            continue
        out.append((campaign, campaign.date_in(plan.start_year)))
    return out


@transaction.atomic
def add_campaign_items(
    plan: PublicityPlan, campaigns: Iterable[Campaign], *, by: Any, lead_unit: OrgUnit
) -> list[PlanItem]:
    """Put suggested campaigns into the plan as items in their month, reaching
    the plan unit's villages and agencies (the clerk narrows them afterwards)."""
    created: list[PlanItem] = []
    root = scope_root(plan.unit)
    villages = list(
        OrgUnit.objects.filter(
            path__startswith=root.path, kind__in=[OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY]
        )
    )
    for campaign in campaigns:
        if plan.items.filter(campaign=campaign).exists():
            continue
        if campaign.topic is None:
            raise RuleViolation(
                _("主题宣传日“%(campaign)s”未设定宣传主题，请先在主题宣传日中设定。")
                % {"campaign": campaign},
                field="campaigns",
            )
        when = campaign.date_in(plan.start_year)
        month = campaign.month if when is None else when.month
        item = PlanItem(
            plan=plan,
            unit=plan.unit,
            title=stored(gettext_noop("开展“%(name)s”主题宣传"), name=campaign.name),
            topic=campaign.topic,
            campaign=campaign,
            planned_month=dt.date(plan.start_year, month, 1),
            lead_unit=lead_unit,
        )
        sectors = list(Sector.objects.filter(code__in=[Sector.Code.AGENCY, Sector.Code.VILLAGE]))
        created.append(
            save_plan_item(item, by=by, target_sectors=sectors, target_units=[root, *villages])
        )
    return created


# --- plan items -------------------------------------------------------------------


@transaction.atomic
def save_plan_item(
    item: PlanItem,
    *,
    by: Any,
    target_sectors: Sequence[Sector | str],
    target_units: Sequence[OrgUnit],
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> PlanItem:
    """A plan line: in its plan's period, for units in the plan unit's area,
    with at least one sector from the list."""
    plan = item.plan
    if plan.status == PublicityPlan.Status.CLOSED:
        raise RuleViolation(_("计划已年终总结，不能再增改工作项目。"), field="plan")
    check_unit_in_scope(plan.unit, by, field="plan")
    item.unit = plan.unit
    if item.planned_month is None:
        raise RuleViolation(_("请填写计划月份。"), field="planned_month")
    item.planned_month = item.planned_month.replace(day=1)
    if not plan.start_year <= item.planned_month.year <= plan.end_year:
        raise RuleViolation(
            _("计划月份（%(month)s）不在计划期间（%(years)s）内。")
            % {
                "month": date_format(item.planned_month, "YEAR_MONTH_FORMAT"),
                "years": plan.year_label,
            },
            field="planned_month",
        )
    if item.budget is not None and item.budget < 0:
        raise RuleViolation(_("预算不能为负数。"), field="budget")
    sectors = resolve_sectors(target_sectors, field="target_sectors")
    root = scope_root(plan.unit)
    bad = outside(target_units, root)
    if bad:
        # Names the plan too: a county user chooses both from every
        # township, and either may be the one to change.
        raise RuleViolation(
            _(
                "覆盖单位“%(bad)s”不在%(root)s的范围内（所选计划“%(plan)s”的范围）：请改选覆盖单位或计划。"
            )
            % {"bad": names(bad), "root": root, "plan": plan},
            field="target_units",
        )
    town = township_of(plan.unit)
    if item.lead_unit_id is not None and not item.lead_unit.path.startswith(town.path):
        raise RuleViolation(
            _(
                "牵头单位“%(lead_unit)s”不在%(town)s范围内（所选计划“%(plan)s”所在乡镇）：请改选牵头单位或计划。"
            )
            % {"lead_unit": item.lead_unit, "town": town, "plan": plan},
            field="lead_unit",
        )
    if item.pk is not None:
        item.status = PlanItem.objects.values_list("status", flat=True).get(pk=item.pk)
    return save_record(
        item,
        by=by,
        version=version,
        before=before,
        m2m={"target_sectors": sectors, "target_units": list(target_units)},
    )


@transaction.atomic
def cancel_plan_item(item: PlanItem, *, by: Any, reason: str) -> PlanItem:
    """An item dropped from the plan keeps its row (and counts as not done)."""
    locked = steps.lock(item, by=by)
    reason = steps.require_text(reason, "reason", _("取消原因"))
    transition(locked, PlanItem.Status.CANCELLED, by=by, note=reason)
    locked.cancel_reason = reason[:300]
    steps.touch(locked, by, ["status", "cancel_reason"])
    return locked


@transaction.atomic
def reopen_plan_item(item: PlanItem, *, by: Any, note: str = "") -> PlanItem:
    """已取消 → 计划中; done again at once if a held activity already fulfils it."""
    locked = steps.lock(item, by=by)
    if locked.status != PlanItem.Status.CANCELLED:
        raise RuleViolation(_("只有已取消的项目可以恢复。"), field="status")
    transition(locked, PlanItem.Status.PLANNED, by=by, note=note)
    locked.cancel_reason = ""
    steps.touch(locked, by, ["status", "cancel_reason"])
    refresh_item(locked, by=by)
    return locked
