"""The demo township, built once per test process and replayed after that.

`fazhi.core.demo.build()` runs every module's builder through the workflow
steps (clocks, numbering, audit rows, the search index): about 30 seconds on
a busy 2-core CI machine. Some forty tests call it, each inside its own rolled
back transaction, and together they took a third of `make test`.

So the first call in a test process on a database that holds only what the
migrations put there (the "baseline") runs the real builder and records the
rows it added, changed or deleted; a later call on a baseline database, with
the same "today", writes those rows back in one pass (SQLite: executemany;
PostgreSQL: COPY with triggers off, then the identity sequences moved past the
copied keys) and returns a copy of the recorded `DemoWorld`. A call on any
other state (a test built its own records first, or calls build() twice to
prove it idempotent) runs the real builder, as before.

`tests/core/test_demo_replay.py` proves a replay leaves the same rows as the
real builder. FAZHI_TEST_DEMO_REPLAY=0 turns replaying off.
"""

from __future__ import annotations

import copy
import hashlib
import os
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

# SQLite's own tables, and the FTS5 index over core_searchentry: its triggers
# fill it again when the entries are written back.
_SKIP_PREFIXES = ("sqlite_", "core_searchentry_fts")


@dataclass
class _Table:
    name: str
    pk: str | None
    columns: list[str]  # writable columns (PostgreSQL generated columns left out)
    count: int = 0
    digest: str = ""  # content hash at baseline (non-empty tables only)
    rows: dict[Any, str] = field(default_factory=dict)  # pk -> row hash at baseline


@dataclass
class _Recording:
    world: Any
    deletes: dict[str, list[Any]]  # table -> pks to delete (changed or deleted rows)
    inserts: dict[str, Any]  # table -> rows (SQLite tuples) or COPY text (PostgreSQL)


_baseline: dict[str, _Table] = {}
_recordings: dict[tuple[Any, ...], _Recording] = {}
_real_build: list[Any] = []
_stats = {"recorded": 0, "replayed": 0, "built": 0}


def enabled() -> bool:
    return os.environ.get("FAZHI_TEST_DEMO_REPLAY", "1") not in {"0", "false", "no"}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _is_pg() -> bool:
    return connection.vendor == "postgresql"


def _tables() -> list[_Table]:
    out = []
    with connection.cursor() as cursor:
        for info in connection.introspection.get_table_list(cursor):
            if info.type != "t" or info.name.startswith(_SKIP_PREFIXES):
                continue
            pk = connection.introspection.get_primary_key_column(cursor, info.name)
            if _is_pg():
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                    " current_schema() AND table_name = %s AND is_generated = 'NEVER'"
                    " ORDER BY ordinal_position",
                    [info.name],
                )
                columns = [r[0] for r in cursor.fetchall()]
            else:
                columns = [
                    c.name
                    for c in connection.introspection.get_table_description(cursor, info.name)
                ]
            out.append(_Table(info.name, pk, columns))
    return out


def _counts(names: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(names), 200):
            chunk = names[start : start + 200]
            sql = " UNION ALL ".join(
                f"SELECT {i}, COUNT(*) FROM {_q(n)}" for i, n in enumerate(chunk)
            )
            cursor.execute(sql)
            for i, n in cursor.fetchall():
                counts[chunk[i]] = n
    return counts


def _row_hashes(table: _Table) -> dict[Any, str]:
    """pk -> hash of the row's text, for a table with a primary key."""
    with connection.cursor() as cursor:
        if _is_pg():
            cursor.execute(f"SELECT x.{_q(table.pk or '')}, md5(x::text) FROM {_q(table.name)} x")
            return dict(cursor.fetchall())
        cols = ", ".join(_q(c) for c in table.columns)
        cursor.execute(f"SELECT {_q(table.pk or '')}, {cols} FROM {_q(table.name)}")
        return {r[0]: hashlib.md5(repr(r[1:]).encode()).hexdigest() for r in cursor.fetchall()}


def _digest(hashes: dict[Any, str]) -> str:
    return hashlib.md5(repr(sorted(hashes.items(), key=repr)).encode()).hexdigest()


def take_baseline() -> None:
    """Called once a process, right after the test database is migrated."""
    _baseline.clear()
    tables = _tables()
    counts = _counts([t.name for t in tables])
    for table in tables:
        table.count = counts[table.name]
        if table.count:
            if table.pk is None:
                # Cannot tell its rows apart: never replay on this database.
                _baseline.clear()
                return
            table.rows = _row_hashes(table)
            table.digest = _digest(table.rows)
        _baseline[table.name] = table


def _at_baseline() -> bool:
    if not _baseline:
        return False
    counts = _counts(list(_baseline))
    for name, table in _baseline.items():
        if counts.get(name) != table.count:
            return False
    return all(_digest(_row_hashes(t)) == t.digest for t in _baseline.values() if t.count)


def _key() -> tuple[Any, ...]:
    from fazhi.core import clocks, steps

    # The builder dates live matters from "today": a test that pins it gets
    # its own recording.
    return (connection.vendor, steps.today(), clocks._today(), timezone.localdate())


def _record(world: Any) -> _Recording:
    counts = _counts(list(_baseline))
    deletes: dict[str, list[Any]] = {}
    inserts: dict[str, Any] = {}
    for name, table in _baseline.items():
        if counts[name] == 0 and table.count == 0:
            continue
        if table.pk is None:
            raise LookupError(f"{name} has no primary key")
        now = _row_hashes(table)
        if not table.count:
            new = list(now)
        else:
            new = [pk for pk, h in now.items() if table.rows.get(pk) != h]
            gone = [pk for pk in table.rows if pk not in now]
            changed = [pk for pk in new if pk in table.rows]
            if gone or changed:
                deletes[name] = gone + changed
        if new:
            inserts[name] = _fetch(table, new)
    return _Recording(world=copy.deepcopy(world), deletes=deletes, inserts=inserts)


def _fetch(table: _Table, pks: list[Any]) -> Any:
    cols = ", ".join(_q(c) for c in table.columns)
    with connection.cursor() as cursor:
        if _is_pg():
            buf = bytearray()
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            query = (
                f"COPY (SELECT {cols} FROM {_q(table.name)} "
                f"WHERE {_q(table.pk or '')} = ANY(%s)) TO STDOUT"
            )
            with raw.copy(query, [pks]) as copy_out:
                for data in copy_out:
                    buf += data
            return bytes(buf)
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {cols} FROM {_q(table.name)} WHERE {_q(table.pk or '')} IN ({marks})",
                chunk,
            )
            rows.extend(cursor.fetchall())
        return rows


def _replay(recording: _Recording) -> Any:
    with transaction.atomic(), connection.cursor() as cursor:
        if _is_pg():
            # Triggers off (pghistory's, the audit table's guard, the foreign-key
            # checks): the rows are the builder's own, events included.
            cursor.execute("SET session_replication_role = replica")
        try:
            for name, pks in recording.deletes.items():
                table = _baseline[name]
                for start in range(0, len(pks), 500):
                    chunk = pks[start : start + 500]
                    marks = ", ".join(["%s"] * len(chunk))
                    cursor.execute(
                        f"DELETE FROM {_q(name)} WHERE {_q(table.pk or '')} IN ({marks})", chunk
                    )
            for name, data in recording.inserts.items():
                table = _baseline[name]
                cols = ", ".join(_q(c) for c in table.columns)
                if _is_pg():
                    with cursor.cursor.copy(f"COPY {_q(name)} ({cols}) FROM STDIN") as copy_in:
                        copy_in.write(data)
                else:
                    marks = ", ".join(["%s"] * len(table.columns))
                    cursor.executemany(f"INSERT INTO {_q(name)} ({cols}) VALUES ({marks})", data)
        finally:
            if _is_pg():
                cursor.execute("SET session_replication_role = DEFAULT")
        if _is_pg():
            for name in recording.inserts:
                pk = _baseline[name].pk
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [name, pk])
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute(
                        f"SELECT setval(%s, GREATEST((SELECT MAX({_q(pk or '')}) FROM {_q(name)}),"
                        " (SELECT last_value FROM " + sequence + ")))",
                        [sequence],
                    )
    from fazhi.core.clocks import invalidate_calendar

    invalidate_calendar()
    return copy.deepcopy(recording.world)


def build() -> Any:
    """Stands in for fazhi.core.demo.build in tests (installed by tests/conftest.py)."""
    real = _real_build[0]
    if not enabled() or not _at_baseline():
        _stats["built"] += 1
        return real()
    key = _key()
    recording = _recordings.get(key)
    if recording is not None:
        _stats["replayed"] += 1
        return _replay(recording)
    world = real()
    _stats["built"] += 1
    try:
        _recordings[key] = _record(world)
        _stats["recorded"] += 1
    except LookupError:
        pass
    return world


def install() -> None:
    from fazhi.core import demo

    if not _real_build:
        _real_build.append(demo.build)
        demo.build = build  # type: ignore[assignment]


def real_build() -> Any:
    return _real_build[0]()


def stats() -> dict[str, int]:
    return dict(_stats)
