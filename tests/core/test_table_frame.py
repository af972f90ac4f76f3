"""A list table's heading and page links are drawn in Python
(core.table_frame, from core/table.html); they must carry what
django-tables2's Bootstrap 5 blocks drew — the same elements, attributes,
sort and page links, words — only the whitespace between tags may differ.
Every module's ledger page on the demo, and a table of many pages."""

from __future__ import annotations

import itertools
import re
from typing import Any

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import AttributeDict

from fazhi.core import demo, table_frame
from fazhi.core.table_frame import head_html
from tests.core.test_export_display import list_exports
from tests.core.test_table_rows import EMPTY, _drawn, _page_table

pytestmark = pytest.mark.django_db

# The stock heading and pagination blocks, with core/table.html's row.
STOCK = Template(
    '{% extends "django_tables2/bootstrap5-responsive.html" %}{% load table_tags %}'
    "{% block table.tbody.row %}{% table_row row %}\n{% endblock table.tbody.row %}" + EMPTY
)


def _tags_and_text(html: str) -> str:
    """The HTML with whitespace runs made one space and none beside a tag or
    before a tag's end: what a browser lays out the same in a table and a
    pagination list."""
    html = re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", html))
    return html.replace(" >", ">")


def test_every_ledger_page_draws_the_heading_and_page_links_the_blocks_drew() -> None:
    world = demo.build()
    urls = [u.split("?", 1)[0] for u in list_exports()]
    queries = ["", "?sort=-number&page=1", '?q="><script>alert(1)</script>&page=2']
    page = get_template("core/table.html")
    differences = {}
    sortable = 0
    for url, query, role in itertools.product(urls, queries, ["leader", "county"]):
        request = RequestFactory().get(url + query)
        request.user = world.users[role]
        fast = _drawn(_page_table(url + query, request), request, page)
        stock = _drawn(_page_table(url + query, request), request, STOCK)
        sortable += fast.count('<a href="?')
        if _tags_and_text(fast) != _tags_and_text(stock):
            differences[f"{role} {url}{query}"] = (fast, stock)
    assert sortable > 300
    assert not differences, next(iter(differences.items()))


class Many(tables.Table):
    name = tables.Column(verbose_name="名称<b>")
    n = tables.Column(orderable=False)

    class Meta:
        attrs = {"class": "table", "thead": AttributeDict({"class": "head"})}


ROWS = [{"name": f"甲{i}", "n": i} for i in range(300)]


@pytest.mark.parametrize("page", ["1", "2", "6", "15", "29", "30"])
@pytest.mark.parametrize("prefix", ["", "p-"])
def test_a_table_of_many_pages_draws_the_same_links(page: str, prefix: str) -> None:
    query = f"?{prefix}page={page}&{prefix}sort=-name&x=%22%3E%3Cscript%3E&x=2"
    request = RequestFactory().get("/" + query)

    def table() -> Any:
        t = Many(ROWS, prefix=prefix, request=request)
        t.paginate(page=int(page), per_page=10)
        return t

    fast = _drawn(table(), request, get_template("core/table.html"))
    stock = _drawn(table(), request, STOCK)
    assert _tags_and_text(fast) == _tags_and_text(stock)
    assert "<script>" not in fast and "名称&lt;b&gt;" in fast
    assert '<thead class="head">' in fast
    assert fast.count('class="page-item') == 10 and "..." in fast
    assert f"{prefix}page={int(page) + 1}" in fast or page == "30"


def test_no_heading_and_one_page_draw_nothing_of_either() -> None:
    request = RequestFactory().get("/")

    def table() -> Any:
        t = Many(ROWS[:3], show_header=False, request=request)
        t.paginate(page=1, per_page=10)
        return t

    fast = _drawn(table(), request, get_template("core/table.html"))
    assert "<thead" not in fast and "pagination" not in fast
    assert _tags_and_text(fast) == _tags_and_text(_drawn(table(), request, STOCK))


class Lettered(tables.Table):
    """A heading that follows the language, as every ledger's does."""

    name = tables.Column(verbose_name=_("名称"))
    n = tables.Column(verbose_name=_("编号"))


def _head(table_class: Any, query: str, language: str) -> str:
    request = RequestFactory().get("/" + query)
    with translation.override(language):
        t = table_class(ROWS[:3], request=request)
        return str(head_html(t, Context({"request": request})))


def test_a_heading_kept_once_drawn_follows_its_order_query_and_language() -> None:
    """The heading drawn once per table, order, query string and language
    (core.table_frame._HEADS) is the one drawn afresh for each."""
    seen = {}
    for query, language in itertools.product(
        ["", "?sort=n", "?sort=-n", "?x=1"], ["zh-hans", "en"]
    ):
        kept = _head(Lettered, query, language)
        table_frame._HEADS.clear()
        assert kept == _head(Lettered, query, language), (query, language)
        seen[query, language] = kept
    assert len(set(seen.values())) == len(seen)  # each differs from the others
    assert "名称" in seen["", "zh-hans"] and "名称" not in seen["", "en"]


def test_a_heading_that_varies_is_drawn_each_time() -> None:
    class Varies(Lettered):
        heading_varies = True

    first = _head(Varies, "", "zh-hans")
    Varies.base_columns["name"].verbose_name = "别的名称"
    try:
        assert "别的名称" in _head(Varies, "", "zh-hans") and "别的名称" not in first
    finally:
        Varies.base_columns["name"].verbose_name = _("名称")
