"""A list without rows says why, inside the table (ScopedListView.empty_text):
the filter form submits by htmx and only #list-table is swapped in, so a
filter the form refused must name its field there, not leave an empty table."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fazhi.core import demo
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _list_table(html: bytes) -> str:
    """#list-table's text, as htmx swaps it in (hx-select="#list-table")."""
    text = html.decode()
    start = text.index('<div id="list-table"')
    table = text[start : text.index("</table>", start)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table)).strip()


def test_a_refused_filter_names_its_field_and_error_inside_the_table() -> None:
    world = demo.build()
    client = Client()
    client.force_login(world.users["xinfang"])
    response = client.get("/petitions/?received_from=2024-02-30&q=x", **HTMX)
    assert response.status_code == 200
    shown = _list_table(response.content)
    assert "筛选条件有误" in shown
    assert "收到日期起：请按 2024-03-05 的样式填写日历上有的日期。" in shown
    assert "没有符合" not in shown and "暂无记录" not in shown


def test_an_english_reader_gets_the_refused_filter_in_english_punctuation() -> None:
    world = demo.build()
    client = Client()
    client.force_login(world.users["xinfang"])
    client.cookies["django_language"] = "en"
    response = client.get("/petitions/?received_from=2024-02-30&received_to=2024.3.x", **HTMX)
    shown = _list_table(response.content)
    assert "Some filters were not accepted" in shown
    # Two refused fields: joined by "; ", each label followed by ": ".
    assert "; " in shown and shown.count(": ") >= 3, shown
    assert not {"：", "；", "，"} & set(shown), shown


def test_a_filter_that_matches_nothing_says_so_and_an_empty_ledger_says_it_is_empty() -> None:
    world = demo.build()
    client = Client()
    client.force_login(world.users["xinfang"])
    everything = _list_table(client.get("/petitions/").content)
    assert "暂无记录" not in everything and "没有符合" not in everything
    nothing = _list_table(client.get("/petitions/?q=无此信访人姓名", **HTMX).content)
    assert "没有符合筛选条件的记录。" in nothing
    # Sorting is not filtering: the sorted ledger has its rows, no empty words.
    assert "暂无记录" not in _list_table(client.get("/petitions/?sort=number").content)


def test_owner_colleague_and_outsider_each_see_their_own_rows_or_the_empty_words(
    world: World,
) -> None:
    PersonFactory(name="乡干部", unit=world.township)
    for user, rows in ((world.owner, True), (world.colleague, True), (world.outsider, False)):
        response = world.client(user).get("/people/")
        assert response.status_code == 200
        shown = _list_table(response.content)
        assert ("乡干部" in shown) is rows, user
        assert ("暂无记录" in shown) is not rows, user
        assert response.content.count(b'class="fz-empty"') == (0 if rows else 1)
