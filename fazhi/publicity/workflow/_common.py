"""What the publicity steps share: whose units a record may reach, saving a
record with its many-to-many sets in one audit row, and the state change that
writes this app's history row (`StatusChange`).

The generic checks and writes (writer, row lock with version, required text,
dates, transition table) are `fazhi.core.steps`; only what publicity adds to
them lives here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit
from fazhi.core.workflow import check_unit_in_scope

from ..models import PlanItem, PublicityActivity, Sector, StatusChange

M = TypeVar("M", bound=models.Model)


# --- units: whose records reach where ------------------------------------------


def scope_root(unit: OrgUnit) -> OrgUnit:
    """An office (司法所 …) works for its township: its records reach the township's
    units, the same rule as a user's data scope (core User.scope_path)."""
    if unit.kind == OrgUnit.Kind.DEPARTMENT and unit.parent is not None:
        return unit.parent
    return unit


def township_of(unit: OrgUnit) -> OrgUnit:
    """The township a unit belongs to (the unit's scope root above township level)."""
    return unit.township() or scope_root(unit)


def outside(units: Iterable[OrgUnit], root: OrgUnit) -> list[OrgUnit]:
    return [u for u in units if not u.path.startswith(root.path)]


def names(units: Iterable[Any]) -> str:
    return "、".join(str(u) for u in units)


def resolve_sectors(values: Sequence[Sector | str], *, field: str) -> list[Sector]:
    """Sectors by row or code; a code not in the list is refused by name."""
    if not values:
        raise RuleViolation(
            _("请至少选择一个宣传对象领域（机关、企业、村庄、学校、社区）。"), field=field
        )
    known = {s.code: s for s in Sector.objects.all()}
    out: list[Sector] = []
    for value in values:
        code = value.code if isinstance(value, Sector) else str(value)
        if code not in known:
            listed = "、".join(s.name for s in known.values())
            raise RuleViolation(
                _("宣传对象领域“%(code)s”不在列表中（%(listed)s）。")
                % {"code": code, "listed": listed},
                field=field,
            )
        out.append(known[code])
    return out


# --- saving with scope, version and audit --------------------------------------


def _m2m_repr(values: Iterable[Any]) -> list[str]:
    return sorted(str(v) for v in values)


def save_record(
    instance: M,
    *,
    by: Any,
    version: int | None = None,
    before: dict[str, Any] | None = None,
    m2m: dict[str, Sequence[Any]] | None = None,
    note: str = "",
) -> M:
    """Create or update `instance` (must run inside the caller's transaction).

    Kept beside `steps.save_audited` because a publicity record's many-to-many
    sets (topics, sectors, units reached) belong in the same audit row as its
    fields, and a create is audited as a create. The unit is checked against
    the writer's scope before and after, so nobody moves a record out of the
    scope it was in. An edit made against an older `version` is refused
    (`steps.lock`), so a second editor never silently overwrites the first.
    """
    steps.check_writer(by)
    check_unit_in_scope(getattr(instance, "unit", None), by)
    m2m = m2m or {}
    creating = instance.pk is None
    old_m2m: dict[str, list[str]] = {name: [] for name in m2m}
    if creating:
        instance.created_by = by  # type: ignore[attr-defined]
    else:
        current = steps.lock(instance, version=version)
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


def transition(obj: Any, to: str, *, by: Any, note: str = "") -> None:
    """Move `obj` to state `to` through its TRANSITIONS table (`steps.move`),
    writing publicity's own history row (plans, items and activities share one
    `StatusChange` table) and the audit row. The caller saves the record."""
    old = steps.move(obj, to)
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


# --- a plan item follows its activities ----------------------------------------


def refresh_item(item: PlanItem | None, *, by: Any) -> None:
    """An item is done when at least one held activity fulfils it; done_on is
    the first such activity's date. Runs after every activity change (and
    when an item is reopened), so the plan's 完成 figure never drifts."""
    if item is None:
        return
    item = steps.lock(item)
    first = item.activities.filter(status=PublicityActivity.Status.HELD).aggregate(d=Min("date"))[
        "d"
    ]
    if first is not None and item.status == PlanItem.Status.PLANNED:
        transition(
            item,
            PlanItem.Status.DONE,
            by=by,
            note=stored(gettext_noop("活动于%(first)s开展"), first=format(first, "%Y-%m-%d")),
        )
        item.done_on = first
    elif first is None and item.status == PlanItem.Status.DONE:
        transition(item, PlanItem.Status.PLANNED, by=by, note=gettext_noop("对应活动已取消或删除"))
        item.done_on = None
    elif first is not None and item.done_on != first:
        item.done_on = first
    else:
        return
    # No version bump: the item changed because of an activity, not an edit,
    # so a clerk's open item form is not made stale by it.
    item.save(update_fields=["status", "done_on", "updated_at"])
