"""Writing the index: one record (`reindex`), one model in batches
(`rebuild`), and the hook the audit write calls (`schedule`), so every
workflow step that records an audit event re-indexes its record after the
transaction commits, in one place for all modules."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models, transaction

from ..crypto import blind_index
from ..models import SearchEntry
from . import registry
from .registry import Document, Source
from .tokens import index_text

BATCH = 1000
ID_KEY = "id"
PHONE_KEY = "ph"
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def _blind(kind: str, value: str) -> str:
    """The keyed blind index (HMAC-SM3, core.crypto) of a personal number,
    cut to 128 bits: the index holds no number, and a partial number hashes
    to something else entirely, so only the exact number finds a record."""
    return blind_index(kind, value)[:32]


def id_key(value: str) -> str:
    digest = _blind("id_number", value)
    return ID_KEY + digest if digest else ""


def phone_key(value: str) -> str:
    digest = _blind("phone", value)
    return PHONE_KEY + digest if digest else ""


def exact_key(value: str) -> str:
    """A record number as one token: 信〔2024〕12号 → 信202412号."""
    return _NOT_WORD.sub("", value or "").lower()


def _unit_of(doc: Document, obj: models.Model) -> Any:
    if doc.unit is not None:
        return doc.unit
    return getattr(obj, "unit", None)


def entry_for(source: Source, obj: models.Model) -> SearchEntry:
    """The index row for `obj` (not saved)."""
    doc = source.document(obj)
    names = [n for n in doc.names if n]
    body = [b.strip() for b in doc.body if b and b.strip()]
    keys = [exact_key(k) for k in doc.keys if k and exact_key(k)]
    keys += [id_key(v) for v in doc.ids if v]
    keys += [phone_key(v) for v in doc.phones if v]
    keys = [k for k in dict.fromkeys(keys) if k]
    unit = _unit_of(doc, obj)
    title = (doc.title or "")[:300]
    name_text = " ".join(dict.fromkeys(names))[:500]
    return SearchEntry(
        module=source.module,
        label=source.label,
        object_id=obj.pk,
        unit=unit,
        extra_unit=doc.extra_unit,
        unit_path=getattr(unit, "path", "") or "",
        title=title,
        names=name_text,
        body="\n".join(body),
        keys=" ".join(keys),
        title_tokens=" ".join([index_text([title, name_text]), *keys]),
        tokens=index_text(body),
    )


def reindex(obj: models.Model, source: Source | None = None) -> None:
    """Write (or drop) the index row of one record, read afresh."""
    source = source or registry.source_for(type(obj)._meta.label_lower)
    if source is not None:
        reindex_many(source, [obj.pk])


def reindex_many(source: Source, ids: Iterable[Any]) -> int:
    """Write the index rows of the records `ids` of `source` afresh, and drop
    those of records no longer there."""
    wanted = list(dict.fromkeys(ids))
    written = 0
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        entries = [entry_for(source, obj) for obj in source.queryset().filter(pk__in=chunk)]
        with transaction.atomic():
            SearchEntry.objects.filter(label=source.label, object_id__in=chunk).delete()
            SearchEntry.objects.bulk_create(entries)
        written += len(entries)
    return written


# Records waiting for the commit of the transaction that changed them, by
# source label; one flush per commit writes them in batches (an import of
# 10^4 rows in one transaction re-indexes each record once, not per event).
_pending = threading.local()


def _queue() -> dict[str, set[Any]]:
    if not hasattr(_pending, "queue"):
        _pending.queue = {}
    queue: dict[str, set[Any]] = _pending.queue
    return queue


def flush() -> None:
    """Re-index everything queued (called on commit; a no-op when another
    callback of the same commit already did)."""
    queue = _queue()
    while queue:
        label, ids = queue.popitem()
        source = registry.source_for(label)
        if source is not None:
            reindex_many(source, ids)


def schedule(obj: models.Model) -> None:
    """Called by core.audit.record for every audited change: the records
    `obj` is indexed as (itself, or the parent of an indexed child) are
    re-indexed once the transaction commits, so a rolled-back step leaves the
    index as it was."""
    targets = registry.targets(obj)
    if not targets:
        return
    queue = _queue()
    for source, target in targets:
        if target.pk is not None:
            queue.setdefault(source.label, set()).add(target.pk)
    transaction.on_commit(flush)


def _batches(source: Source, batch: int) -> Iterator[list[models.Model]]:
    last = None
    while True:
        qs = source.queryset().order_by("pk")
        if last is not None:
            qs = qs.filter(pk__gt=last)
        rows = list(qs[:batch])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def rebuild(sources: Iterable[Source] | None = None, batch: int = BATCH) -> dict[str, int]:
    """Rebuild the index of `sources` (default: all) in batches of `batch`
    records, each batch in its own transaction. Rows of deleted records go."""
    done: dict[str, int] = {}
    for source in sources if sources is not None else registry.sources():
        count = 0
        seen_max = 0
        for rows in _batches(source, batch):
            entries = [entry_for(source, obj) for obj in rows]
            ids = [obj.pk for obj in rows]
            with transaction.atomic():
                SearchEntry.objects.filter(label=source.label, object_id__in=ids).delete()
                SearchEntry.objects.bulk_create(entries)
                # Index rows of records gone since (between the last batch and this one).
                stale = SearchEntry.objects.filter(
                    label=source.label, object_id__gt=seen_max, object_id__lt=ids[-1]
                ).exclude(object_id__in=ids)
                stale.delete()
            seen_max = ids[-1]
            count += len(rows)
        SearchEntry.objects.filter(label=source.label, object_id__gt=seen_max).delete()
        done[source.label] = count
    return done
