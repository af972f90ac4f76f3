"""The filter form asks by htmx for #list-table alone (core/list.html): the
list answers with the table only, in the user's scope, and the page to
anything else — a plain visit, a history restore (ScopedListView.table_only)."""

from __future__ import annotations

import pytest

from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db

TABLE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "list-table"}


def test_the_filter_form_gets_the_table_alone_in_the_users_scope(world: World) -> None:
    PersonFactory(name="乡干部甲", unit=world.township)
    PersonFactory(name="外乡人乙", unit=world.other_township)
    for user, mine, theirs in (
        (world.owner, "乡干部甲", "外乡人乙"),
        (world.colleague, "乡干部甲", "外乡人乙"),
        (world.outsider, "外乡人乙", "乡干部甲"),
    ):
        client = world.client(user)
        table = client.get("/people/?name=乙甲", **TABLE)
        page = client.get("/people/?name=乙甲")
        assert table.status_code == page.status_code == 200
        body = table.content.decode()
        assert body.lstrip().startswith('<div id="list-table"'), body[:200]
        assert "navbar" not in body and "filter-form" not in body
        assert "navbar" in page.content.decode()
        assert "HX-Request" in table["Vary"] and "HX-Request" in page["Vary"]
        # The same rows either way, and only the user's.
        assert "没有符合筛选条件的记录。" in body
        named = client.get(f"/people/?name={mine[-1]}", **TABLE).content.decode()
        assert mine in named and theirs not in named
        drawn = {t.name for t in table.templates}
        assert "core/_list_table.html" in drawn and "base.html" not in drawn, drawn


def test_a_history_restore_or_another_target_gets_the_whole_page(world: World) -> None:
    client = world.client(world.owner)
    restore = client.get("/people/", **TABLE, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    other = client.get("/people/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="main")
    for response in (restore, other):
        assert response.status_code == 200
        assert "navbar" in response.content.decode()
