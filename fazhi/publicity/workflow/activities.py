"""Publicity activities (普法活动): recorded or scheduled, held, cancelled or
deleted; each change keeps the plan item it fulfils up to date."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.models import OrgUnit

from ..models import PlanItem, PublicityActivity, Sector, Topic
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


def _check_activity(
    activity: PublicityActivity,
    *,
    topics: Sequence[Topic],
    units_reached: Sequence[OrgUnit],
    partner_units: Sequence[OrgUnit],
) -> None:
    now = steps.today()
    for name, label in (
        ("participants", gettext_lazy("参与人数")),
        ("materials", gettext_lazy("发放资料份数")),
    ):
        value = getattr(activity, name)
        if value is None or value < 0:
            raise RuleViolation(_("%(label)s不能为负数。") % {"label": label}, field=name)
    if activity.cost is not None and activity.cost < Decimal("0"):
        raise RuleViolation(_("经费不能为负数。"), field="cost")
    if activity.date is None:
        raise RuleViolation(_("请填写活动日期。"), field="date")
    item = activity.plan_item
    if item is not None:
        plan = item.plan
        if not plan.start_year <= activity.date.year <= plan.end_year:
            raise RuleViolation(
                _("活动日期（%(date)s）不在所对应计划的期间（%(year_label)s）内。")
                % {"date": format(activity.date, "%Y-%m-%d"), "year_label": plan.year_label},
                field="date",
            )
        if item.status == PlanItem.Status.CANCELLED:
            raise RuleViolation(_("所选计划项目已取消。"), field="plan_item")
        if not activity.unit.path.startswith(scope_root(item.unit).path):
            raise RuleViolation(
                # Names the record's unit too: a county user chooses both
                # from every township, and either may be the one to change.
                _(
                    "对应计划项目“%(item)s”是%(owner)s的计划，不适用于所属单位“%(unit)s”：请改选对应计划项目或所属单位。"
                )
                % {"item": item, "owner": item.unit, "unit": activity.unit},
                field="plan_item",
            )
    elif activity.date.year > now.year:
        # Without a plan item the plan year is the current one: activities may be
        # scheduled ahead within it, not into a year whose plan is not made yet.
        raise RuleViolation(
            _("活动日期（%(date)s）超出了计划年度（%(year)s年），请先制定该年度的普法计划。")
            % {"date": format(activity.date, "%Y-%m-%d"), "year": now.year},
            field="date",
        )
    if activity.status == PublicityActivity.Status.HELD and activity.date > now:
        raise RuleViolation(_("已开展的活动日期不能晚于今天。"), field="date")
    if not topics:
        raise RuleViolation(_("请至少选择一个宣传主题。"), field="topics")
    if not units_reached:
        raise RuleViolation(_("请至少选择一个覆盖单位。"), field="units_reached")
    root = scope_root(activity.unit)
    bad = outside(units_reached, root)
    if bad:
        # The rule is the record's 所属单位's, whoever records it: a county
        # user, who may choose any township as 所属单位, is told which unit
        # the reach follows and that either input may be the one to change.
        raise RuleViolation(
            _(
                "覆盖单位“%(bad)s”不在%(root)s的范围内：所属单位为“%(unit)s”的活动，覆盖单位应为%(root)s或其下属单位。请改选覆盖单位或所属单位。"
            )
            % {"bad": names(bad), "root": root, "unit": activity.unit},
            field="units_reached",
        )
    town = township_of(activity.unit)
    if activity.lead_unit_id is None:
        raise RuleViolation(_("请选择牵头单位。"), field="lead_unit")
    if not activity.lead_unit.path.startswith(town.path):
        raise RuleViolation(
            _("牵头单位“%(lead_unit)s”不在%(town)s范围内。")
            % {"lead_unit": activity.lead_unit, "town": town},
            field="lead_unit",
        )
    bad = outside(partner_units, town)
    if bad:
        raise RuleViolation(
            _("协办单位“%(bad)s”不在%(town)s范围内。") % {"bad": names(bad), "town": town},
            field="partner_units",
        )


@transaction.atomic
def save_activity(
    activity: PublicityActivity,
    *,
    by: Any,
    topics: Sequence[Topic],
    sectors: Sequence[Sector | str],
    units_reached: Sequence[OrgUnit],
    partner_units: Sequence[OrgUnit] = (),
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> PublicityActivity:
    """Record or edit an activity.

    A new activity dated today or earlier is recorded as held; a later date in
    the plan year is scheduled and becomes held through `hold_activity`. Edits
    keep the state (states change only through hold/cancel). The plan item it
    fulfils is marked done.
    """
    old_item: PlanItem | None = None
    if activity.pk is None:
        activity.status = (
            PublicityActivity.Status.HELD
            if activity.date is not None and activity.date <= steps.today()
            else PublicityActivity.Status.SCHEDULED
        )
    else:
        current = PublicityActivity.objects.select_related("plan_item").get(pk=activity.pk)
        activity.status = current.status
        old_item = current.plan_item
        if current.status == PublicityActivity.Status.CANCELLED:
            raise RuleViolation(_("活动已取消，不能再修改。"), field="status")
    resolved = resolve_sectors(sectors, field="sectors")
    _check_activity(
        activity, topics=topics, units_reached=units_reached, partner_units=partner_units
    )
    save_record(
        activity,
        by=by,
        version=version,
        before=before,
        m2m={
            "topics": list(topics),
            "sectors": resolved,
            "units_reached": list(units_reached),
            "partner_units": list(partner_units),
        },
    )
    refresh_item(activity.plan_item, by=by)
    if old_item is not None and old_item.pk != activity.plan_item_id:
        refresh_item(old_item, by=by)
    return activity


@transaction.atomic
def hold_activity(
    activity: PublicityActivity,
    *,
    by: Any,
    participants: int,
    materials: int = 0,
    cost: Decimal | None = None,
    summary: str = "",
) -> PublicityActivity:
    """待开展 → 已开展, on or after its date, with what actually happened."""
    locked = steps.lock(activity, by=by)
    if locked.date > steps.today():
        raise RuleViolation(
            _("活动日期（%(date)s）尚未到来，不能标记为已开展。")
            % {"date": format(locked.date, "%Y-%m-%d")},
            field="date",
        )
    if participants is None or participants < 0:
        raise RuleViolation(_("参与人数不能为负数。"), field="participants")
    if materials is None or materials < 0:
        raise RuleViolation(_("发放资料份数不能为负数。"), field="materials")
    if cost is not None and cost < 0:
        raise RuleViolation(_("经费不能为负数。"), field="cost")
    transition(locked, PublicityActivity.Status.HELD, by=by, note=summary[:300])
    locked.participants = participants
    locked.materials = materials
    if cost is not None:
        locked.cost = cost
    if summary:
        locked.summary = summary
    steps.touch(locked, by, ["status", "participants", "materials", "cost", "summary"])
    refresh_item(locked.plan_item, by=by)
    return locked


@transaction.atomic
def cancel_activity(activity: PublicityActivity, *, by: Any, reason: str) -> PublicityActivity:
    """待开展 → 已取消 (a held activity is history and is not cancelled)."""
    locked = steps.lock(activity, by=by)
    reason = steps.require_text(reason, "reason", _("取消原因"))
    transition(locked, PublicityActivity.Status.CANCELLED, by=by, note=reason)
    locked.cancel_reason = reason[:300]
    steps.touch(locked, by, ["status", "cancel_reason"])
    refresh_item(locked.plan_item, by=by)
    return locked


@transaction.atomic
def delete_activity(activity: PublicityActivity, *, by: Any, reason: str = "") -> None:
    """An activity recorded by mistake goes, with its fields kept in the audit
    row; the plan item it fulfilled goes back to planned if it was the only one."""
    locked = steps.lock(activity, by=by)
    item = locked.plan_item
    core_workflow.delete_record(locked, by=by, reason=reason)
    refresh_item(item, by=by)
