"""What an indicator is: the period it counts over, the figure and the records
behind it, and how a count, sum or rate reduces its records (`Reduction`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from ..models import OrgUnit


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def within(self, field: str) -> dict[str, dt.date]:
        """The lookups keeping the records whose `field` (a date, through
        relations too) falls in the period, both ends included: a figure's
        records are "dated in the year" by one rule in every module."""
        return {f"{field}__gte": self.start, f"{field}__lte": self.end}

    @property
    def label(self) -> str:
        if (
            self.start.month == 1
            and self.start.day == 1
            and self.end == dt.date(self.start.year, 12, 31)
        ):
            return gettext("%(year)s年") % {"year": self.start.year}
        return gettext("%(start)s至%(end)s") % {
            "start": f"{self.start:%Y-%m-%d}",
            "end": f"{self.end:%Y-%m-%d}",
        }


Records = Callable[[OrgUnit, Period], QuerySet[Any]]
Compute = Callable[[OrgUnit, Period], Any]
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


def count_value(totals: dict[str, Any]) -> Any:
    """A count indicator's figure: its one total, "n" (`units._apply` knows
    it and copies the column instead of calling this for every unit)."""
    return totals["n"]


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide."""
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 1)
