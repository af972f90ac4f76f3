"""Synthetic data builders: one per app, shared by the province generator
(`manage.py make_province`, issue 19) and usable by benches and tests.

Each app registers its builder in `<app>/builders.py` with
`register(label, build, order=)`; `discover()` imports those modules (as the
admin site finds `admin.py`), so core names no app. `build(t)` writes one
township's records for every year of the run, set-based (`insert`), and
returns how many rows it wrote.

Synthetic data is marked: it all lives under one root unit (`ROOT_NAME`,
division code `ROOT_CODE`, which no real province has: GB/T 2260 has no 99),
and the generator refuses a database holding any other unit.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import os
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, connections, models, router, transaction
from django.utils.module_loading import autodiscover_modules

from . import bulk, crypto
from .fields import EncryptedCharField
from .models import OrgUnit, Person, User

ROOT_NAME = "合成省（测试数据）"
ROOT_CODE = "990000000000"
# The password of every synthetic account (hashed once per run, see `password_hash`).
PASSWORD = "Synthetic-pass-2026"  # noqa: S105 (synthetic accounts on a synthetic database)

T = TypeVar("T")

# Spring Festival (农历正月初一): petitions and disputes peak in the weeks before
# it (wages owed before the holiday, family matters), and before National Day.
SPRING_FESTIVAL = {
    2019: dt.date(2019, 2, 5),
    2020: dt.date(2020, 1, 25),
    2021: dt.date(2021, 2, 12),
    2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
}


class Seasons:
    """Dates drawn day by day with more weight in the 30 days before the
    Spring Festival (×3), the 15 days before National Day (×2) and in March
    (两会, ×1.5); never after `today`."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._cum: dict[int, tuple[dt.date, list[float]]] = {}

    def _table(self, year: int) -> tuple[dt.date, list[float]]:
        if year not in self._cum:
            first = dt.date(year, 1, 1)
            last = min(dt.date(year, 12, 31), self.today)
            festival = SPRING_FESTIVAL.get(year, dt.date(year, 2, 1))
            national = dt.date(year, 10, 1)
            weights = []
            day = first
            while day <= last:
                w = 1.0
                if 0 < (festival - day).days <= 30:
                    w = 3.0
                elif 0 < (national - day).days <= 15:
                    w = 2.0
                elif day.month == 3:
                    w = 1.5
                weights.append(w)
                day += dt.timedelta(days=1)
            self._cum[year] = (first, list(itertools.accumulate(weights)))
        return self._cum[year]

    def date(self, rng: random.Random, year: int) -> dt.date:
        first, cum = self._table(year)
        i = bisect.bisect_left(cum, rng.random() * cum[-1])
        return first + dt.timedelta(days=i)


@dataclass
class Township:
    """What a builder gets: one township, its villages and accounts, the run's
    years and random source (seeded per township, so a resumed run writes
    what an uninterrupted one would have)."""

    unit: OrgUnit
    villages: list[OrgUnit]
    years: list[int]
    today: dt.date
    rng: random.Random
    seasons: Seasons
    scale: float
    index: int  # the township's position in the province (numbers stay unique)
    users: dict[str, Row] = field(default_factory=dict)  # the accounts' rows, by role key
    people: list[Row] = field(default_factory=list)  # villagers: petitioners, parties
    cadres: list[Row] = field(default_factory=list)
    # One dict for the whole run: what every township reads alike (reference
    # rows, categories), looked up once (`once`), not again per township.
    shared: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, make: Callable[[], T]) -> T:
        """`make()`, computed by the run's first township and kept for the rest."""
        if key not in self.shared:
            self.shared[key] = make()
        value: T = self.shared[key]
        return value

    def per_year(self, n: float) -> int:
        return max(1, round(n * self.scale))

    def village(self) -> OrgUnit:
        return self.rng.choice(self.villages)

    def pick(self, weighted: Sequence[tuple[T, float]]) -> T:
        """`rng.choices(values, weights)[0]`, the same draw, with the
        cumulative weights made once per list (`_cumulative`)."""
        values, cum, total = _cumulative(weighted)
        return values[bisect.bisect(cum, self.rng.random() * total, 0, len(cum) - 1)]  # type: ignore[no-any-return]


# id(list) → (the list, its values, cumulative weights, their total as a float);
# the list is kept, so its id is not another's.
_weights: dict[int, tuple[Any, tuple[Any, ...], list[float], float]] = {}


def _cumulative(
    weighted: Sequence[tuple[Any, float]],
) -> tuple[tuple[Any, ...], list[float], float]:
    known = _weights.get(id(weighted))
    if known is None or known[0] is not weighted:
        values, weights = zip(*weighted, strict=True)
        cum = list(itertools.accumulate(weights))
        known = _weights[id(weighted)] = (weighted, values, cum, cum[-1] + 0.0)
    return known[1], known[2], known[3]


@dataclass(frozen=True)
class Builder:
    label: str
    build: Callable[[Township], int]
    order: int


_builders: dict[str, Builder] = {}


def register(label: str, build: Callable[[Township], int], *, order: int = 50) -> None:
    _builders[label] = Builder(label, build, order)


def discover() -> list[Builder]:
    """Every app's builder, in order (core's people and accounts first)."""
    autodiscover_modules("builders")
    return sorted(_builders.values(), key=lambda b: (b.order, b.label))


Row = dict[str, Any]  # a record to insert: field attname → value ("unit_id", not "unit")


def insert(model: type[models.Model], rows: Iterable[Row]) -> int:
    """Write `rows` set-based and give each its primary key (`row["id"]`):
    `core.bulk.insert` (COPY on PostgreSQL), except that encrypted personal
    data shares one token per plaintext (`_encrypted`): the province's
    villagers repeat their numbers on every record, and one SM4-GCM
    encryption costs more than the rest of a row. Rows, not model instances:
    building a million instances was the generator's largest cost
    (`Model.__init__`, docs/performance.md "Building the province").

    Inside `batch()` on PostgreSQL the rows are only prepared here, their ids
    taken from blocks reserved ahead (`_Ids`), and written when the batch
    ends, one COPY per table: a township's records are 19 inserts, each a
    round trip for its ids and a COPY statement of a few hundred rows."""
    rows = rows if isinstance(rows, list) else list(rows)
    columns = {
        f.attname: _encrypted(f.attname)
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedCharField)
    }
    written.add(model._meta.db_table)
    pending = _batch.tables if _batch.pid == os.getpid() else None
    if pending is None or not rows:
        with transaction.atomic():  # SQLite's ids are reserved inside one
            return bulk.insert(model, rows, columns=columns)
    conn = connections[router.db_for_write(model)]
    pk = model._meta.pk
    assert pk is not None
    for row, value in zip(rows, _ids.take(conn, model, len(rows)), strict=True):
        row[pk.attname] = value
    target, values = bulk.prepare(model, rows, conn=conn, columns=columns)
    pending.setdefault((conn.alias, target), []).extend(values(row) for row in rows)
    return len(rows)


@dataclass
class _Batch:
    pid: int = 0  # the process whose batch is open (a forked writer opens its own)
    # (database alias, COPY target) → the rows' stored values, in order
    tables: dict[tuple[str, str], list[Sequence[Any]]] = field(default_factory=dict)


_batch = _Batch()
# The tables `insert` has written (or gathered) in this process: the province
# generator defers the indexes of these only.
written: set[str] = set()

Tables = dict[tuple[str, str], list[Sequence[Any]]]  # what `gather` gathers


@contextmanager
def batch() -> Iterator[None]:
    """`insert` gathers the rows (PostgreSQL) and writes them at the end, one
    COPY per table, in the order the tables were first written; nothing is
    written if the block raises. The province generator opens one per chunk
    of townships, inside the chunk's transaction (the foreign keys are
    checked at its commit, or off with session_replication_role)."""
    if connection.vendor != "postgresql":
        yield
        return
    with gather() as tables:
        yield
    for (alias, target), values in tables.items():
        with connections[alias].cursor() as cursor:
            copy_rows(cursor.cursor, target, values)


@contextmanager
def gather() -> Iterator[Tables]:
    """`insert` only gathers the rows (PostgreSQL): the dict given is filled
    with them when the block ends, for `copy_rows` on any connection (the
    province generator's writer thread writes one chunk while the next is
    built). Nothing is gathered if the block raises."""
    out: Tables = {}
    _batch.pid, _batch.tables = os.getpid(), {}
    try:
        yield out
        out.update(_batch.tables)
    finally:
        _batch.pid, _batch.tables = 0, {}


def copy_rows(cursor: Any, target: str, values: Iterable[Sequence[Any]]) -> None:
    """COPY `values` into `target` (`table (columns)`) on a psycopg cursor."""
    with cursor.copy(f"COPY {target} FROM STDIN") as copy:
        write = copy.write_row
        for row in values:
            write(row)


class _Ids:
    """Primary keys taken from blocks reserved from each table's sequence
    (core.bulk.reserve_ids), per process: one round trip per `BLOCK` ids,
    not one per insert. With one writer the ids are those of inserting
    table by table; the tail of the last block is left unused."""

    BLOCK = 20_000

    def __init__(self) -> None:
        self.pid = 0
        self.free: dict[str, tuple[list[int], int]] = {}  # table → (ids, next unused)

    def take(self, conn: Any, model: type[models.Model], n: int) -> list[int]:
        if self.pid != os.getpid():  # forked: the parent's blocks are the parent's
            self.pid, self.free = os.getpid(), {}
        key = f"{conn.alias}:{model._meta.db_table}"
        ids, at = self.free.get(key, ([], 0))
        if len(ids) - at < n:
            ids = ids[at:] + bulk.reserve_ids(conn, model, max(n, self.BLOCK))
            at = 0
        self.free[key] = (ids, at + n)
        return ids[at : at + n]


_ids = _Ids()


@dataclass
class _Tokens:
    ring: Any = None
    by_plain: dict[str, str] = field(default_factory=dict)


_tokens = _Tokens()


def _encrypted(name: str) -> Callable[[Row], Any]:
    """The stored token of the row's `name` (EncryptedCharField.get_db_prep_save),
    one per plaintext per process: a petitioner repeats a villager's ID
    number, phone and address, and one SM4-GCM encryption costs more than the
    rest of a row. A repeated value then shares its token, an equality its
    blind index shows anyway; on synthetic data only (this module's)."""
    ring = crypto.keyring()
    if _tokens.ring is not ring or len(_tokens.by_plain) > 1_000_000:
        _tokens.ring, _tokens.by_plain = ring, {}  # other keys (a test's): afresh
    by_plain = _tokens.by_plain

    def token(row: Row) -> Any:
        value = row[name]
        if value is None or value == "":
            return value
        plain = str(value)
        stored = by_plain.get(plain)
        if stored is None:
            stored = by_plain[plain] = crypto.encrypt(plain)
        return stored

    return bulk.own_column(token, name)


def insert_through(m2m: Any, pairs: Iterable[tuple[Any, Any]]) -> int:
    """Rows of a many-to-many table, `(source id, target id)` pairs."""
    through = m2m.through
    src = f"{m2m.field.m2m_field_name()}_id"
    dst = f"{m2m.field.m2m_reverse_field_name()}_id"
    return insert(through, ({src: a, dst: b} for a, b in pairs))


_hash: dict[str, str] = {}


def password_hash() -> str:
    """`PASSWORD` hashed once: every synthetic account shares it (a hash per
    account would cost a second each)."""
    if "h" not in _hash:
        from django.contrib.auth.hashers import make_password

        _hash["h"] = make_password(PASSWORD)
    return _hash["h"]


def fake_id_number(n: int, birth: dt.date) -> str:
    from .validators import id_check_digit

    first17 = f"990101{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def _core(t: Township) -> int:
    """Villagers (the pool petitioners and dispute parties are drawn from),
    cadres, and the township's accounts: a judicial-office clerk and a leader
    (`syn-<township id>-clerk`, `-leader`)."""
    from .roles import Role

    villagers = []
    n = t.per_year(120)
    for i in range(n):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=t.rng.randrange(20_000))
        villagers.append(
            {
                "unit_id": t.village().pk,
                "name": f"村民{t.index}-{i}",
                "id_number": fake_id_number(t.index * 10_000 + i, birth),
                "phone": f"199{(t.index * 10_000 + i) % 10**8:08d}",
                "address": f"{t.unit.name}{i % 9 + 1}组",
            }
        )
    cadres = [
        {"unit_id": t.unit.pk, "name": f"干部{t.index}-{i}", "is_cadre": True} for i in range(8)
    ]
    insert(Person, villagers + cadres)
    t.people, t.cadres = villagers, cadres
    accounts: list[Row] = [
        {
            "username": f"syn-{t.unit.pk}-{role_key}",
            "role": role,
            "home_unit_id": t.unit.pk,
            "password": password_hash(),
        }
        for role_key, role in (("clerk", Role.JUDICIAL_OFFICE), ("leader", Role.TOWNSHIP_LEADER))
    ]
    insert(User, accounts)
    t.users = {str(a["username"]).rsplit("-", 1)[1]: a for a in accounts}
    return len(villagers) + len(cadres) + len(accounts)


register("core", _core, order=0)
