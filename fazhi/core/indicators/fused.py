"""Many indicators at once: figures whose records are rows of one table reached
through the same joins share one grouped query, each figure's own conditions
moved into its aggregates' FILTER (`compute_fused`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import Aggregate, F, ForeignKey, QuerySet
from django.db.models.sql.constants import INNER
from django.db.models.sql.datastructures import Join
from django.db.models.sql.where import AND, OR, WhereNode
from django.utils.hashable import make_hashable

from ..models import OrgUnit
from .base import J, Period, Reduction, Term, count_value
from .registry import REGISTRY, compute_many, record_counts
from .units import Columns, UnitTree, _aggregate, _apply, _spread, aggregate_by_unit, scope_of


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
                ind.records, ind.unit_field, (Term("n"),), count_value
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
            if columns[job][name]:
                columns[job][name].update(col)
            else:  # the first (often only) part: no copy of 2,000 totals
                columns[job][name] = col

    for part in tree.parts():
        groups, alone = _group(reductions, part.root, period)
        for members in groups:
            rows = _fuse(members) if len(members) > 1 else None
            if rows is None:
                alone.extend((m.job, m.records) for m in members)
                continue
            # Every member's columns in one pass over the rows.
            names = [f"m{i}_{t.name}" for i, m in enumerate(members) for t in m.reduction.terms]
            spread = part.spread_all(rows, names)
            for i, member in enumerate(members):
                add(member.job, {t.name: spread[f"m{i}_{t.name}"] for t in member.reduction.terms})
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
