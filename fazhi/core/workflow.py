"""Core state changes: generic create/update/delete of scoped records, used by
core's own pages (people, units) and by modules for records with no workflow
beyond editing. Each is one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import audit, inputs, links
from .errors import ConcurrentEdit, RuleViolation
from .i18n import chinese
from .models import AuditEvent, OrgUnit, Person, RecordLink, Reminder
from .scope import unit_in_scope

M = TypeVar("M", bound=models.Model)


def check_unit_in_scope(unit: OrgUnit | None, by: Any, field: str = "unit") -> None:
    if not unit_in_scope(by, unit):
        raise RuleViolation(_("所属单位不存在或不在您的管辖范围内。"), field=field)


def check_can_write(by: Any) -> None:
    if not getattr(by, "can_write", False):
        raise RuleViolation(_("您的角色为只读，不能修改记录。"))


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
def update_record(
    instance: M,
    *,
    by: Any,
    version: int | None,
    before: dict[str, Any],
    lists: Mapping[str, Iterable[Any]] | None = None,
) -> M:
    """Save an edited instance. `before` is the snapshot taken when the form was
    loaded; `version` the version the editor saw. A stale version is refused so
    a second editor never silently overwrites the first. `lists`: the linked
    lists (many-to-many fields) the edit posts, which the caller saves after
    (a form's save_m2m): the event names each one it changes with its ids
    before and after (audit.list_changes), so an edit of a list only is not
    an update with no changes."""
    check_can_write(by)
    model = type(instance)
    current = model.objects.select_for_update().get(pk=instance.pk)  # type: ignore[attr-defined]
    if version is not None and getattr(current, "version", version) != version:
        who = getattr(current, "updated_by", None)
        when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
        raise ConcurrentEdit(str(who) if who else _("他人"), when)
    if hasattr(instance, "unit_id"):
        check_unit_in_scope(getattr(instance, "unit", None), by)
    instance.full_clean()
    if hasattr(instance, "version"):
        instance.version = current.version + 1  # type: ignore[attr-defined]
        instance.updated_by = by  # type: ignore[attr-defined]
    listed = audit.list_changes(current, lists or {})
    instance.save()
    changes = {**audit.diff(before, audit.snapshot(instance)), **listed}
    audit.record(instance, by=by, action="update", changes=changes)
    return instance


@transaction.atomic
def record_departure(person: Person, *, on: dt.date | None, by: Any, note: str = "") -> Person:
    """Record that `person` left (离职、调离) on `on`, or clear a date entered
    in error (`on` None). From that day core.serving no longer offers them
    for new work; records already naming them keep them. Who may: a role
    that manages people (can_write), the person in their scope. The date is
    held to the input rule for dates (core.inputs; a departure may be known
    ahead, so a date within the horizon ahead is taken)."""
    check_can_write(by)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    check_unit_in_scope(locked.unit, by)
    if on is not None:
        problem = inputs.date_problem(on, ahead=True)
        if problem is not None:
            message, params = problem
            raise RuleViolation(_(message) % {"what": _("离职日期"), **params}, field="departed_on")
    old = locked.departed_on
    if old == on:
        return locked
    locked.departed_on = on
    locked.version += 1
    locked.updated_by = by
    locked.save(update_fields=["departed_on", "version", "updated_by", "updated_at"])
    audit.record(
        locked,
        by=by,
        action="update",
        changes={"departed_on": [old and old.isoformat(), on and on.isoformat()]},
        note=note,
    )
    return locked


@transaction.atomic
def delete_record(instance: models.Model, *, by: Any, reason: str = "") -> None:
    """One transaction: a record still referred to (ProtectedError) leaves no
    audit row of a delete that did not happen."""
    check_can_write(by)
    audit.record(
        instance,
        by=by,
        action="delete",
        changes=audit.diff(audit.snapshot(instance), {}),
        note=reason,
    )
    instance.delete()


@transaction.atomic
def mark_reminders_read(reminders: models.QuerySet[Reminder], *, by: Any) -> int:
    """Mark read those of `reminders` that are `by`'s own and still unread
    (the home page's 标为已读 / 全部标为已读, the inbox's 查看); returns how
    many. A reminder is its addressee's alone, whatever their role (a
    read-only county supervisor reads their inbox too): another user's
    reminders are left as they are. One audit row per reminder, written as a
    batch (a user back from leave may clear hundreds at once)."""
    if not getattr(by, "is_authenticated", False):
        return 0
    rows = list(
        reminders.filter(user=by, read_at__isnull=True)
        .select_for_update()
        .order_by("pk")
        .only("pk", "title")
    )
    if not rows:
        return 0
    now = timezone.now()
    Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(read_at=now)
    unit = getattr(by, "home_unit", None)
    audit.append(
        [
            audit.event_values(
                r,
                by=by,
                action=AuditEvent.Action.UPDATE,
                changes={"read_at": [None, now]},
                unit=unit,
            )
            for r in rows
        ]
    )
    return len(rows)


def _visible(record: models.Model, by: Any) -> bool:
    manager: Any = type(record)._default_manager
    return hasattr(manager, "visible_to") and manager.visible_to(by).filter(pk=record.pk).exists()


@transaction.atomic
def link_records(
    source: models.Model, target: models.Model, *, kind: str, by: Any, note: str = ""
) -> RecordLink:
    """关联记录: link two records of different modules (a petition and the
    dispute it came from or went to). The rules: the user may write and sees
    both records (数据范围: out of scope reads as "not found"), and both belong
    to the same township, since each township handles its own petitions and
    disputes. Audited on both records; linking twice is refused."""
    check_can_write(by)
    spec = links.get_kind(kind)
    labels = {links.model_label(source), links.model_label(target)}
    if spec is None or labels != {spec.a, spec.b}:
        raise RuleViolation(_("不能关联这两类记录。"))
    if links.model_label(source) != spec.a:
        source, target = target, source
    for record in (source, target):
        if not _visible(record, by):
            raise RuleViolation(_("要关联的记录不存在或不在您的管辖范围内。"), field="number")
    here, there = links.township_of(source), links.township_of(target)
    if here is None or there is None or here.pk != there.pk:
        raise RuleViolation(
            _("只能关联同一乡镇的记录：%(source)s属于%(here)s，%(target)s属于%(there)s。")
            % {
                "source": source,
                "here": here.name if here else _("县级"),
                "target": target,
                "there": there.name if there else _("县级"),
            },
            field="number",
        )
    source_ct = ContentType.objects.get_for_model(source)
    target_ct = ContentType.objects.get_for_model(target)
    exists = RecordLink.objects.filter(
        kind=kind, from_type=source_ct, from_id=source.pk, to_type=target_ct, to_id=target.pk
    ).exists()
    if exists:
        raise RuleViolation(_("这两条记录已经关联。"), field="number")
    row = RecordLink.objects.create(
        kind=kind,
        from_type=source_ct,
        from_id=source.pk,
        to_type=target_ct,
        to_id=target.pk,
        note=note.strip()[:200],
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit.record(
        source,
        by=by,
        action="update",
        changes={gettext_noop("关联记录"): [None, f"{chinese(spec.b_label)}：{target}"]},
    )
    audit.record(
        target,
        by=by,
        action="update",
        changes={gettext_noop("关联记录"): [None, f"{chinese(spec.a_label)}：{source}"]},
    )
    return row
