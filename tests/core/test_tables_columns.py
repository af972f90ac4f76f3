"""core.tables column builders shared by every ledger's table."""

from __future__ import annotations

from types import SimpleNamespace

import django_tables2 as tables

from fazhi.core.tables import linked_column, unit_column


class _Row(SimpleNamespace):
    def get_absolute_url(self) -> str:
        return f"/rows/{self.pk}/"


class _Table(tables.Table):
    person = linked_column("person__name", "姓名")
    unit = unit_column()


def test_linked_column_links_the_cell_to_the_row_not_the_related_record() -> None:
    row = _Row(pk=7, person=SimpleNamespace(name="张三"), unit=SimpleNamespace(name="甲村"))
    html = _Table([row]).rows[0].get_cell("person")
    assert html == '<a href="/rows/7/">张三</a>'


def test_a_date_cell_stays_on_one_line_and_the_export_keeps_the_date() -> None:
    """At 1366 px the petition ledger broke 2026-12-28 at its hyphen
    (2026-12- / 28): the page's date sits in a text-nowrap span; the
    export's value is the date itself."""
    import datetime as dt

    from fazhi.core.tables import DateColumn, DueDateColumn

    day = dt.date(2026, 12, 28)
    assert DateColumn().render(day) == '<span class="text-nowrap">2026-12-28</span>'
    assert DateColumn(format="Y年n月j日").render(day) == (
        '<span class="text-nowrap">2026年12月28日</span>'
    )
    assert DueDateColumn().render(day) == '<span class="text-nowrap">2026-12-28</span>'
    assert DateColumn().value(day) == day
