"""One module's figures under one report section, declared without repeating
what they share (issue 16).

Every module wrote each count as the same nine lines: the decorator with its
key, `label=cast(str, _(…))`, the unit word, `section=SECTION`, the order, then
a function whose body was "the base records, narrowed by one field". A
`Section` holds the section key and the module's usual unit word once;
`count` declares a count of some records, narrowed by `filters` when given,
and returns the records (other figures, pages and tests call them):

    figures = Section("disputes", unit_label=gettext_noop("件"))
    disputes = figures.count("mediation.disputes", _("排查登记矛盾纠纷"), _disputes, order=31)
    disputes_high_risk = figures.count(
        "mediation.disputes.high_risk", _("高风险矛盾纠纷"), _disputes, order=51,
        risk_level=Dispute.Risk.HIGH,
    )

A figure whose records need their own query keeps its function, declared with
`@figures.counted(key, label, order=…)`. `rate`, `total` and `per_choice`
bind the section to `rate_indicator`, `sum_indicator` and `count_per_choice`.
Nothing here computes: the registry's count, sum and rate figures (batched and
fused) are what is declared, exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Q

from .base import Records
from .registry import count_indicator, count_per_choice, narrowed, rate_indicator, sum_indicator
from .units import Batch


@dataclass(frozen=True)
class Section:
    key: str  # the report section: "disputes", "enforcement", …
    unit_label: Any = ""  # the unit word most of the module's counts share ("件")

    def counted(
        self,
        key: str,
        label: Any,
        *,
        order: int,
        unit_label: Any = None,
        unit_field: str | None = "",
        batch: Batch | None = None,
    ) -> Callable[[Records], Records]:
        """Declare the decorated records function's count as figure `key`."""
        return count_indicator(
            key,
            label=cast(str, label),
            unit_label=self.unit_label if unit_label is None else unit_label,
            section=self.key,
            order=order,
            unit_field=unit_field,
            batch=batch,
        )

    def count(
        self,
        key: str,
        label: Any,
        records: Records,
        *,
        order: int,
        unit_label: Any = None,
        unit_field: str | None = "",
        batch: Batch | None = None,
        distinct: bool = False,
        **filters: Any,
    ) -> Records:
        """Declare the count of `records` (narrowed to `filters`) as figure
        `key`; return the records counted."""
        counted = narrowed(records, distinct=distinct, **filters) if filters else records
        declare = self.counted(
            key, label, order=order, unit_label=unit_label, unit_field=unit_field, batch=batch
        )
        return declare(counted)

    def rate(
        self, key: str, part: Q, label: Any, records: Records, *, order: int, unit_field: str = ""
    ) -> None:
        """Declare the share of `records` matching `part`, in per cent."""
        rate_indicator(
            key,
            part,
            label=cast(str, label),
            section=self.key,
            records=records,
            order=order,
            unit_field=unit_field,
        )

    def total(
        self,
        key: str,
        field: str,
        label: Any,
        records: Records,
        *,
        order: int,
        unit_label: Any = None,
        cast: Callable[[Any], Any] = lambda v: v,
        unit_field: str = "",
    ) -> None:
        """Declare the sum of `field` over `records` (0 when none)."""
        sum_indicator(
            key,
            field,
            label=label,
            unit_label=self.unit_label if unit_label is None else unit_label,
            section=self.key,
            records=records,
            order=order,
            cast=cast,
            unit_field=unit_field,
        )

    def per_choice(
        self,
        key: str,
        choices: Iterable[tuple[Any, Any]],
        records: Records,
        field: str,
        *,
        label: str,
        order: int,
        unit_label: Any = None,
        distinct: bool = False,
    ) -> None:
        """One count figure per choice of `field` (core.indicators.count_per_choice)."""
        count_per_choice(
            key,
            choices,
            records,
            field,
            label=label,
            unit_label=self.unit_label if unit_label is None else unit_label,
            section=self.key,
            order=order,
            distinct=distinct,
        )
