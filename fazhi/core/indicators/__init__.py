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

The package: `base` (what an indicator is), `registry` (declaring and
computing), `section` (a module's declarations under one report section),
`units` (many units at once), `fused` (many indicators at once).
"""

from .base import Compute, Period, Records, Reduction, Term, rate
from .fused import compute_and_count_fused, compute_fused, fusion_plan, record_counts_fused
from .registry import (
    REGISTRY,
    Indicator,
    choice_label,
    compute,
    compute_all,
    compute_many,
    count_indicator,
    count_per_choice,
    distinct_batch,
    indicator,
    narrowed,
    rate_indicator,
    record_counts,
    sum_indicator,
)
from .section import Section
from .units import Batch, UnitTree, aggregate_by_unit, count_of, reduce_batch, scope_of

__all__ = [
    "REGISTRY",
    "Batch",
    "Compute",
    "Indicator",
    "Period",
    "Records",
    "Reduction",
    "Section",
    "Term",
    "UnitTree",
    "aggregate_by_unit",
    "choice_label",
    "compute",
    "compute_all",
    "compute_and_count_fused",
    "compute_fused",
    "compute_many",
    "count_indicator",
    "count_of",
    "count_per_choice",
    "distinct_batch",
    "fusion_plan",
    "indicator",
    "narrowed",
    "rate",
    "rate_indicator",
    "record_counts",
    "record_counts_fused",
    "reduce_batch",
    "scope_of",
    "sum_indicator",
]
