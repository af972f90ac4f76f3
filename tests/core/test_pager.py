"""core/_pager.html: the one pager under the hand-drawn lists (the dashboard's
cards and clocks, a figure's records, the enforcement 公示 page)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


def _pager(number: int, **context: object) -> str:
    page = Paginator(range(50), 20).page(number)
    with translation.override("zh-hans"):
        return render_to_string("core/_pager.html", {"page": page, **context})


def test_a_middle_page_links_both_ways_and_keeps_the_query() -> None:
    html = _pager(2, query="q=%E5%86%9C&stage=open")
    assert 'href="?q=%E5%86%9C&amp;stage=open&amp;page=1"' in html
    assert 'href="?q=%E5%86%9C&amp;stage=open&amp;page=3"' in html
    assert "第 2 / 3 页" in html


def test_without_a_query_the_link_is_the_page_alone() -> None:
    html = _pager(1)
    assert 'href="?page=2"' in html
    assert "上一页" not in html
    assert "?&" not in html


def test_a_single_page_draws_nothing() -> None:
    page = Paginator(range(5), 20).page(1)
    assert render_to_string("core/_pager.html", {"page": page}).strip() == ""
