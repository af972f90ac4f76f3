"""Cross-app links between records (core.RecordLink).

A module declares which pairs of records may be linked with `register_kind`
(from its registry.py, by model label, so neither app imports the other's
models). Reads here always start from the user's scope; the write is
`fazhi.core.workflow.link_records`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from .models import OrgUnit, RecordLink


@dataclass(frozen=True)
class LinkKind:
    """Records of model `a` may be linked to records of model `b`; the link is
    stored from a to b. Labels are the Chinese names of each side."""

    kind: str
    a: str  # "petitions.Petition"
    b: str  # "mediation.Dispute"
    a_label: Any
    b_label: Any

    def other(self, label: str) -> tuple[str, Any]:
        return (self.b, self.b_label) if label == self.a else (self.a, self.a_label)


_kinds: dict[str, LinkKind] = {}


def register_kind(kind: str, a: str, b: str, *, a_label: Any, b_label: Any) -> None:
    _kinds[kind] = LinkKind(kind=kind, a=a, b=b, a_label=a_label, b_label=b_label)


def get_kind(kind: str) -> LinkKind | None:
    return _kinds.get(kind)


def model_label(model: type[models.Model] | models.Model) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}"


def _installed(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def kinds_for(record: models.Model) -> list[LinkKind]:
    label = model_label(record)
    return [
        k
        for k in _kinds.values()
        if label in (k.a, k.b) and _installed(k.a) is not None and _installed(k.b) is not None
    ]


def unit_of(record: models.Model) -> OrgUnit | None:
    target: Any = record
    for part in getattr(type(record), "scope_field", "unit").split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target if isinstance(target, OrgUnit) else None


def township_of(record: models.Model) -> OrgUnit | None:
    unit = unit_of(record)
    return unit.township() if unit is not None else None


def link(a: models.Model, b: models.Model, *, kind: str, by: Any, note: str = "") -> RecordLink:
    """Store a link as is (no rule checked): use `core.workflow.link_records`."""
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


def linked_visible(record: models.Model, user: Any, kind: LinkKind) -> models.QuerySet[Any]:
    """The records of the other side of `kind` linked to `record` that `user`
    may see: one query (the links are a subquery)."""
    label = model_label(record)
    other_label, _ = kind.other(label)
    other = apps.get_model(other_label)
    ct = ContentType.objects.get_for_model(record)
    ids: models.QuerySet[Any]
    if label == kind.a:
        ids = RecordLink.objects.filter(kind=kind.kind, from_type=ct, from_id=record.pk).values(
            "to_id"
        )
    else:
        ids = RecordLink.objects.filter(kind=kind.kind, to_type=ct, to_id=record.pk).values(
            "from_id"
        )
    return other._default_manager.visible_to(user).filter(pk__in=ids)  # type: ignore[attr-defined,no-any-return]


def find(label: str, user: Any, number: str) -> models.Model | None:
    """The record of model `label` with this number that `user` may see."""
    model = apps.get_model(label)
    number = (number or "").strip()
    if not number or not _numbered(model):
        return None
    qs = model._default_manager.visible_to(user)  # type: ignore[attr-defined]
    return qs.filter(number=number).order_by("pk").first()  # type: ignore[no-any-return]


def _text(record: models.Model) -> str:
    text = str(record)
    number = getattr(record, "number", "")
    return text if not number or number in text else f"{number} {text}"


def panels(record: models.Model, user: Any, *, limit: int = 30) -> list[dict[str, Any]]:
    """For a detail page: per link kind of this record, the linked records in
    scope, and (for writers) the form's target and suggestions: recent records
    of the other side in the same township, not yet linked."""
    out: list[dict[str, Any]] = []
    kinds = kinds_for(record)
    if not kinds:
        return out
    can_write = getattr(user, "can_write", False)
    township = township_of(record) if can_write else None
    ct = ContentType.objects.get_for_model(record)
    for kind in kinds:
        other_label, other_name = kind.other(model_label(record))
        rows = list(linked_visible(record, user, kind).order_by("pk"))
        panel: dict[str, Any] = {
            "kind": kind.kind,
            "label": other_name,
            "records": [{"text": _text(r), "url": _url(r)} for r in rows],
            "add_url": "",
            "choices": [],
        }
        other = apps.get_model(other_label)
        # A link to a record without a number (the import's petition ↔ person)
        # is made by its workflow, not picked by number on the page.
        if can_write and township is not None and _numbered(other):
            panel["add_url"] = reverse("core:link_add", args=[ct.pk, record.pk, kind.kind])
            candidates = (
                other._default_manager.visible_to(user)  # type: ignore[attr-defined]
                .under(township.path)
                .exclude(pk__in=[r.pk for r in rows])
                .exclude(number="")
                .order_by("-pk")[:limit]
            )
            panel["choices"] = [{"number": c.number, "text": _text(c)} for c in candidates]
        out.append(panel)
    return out


def _numbered(model: type[models.Model]) -> bool:
    return any(f.name == "number" for f in model._meta.get_fields())


def _url(record: models.Model) -> str:
    get_url = getattr(record, "get_absolute_url", None)
    return str(get_url()) if callable(get_url) else ""
