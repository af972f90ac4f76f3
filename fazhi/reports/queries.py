"""Reads shared by the report's pages, document, CLI and roll-up.

The report's own text (the 法治政府建设年度报告 a township issues) is an official
document: it is composed in Chinese whatever the reader's language
(`official`), its words, the figures' names and the values that are words
(a chair's title) included. The pages around it speak the reader's language."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext_noop

from fazhi.core.indicators import REGISTRY, Period
from fazhi.core.models import OrgUnit

from . import deadlines, defaults, render
from .figures import (
    TEXT_FIGURES,
    Value,
    evaluate,
    evaluate_columns,
    evaluate_many,
    evaluate_units,
    is_known,
    label_of,
    numeric_keys,
)
from .models import (
    AnnualReport,
    IndicatorSnapshot,
    ReportFigure,
    ReportSection,
    ReportTemplate,
    Shortcoming,
    TemplateSection,
)


def official() -> translation.override:
    """The language of the official report's text: Chinese (the figures' words
    are computed so too: figures.official)."""
    return translation.override(settings.LANGUAGE_CODE)


def period(year: int) -> Period:
    return Period.year(year)


def context(unit: OrgUnit, year: int) -> render.Context:
    return render.Context(year=year, unit=unit.name, level=render.level_word(unit))


def template_for(unit: OrgUnit) -> tuple[Any, list[Any]]:
    """The unit's own template rows, else the built-in default (unsaved). A
    read, so it lives here and the workflow imports it (not the other way)."""
    template = ReportTemplate.objects.filter(unit=unit).first()
    if template is not None:
        return template, list(template.sections.order_by("order", "pk"))
    unsaved = ReportTemplate(unit=unit, name=gettext_noop("默认模板"), title=defaults.TITLE)
    rows = [
        TemplateSection(
            key=s.key,
            title=s.title,
            level=s.level,
            order=(i + 1) * 10,
            mandatory_item=s.mandatory_item,
            text=s.text,
        )
        for i, s in enumerate(defaults.SECTIONS)
    ]
    return unsaved, rows


def with_deadlines(qs: QuerySet[AnnualReport]) -> QuerySet[AnnualReport]:
    """The reports with their clocks' due dates and 暂定 years loaded in the
    same query, for `AnnualReport.submit_due` and the others to read: a
    list's rows read no clock one by one (deadlines.columns)."""
    return qs.annotate(**deadlines.columns(AnnualReport))


def accepted_shortcomings(report: AnnualReport) -> list[Shortcoming]:
    return list(
        report.shortcomings.filter(status=Shortcoming.Status.ACCEPTED).order_by("order", "pk")
    )


def lists_for(report: AnnualReport) -> dict[str, str]:
    items = accepted_shortcomings(report)
    return {
        "report.problems": render.compose_items([s.text for s in items]),
        "report.causes": render.compose_items([s.cause for s in items if s.cause]),
    }


def report_sections(report: AnnualReport) -> list[ReportSection]:
    return list(report.sections.order_by("order", "pk"))


def report_keys(report: AnnualReport, sections: Sequence[Any] | None = None) -> list[str]:
    """Every figure the report's included text refers to."""
    keys: list[str] = []
    lists = lists_for(report)
    for section in sections if sections is not None else report_sections(report):
        if section.included:
            keys.extend(render.figure_keys(render.expand_lists(section.text, lists)))
    return list(dict.fromkeys(keys))


def all_keys() -> list[str]:
    return list(dict.fromkeys([*REGISTRY.keys(), *TEXT_FIGURES.keys()]))


def _from_rows(rows: Iterable[Any]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for row in rows:
        ind = REGISTRY.get(row.key)
        out[row.key] = Value(
            key=row.key,
            # The registered name reads in the page's language; a stored one
            # (a figure no module registers any more) is as it was stored.
            label=label_of(row.key)
            if is_known(row.key)
            else (getattr(row, "label", "") or row.key),
            unit_label=getattr(row, "unit_label", "") or (ind.unit_label if ind else ""),
            value=row.value,
            text=row.text,
            has_records=row.has_records,
            is_rate=getattr(row, "is_rate", ind.is_rate if ind else False),
            registered=getattr(row, "registered", True),
        )
    return out


def frozen_values(report: AnnualReport) -> dict[str, Value]:
    return _from_rows(ReportFigure.objects.filter(report=report))


def frozen_report_values(
    unit_ids: Sequence[int], year: int, keys: Iterable[str]
) -> dict[int, dict[str, Value]]:
    """{unit pk: its figures} for the units whose report for `year` is frozen:
    what those reports state (one query however many units)."""
    rows = ReportFigure.objects.filter(
        report__unit__in=list(unit_ids),
        report__year=year,
        report__frozen_at__isnull=False,
        key__in=list(keys),
    ).annotate(unit_pk=F("report__unit_id"))
    by_unit: dict[int, list[ReportFigure]] = {}
    for row in rows:
        by_unit.setdefault(row.unit_pk, []).append(row)  # type: ignore[attr-defined]
    return {pk: _from_rows(found) for pk, found in by_unit.items()}


def stated_values(
    unit: OrgUnit, year: int, keys: Sequence[str]
) -> tuple[dict[str, Value], AnnualReport | None]:
    """A unit's figures for the year as the roll-up shows them: its frozen
    report's (with that report), else computed from the records now."""
    report = AnnualReport.objects.filter(unit=unit, year=year, frozen_at__isnull=False).first()
    values = frozen_values(report) if report is not None else {}
    missing = [k for k in keys if k not in values]
    if missing:
        values.update(live_values(unit, year, missing))
    return values, report


def live_values(unit: OrgUnit, year: int, keys: Iterable[str]) -> dict[str, Value]:
    """Figures computed from the records now. The county's own report draws on
    the roll-up of its townships' snapshots where every township has one."""
    keys = list(dict.fromkeys(keys))
    out: dict[str, Value] = {}
    if unit.kind == OrgUnit.Kind.COUNTY:
        out.update(rollup_totals(unit, year, keys))
    rest = [k for k in keys if k not in out]
    out.update(evaluate_many(rest, unit, period(year)))
    return out


def report_values(report: AnnualReport, keys: Iterable[str] | None = None) -> dict[str, Value]:
    """The values the report states: frozen at the cut-off, else live."""
    wanted = list(keys) if keys is not None else report_keys(report)
    if report.is_frozen:
        values = frozen_values(report)
        missing = [k for k in wanted if k not in values]
        if missing:
            # Only reachable for a key typed in after the freeze and not yet
            # stored (workflow.edit_section stores it): compute, never guess.
            values.update(evaluate_many(missing, report.unit, period(report.year)))
        return values
    return live_values(report.unit, report.year, wanted)


def prior_values(unit: OrgUnit, year: int, keys: Iterable[str]) -> dict[str, Value]:
    """Last year's values: last year's frozen report, else its snapshot, else
    computed from the records."""
    keys = list(dict.fromkeys(keys))
    previous = AnnualReport.objects.filter(
        unit=unit, year=year - 1, frozen_at__isnull=False
    ).first()
    out: dict[str, Value] = {}
    if previous is not None:
        out.update({k: v for k, v in frozen_values(previous).items() if k in keys})
    missing = [k for k in keys if k not in out]
    if missing:
        snaps = IndicatorSnapshot.objects.filter(unit=unit, year=year - 1, key__in=missing)
        out.update(_from_rows(snaps))
    missing = [k for k in keys if k not in out]
    if missing:
        out.update(evaluate_many(missing, unit, period(year - 1)))
    return out


def render_report(
    report: AnnualReport, *, sections: Sequence[Any] | None = None
) -> list[render.Block]:
    """The report's text (an official document: `official`)."""
    with official():
        sections = sections if sections is not None else report_sections(report)
        keys = report_keys(report, sections)
        values = report_values(report, keys)
        prev_keys = [k for k in keys if _uses_prev(sections, k)]
        prev = prior_values(report.unit, report.year, prev_keys) if prev_keys else {}
        return render.compose(
            sections, values, prev, context(report.unit, report.year), lists_for(report)
        )


def _uses_prev(sections: Sequence[Any], key: str) -> bool:
    needle = "{" + key + ":prev}"
    return any(needle in s.text for s in sections)


@dataclass
class DraftSection:
    """A template section rendered without saving a report (the CLI's dry run)."""

    key: str
    title: str
    level: int
    included: bool
    text: str
    mandatory_item: int = 0


def template_blocks(unit: OrgUnit, year: int) -> tuple[str, list[render.Block]]:
    """Title and blocks straight from the unit's template and the records
    (the official text: `official`)."""
    with official():
        return _template_blocks(unit, year)


def _template_blocks(unit: OrgUnit, year: int) -> tuple[str, list[render.Block]]:
    template, rows = template_for(unit)
    sections = [
        DraftSection(r.key, r.title, r.level, r.included, r.text, r.mandatory_item) for r in rows
    ]
    keys: list[str] = []
    for s in sections:
        if s.included:
            keys.extend(render.figure_keys(s.text))
    ctx = context(unit, year)
    values = live_values(unit, year, keys)
    return render.render_title(template.title, ctx), render.compose(sections, values, {}, ctx, {})


# ---------------------------------------------------------------------------
# Year over year, changes since the freeze
# ---------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    unit_label: str
    current: Value
    other: Value | None = None
    section: str = ""

    @property
    def changed(self) -> bool:
        if self.other is None:
            return False
        return (self.current.value, self.current.text, self.current.empty) != (
            self.other.value,
            self.other.text,
            self.other.empty,
        )

    @property
    def delta(self) -> float | None:
        # Beside a year shown as — (no records behind the figure) there is no
        # change to state: 7 beside — read 增减 7.
        if self.other is None or self.current.empty or self.other.empty:
            return None
        if self.current.value is None or self.other.value is None:
            return None
        return self.current.value - self.other.value


def headline_keys(report: AnnualReport | None = None) -> list[str]:
    """The numeric figures the report's text states (or the default template's)."""
    if report is not None:
        keys = report_keys(report)
    else:
        from .defaults import SECTIONS

        keys = [k for s in SECTIONS for k in render.figure_keys(s.text)]
    return [k for k in dict.fromkeys(keys) if k in REGISTRY and not REGISTRY[k].is_text]


def year_over_year(report: AnnualReport) -> list[Row]:
    """The report's figures beside last year's (every indicator: unit_indicators)."""
    keys = headline_keys(report)
    current = report_values(report, keys)
    prev = prior_values(report.unit, report.year, keys)
    return [
        Row(
            k, current[k].label, current[k].unit_label, current[k], prev.get(k), REGISTRY[k].section
        )
        for k in keys
        if not (current[k].empty and (prev.get(k) is None or prev[k].empty))
    ]


def changes_since_freeze(report: AnnualReport) -> list[Row]:
    """Each frozen figure beside its value computed from the records now."""
    frozen = frozen_values(report)
    now = evaluate_many(frozen.keys(), report.unit, period(report.year))
    rows = [
        Row(k, frozen[k].label, frozen[k].unit_label, now[k], frozen[k])
        for k in frozen
        if not (frozen[k].empty and now[k].empty)
    ]
    return sorted(rows, key=lambda r: (not r.changed, r.key))


# ---------------------------------------------------------------------------
# Roll-up: townships side by side, from snapshots where precomputed
# ---------------------------------------------------------------------------


def child_townships(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(path__startswith=unit.path, kind=OrgUnit.Kind.TOWNSHIP).order_by(
        "order", "name"
    )


@dataclass
class Rollup:
    year: int
    keys: list[str]
    units: list[OrgUnit]
    # {key: {unit pk: Value}}: a column a figure, as the table reads it.
    columns: dict[str, dict[int, Value]] = field(default_factory=dict)
    live: set[int] = field(default_factory=set)  # units computed from records now
    reported: set[int] = field(default_factory=set)  # units shown as their frozen report states

    def put(self, pk: int, key: str, value: Value) -> None:
        self.columns.setdefault(key, {})[pk] = value

    def value(self, unit: OrgUnit, key: str) -> Value | None:
        return self.columns.get(key, {}).get(unit.pk)

    def total(self, key: str, pks: list[int] | None = None) -> float | None:
        """The sum over the townships shown with a value; None ("—") only
        when every one of them shows "—" (no records), the same rule as the
        cells (`Value.empty`), so 合计 never reads 0 beside a row of "—"."""
        ind = REGISTRY.get(key)
        if ind is None or ind.is_rate or ind.is_text:
            return None  # a rate is not a sum
        column = self.columns.get(key, {})
        # Townships with the same figure share one Value (`evaluate_columns`):
        # each distinct one is asked whether it is empty once, not 2,000 times;
        # the sum is still taken cell by cell, in order, as it always was.
        distinct = {id(v): v for v in column.values()}
        number_of = {i: None if v.empty else v.value for i, v in distinct.items()}
        cells = map(column.get, pks if pks is not None else self._pks())
        numbers = [n for n in map(number_of.get, map(id, cells)) if n is not None]
        return sum(numbers) if numbers else None

    def _pks(self) -> list[int]:
        # A model's pk is a property: read once, not per cell (326,000 cells
        # in a province's roll-up of every figure).
        return [u.pk for u in self.units]

    def table(self) -> list[dict[str, Any]]:
        pks = self._pks()
        empty: dict[int, Value] = {}
        return [
            {
                "key": key,
                "label": REGISTRY[key].label if key in REGISTRY else key,
                "unit_label": REGISTRY[key].unit_label if key in REGISTRY else "",
                "cells": list(map(self.columns.get(key, empty).get, pks)),
                "total": self.total(key, pks),
            }
            for key in self.keys
        ]


def rollup(
    unit: OrgUnit,
    year: int,
    *,
    keys: Sequence[str] | None = None,
    units: Sequence[OrgUnit] | None = None,
    snapshots_only: bool = False,
) -> Rollup:
    """The county's townships side by side. Values come from IndicatorSnapshot
    (one indexed query); the townships with no snapshot for the year are
    computed from their records together, each figure in one query grouped by
    township (`evaluate_columns`), unless `snapshots_only`."""
    keys = list(keys) if keys is not None else numeric_keys()
    townships = list(units) if units is not None else list(child_townships(unit))
    result = Rollup(year=year, keys=keys, units=townships)
    # A township whose report for the year is frozen is shown as the report
    # states it (the county reviews and approves those figures); a figure the
    # report did not freeze (registered since) is computed from the records.
    stated = frozen_report_values([u.pk for u in townships], year, keys)
    unstated: set[str] = set()
    for unit_id, values in stated.items():
        result.reported.add(unit_id)
        for key, value in values.items():
            result.put(unit_id, key, value)
        unstated.update(k for k in keys if k not in values)
    if unstated and not snapshots_only:
        reported = [t for t in townships if t.pk in result.reported]
        for key, column in evaluate_columns(sorted(unstated), reported, period(year)).items():
            into = result.columns.setdefault(key, {})
            for pk, value in column.items():
                into.setdefault(pk, value)
    snaps = IndicatorSnapshot.objects.filter(
        unit__in=[u.pk for u in townships if u.pk not in result.reported],
        year=year,
        key__in=keys,
    ).values_list("unit_id", "key", "value", "text", "has_records")
    have: set[int] = set()
    for unit_id, key, number, words, has_records in snaps:
        result.put(
            unit_id,
            key,
            Value(key=key, value=number, text=words, has_records=has_records, registered=True),
        )
        have.add(unit_id)
    cold = [t for t in townships if t.pk not in have and t.pk not in result.reported]
    if cold and not snapshots_only:
        for key, column in evaluate_columns(keys, cold, period(year)).items():
            result.columns.setdefault(key, {}).update(column)
        result.live.update(t.pk for t in cold)
    return result


def rollup_totals(unit: OrgUnit, year: int, keys: Sequence[str]) -> dict[str, Value]:
    """Sums over the county's townships for the numeric keys every township has
    a snapshot of (the county's own report draws on these)."""
    townships = list(child_townships(unit).values_list("pk", flat=True))
    sums = [
        k for k in keys if k in REGISTRY and not REGISTRY[k].is_rate and not REGISTRY[k].is_text
    ]
    if not townships or not sums:
        return {}
    out: dict[str, Value] = {}
    rows = IndicatorSnapshot.objects.filter(unit__in=townships, year=year, key__in=sums)
    by_key: dict[str, list[IndicatorSnapshot]] = {}
    for row in rows:
        by_key.setdefault(row.key, []).append(row)
    for key, snaps in by_key.items():
        if len(snaps) != len(townships):
            continue
        ind = REGISTRY[key]
        total = sum(s.value or 0 for s in snaps)
        out[key] = Value(
            key=key,
            label=ind.label,
            unit_label=ind.unit_label,
            value=total,
            has_records=any(s.has_records for s in snaps),
            registered=True,
        )
    return out


def snapshot_units(root: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """Townships and counties whose indicators are precomputed."""
    qs = OrgUnit.objects.filter(Q(kind=OrgUnit.Kind.TOWNSHIP) | Q(kind=OrgUnit.Kind.COUNTY))
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    return qs.order_by("path")


def compute_snapshot(unit: OrgUnit, year: int) -> list[IndicatorSnapshot]:
    return compute_snapshots([unit], year)


def compute_snapshots(units: Sequence[OrgUnit], year: int) -> list[IndicatorSnapshot]:
    """Every figure of every unit (townships and their county together: each
    batched figure is one grouped query for all of them). Words among them are
    stored in Chinese (`official`): the county's report reads them."""
    with official():
        return _compute_snapshots(units, year)


def _compute_snapshots(units: Sequence[OrgUnit], year: int) -> list[IndicatorSnapshot]:
    keys = all_keys()
    registered = [k for k in keys if k in REGISTRY]
    by_unit = evaluate_units(registered, units, period(year))
    for unit in units:
        by_unit[unit.pk].update(
            evaluate_many([k for k in keys if k not in REGISTRY], unit, period(year))
        )
    return [
        IndicatorSnapshot(
            unit=unit,
            year=year,
            key=key,
            value=v.value,
            text=v.text,
            has_records=v.has_records,
            source=IndicatorSnapshot.Source.COMPUTED,
        )
        for unit in units
        for key, v in by_unit[unit.pk].items()
        if v.registered
    ]


def value_of(unit: OrgUnit, year: int, key: str) -> Value:
    return evaluate(key, unit, period(year))


def summary(
    root: OrgUnit, year: int, keys: Sequence[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Totals over every township under `root` (a county, a city, a province)
    from the snapshots, summed in SQL: one grouped query however many
    townships there are. Rates are averaged over the units reporting one."""
    from django.db.models import Avg, Count, Sum

    wanted = list(keys) if keys is not None else numeric_keys()
    # Above county level, sum the counties' own snapshots (each already the
    # total of its townships): twenty times fewer rows than the townships.
    county_ids = list(
        OrgUnit.objects.filter(path__startswith=root.path, kind=OrgUnit.Kind.COUNTY)
        .exclude(pk=root.pk)
        .values_list("pk", flat=True)
    )
    snaps = IndicatorSnapshot.objects.filter(year=year)
    if keys is not None:
        snaps = snaps.filter(key__in=wanted)
    with_snapshot = (
        snaps.filter(unit_id__in=county_ids).values("unit_id").distinct().count()
        if county_ids
        else 0
    )
    if county_ids and with_snapshot == len(county_ids):
        # A few rows per county: read them through the (unit, year, key)
        # index and add up here; SQLite's planner would otherwise scan the
        # (year, key) index over every township's rows to group by key.
        totals: dict[str, list[float]] = {}
        for key, number in snaps.filter(unit_id__in=county_ids).values_list("key", "value"):
            if number is not None:
                totals.setdefault(key, []).append(number)
        rows: Any = [
            {"key": k, "total": sum(v), "mean": sum(v) / len(v), "units": len(v)}
            for k, v in totals.items()
        ]
    else:
        rows = (
            snaps.filter(unit__path__startswith=root.path, unit__kind=OrgUnit.Kind.TOWNSHIP)
            .values("key")
            .annotate(total=Sum("value"), mean=Avg("value"), units=Count("unit_id"))
            .order_by()
        )
    out: dict[str, dict[str, Any]] = {}
    allowed = set(wanted)
    for r in rows:
        if r["key"] not in allowed:
            continue
        ind = REGISTRY.get(r["key"])
        is_rate = bool(ind and ind.is_rate)
        out[r["key"]] = {
            "label": ind.label if ind else r["key"],
            "value": r["mean"] if is_rate else r["total"],
            "is_rate": is_rate,
            "units": r["units"],
        }
    return out


def stated_shortcomings(report: AnnualReport, items: Sequence[Shortcoming]) -> dict[int, str]:
    """Each problem as the report states it: its {figure} placeholders filled
    with the report's values (what a clerk deciding on it needs to read; the
    stored text keeps the placeholder, so the figure stays live)."""
    with official():
        keys = list(dict.fromkeys(k for item in items for k in render.figure_keys(item.text)))
        values = report_values(report, keys) if keys else {}
        ctx = context(report.unit, report.year)
        out: dict[int, str] = {}
        for item in items:
            paragraphs, _empty = render.render_text(item.text, values, {}, ctx)
            out[item.pk] = "".join(seg.text for paragraph in paragraphs for seg in paragraph)
        return out
