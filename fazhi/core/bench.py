"""Benchmark helpers shared by every module's bench.py, and core's own bench.

`manage.py bench` runs against whatever database is configured; `make bench`
points it at a separate database (var/bench.sqlite3 or BENCH_DATABASE_URL) so
the demo data is never touched. Figures go to docs/performance.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client

from .models import Clock, OrgUnit, Person, Reminder, User
from .models.org import PATH_STEP
from .roles import Role
from .validators import id_check_digit

BENCH_PREFIX = "基准县"


@dataclass
class County:
    county: OrgUnit
    townships: list[OrgUnit]
    villages: list[OrgUnit]
    user: User  # a township user of the first township


def measure(fn: Callable[[], Any], repeats: int = 20, warmup: int = 2) -> tuple[float, float]:
    """Median and p95 wall time in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as autovacuum (or
    SQLite's `PRAGMA optimize`) does on a live database: without them a
    planner facing a million fresh rows guesses, and the figures measure the
    guess. Runs inside the bench's transaction, which sees its own rows."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def vacuum() -> None:
    """Clear the dead rows an earlier bench left by rolling back (PostgreSQL).

    Every bench bulk-loads inside a transaction and rolls back; the rows stay
    in tables and indexes as dead tuples until autovacuum reaches them, and a
    following bench would measure that bloat (a primary-key probe of the
    person table reading hundreds of dead index pages), which a live database
    kept by autovacuum does not have. Runs outside any transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


@contextlib.contextmanager
def rolled_back() -> Iterator[None]:
    """One transaction that is always rolled back: every module's bench
    bulk-loads its synthetic county inside it and times the pages against
    it, and the database is left as it was (each bench used to raise and
    catch its own `_Rollback` exception for this)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def measure_cases(
    prefix: str, cases: Iterable[tuple[str, int, Callable[[], Any], int]], repeats: int
) -> list[dict[str, Any]]:
    """One result row per `(name, n, fn, target in ms)`, named `prefix: name`
    and timed with one warm-up: the table of page timings several modules'
    benches end with, written once."""
    out = []
    for name, n, fn, target in cases:
        median, p95 = measure(fn, repeats, warmup=1)
        out.append(row(f"{prefix}: {name}", n, median, p95, f"p95 ≤ {target} ms"))
    return out


def bulk_units(units: list[OrgUnit], batch_size: int = 5_000) -> list[OrgUnit]:
    """Bulk-create `units` (each with a saved parent) and give each the path
    and depth its `save()` would have (`bulk_create` skips `save`): the
    synthetic provinces of the benches have thousands of units, too many to
    save one by one. Returns the created units, their parents' order kept."""
    created = OrgUnit.objects.bulk_create(units, batch_size=batch_size)
    for unit in created:
        parent = unit.parent
        assert parent is not None
        unit.path, unit.depth = f"{parent.path}{unit.pk:0{PATH_STEP}d}.", parent.depth + 1
    OrgUnit.objects.bulk_update(created, ["path", "depth"], batch_size=batch_size)
    return created


def logged_in(user: Any, **defaults: Any) -> Client:
    """A test client logged in as a bench account. Bench accounts have no
    password a person chose, so they are marked as if they had: the forced
    password change (core.sessions) would otherwise send every timed page to
    /password/."""
    from . import passwords

    passwords.mark_chosen(user)
    client = Client(**defaults)
    client.force_login(user)
    return client


def township_and_county_clients(town: OrgUnit, module: str, tag: str) -> tuple[Client, Client]:
    """Logged-in clients of a new judicial-office user of `town`
    (`bench-<module>-<tag>`) and of a new supervisor of its county
    (`bench-<module>-county-<tag>`): the two scopes a module's pages are timed in."""
    county = town.parent
    assert county is not None
    clerk = User.objects.create(
        username=f"bench-{module}-{tag}", role=Role.JUDICIAL_OFFICE, home_unit=town
    )
    supervisor = User.objects.create(
        username=f"bench-{module}-county-{tag}", role=Role.COUNTY_SUPERVISOR, home_unit=county
    )
    return logged_in(clerk), logged_in(supervisor)


def get_page(client: Client, url: str) -> Callable[[], Any]:
    """A timed fetch of `url` that must succeed (`get_ok`), for `measure_cases`."""
    return lambda: get_ok(client, url)


def get_ok(client: Client, url: str) -> Any:
    """GET that must succeed: a benchmark of an error page measures nothing."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def row(name: str, n: int, median_ms: float, p95_ms: float, target: str) -> dict[str, Any]:
    return {
        "name": name,
        "n": n,
        "median_ms": round(median_ms, 1),
        "p95_ms": round(p95_ms, 1),
        "target": target,
    }


def synthetic_county(
    townships: int = 20, villages_per_township: int = 10, name: str = BENCH_PREFIX
) -> County:
    """A county of townships and villages; reused if it already exists."""
    county, _ = OrgUnit.objects.get_or_create(
        parent=None, name=name, defaults={"kind": OrgUnit.Kind.COUNTY}
    )
    towns, villages = [], []
    for t in range(townships):
        town, _ = OrgUnit.objects.get_or_create(
            parent=county,
            name=f"{name}第{t + 1}乡",
            defaults={"kind": OrgUnit.Kind.TOWNSHIP, "abbreviation": f"基{t + 1}"},
        )
        towns.append(town)
        for v in range(villages_per_township):
            village, _ = OrgUnit.objects.get_or_create(
                parent=town, name=f"{town.name}{v + 1}村", defaults={"kind": OrgUnit.Kind.VILLAGE}
            )
            villages.append(village)
    user, created = User.objects.get_or_create(
        username=f"bench-{county.pk}",
        defaults={"role": Role.JUDICIAL_OFFICE, "home_unit": towns[0]},
    )
    if created:
        user.set_password("bench")
        user.save()
    return County(county=county, townships=towns, villages=villages, user=user)


def fake_id(n: int) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=n % 20000)
    first17 = f"431127{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def ensure_people(c: County, total: int) -> None:
    have = Person.objects.filter(unit__path__startswith=c.county.path).count()
    batch: list[Person] = []
    for i in range(have, total):
        unit = c.villages[i % len(c.villages)]
        batch.append(
            Person(unit=unit, name=f"村民{i:06d}", id_number=fake_id(i), phone=f"13{i:09d}"[:11])
        )
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    if batch:
        Person.objects.bulk_create(batch)


def ensure_clocks(c: County, total: int, today: dt.date) -> None:
    have = Clock.objects.filter(unit__path__startswith=c.county.path).count()
    if have >= total:
        return
    ct = ContentType.objects.get_for_model(Person)
    person_ids = list(
        Person.objects.filter(unit__path__startswith=c.county.path).values_list("pk", flat=True)[
            :total
        ]
    )
    through = Clock.recipients.through
    with transaction.atomic():
        batch = []
        for i in range(have, total):
            batch.append(
                Clock(
                    unit=c.villages[i % len(c.villages)],
                    kind="bench.handling",
                    label=f"基准时限{i}",
                    content_type=ct,
                    object_id=person_ids[i % len(person_ids)],
                    start_date=today - dt.timedelta(days=60),
                    length=60,
                    day_unit="calendar",
                    due_date=today + dt.timedelta(days=(i % 90) - 45),
                    status=Clock.Status.RUNNING if i % 3 else Clock.Status.STOPPED,
                )
            )
            if len(batch) == 5000:
                created = Clock.objects.bulk_create(batch)
                through.objects.bulk_create(
                    [through(clock_id=k.pk, user_id=c.user.pk) for k in created]
                )
                batch = []
        if batch:
            created = Clock.objects.bulk_create(batch)
            through.objects.bulk_create(
                [through(clock_id=k.pk, user_id=c.user.pk) for k in created]
            )


def run(scale: float = 1.0) -> list[dict[str, Any]]:
    """Issue 3 §11: a county of 20 townships, 200 villages, 10^5 people."""
    from . import reminders

    people = int(100_000 * scale)
    clocks = int(100_000 * scale)
    today = dt.date(2025, 6, 16)
    c = synthetic_county()
    ensure_people(c, people)
    ensure_clocks(c, clocks, today)
    analyze()
    client = logged_in(c.user)
    county_user, _ = User.objects.get_or_create(
        username=f"bench-county-{c.county.pk}",
        defaults={"role": Role.COUNTY_SUPERVISOR, "home_unit": c.county},
    )
    county_client = logged_in(county_user)
    out = []
    m, p = measure(lambda: get_ok(client, "/people/"))
    out.append(row("people list, township scope (page 1)", people, m, p, "p95 ≤ 150 ms"))
    m, p = measure(lambda: get_ok(county_client, "/people/?name=村民0001"))
    out.append(row("people list, county scope, name filter", people, m, p, "p95 ≤ 150 ms"))
    m, p = measure(lambda: get_ok(county_client, "/api/v1/people/?page=20"))
    out.append(row("people API, county scope, page 20", people, m, p, "p95 ≤ 150 ms"))
    Reminder.objects.filter(key__startswith="clock:", user=c.user).delete()
    t0 = time.perf_counter()
    first = reminders.scan(today)
    cold = (time.perf_counter() - t0) * 1000
    out.append(
        row(
            f"deadline scan, first run ({sum(first.values())} reminders)",
            clocks,
            cold,
            cold,
            "≤ 10 s",
        )
    )
    m, p = measure(lambda: reminders.scan(today), repeats=3, warmup=0)
    out.append(row("deadline scan, repeat run (posts nothing new)", clocks, m, p, "≤ 10 s"))
    return out
