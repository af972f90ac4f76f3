"""The registry every module declares its figures in (`count_indicator`,
`sum_indicator`, `rate_indicator`, `indicator`), and the computes over it: one
unit (`compute`), or many at once (`compute_many`, `record_counts`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Q, Sum
from django.utils.functional import lazy
from django.utils.translation import gettext

from ..models import OrgUnit
from .base import Compute, Period, Records, Reduction, Term, count_value, rate
from .units import Batch, UnitTree, aggregate_by_unit, count_of, reduce_batch, scope_of


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
            Reduction(records, unit_field, (Term("n"),), count_value)
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


def narrowed(records: Records, *, distinct: bool = False, **filters: Any) -> Records:
    """The records of `records` that also match `filters`: the records behind
    a part of a figure (the petitions received by letter, of all received)."""

    def part(unit: OrgUnit, period: Period) -> Any:
        qs = records(unit, period).filter(**filters)
        return qs.distinct() if distinct else qs

    return part


def _choice_label(label: Any, name: Any) -> str:
    # Both parts in the reader's language: the name may be a choice's lazy
    # label or a message marked with gettext_noop (a figure's own wording).
    return gettext(str(label)).format(label=gettext(str(name)))


# “其中{label}” with a choice's label, in the language the figure is read in
# (a page's reader's; the official report's Chinese): formatted when shown,
# not once at start-up in the default language.
choice_label = lazy(_choice_label, str)


def count_per_choice(
    key: str,
    choices: Iterable[tuple[Any, Any]],
    records: Records,
    field: str,
    *,
    label: str,
    unit_label: str,
    section: str,
    order: int,
    distinct: bool = False,
) -> None:
    """One count figure per choice of `field` (a figure per channel, per
    activity kind, per outcome): `records` narrowed to `field=value`, keyed
    `key.format(value=value)`, labelled `label.format(label=choice label)`
    (`label` marked with gettext_noop; both translated when shown),
    ordered one after another from `order`. Every module breaks a total down
    by a choice field; the loop is written here once."""
    for i, (value, name) in enumerate(choices):
        count_indicator(
            key.format(value=value),
            label=cast(str, choice_label(label, name)),
            unit_label=unit_label,
            section=section,
            order=order + i,
        )(narrowed(records, distinct=distinct, **{field: value}))


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
