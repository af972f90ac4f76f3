"""Phones stored before `core.validators.normalize_phone` (b07f6c1, b544e9f)
re-normalised, their blind index and search entries rebuilt
(`manage.py renormalise_phones`).

An older ledger import stored a mobile as the ledger wrote it ("8613800000000",
"138 0000 0000", full-width) and hashed its blind index from that text; the
forms and the search box now read a number as its 11 digits, so such a
record was found by no search for its number. `renormalise` walks every
model with a phone blind index (`core.fields.BlindIndexField`, kind
"phone"), stores `normalize_phone`'s form and recomputes the index. One
transaction per batch; an audit event per record whose number was rewritten
(masked, as every phone change is), which re-indexes it for search on commit
(core.search.index.schedule), with the records that show it (a petition its
petitioner's, a dispute its party's); a record whose number was already
right but whose index was stale is re-indexed without an event (the record
did not change). Idempotent: a second run writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext, gettext_noop
from pghistory.models import Event

from . import audit, crypto
from .errors import RuleViolation
from .fields import BlindIndexField
from .models import AuditEvent
from .search import index as search_index
from .search import registry as search_registry
from .validators import normalize_phone

BATCH = 500
NOTE = gettext_noop("联系电话按现行格式规范化（如去掉国家代码86），重建盲索引")


@dataclass
class Counts:
    """Per model (its label): phones read, rewritten, index only rebuilt."""

    scanned: dict[str, int] = field(default_factory=dict)
    normalised: dict[str, int] = field(default_factory=dict)
    reindexed: dict[str, int] = field(default_factory=dict)


def phone_indexes() -> list[tuple[type[models.Model], BlindIndexField]]:
    """Every model with a phone blind index, and that index's field; not the
    change-capture snapshots (core.history: what a row was, kept as it was)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or issubclass(model, Event):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, BlindIndexField) and f.kind == "phone":
                found.append((model, f))
    return sorted(found, key=lambda mf: mf[0]._meta.label_lower)


def _chunks(ids: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _check_by(by: Any) -> None:
    """The system (the command, as AnonymousUser) or a superuser."""
    if getattr(by, "is_authenticated", False) and not getattr(by, "is_superuser", False):
        raise RuleViolation(gettext("只有命令行可以批量规范化联系电话。"))


def _shown_in(obj: models.Model) -> list[models.Model]:
    """Rows pointing at `obj` that the search index follows to a record
    (a dispute's party rows for a person): their records show its number."""
    out: list[models.Model] = []
    for rel in obj._meta.related_objects:
        if not (rel.one_to_many or rel.one_to_one):
            continue
        related: Any = rel.related_model
        if not search_registry.indexes(related):
            continue
        out += list(related._base_manager.filter(**{rel.field.name: obj.pk}))
    return out


def renormalise(
    *,
    by: Any,
    dry_run: bool = False,
    batch: int = BATCH,
    progress: Callable[[str, Counts], None] | None = None,
) -> Counts:
    """Store every phone as `normalize_phone` reads it and its blind index
    as it is computed now (docs/operations.md, "Phones stored before
    normalisation"). With `dry_run` nothing is written and the counts say
    what would change."""
    _check_by(by)
    counts = Counts()
    for model, index in phone_indexes():
        label = model._meta.label_lower
        source = index.source
        manager: Any = model._base_manager
        ids = list(manager.exclude(**{source: ""}).order_by("pk").values_list("pk", flat=True))
        counts.scanned[label] = len(ids)
        counts.normalised[label] = counts.reindexed[label] = 0
        for chunk in _chunks(ids, batch):
            with transaction.atomic():
                rows = manager.filter(pk__in=chunk).order_by("pk")
                for obj in rows if dry_run else rows.select_for_update():
                    stored = getattr(obj, source) or ""
                    phone = normalize_phone(stored)
                    if phone == stored and getattr(obj, index.attname) == crypto.blind_index(
                        index.kind, phone
                    ):
                        continue
                    key = "normalised" if phone != stored else "reindexed"
                    getattr(counts, key)[label] += 1
                    if dry_run:
                        continue
                    before = audit.snapshot(obj, [source])
                    setattr(obj, source, phone)
                    obj.save(update_fields=[source, index.name])  # the index: pre_save
                    if phone != stored:
                        audit.record(
                            obj,
                            by=by,
                            action=AuditEvent.Action.UPDATE,
                            changes=audit.diff(before, audit.snapshot(obj, [source])),
                            note=NOTE,
                        )
                    else:
                        search_index.schedule(obj)
                    for other in _shown_in(obj):
                        search_index.schedule(other)
        if progress is not None:
            progress(label, counts)
    return counts
