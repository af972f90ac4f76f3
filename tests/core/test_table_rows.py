"""A ledger page's rows are drawn in Python (core.tables.row_html, from
core/table.html); the HTML must be what django-tables2's template loop gave:
`<tr {{ row.attrs.as_html }}>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>`.
Every module's ledger page on the demo, as a PII role and as the county
supervisor, whole table (header, rows, pagination) compared."""

from __future__ import annotations

import itertools
from typing import Any

import django_tables2 as tables
import pytest
from django.template import RequestContext, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import resolve

from fazhi.core import demo
from fazhi.core.tables import FastBoundRow
from tests.core.test_export_display import list_exports

pytestmark = pytest.mark.django_db

# core/table.html's words for no rows (ScopedListView.empty_text).
EMPTY = (
    "{% block table.tbody.empty_text %}"
    '<tr class="fz-empty"><td colspan="{{ table.columns|length }}" '
    'class="text-body-secondary"><div>{{ table.empty_text }}</div></td></tr>'
    "{% endblock table.tbody.empty_text %}"
)

# core/table.html with its row as the template loop drew it, before the row
# was drawn in Python (the heading and page links as core/table.html draws
# them: tests/core/test_table_frame.py compares those with the stock blocks).
REFERENCE = Template(
    '{% extends "django_tables2/bootstrap5-responsive.html" %}{% load table_tags %}'
    "{% block table.thead %}{% table_head table %}{% endblock table.thead %}"
    "{% block table.tbody.row %}<tr {{ row.attrs.as_html }}>{% for cell in row %}"
    "<td>{{ cell }}</td>{% endfor %}</tr>\n{% endblock table.tbody.row %}"
    "{% block pagination %}{% table_pagination table %}{% endblock pagination %}" + EMPTY
)


def _page_table(url: str, request: Any) -> Any:
    """The table as the list page builds it (filtered, sorted, paginated)."""
    view = resolve(url.split("?", 1)[0]).func.view_class()  # type: ignore[attr-defined]
    view.setup(request)
    view.filterset = view.get_filterset(view.get_filterset_class())
    shown = not view.filterset.is_bound or view.filterset.is_valid()
    view.object_list = view.filterset.qs if shown else view.filterset.queryset.none()
    return view.get_table(**view.get_table_kwargs())


def _drawn(table: Any, request: Any, template: Any) -> str:
    if isinstance(template, Template):
        return template.render(RequestContext(request, {"table": table}))
    return str(template.render({"table": table}, request))


def test_every_ledger_page_draws_the_rows_the_template_drew() -> None:
    world = demo.build()
    urls = [u.split("?", 1)[0] for u in list_exports()]
    assert len(urls) > 40
    rows = 0
    differences = {}
    page = get_template("core/table.html")
    for url, role in itertools.product([*urls, "/petitions/?sort=-number"], ["leader", "county"]):
        request = RequestFactory().get(url)
        request.user = world.users[role]
        fast = _drawn(_page_table(url, request), request, page)
        reference = _drawn(_page_table(url, request), request, REFERENCE)
        rows += fast.count("<tr ")
        if fast != reference:
            differences[f"{role} {url}"] = (fast, reference)
    assert rows > 500
    assert not differences, next(iter(differences.items()))


def test_a_table_without_the_fast_rows_draws_the_same() -> None:
    class Plain(tables.Table):
        name = tables.Column()
        when = tables.DateColumn()
        link = tables.Column(linkify=lambda record: f"/x/{record['name']}/", accessor="name")
        yes = tables.BooleanColumn()
        nothing = tables.Column(default="—")

        class Meta:
            row_attrs = {"data-n": lambda record: record["name"]}

    data = [
        {"name": "甲<b>", "when": None, "yes": True, "nothing": None},
        {"name": "乙", "when": "2024-01-02", "yes": False, "nothing": ""},
    ]
    request = RequestFactory().get("/")
    fast = _drawn(Plain(data), request, get_template("core/table.html"))
    reference = _drawn(Plain(data), request, REFERENCE)
    assert "&lt;b&gt;" in fast
    assert fast == reference
    assert not isinstance(next(iter(Plain(data).rows)), FastBoundRow)
