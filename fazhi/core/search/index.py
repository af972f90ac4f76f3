"""Writing the index: one record (`reindex`), one model in batches
(`rebuild`), and the hook the audit write calls (`schedule`), so every
workflow step that records an audit event re-indexes its record after the
transaction commits, in one place for all modules."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import models, transaction

from .. import bulk
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


def entry_for(source: Source, obj: models.Model) -> dict[str, Any]:
    """The index row for `obj`, as the values `_write` writes (by attname; a
    rebuild writes millions, a ledger import 2 * 10^4: no instance each)."""
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
    return {
        "module": source.module,
        "label": source.label,
        "object_id": obj.pk,
        "unit_id": unit.pk if unit is not None else None,
        "extra_unit_id": doc.extra_unit.pk if doc.extra_unit is not None else None,
        "unit_path": getattr(unit, "path", "") or "",
        "title": title,
        "names": name_text,
        "body": "\n".join(body),
        "keys": " ".join(keys),
        "title_tokens": " ".join([index_text([title, name_text]), *keys]),
        "tokens": index_text(body),
    }


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
            _write(source, entries, chunk)
        written += len(entries)
    return written


def index_new(objs: Sequence[models.Model]) -> int:
    """Write the index rows of records this transaction has just created,
    from the instances in hand, inside the caller's transaction (rolled back
    with it), instead of reading them back after the commit (`schedule`): a
    10^4-row ledger import's re-index read 2 * 10^4 records back to build
    rows it could build from what it wrote. Each instance must hold what
    its source's `queryset()` would load for `document` (its unit; a
    prefetched list the document reads). A later audited change of one of
    them re-indexes it after the commit, as any change does."""
    if not objs:
        return 0
    source = registry.source_for(type(objs[0])._meta.label_lower)
    if source is None:
        return 0
    for start in range(0, len(objs), BATCH):
        chunk = objs[start : start + BATCH]
        _write(source, [entry_for(source, obj) for obj in chunk], [obj.pk for obj in chunk])
    return len(objs)


# Records waiting for the commit of the transaction that changed them, by
# source label; one flush per commit writes them in batches (an import of
# 10^4 rows in one transaction re-indexes each record once, not per event).
_pending = threading.local()


def _queue() -> dict[str, set[Any]]:
    if not hasattr(_pending, "queue"):
        _pending.queue = {}
    queue: dict[str, set[Any]] = _pending.queue
    return queue


def _queries() -> list[tuple[str, models.QuerySet[Any]]]:
    if not hasattr(_pending, "queries"):
        _pending.queries = []
    queries: list[tuple[str, models.QuerySet[Any]]] = _pending.queries
    return queries


def flush() -> None:
    """Re-index everything queued (called on commit; a no-op when another
    callback of the same commit already did)."""
    queue = _queue()
    queries = _queries()
    while queries:
        label, records = queries.pop()
        queue.setdefault(label, set()).update(records.values_list("pk", flat=True))
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
        if isinstance(target, models.QuerySet):
            # Several records (a dispute's cases): their ids are read at the
            # commit, in `flush`, once per queryset.
            _queries().append((source.label, target))
        elif target.pk is not None:
            queue.setdefault(source.label, set()).add(target.pk)
    transaction.on_commit(flush)


def _write(source: Source, entries: list[dict[str, Any]], ids: list[Any]) -> None:
    """Replace the index rows of `ids` by `entries` (`entry_for`), in the
    caller's transaction. COPY on PostgreSQL (core.bulk): a rebuild writes
    millions of rows, and bulk_create's SQL compilation was a fifth of it."""
    SearchEntry.objects.filter(label=source.label, object_id__in=ids).delete()
    bulk.insert(SearchEntry, entries)


def _batches(source: Source, batch: int, lo: Any, hi: Any) -> Iterator[list[models.Model]]:
    last = None
    while True:
        qs = source.queryset().order_by("pk")
        if lo is not None:
            qs = qs.filter(pk__gte=lo)
        if hi is not None:
            qs = qs.filter(pk__lt=hi)
        if last is not None:
            qs = qs.filter(pk__gt=last)
        rows = list(qs[:batch])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _rebuild_range(source: Source, batch: int, lo: Any = None, hi: Any = None) -> int:
    """Rebuild the index rows of the records with `lo` <= pk < `hi` (None:
    unbounded), each batch in its own transaction; index rows in the range
    whose record is gone are dropped with the batch after them."""
    count = 0
    seen = lo - 1 if lo is not None else None
    for rows in _batches(source, batch, lo, hi):
        entries = [entry_for(source, obj) for obj in rows]
        ids = [obj.pk for obj in rows]
        with transaction.atomic():
            _write(source, entries, ids)
            # Index rows of records gone since (between the last batch and this one).
            stale = SearchEntry.objects.filter(label=source.label, object_id__lt=ids[-1])
            if seen is not None:
                stale = stale.filter(object_id__gt=seen)
            stale.exclude(object_id__in=ids).delete()
        seen = ids[-1]
        count += len(rows)
    gone = SearchEntry.objects.filter(label=source.label)
    if seen is not None:
        gone = gone.filter(object_id__gt=seen)
    if hi is not None:
        gone = gone.filter(object_id__lt=hi)
    gone.delete()
    return count


def _ranges(source: Source, jobs: int) -> list[tuple[Any, Any]]:
    """`jobs` pk ranges of about equal width covering the source's records
    (the ends open, so records added meanwhile fall in one of them)."""
    bounds = source.queryset().aggregate(lo=models.Min("pk"), hi=models.Max("pk"))
    lo, hi = bounds["lo"], bounds["hi"]
    if jobs <= 1 or lo is None or not isinstance(lo, int) or hi - lo < jobs:
        return [(None, None)]
    step = (hi - lo + 1) // jobs
    cuts = [lo + step * k for k in range(1, jobs)]
    return list(zip([None, *cuts], [*cuts, None], strict=True))


def _run_range(label: str, batch: int, lo: Any, hi: Any) -> int:
    """One worker process's part of a parallel rebuild."""
    source = registry.source_for(label)
    assert source is not None
    return _rebuild_range(source, batch, lo, hi)


def rebuild(
    sources: Iterable[Source] | None = None, batch: int = BATCH, jobs: int = 1
) -> dict[str, int]:
    """Rebuild the index of `sources` (default: all) in batches of `batch`
    records, each batch in its own transaction. Rows of deleted records go.

    `jobs` > 1 splits each source's records into that many pk ranges built
    by as many processes at once (PostgreSQL only: segmentation is jieba's
    Python, one core a process, and SQLite takes one writer at a time). A
    province's 10^6 records took an hour on one core."""
    from django.db import connection, connections

    done: dict[str, int] = {}
    chosen = list(sources) if sources is not None else registry.sources()
    if jobs <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        for source in chosen:
            done[source.label] = _rebuild_range(source, batch)
        return done
    import multiprocessing

    work = [(s.label, batch, lo, hi) for s in chosen for lo, hi in _ranges(s, jobs)]
    # A forked worker must not share the parent's connection: close it here,
    # each worker then opens its own.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        counts = pool.starmap(_run_range, work)
    for (label, *_), n in zip(work, counts, strict=True):
        done[label] = done.get(label, 0) + n
    return done
