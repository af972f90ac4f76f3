"""The indicator registry: each module declares the figures it gives the report
in its own indicators.py; the reports app only reads this registry.

An indicator is a function of (unit, period) returning a number computed by a
query, and a second function returning the records behind that number, so any
figure in the report can be traced to its rows.

Roll-ups need one figure for many units (a county's twenty townships, a
province's two thousand): `compute_many` evaluates an indicator for all of them
with one set-based query grouped by the records' unit, then adds each unit's
rows up to the target units that contain it (`UnitTree`). Count, sum and rate
indicators get this for free; a custom indicator passes its own `batch` or is
computed unit by unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from .models import OrgUnit
from .models.org import PATH_STEP


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def label(self) -> str:
        if (
            self.start.month == 1
            and self.start.day == 1
            and self.end == dt.date(self.start.year, 12, 31)
        ):
            return f"{self.start.year}年"
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"


Records = Callable[[OrgUnit, Period], QuerySet[Any]]
Compute = Callable[[OrgUnit, Period], Any]
# A batched compute: the value for each of the units (by pk), from set-based queries.
Batch = Callable[[Sequence[OrgUnit], Period, "UnitTree"], dict[int, Any]]


@dataclass(frozen=True)
class Indicator:
    key: str  # "mediation.committees.village"
    label: str  # "村级调委会"
    unit_label: str  # "个"
    section: str  # report section key: "disputes", "enforcement", ...
    records: Records | None  # the rows behind the figure
    compute: Compute
    order: int = 100
    is_rate: bool = False
    # Words (a chair's title, a group's name), never summed or tabled as numbers.
    is_text: bool = False
    # A count of the records (or of distinct things in them): 0 means none.
    is_count: bool = False
    # How a record reaches its unit ("unit", "case__unit") when the records of
    # a unit are exactly the records under it; None when they depend on the
    # unit otherwise (its own settings, its own leadership group).
    unit_field: str | None = None
    batch: Batch | None = None


REGISTRY: dict[str, Indicator] = {}


def indicator(
    key: str,
    *,
    label: str,
    unit_label: str = "",
    section: str,
    records: Records | None = None,
    order: int = 100,
    is_rate: bool = False,
    is_text: bool = False,
    is_count: bool = False,
    unit_field: str | None = None,
    batch: Batch | None = None,
) -> Callable[[Compute], Compute]:
    """Declare a figure computed by the decorated function. Without `batch`,
    a roll-up computes it unit by unit."""

    def wrap(fn: Compute) -> Compute:
        REGISTRY[key] = Indicator(
            key=key,
            label=label,
            unit_label=unit_label,
            section=section,
            records=records,
            compute=fn,
            order=order,
            is_rate=is_rate,
            is_text=is_text,
            is_count=is_count,
            unit_field=unit_field,
            batch=batch,
        )
        return fn

    return wrap


def count_indicator(
    key: str,
    *,
    label: str,
    unit_label: str = "",
    section: str,
    order: int = 100,
    unit_field: str | None = "",
    batch: Batch | None = None,
) -> Callable[[Records], Records]:
    """Declare a figure that is the number of records a query returns.

    Batched by grouping `records(common ancestor)` on the records' unit
    (`unit_field`, default the model's `scope_field` or "unit"). Pass
    `unit_field=None` when the records of a unit are not just the records
    under it; then give a `batch` or accept a query per unit."""

    def wrap(records: Records) -> Records:
        field = unit_field

        def grouped(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
            qs = records(tree.root, period)
            return tree.spread(aggregate_by_unit(qs, field or scope_of(qs), n=count_of(qs)), "n")

        REGISTRY[key] = Indicator(
            key=key,
            label=label,
            unit_label=unit_label,
            section=section,
            records=records,
            compute=lambda unit, period: records(unit, period).count(),
            order=order,
            is_count=True,
            unit_field=field,
            batch=batch if batch is not None else (grouped if field is not None else None),
        )
        return records

    return wrap


def sum_indicator(
    key: str,
    field: str,
    *,
    label: str,
    unit_label: str = "",
    section: str,
    records: Records,
    order: int = 100,
    cast: Callable[[Any], Any] = lambda v: v,
    unit_field: str = "",
) -> None:
    """Declare a figure that is the sum of `field` over the records (0 when none)."""

    def one(unit: OrgUnit, period: Period) -> Any:
        return cast(records(unit, period).aggregate(total=Sum(field))["total"] or 0)

    def many(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
        qs = records(tree.root, period)
        totals = tree.spread(aggregate_by_unit(qs, unit_field or scope_of(qs), t=Sum(field)), "t")
        return {pk: cast(v or 0) for pk, v in totals.items()}

    indicator(
        key,
        label=label,
        unit_label=unit_label,
        section=section,
        records=records,
        order=order,
        unit_field=unit_field,
        batch=many,
    )(one)


def rate_indicator(
    key: str,
    part: Q,
    *,
    label: str,
    section: str,
    records: Records,
    order: int = 100,
    unit_field: str = "",
) -> None:
    """Declare a percentage: records matching `part` over all records."""

    def one(unit: OrgUnit, period: Period) -> float | None:
        # Conditional counts in one query: `part` reads the rows the records
        # already joined (a petition's stopped clock), as the batch does.
        qs = records(unit, period)
        totals = qs.order_by().aggregate(n=count_of(qs), k=count_of(qs, filter=part))
        return rate(totals["k"], totals["n"])

    def many(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
        qs = records(tree.root, period)
        rows = aggregate_by_unit(
            qs, unit_field or scope_of(qs), n=count_of(qs), k=count_of(qs, filter=part)
        )
        n, k = tree.spread(rows, "n"), tree.spread(rows, "k")
        return {pk: rate(k[pk], n[pk]) for pk in n}

    indicator(
        key,
        label=label,
        unit_label="%",
        section=section,
        records=records,
        order=order,
        is_rate=True,
        unit_field=unit_field,
        batch=many,
    )(one)


def distinct_batch(records: Records, field: str, *, skip_none: bool = False) -> Batch:
    """A batched compute for "how many distinct `field` values the records
    under the unit have" (days with a reception, topics covered): one query
    of (unit, value) pairs. `skip_none` leaves out records without a value."""

    def batch(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
        qs = records(tree.root, period)
        pairs = qs.order_by().values_list(scope_of(qs), field).distinct()
        if skip_none:
            pairs = pairs.exclude(**{f"{field}__isnull": True})
        return {pk: len(values) for pk, values in tree.collect(pairs).items()}

    return batch


def compute(key: str, unit: OrgUnit, period: Period) -> Any:
    return REGISTRY[key].compute(unit, period)


def compute_all(unit: OrgUnit, period: Period, section: str | None = None) -> dict[str, Any]:
    return {
        key: ind.compute(unit, period)
        for key, ind in sorted(REGISTRY.items(), key=lambda kv: (kv[1].section, kv[1].order))
        if section is None or ind.section == section
    }


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide."""
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 1)


# ---------------------------------------------------------------------------
# Many units at once
# ---------------------------------------------------------------------------


class UnitTree:
    """Target units under their nearest common ancestor (`root`), and for each
    unit below that root the targets whose subtree holds it. Targets may nest
    (a county and its townships): a record then counts for each of them.

    Built from one query on the unit table, shared by every indicator of a
    roll-up."""

    def __init__(self, units: Iterable[OrgUnit]) -> None:
        self.units = list(dict.fromkeys(units))
        self.pks = [u.pk for u in self.units]  # read once: a model's pk is a property
        self._root = self._common_ancestor()
        self._owners: dict[int, tuple[int, ...]] | None = None
        self._parts: list[UnitTree] | None = None

    @property
    def batchable(self) -> bool:
        """False when the units are in separate trees (see `parts`)."""
        return self._root is not None

    def parts(self) -> list[UnitTree]:
        """One tree per top-level unit the targets are under (itself when
        they share an ancestor): a batched query runs once per part."""
        if self.batchable:
            return [self]
        if self._parts is None:
            groups: dict[str, list[OrgUnit]] = {}
            for unit in self.units:
                groups.setdefault(unit.path[: PATH_STEP + 1], []).append(unit)
            self._parts = [UnitTree(group) for group in groups.values()]
        return self._parts

    @property
    def root(self) -> OrgUnit:
        """The nearest unit holding every target: batched queries start here."""
        assert self._root is not None, "units without a common ancestor"
        return self._root

    def _common_ancestor(self) -> OrgUnit | None:
        if not self.units:
            return None
        step = PATH_STEP + 1
        first = self.units[0].path
        length = min(len(u.path) for u in self.units)
        end = 0
        while end + step <= length and all(
            u.path[end : end + step] == first[end : end + step] for u in self.units
        ):
            end += step
        if end == 0:
            return None  # no common ancestor: separate trees
        prefix = first[:end]
        for unit in self.units:
            if unit.path == prefix:
                return unit
        return OrgUnit.objects.get(path=prefix)

    def owners(self, unit_id: int | None) -> tuple[int, ...]:
        """The targets holding unit `unit_id` (itself, its township, its county…)."""
        if self._owners is None:
            targets = {u.path: u.pk for u in self.units}
            step = PATH_STEP + 1
            start = len(self.root.path)
            self._owners = {}
            for pk, path in OrgUnit.objects.filter(path__startswith=self.root.path).values_list(
                "pk", "path"
            ):
                found = tuple(
                    targets[path[:end]]
                    for end in range(start, len(path) + 1, step)
                    if path[:end] in targets
                )
                if found:
                    self._owners[pk] = found
        return self._owners.get(unit_id, ()) if unit_id is not None else ()

    def spread(self, rows: Iterable[dict[str, Any]], name: str) -> dict[int, Any]:
        """Add each unit's `name` up to every target holding it (0 for none)."""
        out: dict[int, Any] = dict.fromkeys(self.pks, 0)
        for row in rows:
            value = row[name]
            if value is None:
                continue
            for pk in self.owners(row["at_unit"]):
                out[pk] += value
        return out

    def collect(self, rows: Iterable[tuple[Any, ...]]) -> dict[int, set[Any]]:
        """Rows of (unit id, item…): the set of items under each target."""
        out: dict[int, set[Any]] = {pk: set() for pk in self.pks}
        for unit_id, *item in rows:
            for pk in self.owners(unit_id):
                out[pk].add(item[0] if len(item) == 1 else tuple(item))
        return out


def scope_of(qs: QuerySet[Any]) -> str:
    """The path from a record to its unit: the model's `scope_field`, else "unit"."""
    return str(getattr(qs.model, "scope_field", "unit"))


def count_of(qs: QuerySet[Any], **extra: Any) -> Count:
    """What `qs.count()` counts, per group: joined rows, or distinct records
    when the query is DISTINCT."""
    return Count("pk", distinct=bool(qs.query.distinct), **extra)


def aggregate_by_unit(
    qs: QuerySet[Any], unit_field: str, **aggregates: Any
) -> list[dict[str, Any]]:
    """One GROUP BY query: each unit's aggregates over the records, as rows
    {"at_unit": unit id, name: value}."""
    return list(
        qs.order_by()
        .values(at_unit=F(unit_field))
        .annotate(**aggregates)
        .values("at_unit", *aggregates)
    )


def compute_many(
    key: str, units: Sequence[OrgUnit], period: Period, tree: UnitTree | None = None
) -> dict[int, Any]:
    """The indicator for each unit (by pk): batched where the indicator can
    be, else one unit at a time."""
    ind = REGISTRY[key]
    tree = tree if tree is not None else UnitTree(units)
    if ind.batch is None:
        return {u.pk: ind.compute(u, period) for u in units}
    values: dict[int, Any] = {}
    for part in tree.parts():
        values.update(ind.batch(part.units, period, part))
    return {pk: values.get(pk) for pk in tree.pks}


def record_counts(
    key: str, units: Sequence[OrgUnit], period: Period, tree: UnitTree | None = None
) -> dict[int, int]:
    """How many records stand behind the figure for each unit (batched when
    the indicator's records are grouped by unit, else counted unit by unit)."""
    ind = REGISTRY[key]
    if ind.records is None:
        return {u.pk: 0 for u in units}
    tree = tree if tree is not None else UnitTree(units)
    if ind.unit_field is None:
        return {u.pk: ind.records(u, period).count() for u in units}
    counts: dict[int, int] = {}
    for part in tree.parts():
        qs = ind.records(part.root, period)
        rows = aggregate_by_unit(qs, ind.unit_field or scope_of(qs), n=count_of(qs))
        counts.update(part.spread(rows, "n"))
    return {pk: counts.get(pk, 0) for pk in tree.pks}
