"""The indicator registry: each module declares the figures it gives the report
in its own indicators.py; the reports app only reads this registry.

An indicator is a function of (unit, period) returning a number computed by a
query, and a second function returning the records behind that number, so any
figure in the report can be traced to its rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import OrgUnit


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


@dataclass(frozen=True)
class Indicator:
    key: str  # "mediation.committees.village"
    label: str  # "村级调委会"
    unit_label: str  # "个"
    section: str  # report section key: "disputes", "enforcement", ...
    records: Records | None  # the rows behind the figure
    compute: Callable[[OrgUnit, Period], float | int | None]
    order: int = 100
    is_rate: bool = False


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
) -> Callable[[Callable[[OrgUnit, Period], Any]], Callable[[OrgUnit, Period], Any]]:
    """Declare a figure. Without `compute`, the figure is `records(...).count()`."""

    def wrap(fn: Callable[[OrgUnit, Period], Any]) -> Callable[[OrgUnit, Period], Any]:
        REGISTRY[key] = Indicator(
            key=key,
            label=label,
            unit_label=unit_label,
            section=section,
            records=records,
            compute=fn,
            order=order,
            is_rate=is_rate,
        )
        return fn

    return wrap


def count_indicator(
    key: str, *, label: str, unit_label: str = "", section: str, order: int = 100
) -> Callable[[Records], Records]:
    """Declare a figure that is the number of records a query returns."""

    def wrap(records: Records) -> Records:
        REGISTRY[key] = Indicator(
            key=key,
            label=label,
            unit_label=unit_label,
            section=section,
            records=records,
            compute=lambda unit, period: records(unit, period).count(),
            order=order,
        )
        return records

    return wrap


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
