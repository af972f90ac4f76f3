"""Figures: what a placeholder in a report's text stands for.

A placeholder `{key}` names an indicator in core's registry (each module
registers its own in its `indicators.py`), or one of the text figures this app
composes from other modules' documented selectors (`fazhi.publicity.queries`)
when no module registered that key itself. A figure that is not registered, is
None, or is 0 with no records behind it is *empty*: the report says the year
has no records instead of printing a zero as an achievement.

A figure's value that is words (a chair's title, a list of topics) is the
report's own text: computed in Chinese whatever the reader's language
(`official`), on a page, in a frozen report and in a snapshot alike. Its name
(`label`) is a lazy translation, shown in the reader's language.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from fazhi.core.indicators import (
    REGISTRY,
    Indicator,
    Period,
    Reduction,
    UnitTree,
    compute_and_count_fused,
    record_counts,
)
from fazhi.core.indicators.lanes import by_module, in_lanes, may_read_apart
from fazhi.core.models import OrgUnit

Compute = Callable[[OrgUnit, Period], Any]


def official() -> translation.override:
    """The language of the words a figure computes: Chinese (the report's)."""
    return translation.override(settings.LANGUAGE_CODE)


Records = Callable[[OrgUnit, Period], QuerySet[Any]]


@dataclass(frozen=True)
class TextFigure:
    """A figure that is words (a list of topics, a sentence), composed here."""

    key: str
    label: str
    section: str
    compute: Compute
    records_key: str = ""  # the indicator whose records stand behind the words


TEXT_FIGURES: dict[str, TextFigure] = {}


def text_figure(
    key: str, *, label: str, section: str, records_key: str = ""
) -> Callable[[Compute], Compute]:
    def wrap(fn: Compute) -> Compute:
        TEXT_FIGURES[key] = TextFigure(key, label, section, fn, records_key)
        return fn

    return wrap


@dataclass(slots=True)
class Value:
    """One figure's value for a unit and period, with what the text needs."""

    key: str
    label: str = ""
    unit_label: str = ""
    value: float | None = None
    text: str = ""
    has_records: bool = False
    is_rate: bool = False
    registered: bool = False

    @property
    def is_text(self) -> bool:
        return self.value is None and bool(self.text)

    @property
    def empty(self) -> bool:
        if not self.registered:
            return True
        if self.is_text:
            return False
        if self.value is None:
            return True
        return self.value == 0 and not self.has_records

    @property
    def display(self) -> str:
        if self.empty:
            return ""
        if self.is_text:
            return self.text
        return format_number(self.value)


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def join_words(items: Iterable[Any]) -> str:
    """Chinese enumeration: 社会治安、婚姻家庭、土地管理."""
    words: list[str] = []
    for item in items:
        word = str(item).strip()
        if word and word not in words:
            words.append(word)
    return "、".join(words)


def label_of(key: str) -> str:
    if key in REGISTRY:
        return REGISTRY[key].label
    if key in TEXT_FIGURES:
        return TEXT_FIGURES[key].label
    return key


def is_known(key: str) -> bool:
    return key in REGISTRY or key in TEXT_FIGURES


def records_for(key: str) -> Records | None:
    """The function listing the records behind a figure, if there is one."""
    ind = REGISTRY.get(key)
    if ind is not None:
        return ind.records
    text = TEXT_FIGURES.get(key)
    if text is not None and text.records_key in REGISTRY:
        return REGISTRY[text.records_key].records
    return None


def _coerce(raw: Any) -> tuple[float | None, str]:
    if raw is None:
        return None, ""
    if type(raw) is int or type(raw) is float:  # the common case, first
        return float(raw), ""
    if isinstance(raw, bool):
        return float(raw), ""
    if isinstance(raw, int | float):
        return float(raw), ""
    if hasattr(raw, "__float__") and not isinstance(raw, str):
        return float(raw), ""
    if isinstance(raw, list | tuple | set | frozenset):
        return None, join_words(raw)
    return None, str(raw).strip()


def _has_records(records: Records | None, unit: OrgUnit, period: Period) -> bool:
    if records is None:
        return True  # a computed figure without rows: trust its value
    return bool(records(unit, period).exists())


def _value(ind: Indicator, raw: Any) -> Value:
    number, text = _coerce(raw)
    return Value(
        key=ind.key,
        label=ind.label,
        unit_label=ind.unit_label,
        value=number,
        text=text,
        is_rate=ind.is_rate,
        registered=True,
        # A zero is a real zero only with records behind it: checked apart.
        has_records=number != 0,
    )


# Values computed while a page is drawn: a report page states a figure in the
# text, the year-over-year table and the previous year's column, and draws
# on the same records each time.
_MEMO: ContextVar[dict[tuple[str, int, Period], Value] | None] = ContextVar(
    "figures_memo", default=None
)


@contextmanager
def memo() -> Iterator[None]:
    """Within the block, each (figure, unit, period) is computed once. For
    reading pages only: a write inside the block would not be seen."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def evaluate(key: str, unit: OrgUnit, period: Period) -> Value:
    """Compute one figure from the records (once per `memo` block)."""
    cache = _MEMO.get()
    if cache is None:
        return _evaluate(key, unit, period)
    found = cache.get((key, unit.pk, period))
    if found is None:
        found = cache[(key, unit.pk, period)] = _evaluate(key, unit, period)
    return found


def _evaluate(key: str, unit: OrgUnit, period: Period) -> Value:
    ind: Indicator | None = REGISTRY.get(key)
    if ind is not None:
        with official():
            raw = ind.compute(unit, period)
        value = _value(ind, raw)
        if not value.has_records and not ind.is_count:
            value.has_records = _has_records(ind.records, unit, period)
        return value
    text_fig = TEXT_FIGURES.get(key)
    if text_fig is not None:
        with official():
            number, text = _coerce(text_fig.compute(unit, period))
        return Value(
            key=key,
            label=text_fig.label,
            value=number,
            text=text,
            registered=number is not None or bool(text),
            has_records=bool(text) or bool(number),
        )
    return Value(key=key, label=key)


def evaluate_many(keys: Iterable[str], unit: OrgUnit, period: Period) -> dict[str, Value]:
    return {key: evaluate(key, unit, period) for key in dict.fromkeys(keys)}


# Connections a roll-up of many units reads with at once (PostgreSQL, outside a
# transaction, `lanes.in_lanes`): two, for a server of two cores whose
# parallel scans already use both; the second overlaps one module's SQL with
# another's Python. 1: one connection, one lane after the other.
CONNECTIONS_AT_ONCE = 2

# The apps whose records take longest in a province roll-up (10^6 petitions:
# disputes 1.2 s, publicity 0.9 s, petitions 0.6 s of one connection),
# started first.
_HEAVY_FIRST = ("mediation", "publicity", "petitions", "governance", "enforcement")


# The app of each reduction's rows, found once a process: a reduction's
# records are always of one model, and building its queryset to ask (163 of
# them, ~45 ms of CPU) came before every roll-up's lanes could start.
_APP_OF: dict[Reduction, str] = {}


def _module_of(tree: UnitTree, period: Period, key: str) -> str:
    """The app whose rows a figure counts (a leadership figure may count the
    governance app's reports); the key's first word for a custom figure."""
    reduction = REGISTRY[key].reduction
    if reduction is None or not tree.units:
        return key.split(".", 1)[0]
    if reduction not in _APP_OF:
        records = reduction.records(tree.parts()[0].root, period)
        _APP_OF[reduction] = str(records.model._meta.app_label)
    return _APP_OF[reduction]


def evaluate_units(
    keys: Iterable[str], units: Sequence[OrgUnit], period: Period
) -> dict[int, dict[str, Value]]:
    """`evaluate` for many units: {unit pk: {key: Value}} (`evaluate_columns`
    by unit)."""
    units = list(units)
    columns = evaluate_columns(keys, units, period)
    out: dict[int, dict[str, Value]] = {unit.pk: {} for unit in units}
    for key, column in columns.items():
        for pk, value in column.items():
            out[pk][key] = value
    return out


def evaluate_columns(
    keys: Iterable[str], units: Sequence[OrgUnit], period: Period
) -> dict[str, dict[int, Value]]:
    """`evaluate` for many units (a roll-up's townships), a column a figure:
    {key: {unit pk: Value}}, the shape a roll-up's table reads (a province's
    is 2,000 townships by 163 figures: turned by unit and back it cost ~0.3 s
    of CPU). Each indicator is one grouped query for all the units where it
    is batched, and the figures over the same table share that query
    (`compute_fused`). On PostgreSQL outside a transaction each module's
    figures are a lane, `CONNECTIONS_AT_ONCE` lanes at a time
    (`lanes.in_lanes`)."""
    units = list(units)
    tree = UnitTree(units)
    keys = list(dict.fromkeys(keys))
    registered = [key for key in keys if key in REGISTRY]
    columns: dict[str, dict[int, Value]] = {}
    with official():
        groups = by_module(registered, functools.partial(_module_of, tree, period), _HEAVY_FIRST)
        if CONNECTIONS_AT_ONCE > 1 and len(groups) > 1 and may_read_apart():
            tree.read()
            tasks = [functools.partial(_evaluate_batched, g, units, period, tree) for g in groups]
            for found in in_lanes(tasks, CONNECTIONS_AT_ONCE):
                columns.update(found)
        elif registered:
            columns = _evaluate_batched(registered, units, period, tree)
    return {
        key: columns[key]
        if key in columns
        else {unit.pk: evaluate(key, unit, period) for unit in units}
        for key in keys
    }


def _evaluate_batched(
    keys: list[str], units: Sequence[OrgUnit], period: Period, tree: UnitTree
) -> dict[str, dict[int, Value]]:
    """Registered `keys` for every unit: {key: {unit pk: Value}}."""
    pks = tree.pks
    # A zero is a real zero only with records behind it. A sum counts its
    # records in the query it shares with its table's other figures; a custom
    # figure counts them apart, and only when one of its values is 0. A
    # declared rate needs no count (`_rate_has_records`).
    counted = [
        key
        for key in keys
        if REGISTRY[key].reduction is not None
        and REGISTRY[key].records is not None
        and not REGISTRY[key].is_count
        and not REGISTRY[key].is_rate
    ]
    with official():
        raw, counts = compute_and_count_fused(keys, counted, units, period, tree)
    out: dict[str, dict[int, Value]] = {}
    for key in keys:
        ind = REGISTRY[key]
        # A column holds few distinct values (most townships 0, or a few
        # counts): each is coerced once, not once a township.
        coerced_of: dict[Any, tuple[float | None, str]] = {}
        coerced: dict[int, tuple[float | None, str]] = {}
        column_raw = raw[key]
        for pk in pks:
            found = column_raw[pk]
            try:
                pair = coerced_of[found]
            except KeyError:
                pair = coerced_of[found] = _coerce(found)
            except TypeError:  # an unhashable value (a list of words)
                pair = _coerce(found)
            coerced[pk] = pair
        always = ind.records is None or _rate_has_records(ind)
        # Not 0: shown as it is (as `_value` does); 0 %: a denominator, so records.
        has = None if always else {pk: number != 0 for pk, (number, _text) in coerced.items()}
        if has is not None and not ind.is_count and not all(has.values()):
            rows = counts[key] if key in counts else record_counts(key, units, period, tree)
            has = {pk: found or rows[pk] > 0 for pk, found in has.items()}
        # Units with the same figure share one (read-only) Value: a province
        # roll-up is hundreds of thousands of cells, mostly alike.
        shared: dict[tuple[float | None, str, bool], Value] = {}
        column = out[key] = {}
        for pk in pks:
            number, text = coerced[pk]
            cell = (number, text, True if has is None else has[pk])
            value = shared.get(cell)
            if value is None:
                value = shared[cell] = Value(
                    key=key,
                    label=ind.label,
                    unit_label=ind.unit_label,
                    value=number,
                    text=text,
                    is_rate=ind.is_rate,
                    registered=True,
                    has_records=cell[2],
                )
            column[pk] = value
    return out


def _rate_has_records(ind: Indicator) -> bool:
    """True for a rate declared by `rate_indicator`, whose 0 % never needs a
    query to tell whether records stand behind it: `rate` gives a number only
    for a nonzero denominator, and the denominator counts the records' rows
    (a `part` reaching another table only adds LEFT joins, never fewer rows),
    so a 0 % rate has records."""
    return ind.is_rate and ind.reduction is not None


def numeric_keys() -> list[str]:
    """Registered indicators that are numbers, in report order (for tables)."""
    return [
        key
        for key, ind in sorted(REGISTRY.items(), key=lambda kv: (kv[1].section, kv[1].order, kv[0]))
        if not ind.is_text
    ]


def selector(path: str) -> Callable[..., Any] | None:
    """A documented selector of another module (`fazhi.publicity.queries.topics_covered`),
    or None while that module has not provided it."""
    module_name, _, name = path.rpartition(".")
    app = ".".join(module_name.split(".")[:2])
    if not apps.is_installed(app):
        return None
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    fn = getattr(module, name, None)
    return fn if callable(fn) else None
