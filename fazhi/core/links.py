"""Cross-app links between records (core.RecordLink)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import RecordLink


def link(a: models.Model, b: models.Model, *, kind: str, by: Any, note: str = "") -> RecordLink:
    obj, _ = RecordLink.objects.get_or_create(
        from_type=ContentType.objects.get_for_model(a),
        from_id=a.pk,
        to_type=ContentType.objects.get_for_model(b),
        to_id=b.pk,
        kind=kind,
        defaults={
            "note": note,
            "created_by": by if getattr(by, "is_authenticated", False) else None,
        },
    )
    return obj


def linked(record: models.Model, kind: str | None = None) -> list[models.Model]:
    """Records linked to `record` in either direction (callers re-check scope)."""
    ct = ContentType.objects.get_for_model(record)
    out: list[models.Model] = []
    forward = RecordLink.objects.filter(from_type=ct, from_id=record.pk).select_related("to_type")
    backward = RecordLink.objects.filter(to_type=ct, to_id=record.pk).select_related("from_type")
    if kind:
        forward, backward = forward.filter(kind=kind), backward.filter(kind=kind)
    for row in forward:
        if row.to_record is not None:
            out.append(row.to_record)
    for row in backward:
        if row.from_record is not None:
            out.append(row.from_record)
    return out
