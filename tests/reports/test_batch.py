"""Batched indicators (one grouped query for many units) give exactly what the
indicator gives unit by unit, for every registered indicator; the cold county
roll-up runs a number of queries that does not grow with its townships."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import demo
from fazhi.core.indicators import REGISTRY, Period, UnitTree, compute_many, record_counts
from fazhi.core.models import OrgUnit
from fazhi.mediation.models import CommitteeLevel, MediationCommittee, Mediator
from fazhi.reports import queries
from tests.factories import OrgUnitFactory, PersonFactory, World, world  # noqa: F401

pytestmark = pytest.mark.django_db
PROJECT_URLS = True


def same(value: Any) -> Any:
    """Values compared as the report reads them: numbers as floats."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float | Decimal):
        return float(value)
    return value


def test_batched_equals_per_unit_for_every_indicator() -> None:
    """On the demo data, for the county, the township and every unit below it
    (nested targets: a village's record counts for its township and county)."""
    built = demo.build()
    units = list(OrgUnit.objects.filter(path__startswith=built.county.path).order_by("path"))
    assert len(units) > 5
    # A second tree: the batch then runs once per top-level unit.
    elsewhere = OrgUnit.objects.create(name="江华县", kind=OrgUnit.Kind.COUNTY)
    units.append(
        OrgUnit.objects.create(name="涛圩镇", kind=OrgUnit.Kind.TOWNSHIP, parent=elsewhere)
    )
    assert len(UnitTree(units).parts()) == 2
    checked = 0
    wrong: list[tuple[str, str, int, Any, Any]] = []
    for year in (2024, 2023):
        period = Period.year(year)
        tree = UnitTree(units)
        for key, ind in sorted(REGISTRY.items()):
            try:
                batched = compute_many(key, units, period, tree)
                counts = record_counts(key, units, period, tree)
            except Exception as exc:  # reported with the others, by key
                wrong.append((key, "", year, repr(exc)[:200], None))
                continue
            for unit in units:
                one = ind.compute(unit, period)
                if same(batched[unit.pk]) != same(one):
                    wrong.append((key, unit.name, year, batched[unit.pk], one))
                if ind.records is not None:
                    rows = ind.records(unit, period).count()
                    if counts[unit.pk] != rows:
                        wrong.append((f"{key} (records)", unit.name, year, counts[unit.pk], rows))
            checked += 1
    assert not wrong, "\n".join(map(repr, wrong))
    assert checked == 2 * len(REGISTRY)
    batched_keys = [k for k, ind in REGISTRY.items() if ind.batch is not None]
    # Every registered figure has a batched compute.
    assert batched_keys == list(REGISTRY)


def _rollup_queries(world: World, n: int, keys: list[str]) -> int:  # noqa: F811
    return len(_rollup_sql(world, n, keys))


def _rollup_sql(world: World, n: int, keys: list[str]) -> list[str]:  # noqa: F811
    """The queries of a cold roll-up of `keys` over `n` townships."""
    have = queries.child_townships(world.county).count()
    for i in range(have, n):
        OrgUnitFactory(name=f"第{i}乡", kind=OrgUnit.Kind.TOWNSHIP, parent=world.county)
    townships = list(queries.child_townships(world.county))
    assert len(townships) == n
    with CaptureQueriesContext(connection) as ctx:
        table = queries.rollup(world.county, 2024, units=townships, keys=keys)
    assert table.live == {t.pk for t in townships}
    return [q["sql"] for q in ctx.captured_queries]


def test_cold_rollup_queries_do_not_grow_with_townships(world: World) -> None:  # noqa: F811
    headline = queries.headline_keys()
    assert all(REGISTRY[k].batch is not None for k in headline)
    every = queries.numeric_keys()
    batched = [k for k in every if REGISTRY[k].batch is not None]
    assert batched == every
    small = _rollup_queries(world, 2, headline), _rollup_queries(world, 2, batched)
    large = _rollup_queries(world, 12, headline), _rollup_queries(world, 12, batched)
    # No more queries for 12 townships than for 2 (the first run also warms
    # caches such as content types): one or two per figure.
    assert large[0] <= small[0] and large[1] <= small[1]
    assert small[0] <= 2 * len(headline) + 5
    assert small[1] <= 2 * len(batched) + 5


def test_cold_rollup_of_every_figure_shares_queries_over_each_table(world: World) -> None:  # noqa: F811
    """The figures over one table (a dozen over petitions, fifteen over
    disputes) are computed by one or a few grouped queries, not one each."""
    every = queries.numeric_keys()
    period = Period.year(2024)
    figures: Counter[str] = Counter()
    for key in every:
        records = REGISTRY[key].records
        if records is not None:
            figures[records(world.county, period).model._meta.db_table] += 1
    _rollup_sql(world, 3, every)  # the first run also warms caches (content types)
    sql = _rollup_sql(world, 3, every)
    reads = Counter(m.group(1) for q in sql if (m := re.search(r'FROM "(\w+)"', q)))
    big = {table: n for table, n in figures.items() if n >= 5}
    assert len(big) >= 8
    crowded = {t: (reads[t], n) for t, n in big.items() if reads[t] > n // 2}
    assert not crowded, crowded
    # One query per figure (or more) without sharing.
    assert len(sql) <= len(every) // 2


def test_a_mediator_of_two_townships_counts_in_each(world: World) -> None:  # noqa: F811
    """Per unit, a person counts once by their first post under that unit; the
    batch must not let the county-wide first post hide the other township's."""
    person = PersonFactory(unit=world.township)
    day = dt.date(2024, 1, 1)
    for unit, full_time in ((world.other_township, False), (world.township, True)):
        committee = MediationCommittee.objects.create(
            unit=unit,
            name=f"{unit.name}人民调解委员会",
            level=CommitteeLevel.TOWNSHIP,
            established_on=day,
        )
        Mediator.objects.create(
            unit=unit, person=person, committee=committee, full_time=full_time, appointed_on=day
        )
    units = [world.county, world.township, world.other_township]
    period = Period.year(2024)
    for key in (
        "mediation.mediators",
        "mediation.mediators.full_time",
        "mediation.mediators.part_time",
    ):
        batched = compute_many(key, units, period)
        assert batched == {u.pk: REGISTRY[key].compute(u, period) for u in units}, key
    assert compute_many("mediation.mediators", units, period) == {
        world.county.pk: 1,
        world.township.pk: 1,
        world.other_township.pk: 1,
    }
