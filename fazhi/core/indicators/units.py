"""Many units at once: `UnitTree` adds each unit's grouped rows up to the
target units that contain it, and `reduce_batch` computes a count, sum or rate
indicator for all of them with one grouped query."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from django.db.models import Aggregate, Count, F, QuerySet, Sum

from ..models import OrgUnit
from ..models.org import PATH_STEP
from .base import Period, Reduction, Term, count_value

# A batched compute: the value for each of the units (by pk), from set-based queries.
Batch = Callable[[Sequence[OrgUnit], Period, "UnitTree"], dict[int, Any]]


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

    def read(self) -> UnitTree:
        """Read the unit table now, for every part: before threads share
        this tree (`lanes.in_lanes`), so that none of them reads it."""
        for part in self.parts():
            part._owner_map()
        return self

    def owners(self, unit_id: int | None) -> tuple[int, ...]:
        """The targets holding unit `unit_id` (itself, its township, its county…)."""
        return self._owner_map().get(unit_id, ()) if unit_id is not None else ()

    def _owner_map(self) -> dict[int, tuple[int, ...]]:
        """{unit id: the targets holding it}, read once; `spread` and `collect`
        look rows up in it directly (a province roll-up spreads ~700,000 rows)."""
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
        return self._owners

    def spread(self, rows: Iterable[dict[str, Any]], name: str) -> dict[int, Any]:
        """Add each unit's `name` up to every target holding it (0 for none)."""
        out: dict[int, Any] = dict.fromkeys(self.pks, 0)
        owners = self._owner_map()
        for row in rows:
            value = row[name]
            if value is None:
                continue
            for pk in owners.get(row["at_unit"], ()):
                out[pk] += value
        return out

    def spread_all(self, rows: Iterable[dict[str, Any]], names: Sequence[str]) -> Columns:
        """`spread` of several columns of the same rows in one pass: each
        row's targets looked up once (a fused query's rows hold a dozen)."""
        out: Columns = {name: dict.fromkeys(self.pks, 0) for name in names}
        columns = list(out.items())
        owners = self._owner_map()
        for row in rows:
            found = owners.get(row["at_unit"])
            if not found:
                continue
            for name, column in columns:
                value = row[name]
                if value is None:
                    continue
                for pk in found:
                    column[pk] += value
        return out

    def collect(self, rows: Iterable[tuple[Any, ...]]) -> dict[int, set[Any]]:
        """Rows of (unit id, item…): the set of items under each target."""
        out: dict[int, set[Any]] = {pk: set() for pk in self.pks}
        owners = self._owner_map()
        for unit_id, *item in rows:
            for pk in owners.get(unit_id, ()):
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
    found = tree.spread_all(rows, [prefix + t.name for t in reduction.terms])
    return {t.name: found[prefix + t.name] for t in reduction.terms}


def _apply(reduction: Reduction, columns: Columns, pks: Iterable[int]) -> dict[int, Any]:
    """Each unit's figure from its totals."""
    if reduction.value is count_value:  # most figures: no dict per unit (326,000 in a province)
        counted = columns["n"]
        return {pk: counted[pk] for pk in pks}
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
