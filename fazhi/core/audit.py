"""Writing the audit trail. Workflow functions call `record`; nothing else writes it."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .middleware import current_ip
from .models import AuditEvent, OrgUnit

# Fields never copied into the audit trail in clear.
SENSITIVE_FIELDS = frozenset({"id_number", "phone", "address", "password"})


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a record, for a before/after diff."""
    names = (
        list(fields)
        if fields is not None
        else [f.name for f in obj._meta.concrete_fields if f.name not in {"updated_at", "version"}]
    )
    out: dict[str, Any] = {}
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, getattr(field, "attname", name))
        out[name] = _plain(value)
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for key in after.keys() | before.keys():
        old, new = before.get(key), after.get(key)
        if old != new:
            if key in SENSITIVE_FIELDS:
                changes[key] = ["***", "***（已修改）"]
            else:
                changes[key] = [old, new]
    return changes


def _unit_of(obj: models.Model) -> OrgUnit | None:
    field = getattr(type(obj), "scope_field", "unit")
    target: Any = obj
    for part in field.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target if isinstance(target, OrgUnit) else None


def record(
    obj: models.Model,
    *,
    by: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit row for `obj`; the client IP comes from the request context."""
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=getattr(actor, "display_name", "") if actor else "系统",
        ip=current_ip.get(),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        unit=obj if isinstance(obj, OrgUnit) else _unit_of(obj),
        changes={k: _plain(v) for k, v in (changes or {}).items()},
        note=note,
    )


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
