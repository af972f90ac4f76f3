"""Rows written set-based from plain values, not model instances (issue 18:
a 10^4-row ledger import; issue 19: the province generator and the search
index).

`insert(model, rows)` writes dicts keyed by attname ("unit_id", not "unit")
and gives each its primary key (`row["id"]`): on PostgreSQL by COPY, the ids
reserved from the table's sequence first; on SQLite by one prepared INSERT
run for every row (`executemany`), the ids taken above the table's highest
(SQLite writes one transaction at a time, and this one holds the write
lock). A field the row leaves out gets its default, as `Model.__init__` would
give it; what a field's own code does on save is done here too (`pre_save`'s
`auto_now` stamps and blind indexes, `get_db_prep_save`'s encryption, JSON
and dates), so the stored values are those `bulk_create` would store.

Why not `bulk_create`: at 25 records a ledger row, Django's SQL compiler
(a `field_as_sql` and a `prepare_value` per value) and `Model.__init__`
were most of an import's CPU (docs/performance.md "Ledger import"). No
signal is sent (as with `bulk_create`), no `save()` runs and nothing is
validated: callers write rows their workflow has checked."""

from __future__ import annotations

import datetime as dt
import operator
import types
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, models, router
from django.db.models.constants import OnConflict
from django.utils import timezone

from . import crypto
from .fields import BlindIndexField

Row = dict[str, Any]  # a record to insert: field attname → value
Column = Callable[[Row], Any]

# Fields whose Python value the database driver takes as it is (what
# get_db_prep_save would hand it unchanged); every other field goes through
# get_db_prep_save. SQLite's driver would store a date, but Django stores
# dates and times as its own text: those are prepared. On PostgreSQL dates,
# times and decimals go to COPY as their text (`_column`).
AS_IS: frozenset[type[models.Field[Any, Any]]] = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.CharField,
        models.EmailField,
        models.SlugField,
        models.TextField,
        models.IntegerField,
        models.BigIntegerField,
        models.PositiveIntegerField,
        models.PositiveBigIntegerField,
        models.PositiveSmallIntegerField,
        models.SmallIntegerField,
        models.BooleanField,
        models.ForeignKey,
        models.OneToOneField,
        models.FloatField,
    }
)


def values_of(obj: models.Model) -> Row:
    """An instance's concrete values by attname (the primary key left out
    while it has none), for a caller that holds the instance already."""
    row = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    if row.get(obj._meta.pk.attname) is None:  # type: ignore[union-attr]
        row.pop(obj._meta.pk.attname)  # type: ignore[union-attr]
    return row


# Parameters in one INSERT ... ON CONFLICT DO NOTHING (SQLite allows 32,766
# since 3.32, PostgreSQL 65,535).
IGNORE_CONFLICTS_PARAMS = 30_000


def insert(
    model: type[models.Model],
    rows: Iterable[Row],
    *,
    using: str | None = None,
    columns: dict[str, Column] | None = None,
    ignore_conflicts: bool = False,
) -> int:
    """Write `rows` and give each its primary key. `columns` replaces how a
    field's stored value is made (attname → function of the full row): the
    province generator shares one encryption per plaintext on its synthetic
    data (core.builders). `ignore_conflicts`: a row a unique constraint
    refuses is skipped, as `bulk_create(ignore_conflicts=True)` skips it
    (SQLite's INSERT OR IGNORE, PostgreSQL's ON CONFLICT DO NOTHING, so one
    multi-row INSERT a chunk on both rather than COPY); it keeps the id it was given,
    unused. Returns the number of rows given."""
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return 0
    using = using or router.db_for_write(model)
    conn = connections[using]
    target, values = prepare(model, rows, conn=conn, columns=columns)
    with conn.cursor() as cursor:
        if ignore_conflicts:
            # Rows of VALUES in one statement a chunk, by `execute`, not
            # `executemany`: pghistory's context (a request's, through its
            # middleware) prepends its two parameters to a statement's, and
            # given `executemany`'s list of rows it made them rows of their
            # own ("query parameters should be a sequence ... got str").
            fields = list(model._meta.concrete_fields)
            row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
            head = f"{conn.ops.insert_statement(on_conflict=OnConflict.IGNORE)} {target} VALUES "
            tail = conn.ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
            size = max(1, IGNORE_CONFLICTS_PARAMS // len(fields))
            for start in range(0, len(rows), size):
                chunk = rows[start : start + size]
                cursor.execute(
                    head + ", ".join([row_marks] * len(chunk)) + f" {tail}",
                    [v for r in chunk for v in values(r)],
                )
        elif conn.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
                write = copy.write_row
                for row in rows:
                    write(values(row))
        else:
            marks = ", ".join(["%s"] * len(model._meta.concrete_fields))
            cursor.executemany(
                f"INSERT INTO {target} VALUES ({marks})",  # noqa: S608 (quoted names)
                [values(r) for r in rows],
            )
    return len(rows)


def prepare(
    model: type[models.Model],
    rows: list[Row],
    *,
    conn: Any,
    columns: dict[str, Column] | None = None,
) -> tuple[str, Callable[[Row], Sequence[Any]]]:
    """What `insert` writes, without writing it: the rows checked and given
    their ids (reserved unless every row has one) and what `pre_save` sets,
    then the target (`table (columns)`, quoted) and the function giving a
    row's stored values in that order. The province generator gathers a
    chunk's rows of a table this way and writes them in one COPY
    (core.builders.batch)."""
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = list(meta.concrete_fields)
    known = {f.attname for f in fields}
    for row in rows:
        if not row.keys() <= known:
            raise TypeError(f"{model.__name__} has no field {sorted(row.keys() - known)}")
    given = [row for row in rows if row.get(pk.attname) is not None]
    if given and len(given) != len(rows):
        raise ValueError(f"{model.__name__}: give every row its id or none")
    if not given:
        for row, value in zip(rows, reserve_ids(conn, model, len(rows)), strict=True):
            row[pk.attname] = value
    # What `pre_save` sets, set in the rows too (a caller reads it back, as
    # it would from a saved instance).
    for name, compute in _computed(fields):
        for row in rows:
            row[name] = compute(row)
    # The static defaults first, the row's values over them; a callable
    # default is called per row, for the rows that leave its field out.
    static = {
        f.attname: f.get_default()
        for f in fields
        if f is not pk and not (f.has_default() and callable(f.default))
    }
    per_row = [f for f in fields if f is not pk and f.has_default() and callable(f.default)]
    get = operator.itemgetter(*(f.attname for f in fields))
    special = [
        (i, fn)
        for i, f in enumerate(fields)
        if (fn := (columns or {}).get(f.attname) or _column(f, conn)) is not None
    ]

    def merged(row: Row) -> Sequence[Any]:
        full = static | row
        for f in per_row:
            if f.attname not in row:
                full[f.attname] = f.get_default()
        if not special:
            return get(full)  # type: ignore[no-any-return]
        out = list(get(full))
        for i, fn in special:
            out[i] = fn(full)
        return out

    # Rows of one insert come from one dict display, so they share their
    # keys in one order: for each order a function is made once that reads
    # the row's own values, the defaults as constants and a date's text from
    # its cache by subscript, and returns the tuple, with no merged dict and
    # no function call per value (`_compile`); `merged` where a column needs
    # more than its own value. The same values, made in the same order.
    made: dict[tuple[str, ...], Callable[[Row], Sequence[Any]]] = {}
    by_field = dict(special)

    def values(row: Row) -> Sequence[Any]:
        keys = tuple(row)
        fn = made.get(keys)
        if fn is None:
            fn = made[keys] = _compile(fields, keys, static, by_field, merged)
        return fn(row)

    names = ", ".join(conn.ops.quote_name(f.column) for f in fields)
    return f"{conn.ops.quote_name(meta.db_table)} ({names})", values


def own_column(fn: Column, name: str, memo: dict[Any, Any] | None = None) -> Column:
    """Mark `fn` as a column made from the row's value of `name` alone (and,
    with `memo`, as `memo[row[name]]`), so `_compile` can call it on the row
    itself, or read the memo by subscript."""
    fn._own = name  # type: ignore[attr-defined]
    fn._memo = memo  # type: ignore[attr-defined]
    return fn


def _compile(
    fields: list[models.Field[Any, Any]],
    keys: tuple[str, ...],
    static: dict[str, Any],
    special: dict[int, Column],
    merged: Callable[[Row], Sequence[Any]],
) -> Callable[[Row], Sequence[Any]]:
    """The function giving the stored values of a row with these `keys`, in
    the fields' order, as `merged` gives them: one tuple display of the
    row's values, the static defaults (constants), a callable default called
    and the special columns (`own_column`: the row's own value, or a memo read by
    subscript). `merged` itself where a special column is not `own_column`."""
    present = set(keys)
    env: dict[str, Any] = {}
    parts: list[str] = []
    for i, f in enumerate(fields):
        name = f.attname
        fn = special.get(i)
        if name in present:
            value = f"row[{name!r}]"
        elif name in static:
            env[f"c{i}"] = static[name]
            value = f"c{i}"
        elif f.has_default():  # a callable default, called per row
            env[f"d{i}"] = f.get_default
            value = f"d{i}()"
        else:
            return merged  # the primary key left out: `merged` says what is wrong
        if fn is None:
            parts.append(value)
            continue
        if getattr(fn, "_own", None) != name:
            return merged
        memo = getattr(fn, "_memo", None)
        if memo is not None:
            env[f"m{i}"] = memo
            if name in static and name not in present:  # the default's, once
                env[f"c{i}"] = memo[static[name]]
                parts.append(f"c{i}")
            else:
                parts.append(f"m{i}[{value}]")
        else:
            env[f"f{i}"] = fn
            # The function reads row[name]: the row itself, or the default.
            parts.append(f"f{i}(row)" if name in present else f"f{i}({{{name!r}: {value}}})")
    source = "def values(row):\n    return (" + ", ".join(parts) + ",)\n"
    code = _CODE.get(source)
    if code is None:  # compiled once a process: about 1 ms, and an insert asks again
        code = _CODE[source] = compile(source, "<core.bulk values>", "exec")
    exec(code, env)  # noqa: S102 (names from the model)
    return env["values"]  # type: ignore[no-any-return]


_CODE: dict[str, types.CodeType] = {}  # `_compile`'s source → its code


def reserve_ids(conn: Any, model: type[models.Model], n: int) -> list[int]:
    """`n` new primary keys of `model`'s table, in order."""
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # One row back, not one per id: the block is almost always
            # contiguous (another writer's nextval between ours breaks it;
            # then the ids themselves are read). The sequence is looked up
            # once (a materialised CTE): in nextval's argument
            # pg_get_serial_sequence ran per id, its catalogue scans a fifth
            # of the server's CPU in the province generator (perf).
            cursor.execute(
                "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) "
                "SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 <> count(*) "
                "THEN array_agg(v ORDER BY v) END FROM (SELECT nextval(s.seq) AS v "
                "FROM s, generate_series(1, %s)) AS block",
                [meta.db_table, pk.column, n],
            )
            low, high, scattered = cursor.fetchone()
            ids: list[int] = scattered if scattered is not None else list(range(low, high + 1))
        else:
            # Above both the highest row and AUTOINCREMENT's high-water mark
            # (a deleted row's id is never given again); the INSERT moves
            # the mark. Only inside a transaction, which holds the write
            # lock (BEGIN IMMEDIATE, settings.py): no other writer between
            # the read and the insert.
            if not conn.in_atomic_block:
                raise RuntimeError("core.bulk.insert on SQLite needs a transaction")
            cursor.execute(
                f"SELECT COALESCE(MAX({conn.ops.quote_name(pk.column)}), 0) "  # noqa: S608
                f"FROM {conn.ops.quote_name(meta.db_table)}"
            )
            top = cursor.fetchone()[0]
            cursor.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [meta.db_table]
            )
            top = max(top, cursor.fetchone()[0])
            ids = list(range(top + 1, top + 1 + n))
    return ids


def _column(f: models.Field[Any, Any], conn: Any) -> Column | None:
    """How a field's stored value is made from the row, where it is not the
    row's value as it is (None). Each is `own_column`: made from the row's value
    of the field alone."""
    name = f.attname
    prep = f.get_db_prep_save
    if conn.vendor == "postgresql" and isinstance(f, models.DateField | models.DecimalField):
        # COPY's text format: psycopg's dumpers cost 0.4 µs a date and 1.3
        # µs a timestamp with time zone (a str 0.06; make_province writes
        # two stamps a row), and the server parses the same text either way.
        if not isinstance(f, models.DateTimeField):
            # A date or decimal as it is.
            return own_column(lambda row: _TEXTS[row[name]], name, _TEXTS)

        def stored_text(value: Any) -> Any:
            stored = prep(value, conn)
            return None if stored is None else str(stored)

        # Each distinct value prepared once (a stamp an insert).
        stamps = _Memo(stored_text)
        return own_column(lambda row: stamps[row[name]], name, stamps)
    if type(f) in AS_IS or isinstance(f, BlindIndexField):
        return None
    if isinstance(f, models.JSONField):
        # A default's empty list or dict prepared once; so is a list or dict
        # that several rows share (a ledger's clocks of one start date and
        # length hold their due date's one explanation): by identity, the
        # object kept so that its id is not given to another meanwhile.
        empty: dict[type, Any] = {}
        shared: dict[int, tuple[Any, Any]] = {}

        def json_value(row: Row) -> Any:
            value = row[name]
            if type(value) not in (list, dict):
                return prep(value, conn)
            if not value:
                if type(value) not in empty:
                    empty[type(value)] = prep(value, conn)
                return empty[type(value)]
            hit = shared.get(id(value))
            if hit is None or hit[0] is not value:
                hit = shared[id(value)] = (value, prep(value, conn))
            return hit[1]

        return own_column(json_value, name)
    if isinstance(f, models.DateField | models.DecimalField):
        # A ledger's rows share their dates (and one insert its stamp):
        # each distinct value is prepared once.
        prepared = _Memo(lambda value: prep(value, conn))
        return own_column(lambda row: prepared[row[name]], name, prepared)
    return own_column(lambda row: prep(row[name], conn), name)


class _Memo(dict[Any, Any]):
    """value → `make(value)`, made on the first lookup (`memo[value]`)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, value: Any) -> Any:
        made = self[value] = self.make(value)
        return made


class _Texts(dict[Any, Any]):
    """Dates and decimals → their text, for every insert; None stays None."""

    def __missing__(self, value: Any) -> str | None:
        if len(self) > 100_000:
            self.clear()
        text = self[value] = None if value is None else str(value)
        return text


_TEXTS = _Texts()


def _computed(fields: list[models.Field[Any, Any]]) -> list[tuple[str, Column]]:
    """The fields whose value `pre_save` makes, and how: an `auto_now` stamp
    (one per insert) and a blind index of its source field."""
    out: list[tuple[str, Column]] = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            stamp = timezone.now() if isinstance(f, models.DateTimeField) else dt.date.today()
            out.append((f.attname, lambda row, stamp=stamp: stamp))  # type: ignore[misc]
        elif isinstance(f, BlindIndexField):
            out.append((f.attname, _blind_index(f.kind, f.source)))
    return out


def _blind_index(kind: str, source: str) -> Column:
    """The blind index of the row's `source`, each distinct value's computed
    once per insert (an HMAC: a batch's rows repeat a person's number and
    phone; the generator's petitioners are its villagers)."""
    made: dict[str, str] = {}

    def index(row: Row) -> str:
        value = row.get(source) or ""
        if value not in made:
            made[value] = crypto.blind_index(kind, value)
        return made[value]

    return index


def give_ids(objs: Sequence[models.Model], *, using: str | None = None) -> None:
    """Reserve primary keys for new instances before they are written (a
    record of the batch may name another as its foreign key first)."""
    if not objs:
        return
    model = type(objs[0])
    ids = reserve_ids(connections[using or router.db_for_write(model)], model, len(objs))
    for obj, value in zip(objs, ids, strict=True):
        obj.pk = value


def save_new(objs: Sequence[models.Model], *, using: str | None = None) -> None:
    """New instances written as `insert` writes rows (an instance's ids given
    by `give_ids`, or reserved here), each then marked as saved."""
    if not objs:
        return
    model = type(objs[0])
    using = using or router.db_for_write(model)
    rows = [values_of(obj) for obj in objs]
    insert(model, rows, using=using)
    pk = model._meta.pk
    assert pk is not None
    computed = [name for name, _compute in _computed(list(model._meta.concrete_fields))]
    for obj, row in zip(objs, rows, strict=True):
        obj.pk = row[pk.attname]
        for name in computed:
            setattr(obj, name, row[name])
        obj._state.adding = False
        obj._state.db = using
