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

A roll-up of every figure reads the same few big tables many times over (a
dozen petition figures, fifteen dispute figures): `compute_fused` gives the
count, sum and rate indicators whose records are rows of one table reached
through the same joins one shared query, each figure's own conditions moved
into its aggregates' FILTER.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import Aggregate, Count, F, ForeignKey, Q, QuerySet, Sum
from django.db.models.sql.constants import INNER
from django.db.models.sql.datastructures import Join
from django.db.models.sql.where import AND, OR, WhereNode
from django.utils.hashable import make_hashable

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
J = TypeVar("J", bound=Hashable)  # what a fused query computes: (indicator key, "value")


@dataclass(frozen=True)
class Term:
    """One aggregate of a `Reduction`: how many records (or the sum of the
    field `sum_of`), of those matching `part` when given."""

    name: str
    sum_of: str = ""
    part: Q | None = None


@dataclass(frozen=True)
class Reduction:
    """How a count, sum or rate indicator reduces its records to its figure:
    `terms` aggregated over `records(unit, period)` grouped on the records'
    unit (`unit_field`, "" for the model's scope field), added up to each
    target unit, and `value` of a unit's totals by term name. Declared by
    `count_indicator`, `sum_indicator` and `rate_indicator`, so that
    `compute_fused` can let indicators over the same rows share a query."""

    records: Records
    unit_field: str
    terms: tuple[Term, ...]
    value: Callable[[dict[str, Any]], Any]


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
    # Set for count, sum and rate indicators: `batch` is then `reduce_batch` of it.
    reduction: Reduction | None = None


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
    reduction: Reduction | None = None,
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
            batch=batch if batch is not None else (reduce_batch(reduction) if reduction else None),
            reduction=reduction,
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
        counted = (
            Reduction(records, unit_field, (Term("n"),), _count_value)
            if unit_field is not None and batch is None
            else None
        )
        REGISTRY[key] = Indicator(
            key=key,
            label=label,
            unit_label=unit_label,
            section=section,
            records=records,
            compute=lambda unit, period: records(unit, period).count(),
            order=order,
            is_count=True,
            unit_field=unit_field,
            batch=batch if counted is None else reduce_batch(counted),
            reduction=counted,
        )
        return records

    return wrap


def _count_value(totals: dict[str, Any]) -> Any:
    return totals["n"]


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

    indicator(
        key,
        label=label,
        unit_label=unit_label,
        section=section,
        records=records,
        order=order,
        unit_field=unit_field,
        reduction=Reduction(
            records, unit_field, (Term("t", sum_of=field),), lambda t: cast(t["t"] or 0)
        ),
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

    indicator(
        key,
        label=label,
        unit_label="%",
        section=section,
        records=records,
        order=order,
        is_rate=True,
        unit_field=unit_field,
        reduction=Reduction(
            records,
            unit_field,
            (Term("n"), Term("k", part=part)),
            lambda t: rate(t["k"], t["n"]),
        ),
    )(one)


def distinct_batch(records: Records, field: str, *, skip_none: bool = False) -> Batch:
    """A batched compute for "how many distinct `field` values the records
    under the unit have" (days with a reception, topics covered): one query
    of (unit, value) pairs. `skip_none` leaves out records without a value."""

    def batch(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
        qs = records(tree.root, period)
        pairs = qs.order_by().values_list(scope_of(qs), field).distinct()
        found = tree.collect(pairs)
        if skip_none:
            # Dropped here, not in SQL: excluding a many-to-many field's NULL
            # is a NOT EXISTS subquery that PostgreSQL ran as a nested loop
            # (over two minutes on 10^5 activities); DISTINCT leaves at most
            # one (unit, None) pair per unit.
            for values in found.values():
                values.discard(None)
        return {pk: len(values) for pk, values in found.items()}

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
        self._shared: dict[Hashable, Any] = {}

    def shared(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """What several batches of one roll-up read alike (one scan of a table
        that two figures count differently), computed once for this tree."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]

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


# ---------------------------------------------------------------------------
# Many indicators at once
# ---------------------------------------------------------------------------


def _aggregate(records: QuerySet[Any], term: Term, condition: Any) -> Aggregate:
    """The aggregate a term stands for, over the rows matching `condition`."""
    if term.sum_of:
        return Sum(term.sum_of, filter=condition)
    return count_of(records, filter=condition)


Columns = dict[str, dict[int, Any]]  # a reduction's totals: {term name: {unit pk: total}}


def _spread(
    reduction: Reduction, rows: list[dict[str, Any]], tree: UnitTree, prefix: str = ""
) -> Columns:
    """Grouped rows holding the reduction's terms (named `prefix` + term
    name), added up to each target unit."""
    return {t.name: tree.spread(rows, prefix + t.name) for t in reduction.terms}


def _apply(reduction: Reduction, columns: Columns, pks: Iterable[int]) -> dict[int, Any]:
    """Each unit's figure from its totals."""
    return {pk: reduction.value({name: col[pk] for name, col in columns.items()}) for pk in pks}


def reduce_batch(reduction: Reduction) -> Batch:
    """The batched compute of a count, sum or rate indicator on its own: one
    grouped query over the records under the tree's root."""

    def batch(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
        qs = reduction.records(tree.root, period)
        aggregates = {t.name: _aggregate(qs, t, t.part) for t in reduction.terms}
        rows = aggregate_by_unit(qs, reduction.unit_field or scope_of(qs), **aggregates)
        return _apply(reduction, _spread(reduction, rows, tree), tree.pks)

    return batch


def compute_fused(
    keys: Iterable[str], units: Sequence[OrgUnit], period: Period, tree: UnitTree | None = None
) -> dict[str, dict[int, Any]]:
    """`compute_many` of several indicators: {key: {unit pk: value}}. Count,
    sum and rate indicators whose records are rows of one table reached the
    same way share one grouped query (see `_fuse`); every other indicator is
    computed as `compute_many` computes it."""
    return compute_and_count_fused(keys, (), units, period, tree)[0]


def record_counts_fused(
    keys: Iterable[str], units: Sequence[OrgUnit], period: Period, tree: UnitTree | None = None
) -> dict[str, dict[int, int]]:
    """`record_counts` of several indicators, sharing queries as `compute_fused` does."""
    return compute_and_count_fused((), keys, units, period, tree)[1]


def compute_and_count_fused(
    keys: Iterable[str],
    counted: Iterable[str],
    units: Sequence[OrgUnit],
    period: Period,
    tree: UnitTree | None = None,
) -> tuple[dict[str, dict[int, Any]], dict[str, dict[int, int]]]:
    """`compute_fused` of `keys` and `record_counts_fused` of `counted` in the
    same shared queries: counting an indicator's records is one more
    aggregate in the query its figure comes from. (Not a rate's denominator:
    a `part` reaching a table the records do not join counts joined rows.)"""
    tree = tree if tree is not None else UnitTree(units)
    keys, counted = list(dict.fromkeys(keys)), list(dict.fromkeys(counted))
    jobs: dict[tuple[str, str], Reduction] = {}
    for key in keys:
        reduction = REGISTRY[key].reduction
        if reduction is not None:
            jobs[(key, "value")] = reduction
    for key in counted:
        ind = REGISTRY[key]
        if ind.records is not None and ind.unit_field is not None:
            jobs[(key, "records")] = Reduction(
                ind.records, ind.unit_field, (Term("n"),), _count_value
            )
    done = _reduce_all(jobs, tree, period)
    values: dict[str, dict[int, Any]] = {}
    for key in keys:
        job = (key, "value")
        if job in done:
            values[key] = _apply(jobs[job], done[job], tree.pks)
        else:
            values[key] = compute_many(key, units, period, tree)
    counts: dict[str, dict[int, int]] = {}
    for key in counted:
        job = (key, "records")
        if job in done:
            counts[key] = done[job]["n"]
        else:
            counts[key] = record_counts(key, units, period, tree)
    return values, counts


@dataclass
class _Member(Generic[J]):
    """One indicator's records in a fusable shape (see `_shape`)."""

    job: J
    reduction: Reduction
    records: QuerySet[Any]
    grouped: QuerySet[Any]  # records.values(at_unit=unit field)
    joins: tuple[Any, ...]
    conditions: list[tuple[Any, Any]]  # (key equal for equal conditions, WHERE child)


def _reduce_all(
    reductions: Mapping[J, Reduction], tree: UnitTree, period: Period
) -> dict[J, Columns]:
    """Every reduction's totals for each target unit: reductions whose
    queries have the same shape share one query, the others run their own."""
    columns: dict[J, Columns] = {
        job: {t.name: {} for t in r.terms} for job, r in reductions.items()
    }

    def add(job: J, found: Columns) -> None:
        for name, col in found.items():
            columns[job][name].update(col)

    for part in tree.parts():
        groups, alone = _group(reductions, part.root, period)
        for members in groups:
            rows = _fuse(members) if len(members) > 1 else None
            if rows is None:
                alone.extend((m.job, m.records) for m in members)
                continue
            for i, member in enumerate(members):
                add(member.job, _spread(member.reduction, rows, part, f"m{i}_"))
        for job, qs in alone:
            reduction = reductions[job]
            aggregates = {t.name: _aggregate(qs, t, t.part) for t in reduction.terms}
            rows = aggregate_by_unit(qs, reduction.unit_field or scope_of(qs), **aggregates)
            add(job, _spread(reduction, rows, part))
    return columns


def _group(
    reductions: Mapping[J, Reduction], root: OrgUnit, period: Period
) -> tuple[list[list[_Member[J]]], list[tuple[J, QuerySet[Any]]]]:
    """The reductions' records under `root` by shape, and those of no shape."""
    groups: dict[Any, list[_Member[J]]] = {}
    alone: list[tuple[J, QuerySet[Any]]] = []
    for job, reduction in reductions.items():
        qs = reduction.records(root, period)
        found = _shape(job, reduction, qs)
        if found is None:
            alone.append((job, qs))
        else:
            signature, member = found
            groups.setdefault(signature, []).append(member)
    return [arranged for members in groups.values() for arranged in _arrange(members)], alone


def _arrange(members: list[_Member[J]]) -> list[list[_Member[J]]]:
    """Members of one shape as queries: all in one when a member joins every
    table any other joins (the others' joins then differ only by tables each
    row has exactly one of, see `_joins`), that member first; else one query
    per set of joins."""
    widest = max(members, key=lambda m: len(m.joins))
    if all(set(m.joins) <= set(widest.joins) for m in members):
        return [[widest, *(m for m in members if m is not widest)]]
    by_joins: dict[tuple[Any, ...], list[_Member[J]]] = {}
    for member in members:
        by_joins.setdefault(member.joins, []).append(member)
    return list(by_joins.values())


def fusion_plan(keys: Iterable[str], root: OrgUnit, period: Period) -> list[list[str]]:
    """The indicators among `keys` whose records have the same shape under
    `root`, so that `compute_fused` gives each list one shared query (for
    tests and benchmarks)."""
    reductions = {k: r for k in dict.fromkeys(keys) if (r := REGISTRY[k].reduction) is not None}
    groups, _alone = _group(reductions, root, period)
    return [[m.job for m in members] for members in groups if len(members) > 1]


# `_joins`, `_keeps_rows`, `_shape` and `_fuse` below are the only code in
# fazhi that reads Django's query internals (Django 5.2). What they rely on:
# - `Query.alias_map`: alias -> BaseTable (first) or Join, parents before
#   children; a Join's `table_name`, `join_type`, `parent_alias`,
#   `join_field`, `nullable` and `filtered_relation` say which rows the FROM
#   clause yields; `Query.alias_refcount` (a join nobody refers to is left
#   out of FROM). The base table is a BaseTable, every other alias a Join.
# - `Query.where`: a WhereNode whose `children` are ANDed unless its
#   `connector`/`negated` say otherwise; a child compiles on its own with
#   `compiler.compile(child)`; a WhereNode of resolved children may be given
#   as an aggregate's `filter` (resolving it again changes nothing).
# - the flags checked in `_shape` (slicing, DISTINCT ON, extra(), unions,
#   annotations, values(), GROUP BY).


def _joins(query: Any) -> tuple[tuple[Any, ...], ...] | None:
    """The FROM clause as data, equal for two queries exactly when they join
    the same tables the same way under the same aliases (None for a
    FilteredRelation, whose ON condition is not compared). A join nobody
    refers to any more (`unit__in_subtree` sets one up, then uses the
    record's own column) is not in FROM, so not here either."""
    shape = []
    for alias, table in query.alias_map.items():
        if not query.alias_refcount[alias] and isinstance(table, Join):
            continue
        if getattr(table, "filtered_relation", None) is not None:
            return None
        shape.append(
            (
                alias,
                table.table_name,
                getattr(table, "join_type", None),
                getattr(table, "parent_alias", None),
                getattr(table, "join_field", None),
            )
        )
    return tuple(shape)


def _keeps_rows(query: Any) -> set[str]:
    """The aliases of joins that neither drop nor repeat a row: INNER joins
    along a non-null foreign key (a dispute's category), from the base table
    or from such a join. Queries differing only by these read the same rows."""
    base, *joined = query.alias_map
    kept = {base}
    for alias in joined:
        join = query.alias_map[alias]
        if (
            isinstance(join.join_field, ForeignKey)
            and join.join_type == INNER
            and not join.nullable
            and join.parent_alias in kept
        ):
            kept.add(alias)
    return kept - {base}


def _shape(job: J, reduction: Reduction, qs: QuerySet[Any]) -> tuple[Any, _Member[J]] | None:
    """What must be equal for the records of two indicators to share a query
    (database, model, unit field, DISTINCT, joins but those that keep every
    row), and the indicator as a
    `_Member`; None when the records are not a plain AND of conditions over
    joined rows, or when the indicator's aggregates would add a join.

    Each WHERE condition gets a key: its SQL and parameters. Two conditions
    of queries joining alike with equal keys select the same rows. (Lookups
    compare equal by value too, but a subquery only to itself: two
    `unit__in=<subquery>` of the same units would never match.)"""
    query = qs.query
    where = query.where
    if (
        query.is_sliced
        or query.combinator
        or query.distinct_fields
        or query.annotations
        or query.extra
        or query.extra_tables
        or query.values_select
        or query.group_by is not None
        or where.connector != AND
        or where.negated
        or where.contains_aggregate
        or where.contains_over_clause
    ):
        return None
    unit_field = reduction.unit_field or scope_of(qs)
    grouped = qs.order_by().values(at_unit=F(unit_field))
    joins = _joins(grouped.query)
    if joins is None:
        return None
    # A `part` or summed field reaching a table the records do not join
    # would add that join (and drop rows) for every indicator of the query.
    probe = grouped.query.clone()
    for term in reduction.terms:
        _aggregate(qs, term, term.part).resolve_expression(probe, allow_joins=True)
    if _joins(probe) != joins:
        return None
    compiler = grouped.query.get_compiler(using=qs.db)
    conditions = []
    for child in grouped.query.where.children:
        try:
            sql, params = compiler.compile(child)
        except (EmptyResultSet, FullResultSet):
            return None
        conditions.append(((sql, make_hashable([(type(p), p) for p in params])), child))
    # Joins that keep every row may differ between members (`_arrange`).
    kept = _keeps_rows(grouped.query)
    core = tuple(entry for entry in joins if entry[0] not in kept)
    signature = (qs.db, qs.model, unit_field, bool(query.distinct), core)
    return signature, _Member(job, reduction, qs, grouped, joins, conditions)


def _fuse(members: Sequence[_Member[Any]]) -> list[dict[str, Any]] | None:
    """One grouped query for indicators whose records have the same shape:
    the conditions all of them share are its WHERE; each indicator's other
    conditions (and a rate's `part`) filter its own aggregates, named
    "m<i>_<term>". The WHERE also keeps only rows some indicator counts, so
    the query reads no more rows than the separate queries did together.
    None if the query would not join as the members do."""
    base = members[0]
    common = set.intersection(*({k for k, _ in m.conditions} for m in members))
    own = [[(k, c) for k, c in m.conditions if k not in common] for m in members]
    where: list[Any] = [c for k, c in base.conditions if k in common]
    if all(own):
        # Any member's own conditions; a set containing another's adds no rows.
        sets = list(dict.fromkeys(frozenset(k for k, _ in rest) for rest in own))
        needed = [s for s in sets if not any(t < s for t in sets)]
        branches: list[Any] = []
        for keys in needed:
            rest = next(rest for rest in own if frozenset(k for k, _ in rest) == keys)
            branches.append(WhereNode([c for _, c in rest], AND))
        where.append(WhereNode(branches, OR))
    fused = base.grouped.all()
    fused.query.where = WhereNode(where, AND)
    aggregates: dict[str, Aggregate] = {}
    for i, (member, rest) in enumerate(zip(members, own, strict=True)):
        for term in member.reduction.terms:
            condition = [c for _, c in rest]
            if term.part is not None:
                condition.append(term.part.resolve_expression(fused.query, allow_joins=True))
            aggregates[f"m{i}_{term.name}"] = _aggregate(
                base.records, term, WhereNode(condition, AND) if condition else None
            )
    if _joins(fused.query) != base.joins:
        return None
    return list(fused.annotate(**aggregates).values("at_unit", *aggregates))
