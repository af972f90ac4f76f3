"""Core state changes: generic create/update/delete of scoped records, used by
core's own pages (people, units) and by modules for records with no workflow
beyond editing. Each is one transaction with its audit row."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from . import audit
from .errors import ConcurrentEdit, RuleViolation
from .models import OrgUnit
from .scope import units_visible_to

M = TypeVar("M", bound=models.Model)


def check_unit_in_scope(unit: OrgUnit | None, by: Any, field: str = "unit") -> None:
    if unit is None or not units_visible_to(by).filter(pk=unit.pk).exists():
        raise RuleViolation("所属单位不存在或不在您的管辖范围内。", field=field)


def check_can_write(by: Any) -> None:
    if not getattr(by, "can_write", False):
        raise RuleViolation("您的角色为只读，不能修改记录。")


@transaction.atomic
def create_record(instance: M, *, by: Any, note: str = "") -> M:
    check_can_write(by)
    if hasattr(instance, "unit_id"):
        check_unit_in_scope(getattr(instance, "unit", None), by)
    if hasattr(instance, "created_by_id"):
        instance.created_by = by  # type: ignore[attr-defined]
        instance.updated_by = by  # type: ignore[attr-defined]
    instance.full_clean()
    instance.save()
    audit.record(
        instance,
        by=by,
        action="create",
        changes=audit.diff({}, audit.snapshot(instance)),
        note=note,
    )
    return instance


@transaction.atomic
def update_record(instance: M, *, by: Any, version: int | None, before: dict[str, Any]) -> M:
    """Save an edited instance. `before` is the snapshot taken when the form was
    loaded; `version` the version the editor saw. A stale version is refused so
    a second editor never silently overwrites the first."""
    check_can_write(by)
    model = type(instance)
    current = model.objects.select_for_update().get(pk=instance.pk)  # type: ignore[attr-defined]
    if version is not None and getattr(current, "version", version) != version:
        who = getattr(current, "updated_by", None)
        when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
        raise ConcurrentEdit(str(who) if who else "他人", when)
    if hasattr(instance, "unit_id"):
        check_unit_in_scope(getattr(instance, "unit", None), by)
    instance.full_clean()
    if hasattr(instance, "version"):
        instance.version = current.version + 1  # type: ignore[attr-defined]
        instance.updated_by = by  # type: ignore[attr-defined]
    instance.save()
    changes = audit.diff(before, audit.snapshot(instance))
    audit.record(instance, by=by, action="update", changes=changes)
    return instance


@transaction.atomic
def delete_record(instance: models.Model, *, by: Any, reason: str = "") -> None:
    check_can_write(by)
    audit.record(
        instance,
        by=by,
        action="delete",
        changes=audit.diff(audit.snapshot(instance), {}),
        note=reason,
    )
    instance.delete()
