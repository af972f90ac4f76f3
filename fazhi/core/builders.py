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
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, connections, models
from django.utils.module_loading import autodiscover_modules

from .models import OrgUnit, Person, User

ROOT_NAME = "合成省（测试数据）"
ROOT_CODE = "990000000000"
BATCH = 5_000
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
    users: dict[str, User] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)  # villagers: petitioners, parties
    cadres: list[Person] = field(default_factory=list)

    def per_year(self, n: float) -> int:
        return max(1, round(n * self.scale))

    def village(self) -> OrgUnit:
        return self.rng.choice(self.villages)

    def pick(self, weighted: Sequence[tuple[T, float]]) -> T:
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights)[0]


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


def insert(model: type[models.Model], objs: Iterable[models.Model]) -> int:
    """Write `objs` set-based and give each its primary key: PostgreSQL's COPY
    (ids reserved from the table's sequence first), else `bulk_create`.
    Every value goes through its field (`pre_save`, `get_db_prep_save`), as
    bulk_create would send it, so encrypted or derived fields stay right.
    COPY even for a handful of rows: bulk_create's SQL compilation costs more
    than the extra round trip (20 townships × 2 years under cProfile: 264
    small bulk_creates, 2.1 s of 9.9 s)."""
    rows = list(objs)
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(rows, batch_size=BATCH)
        return len(rows)
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(rows)],
        )
        ids = [r[0] for r in cursor.fetchall()]
        for obj, pk_value in zip(rows, ids, strict=True):
            obj.pk = pk_value
            obj._state.adding = False
            obj._state.db = connection.alias
        fields = list(meta.concrete_fields)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        conn = connections[connection.alias]  # the object itself, not the proxy
        plain = [type(f) in PLAIN_FIELDS and not _auto_now(f) for f in fields]
        names = [f.attname for f in fields]
        with cursor.cursor.copy(sql) as copy:  # type: ignore[attr-defined]
            write = copy.write_row
            for obj in rows:
                d = obj.__dict__
                write(
                    [
                        d[name] if p else f.get_db_prep_save(f.pre_save(obj, True), conn)
                        for name, p, f in zip(names, plain, fields, strict=True)
                    ]
                )
    return len(rows)


# Fields whose Python value psycopg writes as is (what get_db_prep_save would
# return unchanged); any other field — JSON, an encrypted field, a subclass —
# goes through get_db_prep_save.
PLAIN_FIELDS: frozenset[type[models.Field[Any, Any]]] = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.BigIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.SmallIntegerField,
        models.BooleanField,
        models.DateField,
        models.ForeignKey,
        models.OneToOneField,
        models.DecimalField,
        models.FloatField,
    }
)


def _auto_now(f: models.Field[Any, Any]) -> bool:
    return bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))


def insert_through(m2m: Any, pairs: Iterable[tuple[Any, Any]]) -> int:
    """Rows of a many-to-many table, `(source id, target id)` pairs."""
    through = m2m.through
    src = m2m.field.m2m_field_name()
    dst = m2m.field.m2m_reverse_field_name()
    return insert(through, (through(**{f"{src}_id": a, f"{dst}_id": b}) for a, b in pairs))


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
            Person(
                unit=t.village(),
                name=f"村民{t.index}-{i}",
                id_number=fake_id_number(t.index * 10_000 + i, birth),
                phone=f"199{(t.index * 10_000 + i) % 10**8:08d}",
                address=f"{t.unit.name}{i % 9 + 1}组",
            )
        )
    cadres = [Person(unit=t.unit, name=f"干部{t.index}-{i}", is_cadre=True) for i in range(8)]
    insert(Person, villagers + cadres)
    t.people, t.cadres = villagers, cadres
    accounts = [
        User(
            username=f"syn-{t.unit.pk}-{role_key}",
            role=role,
            home_unit=t.unit,
            password=password_hash(),
        )
        for role_key, role in (("clerk", Role.JUDICIAL_OFFICE), ("leader", Role.TOWNSHIP_LEADER))
    ]
    User.objects.bulk_create(accounts)
    t.users = {a.username.rsplit("-", 1)[1]: a for a in accounts}
    return len(villagers) + len(cadres) + len(accounts)


register("core", _core, order=0)
