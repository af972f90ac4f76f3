"""core.tables.FastBoundRow works out once per table what django-tables2
works out for every cell (the column by name, the accessor, the model field,
a choice field's labels: docs/performance.md, "The export and the ledger
page"). Every ledger's cells, on the page and in the export, must stay what
django-tables2's own row gives.
One pass over every module's ledgers on the demo, as a PII role and as the
county supervisor."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import django_tables2 as tables
import pytest
from django.test import RequestFactory
from django_tables2.rows import BoundRow

from fazhi.core import demo
from fazhi.core.tables import FastBoundRow, FastBoundRows, _call, _own_value, fast_rows, yes_no
from tests.core.test_export_display import list_exports

pytestmark = pytest.mark.django_db


class ReferenceRow(FastBoundRow):
    """django-tables2's own cell lookup, with core's yes/no and cached
    signatures as they were before the per-table work (the behaviour to keep)."""

    get_cell = BoundRow.get_cell
    get_cell_value = BoundRow.get_cell_value
    _get_and_render_with = BoundRow._get_and_render_with

    def _call_value(self, bound_column: Any, value: Any = None) -> Any:
        column = bound_column.column
        if isinstance(column, tables.BooleanColumn) and _own_value(bound_column):
            if value is None:
                return ""
            return yes_no(column._get_bool_value(self.record, value, bound_column))
        return _call(bound_column.value, self._optional_cell_arguments(bound_column, value))


class ReferenceRows(FastBoundRows):
    def __iter__(self) -> Iterator[BoundRow]:
        for record in self.data:
            yield ReferenceRow(record, table=self.table)


def _ledgers() -> list[tuple[str, Any]]:
    from django.urls import resolve

    out = []
    for url in list_exports():
        path = url.split("?", 1)[0]
        # The export's own query string: a filter form bound as the export's.
        out.append((url, resolve(path).func.view_class))  # type: ignore[attr-defined]
    return out


def _table(view_class: Any, request: Any) -> Any:
    view = view_class()
    view.setup(request)
    filterset = view.get_filterset(view.get_filterset_class())
    qs = filterset.qs if filterset.is_valid() else view.get_queryset().none()
    return view.get_table_class()(qs, request=request)


def test_every_ledger_cell_is_what_django_tables2_gives() -> None:
    world = demo.build()
    ledgers = _ledgers()
    assert len(ledgers) > 40
    cells = 0
    differences: dict[str, list[Any]] = {}
    for (url, view_class), role in itertools.product(ledgers, ["leader", "county"]):
        request = RequestFactory().get(url)
        request.user = world.users[role]
        fast = fast_rows(_table(view_class, request))
        reference = _table(view_class, request)
        # The same records, in the same order (the fast table's data).
        reference.rows = ReferenceRows(data=fast.data, table=reference)
        names = [c.name for c in fast.columns.iterall()]
        found: list[Any] = []
        for got, want in zip(fast.rows, reference.rows, strict=True):
            for name in names:
                pairs = [
                    (got.get_cell(name), want.get_cell(name)),
                    (got.get_cell_value(name), want.get_cell_value(name)),
                ]
                cells += 1
                found += [(got.record.pk, name, a, b) for a, b in pairs if a != b]
        if list(fast.as_values()) != list(reference.as_values()):
            found.append("as_values")
        if found:
            differences[f"{role} {url}"] = found[:3]
    assert cells > 2_000  # the demo's records are in the tables
    assert not differences, differences
