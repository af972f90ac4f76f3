"""Every change to publicity and study records goes through these functions.

Each is one transaction: it checks the writer's role and scope, the rules of
the record (refusing with a `RuleViolation` that names the field), saves the
record and its many-to-many sets, writes the audit row and, for a state change,
a history row. Forms and serializers only check shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import Min
from django.utils import timezone

from fazhi.core import audit, rulesettings
from fazhi.core.errors import ConcurrentEdit, RuleViolation
from fazhi.core.models import OrgUnit, Person
from fazhi.core.scope import units_visible_to
from fazhi.core.workflow import check_can_write, check_unit_in_scope

from . import rules
from .models import (
    Campaign,
    CultureSite,
    LawExam,
    LawStudy,
    LawStudyAttendance,
    LegalLiterateVillager,
    ModelVillage,
    PlanItem,
    PublicityActivity,
    PublicityPlan,
    Sector,
    StatusChange,
    Topic,
)

M = TypeVar("M", bound=models.Model)


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------
# Units: whose records reach where
# ---------------------------------------------------------------------------


def scope_root(unit: OrgUnit) -> OrgUnit:
    """An office (司法所 …) works for its township: its records reach the township's
    units, the same rule as a user's data scope (core User.scope_path)."""
    if unit.kind == OrgUnit.Kind.DEPARTMENT and unit.parent is not None:
        return unit.parent
    return unit


def township_of(unit: OrgUnit) -> OrgUnit:
    """The township a unit belongs to (the unit's scope root above township level)."""
    return unit.township() or scope_root(unit)


def _outside(units: Iterable[OrgUnit], root: OrgUnit) -> list[OrgUnit]:
    return [u for u in units if not u.path.startswith(root.path)]


def _names(units: Iterable[Any]) -> str:
    return "、".join(str(u) for u in units)


# ---------------------------------------------------------------------------
# Saving with scope, version and audit
# ---------------------------------------------------------------------------


def _m2m_repr(values: Iterable[Any]) -> list[str]:
    return sorted(str(v) for v in values)


def _save(
    instance: M,
    *,
    by: Any,
    version: int | None = None,
    before: dict[str, Any] | None = None,
    m2m: dict[str, Sequence[Any]] | None = None,
    note: str = "",
) -> M:
    """Create or update `instance` (must run inside the caller's transaction).

    An edit made against an older `version` is refused, so a second editor
    never silently overwrites the first (the form carries the version it saw).
    """
    check_can_write(by)
    check_unit_in_scope(getattr(instance, "unit", None), by)
    m2m = m2m or {}
    model = type(instance)
    creating = instance.pk is None
    old_m2m: dict[str, list[str]] = {name: [] for name in m2m}
    if creating:
        instance.created_by = by  # type: ignore[attr-defined]
    else:
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if version is not None and current.version != version:  # type: ignore[attr-defined]
            who = current.updated_by or "他人"  # type: ignore[attr-defined]
            when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
            raise ConcurrentEdit(str(who), when)
        # Nobody moves a record out of the scope it was in either.
        check_unit_in_scope(getattr(current, "unit", None), by)
        instance.version = current.version + 1  # type: ignore[attr-defined]
        old_m2m = {name: _m2m_repr(getattr(current, name).all()) for name in m2m}
    instance.updated_by = by  # type: ignore[attr-defined]
    instance.full_clean()
    instance.save()
    changes = audit.diff(before or {}, audit.snapshot(instance))
    for name, values in m2m.items():
        getattr(instance, name).set(values)
        new = _m2m_repr(values)
        if new != old_m2m[name]:
            changes[name] = [old_m2m[name], new]
    audit.record(
        instance, by=by, action="create" if creating else "update", changes=changes, note=note
    )
    return instance


def _transition(obj: Any, to: str, *, by: Any, note: str = "") -> None:
    """Move `obj` to state `to` if its transition table allows it; history + audit."""
    old = obj.status
    if to not in obj.TRANSITIONS.get(old, frozenset()):
        label = dict(type(obj).Status.choices)
        raise RuleViolation(
            f"当前状态为“{label.get(old, old)}”，不能变更为“{label.get(to, to)}”。", field="status"
        )
    obj.status = to
    StatusChange.write(
        old,
        to,
        by=by,
        note=note,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
    )
    audit.record(obj, by=by, action="transition", changes={"status": [old, to]}, note=note)


def status_history(obj: models.Model) -> list[StatusChange]:
    """The record's status changes, each with `from_label` / `to_label`: the
    status field's Chinese choice labels, never the stored codes."""
    try:
        choices = dict(obj._meta.get_field("status").choices or [])  # type: ignore[union-attr]
    except FieldDoesNotExist:
        choices = {}
    rows = list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("by__person")
    )
    for row in rows:
        row.from_label = str(choices.get(row.from_status, row.from_status or "—"))  # type: ignore[attr-defined]
        row.to_label = str(choices.get(row.to_status, row.to_status))  # type: ignore[attr-defined]
    return rows


def _locked(obj: M) -> M:
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


# ---------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------


def _check_plan(plan: PublicityPlan) -> None:
    if plan.kind == PublicityPlan.Kind.ANNUAL:
        if plan.end_year != plan.start_year:
            raise RuleViolation("年度计划的起止年度应为同一年。", field="end_year")
    elif plan.end_year != plan.start_year + rules.FIVE_YEAR_SPAN - 1:
        raise RuleViolation(
            f"五年规划应覆盖{rules.FIVE_YEAR_SPAN}个年度（如2021—2025年）。",
            field="end_year",
            rule=rules.PLAN_BASIS,
        )
    if plan.parent_id is not None:
        parent = plan.parent
        assert parent is not None
        if parent.kind != PublicityPlan.Kind.FIVE_YEAR:
            raise RuleViolation("所属规划应为五年规划。", field="parent")
        if not parent.start_year <= plan.start_year <= parent.end_year:
            raise RuleViolation(
                f"计划年度不在所属五年规划（{parent.year_label}）的期间内。", field="parent"
            )
        if not plan.unit.path.startswith(parent.unit.path):
            raise RuleViolation("所属五年规划应为本单位或上级单位的规划。", field="parent")


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
            raise RuleViolation("计划已年终总结，不能再修改。", field="status")
        plan.status = current.status  # state changes only through adopt/close
    if plan.kind == PublicityPlan.Kind.ANNUAL and plan.start_year and not plan.end_year:
        plan.end_year = plan.start_year
    _check_plan(plan)
    return _save(plan, by=by, version=version, before=before)


@transaction.atomic
def adopt_plan(
    plan: PublicityPlan, *, by: Any, adopted_on: dt.date | None = None, doc_no: str = ""
) -> PublicityPlan:
    """印发: a plan is issued with at least one item, dated in its own period
    (a plan is made at the start of the year, not after it — seed report (四))."""
    check_can_write(by)
    plan = _locked(plan)
    check_unit_in_scope(plan.unit, by)
    adopted_on = adopted_on or today()
    if adopted_on > today():
        raise RuleViolation("印发日期不能晚于今天。", field="adopted_on")
    if adopted_on.year > plan.end_year:
        raise RuleViolation(
            f"印发日期（{adopted_on:%Y-%m-%d}）已超出计划期间（{plan.year_label}）。",
            field="adopted_on",
        )
    if not plan.items.exists():
        raise RuleViolation("计划还没有任何工作项目，不能印发。", field="items")
    _transition(plan, PublicityPlan.Status.ADOPTED, by=by, note=doc_no)
    plan.adopted_on = adopted_on
    plan.doc_no = doc_no or plan.doc_no
    plan.version += 1
    plan.updated_by = by
    plan.save(
        update_fields=["status", "adopted_on", "doc_no", "version", "updated_by", "updated_at"]
    )
    return plan


@transaction.atomic
def close_plan(plan: PublicityPlan, *, by: Any, review: str) -> PublicityPlan:
    """年终总结: closing a plan needs the written review, and not before its last
    year has begun (a plan is summed up at the end of its period)."""
    check_can_write(by)
    plan = _locked(plan)
    check_unit_in_scope(plan.unit, by)
    if not review.strip():
        raise RuleViolation("请填写年终总结。", field="review")
    if today().year < plan.end_year:
        raise RuleViolation(
            f"计划期间（{plan.year_label}）尚未进入最后一年，不能总结。", field="review"
        )
    _transition(plan, PublicityPlan.Status.CLOSED, by=by, note=review[:300])
    plan.review = review
    plan.version += 1
    plan.updated_by = by
    plan.save(update_fields=["status", "review", "version", "updated_by", "updated_at"])
    return plan


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
                f"主题宣传日“{campaign}”未设定宣传主题，请先在主题宣传日中设定。", field="campaigns"
            )
        when = campaign.date_in(plan.start_year)
        month = campaign.month if when is None else when.month
        item = PlanItem(
            plan=plan,
            unit=plan.unit,
            title=f"开展“{campaign.name}”主题宣传",
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


# ---------------------------------------------------------------------------
# Plan items
# ---------------------------------------------------------------------------


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
        raise RuleViolation("计划已年终总结，不能再增改工作项目。", field="plan")
    check_unit_in_scope(plan.unit, by, field="plan")
    item.unit = plan.unit
    if item.planned_month is None:
        raise RuleViolation("请填写计划月份。", field="planned_month")
    item.planned_month = item.planned_month.replace(day=1)
    if not plan.start_year <= item.planned_month.year <= plan.end_year:
        raise RuleViolation(
            f"计划月份（{item.planned_month:%Y年%m月}）不在计划期间（{plan.year_label}）内。",
            field="planned_month",
        )
    if item.budget is not None and item.budget < 0:
        raise RuleViolation("预算不能为负数。", field="budget")
    sectors = resolve_sectors(target_sectors, field="target_sectors")
    root = scope_root(plan.unit)
    bad = _outside(target_units, root)
    if bad:
        raise RuleViolation(f"覆盖单位“{_names(bad)}”不在{root}的范围内。", field="target_units")
    if item.lead_unit_id is not None and not item.lead_unit.path.startswith(
        township_of(plan.unit).path
    ):
        raise RuleViolation(f"牵头单位“{item.lead_unit}”不在本乡镇范围内。", field="lead_unit")
    if item.pk is not None:
        item.status = PlanItem.objects.values_list("status", flat=True).get(pk=item.pk)
    return _save(
        item,
        by=by,
        version=version,
        before=before,
        m2m={"target_sectors": sectors, "target_units": list(target_units)},
    )


@transaction.atomic
def cancel_plan_item(item: PlanItem, *, by: Any, reason: str) -> PlanItem:
    """An item dropped from the plan keeps its row (and counts as not done)."""
    check_can_write(by)
    item = _locked(item)
    check_unit_in_scope(item.unit, by)
    if not reason.strip():
        raise RuleViolation("请填写取消原因。", field="reason")
    _transition(item, PlanItem.Status.CANCELLED, by=by, note=reason)
    item.cancel_reason = reason[:300]
    item.version += 1
    item.updated_by = by
    item.save(update_fields=["status", "cancel_reason", "version", "updated_by", "updated_at"])
    return item


@transaction.atomic
def reopen_plan_item(item: PlanItem, *, by: Any, note: str = "") -> PlanItem:
    check_can_write(by)
    item = _locked(item)
    check_unit_in_scope(item.unit, by)
    if item.status != PlanItem.Status.CANCELLED:
        raise RuleViolation("只有已取消的项目可以恢复。", field="status")
    _transition(item, PlanItem.Status.PLANNED, by=by, note=note)
    item.cancel_reason = ""
    item.version += 1
    item.save(update_fields=["status", "cancel_reason", "version", "updated_at"])
    _refresh_item(item, by=by)
    return item


def _refresh_item(item: PlanItem | None, *, by: Any) -> None:
    """An item is done when at least one held activity fulfils it; done_on is
    the first such activity's date. Runs after every activity change."""
    if item is None:
        return
    item = _locked(item)
    first = item.activities.filter(status=PublicityActivity.Status.HELD).aggregate(d=Min("date"))[
        "d"
    ]
    if first is not None and item.status == PlanItem.Status.PLANNED:
        _transition(item, PlanItem.Status.DONE, by=by, note=f"活动于{first:%Y-%m-%d}开展")
        item.done_on = first
    elif first is None and item.status == PlanItem.Status.DONE:
        _transition(item, PlanItem.Status.PLANNED, by=by, note="对应活动已取消或删除")
        item.done_on = None
    elif first is not None and item.done_on != first:
        item.done_on = first
    else:
        return
    item.save(update_fields=["status", "done_on", "updated_at"])


# ---------------------------------------------------------------------------
# Activities
# ---------------------------------------------------------------------------


def resolve_sectors(values: Sequence[Sector | str], *, field: str) -> list[Sector]:
    """Sectors by row or code; a code not in the list is refused by name."""
    if not values:
        raise RuleViolation(
            "请至少选择一个宣传对象领域（机关、企业、村庄、学校、社区）。", field=field
        )
    known = {s.code: s for s in Sector.objects.all()}
    out: list[Sector] = []
    for value in values:
        code = value.code if isinstance(value, Sector) else str(value)
        if code not in known:
            listed = "、".join(s.name for s in known.values())
            raise RuleViolation(f"宣传对象领域“{code}”不在列表中（{listed}）。", field=field)
        out.append(known[code])
    return out


def _check_activity(
    activity: PublicityActivity,
    *,
    topics: Sequence[Topic],
    units_reached: Sequence[OrgUnit],
    partner_units: Sequence[OrgUnit],
) -> None:
    now = today()
    for name, label in (("participants", "参与人数"), ("materials", "发放资料份数")):
        value = getattr(activity, name)
        if value is None or value < 0:
            raise RuleViolation(f"{label}不能为负数。", field=name)
    if activity.cost is not None and activity.cost < Decimal("0"):
        raise RuleViolation("经费不能为负数。", field="cost")
    if activity.date is None:
        raise RuleViolation("请填写活动日期。", field="date")
    item = activity.plan_item
    if item is not None:
        plan = item.plan
        if not plan.start_year <= activity.date.year <= plan.end_year:
            raise RuleViolation(
                f"活动日期（{activity.date:%Y-%m-%d}）不在所对应计划的期间（{plan.year_label}）内。",
                field="date",
            )
        if item.status == PlanItem.Status.CANCELLED:
            raise RuleViolation("所选计划项目已取消。", field="plan_item")
        if not activity.unit.path.startswith(scope_root(item.unit).path):
            raise RuleViolation(f"计划项目“{item}”不是本单位或上级单位的计划。", field="plan_item")
    elif activity.date.year > now.year:
        # Without a plan item the plan year is the current one: activities may be
        # scheduled ahead within it, not into a year whose plan is not made yet.
        raise RuleViolation(
            f"活动日期（{activity.date:%Y-%m-%d}）超出了计划年度（{now.year}年），"
            "请先制定该年度的普法计划。",
            field="date",
        )
    if activity.status == PublicityActivity.Status.HELD and activity.date > now:
        raise RuleViolation("已开展的活动日期不能晚于今天。", field="date")
    if not topics:
        raise RuleViolation("请至少选择一个宣传主题。", field="topics")
    if not units_reached:
        raise RuleViolation("请至少选择一个覆盖单位。", field="units_reached")
    root = scope_root(activity.unit)
    bad = _outside(units_reached, root)
    if bad:
        raise RuleViolation(f"覆盖单位“{_names(bad)}”不在{root}的范围内。", field="units_reached")
    town = township_of(activity.unit)
    if activity.lead_unit_id is None:
        raise RuleViolation("请选择牵头单位。", field="lead_unit")
    if not activity.lead_unit.path.startswith(town.path):
        raise RuleViolation(f"牵头单位“{activity.lead_unit}”不在{town}范围内。", field="lead_unit")
    bad = _outside(partner_units, town)
    if bad:
        raise RuleViolation(f"协办单位“{_names(bad)}”不在{town}范围内。", field="partner_units")


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
            if activity.date is not None and activity.date <= today()
            else PublicityActivity.Status.SCHEDULED
        )
    else:
        current = PublicityActivity.objects.select_related("plan_item").get(pk=activity.pk)
        activity.status = current.status
        old_item = current.plan_item
        if current.status == PublicityActivity.Status.CANCELLED:
            raise RuleViolation("活动已取消，不能再修改。", field="status")
    resolved = resolve_sectors(sectors, field="sectors")
    _check_activity(
        activity, topics=topics, units_reached=units_reached, partner_units=partner_units
    )
    _save(
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
    _refresh_item(activity.plan_item, by=by)
    if old_item is not None and old_item.pk != activity.plan_item_id:
        _refresh_item(old_item, by=by)
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
    check_can_write(by)
    activity = _locked(activity)
    check_unit_in_scope(activity.unit, by)
    if activity.date > today():
        raise RuleViolation(
            f"活动日期（{activity.date:%Y-%m-%d}）尚未到来，不能标记为已开展。", field="date"
        )
    if participants is None or participants < 0:
        raise RuleViolation("参与人数不能为负数。", field="participants")
    if materials is None or materials < 0:
        raise RuleViolation("发放资料份数不能为负数。", field="materials")
    if cost is not None and cost < 0:
        raise RuleViolation("经费不能为负数。", field="cost")
    _transition(activity, PublicityActivity.Status.HELD, by=by, note=summary[:300])
    activity.participants = participants
    activity.materials = materials
    if cost is not None:
        activity.cost = cost
    if summary:
        activity.summary = summary
    activity.version += 1
    activity.updated_by = by
    activity.save()
    _refresh_item(activity.plan_item, by=by)
    return activity


@transaction.atomic
def cancel_activity(activity: PublicityActivity, *, by: Any, reason: str) -> PublicityActivity:
    """待开展 → 已取消 (a held activity is history and is not cancelled)."""
    check_can_write(by)
    activity = _locked(activity)
    check_unit_in_scope(activity.unit, by)
    if not reason.strip():
        raise RuleViolation("请填写取消原因。", field="reason")
    _transition(activity, PublicityActivity.Status.CANCELLED, by=by, note=reason)
    activity.cancel_reason = reason[:300]
    activity.version += 1
    activity.updated_by = by
    activity.save(update_fields=["status", "cancel_reason", "version", "updated_by", "updated_at"])
    _refresh_item(activity.plan_item, by=by)
    return activity


@transaction.atomic
def delete_activity(activity: PublicityActivity, *, by: Any, reason: str = "") -> None:
    check_can_write(by)
    activity = _locked(activity)
    check_unit_in_scope(activity.unit, by)
    item = activity.plan_item
    audit.record(
        activity,
        by=by,
        action="delete",
        changes=audit.diff(audit.snapshot(activity), {}),
        note=reason,
    )
    activity.delete()
    _refresh_item(item, by=by)


# ---------------------------------------------------------------------------
# Culture sites, legal-literate villagers, model villages
# ---------------------------------------------------------------------------


@transaction.atomic
def save_culture_site(
    site: CultureSite, *, by: Any, version: int | None = None, before: dict[str, Any] | None = None
) -> CultureSite:
    now = today()
    if site.opened_on and site.opened_on > now:
        raise RuleViolation("建成日期不能晚于今天。", field="opened_on")
    if site.last_refreshed_on:
        if site.last_refreshed_on > now:
            raise RuleViolation("最近更新日期不能晚于今天。", field="last_refreshed_on")
        if site.opened_on and site.last_refreshed_on < site.opened_on:
            raise RuleViolation("最近更新日期不能早于建成日期。", field="last_refreshed_on")
    if site.closed_on and site.opened_on and site.closed_on < site.opened_on:
        raise RuleViolation("撤除日期不能早于建成日期。", field="closed_on")
    return _save(site, by=by, version=version, before=before)


@transaction.atomic
def save_villager(
    villager: LegalLiterateVillager,
    *,
    by: Any,
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> LegalLiterateVillager:
    """法律明白人 are villagers of their village: the person must be registered
    in the village (or a group under it)."""
    person = villager.person
    if not person.unit.path.startswith(villager.unit.path):
        raise RuleViolation(f"“{person}”不是{villager.unit}的人员。", field="person")
    if villager.appointed_on and villager.appointed_on > today():
        raise RuleViolation("确定日期不能晚于今天。", field="appointed_on")
    if villager.ended_on and villager.appointed_on and villager.ended_on < villager.appointed_on:
        raise RuleViolation("退出日期不能早于确定日期。", field="ended_on")
    _check_unique_active(villager)
    return _save(villager, by=by, version=version, before=before)


def _check_unique_active(villager: LegalLiterateVillager) -> None:
    if villager.ended_on is None:
        clash = LegalLiterateVillager.objects.filter(person=villager.person, ended_on__isnull=True)
        if villager.pk:
            clash = clash.exclude(pk=villager.pk)
        if clash.exists():
            raise RuleViolation(f"“{villager.person}”已是在册法律明白人。", field="person")


@transaction.atomic
def save_model_village(
    village: ModelVillage,
    *,
    by: Any,
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> ModelVillage:
    if village.unit.kind not in (OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY):
        raise RuleViolation("民主法治示范村应选择村或社区。", field="unit")
    if village.awarded_year and village.awarded_year > today().year:
        raise RuleViolation("命名年度不能晚于今年。", field="awarded_year")
    if village.revoked_year and village.revoked_year < village.awarded_year:
        raise RuleViolation("撤销年度不能早于命名年度。", field="revoked_year")
    return _save(village, by=by, version=version, before=before)


# ---------------------------------------------------------------------------
# Cadres' law study, exam and 述法
# ---------------------------------------------------------------------------


@transaction.atomic
def save_study(
    study: LawStudy,
    *,
    by: Any,
    attendees: Sequence[Person],
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> LawStudy:
    """A study session is recorded after it took place, with attendees from the
    person register of the session unit's area (STUDY_BASIS: cadres of the unit)."""
    if study.date and study.date > today():
        raise RuleViolation("学法活动日期不能晚于今天（请在学习结束后登记）。", field="date")
    if study.hours is not None and not Decimal("0.5") <= study.hours <= Decimal("24"):
        raise RuleViolation("学时应在0.5至24之间。", field="hours")
    if not attendees:
        raise RuleViolation("请选择参学人员。", field="attendees")
    root = scope_root(study.unit)
    bad = [p for p in attendees if not p.unit.path.startswith(root.path)]
    if bad:
        raise RuleViolation(f"参学人员“{_names(bad)}”不属于{root}。", field="attendees")
    visible = set(
        Person.objects.visible_to(by)
        .filter(pk__in=[p.pk for p in attendees])
        .values_list("pk", flat=True)
    )
    hidden = [p for p in attendees if p.pk not in visible]
    if hidden:
        raise RuleViolation(f"参学人员“{_names(hidden)}”不在您的管辖范围内。", field="attendees")
    creating = study.pk is None
    _save(study, by=by, version=version, before=before)
    wanted = {p.pk for p in attendees}
    existing = set(study.attendance.values_list("person_id", flat=True))
    if not creating:
        study.attendance.exclude(person_id__in=wanted).delete()
    LawStudyAttendance.objects.bulk_create(
        [LawStudyAttendance(study=study, person_id=pk) for pk in wanted - existing]
    )
    if existing != wanted:
        audit.record(
            study, by=by, action="update", changes={"attendees": [len(existing), len(wanted)]}
        )
    return study


def pass_mark(unit: OrgUnit) -> Decimal:
    return Decimal(str(rulesettings.get(unit, rules.EXAM_PASS_MARK.key)))


def full_mark(unit: OrgUnit) -> Decimal:
    return Decimal(str(rulesettings.get(unit, rules.EXAM_FULL_MARK.key)))


@transaction.atomic
def save_exam(
    exam: LawExam, *, by: Any, version: int | None = None, before: dict[str, Any] | None = None
) -> LawExam:
    """One cadre's yearly exam row. Who sat has a score between 0 and the full
    mark; pass is the score against the pass mark in force (a rule setting,
    LAW.md §14 item 13). Who did not sit has no score and a reason."""
    person = exam.person
    if not person.is_cadre:
        raise RuleViolation(
            f"“{person}”不是干部，学法考试只登记干部。", field="person", rule=rules.STUDY_BASIS
        )
    exam.unit = person.unit
    now = today()
    if exam.year and exam.year > now.year:
        raise RuleViolation(f"考试年度（{exam.year}年）不能晚于今年。", field="year")
    if exam.sat:
        if exam.score is None:
            raise RuleViolation("已参考的须填写成绩。", field="score")
        top = full_mark(exam.unit)
        if not Decimal("0") <= exam.score <= top:
            raise RuleViolation(f"成绩应在0至{top}分之间。", field="score")
        if exam.exam_date is not None:
            if exam.exam_date.year != exam.year:
                raise RuleViolation(f"考试日期不在{exam.year}年内。", field="exam_date")
            if exam.exam_date > now:
                raise RuleViolation("考试日期不能晚于今天。", field="exam_date")
        exam.pass_mark = pass_mark(exam.unit)
        exam.passed = exam.score >= exam.pass_mark
        exam.absence_reason = ""
    else:
        if exam.score is not None:
            raise RuleViolation("未参考的不应填写成绩。", field="score")
        exam.pass_mark = None
        exam.passed = None
    clash = LawExam.objects.filter(year=exam.year, person=person)
    if exam.pk:
        clash = clash.exclude(pk=exam.pk)
    if clash.exists():
        raise RuleViolation(f"“{person}”{exam.year}年的考试已登记。", field="person")
    return _save(exam, by=by, version=version, before=before)


@transaction.atomic
def open_exam_roll(unit: OrgUnit, year: int, *, by: Any) -> int:
    """Put every cadre of `unit`'s area on the year's exam roll (not sat yet),
    so that who has not sat shows up. Safe to run twice."""
    check_can_write(by)
    check_unit_in_scope(unit, by)
    if year > today().year:
        raise RuleViolation(f"考试年度（{year}年）不能晚于今年。", field="year")
    root = scope_root(unit)
    cadres = (
        Person.objects.visible_to(by)
        .filter(unit__path__startswith=root.path, is_cadre=True)
        .exclude(pk__in=LawExam.objects.filter(year=year).values("person_id"))
        .values_list("pk", "unit_id")
    )
    rows = [
        LawExam(year=year, person_id=pk, unit_id=unit_id, created_by=by, updated_by=by)
        for pk, unit_id in cadres
    ]
    LawExam.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        audit.record(unit, by=by, action="create", note=f"{year}年学法考试名单新增{len(rows)}人")
    return len(rows)


def visible_units(user: Any) -> models.QuerySet[OrgUnit]:
    return units_visible_to(user)


def as_rule_violation(exc: ValidationError) -> dict[str, list[str]]:
    """Field errors in the API's shape (non_field_errors for the whole record)."""
    return {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
