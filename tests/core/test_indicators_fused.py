"""Indicators whose records are rows of one table share one grouped query
(`compute_fused`) and still give exactly what each gives unit by unit: for
every registered indicator on the demo data, and for records that cannot
share a query, which are computed alone."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import F, Q, QuerySet

from fazhi.core import demo
from fazhi.core.indicators import (
    REGISTRY,
    Period,
    UnitTree,
    compute_and_count_fused,
    compute_fused,
    count_indicator,
    fusion_plan,
    rate_indicator,
    record_counts_fused,
)
from fazhi.core.models import Clock, OrgUnit
from fazhi.petitions.indicators import received
from fazhi.petitions.models import Channel, Petition

pytestmark = pytest.mark.django_db


def same(value: Any) -> Any:
    """Values compared as the report reads them: numbers as floats."""
    if isinstance(value, bool | int | float | Decimal):
        return float(value)
    return value


def _units(county: OrgUnit) -> list[OrgUnit]:
    """The county, everything below it (nested targets), and a township of
    another tree (the queries then run once per tree)."""
    units = list(OrgUnit.objects.filter(path__startswith=county.path).order_by("path"))
    elsewhere = OrgUnit.objects.create(name="江华县", kind=OrgUnit.Kind.COUNTY)
    units.append(
        OrgUnit.objects.create(name="涛圩镇", kind=OrgUnit.Kind.TOWNSHIP, parent=elsewhere)
    )
    return units


def _wrong(keys: list[str], units: list[OrgUnit], period: Period) -> list[tuple[Any, ...]]:
    """Where the fused values or record counts differ from unit-by-unit ones."""
    values, counts = compute_and_count_fused(keys, keys, units, period)
    alone = compute_fused(keys, units, period), record_counts_fused(keys, units, period)
    wrong: list[tuple[Any, ...]] = []
    for key in keys:
        ind = REGISTRY[key]
        for unit in units:
            one = same(ind.compute(unit, period))
            if same(values[key][unit.pk]) != one or same(alone[0][key][unit.pk]) != one:
                wrong.append((key, unit.name, values[key][unit.pk], one))
            if ind.records is not None:
                rows = ind.records(unit, period).count()
                if counts[key][unit.pk] != rows or alone[1][key][unit.pk] != rows:
                    wrong.append((f"{key} (records)", unit.name, counts[key][unit.pk], rows))
    return wrong


def test_fused_equals_per_unit_for_every_indicator() -> None:
    built = demo.build()
    units = _units(built.county)
    keys = list(REGISTRY)
    for year in (2024, 2023):
        wrong = _wrong(keys, units, Period.year(year))
        assert not wrong, "\n".join(map(repr, wrong))
    # Most figures share a query, and the demo data tell the figures of a
    # shared query apart (so a figure's condition leaking into another's
    # aggregate would be caught above).
    period = Period.year(2024)
    plan = fusion_plan(keys, built.county, period)
    assert sum(len(group) for group in plan) >= len(keys) * 2 // 3
    # Joining the category (a non-null foreign key) keeps every dispute.
    assert any({"mediation.disputes", "mediation.disputes.category.land"} <= set(g) for g in plan)
    values = compute_fused(keys, [built.county], period)
    told_apart = [g for g in plan if len({same(values[k][built.county.pk]) for k in g}) > 1]
    assert len(told_apart) >= len(plan) * 3 // 4


# Records of shapes that cannot share a query, beside one that can.
def _annotated(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return received(unit, period).annotate(days=F("extension_days")).filter(days__gt=0)


def _either(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    # Two querysets ORed: the WHERE is no longer an AND of conditions.
    return received(unit, period).filter(is_repeat=True) | received(unit, period).filter(
        is_key_case=True
    )


def _led_by_cadre(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    # Joins the leader: a nullable foreign key, so the join drops rows.
    return received(unit, period).filter(owner_leader__is_cadre=True)


def _nothing(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return received(unit, period).filter(pk__in=[])


def _visits(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    return received(unit, period).filter(channel=Channel.VISIT)


def _in_villages(unit: OrgUnit, period: Period) -> QuerySet[Petition]:
    # Joins the unit: a non-null foreign key, the join keeps every row.
    return received(unit, period).filter(unit__kind=OrgUnit.Kind.VILLAGE)


ODD = ["test.annotated", "test.either", "test.led_by_cadre", "test.nothing", "test.clock_rate"]
SHARING = ["test.visits", "test.in_villages"]


@pytest.fixture
def odd_indicators() -> Iterator[None]:
    before = set(REGISTRY)
    for key, records in zip(ODD, (_annotated, _either, _led_by_cadre, _nothing), strict=False):
        count_indicator(key, label=key, section="test")(records)
    # The part reaches clocks, which the records do not join.
    rate_indicator(
        "test.clock_rate",
        Q(clocks__status=Clock.Status.STOPPED),
        label="test.clock_rate",
        section="test",
        records=received,
    )
    for key, records in zip(SHARING, (_visits, _in_villages), strict=True):
        count_indicator(key, label=key, section="test")(records)
    try:
        yield
    finally:
        for key in set(REGISTRY) - before:
            del REGISTRY[key]


@pytest.mark.usefixtures("odd_indicators")
def test_records_that_cannot_share_a_query_are_computed_alone() -> None:
    built = demo.build()
    units = _units(built.county)
    petitions = [k for k in REGISTRY if k.startswith("petitions.")]
    keys = [*petitions, *ODD, *SHARING]
    period = Period.year(2024)
    plan = fusion_plan(keys, built.county, period)
    (received_with,) = [group for group in plan if "petitions.received" in group]
    assert set(SHARING) <= set(received_with)
    assert not {key for group in plan for key in group} & set(ODD)
    wrong = _wrong(keys, units, period)
    assert not wrong, "\n".join(map(repr, wrong))
    values = compute_fused(["test.visits", "petitions.received.by_channel.visit"], units, period)
    assert values["test.visits"] == values["petitions.received.by_channel.visit"]
    assert values["test.visits"][built.county.pk] > 0


def test_a_read_shared_by_batches_runs_once_per_tree() -> None:
    root = OrgUnit.objects.create(name="共享县", kind=OrgUnit.Kind.COUNTY)
    towns = [
        OrgUnit.objects.create(name=f"共享乡{i}", kind=OrgUnit.Kind.TOWNSHIP, parent=root)
        for i in range(2)
    ]
    calls: list[int] = []

    def read() -> list[int]:
        calls.append(1)
        return [len(calls)]

    tree = UnitTree(towns)
    assert tree.shared(("k", 2024), read) == [1]
    assert tree.shared(("k", 2024), read) == [1]
    assert tree.shared(("k", 2023), read) == [2]
    assert UnitTree(towns).shared(("k", 2024), read) == [3]  # a new roll-up reads afresh
