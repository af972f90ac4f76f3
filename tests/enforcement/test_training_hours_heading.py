"""The 培训学时 page opens on its heading, as every list page does
(core/list.html): its year switcher and the line saying whom it counts sat
above the heading (walking the demo as leader), the page's own content placed
before core/list.html's. They now follow the heading, before the filters."""

from __future__ import annotations

import pytest
from lxml import html

from tests.factories import World

pytestmark = pytest.mark.django_db


def test_the_heading_comes_before_the_year_switcher_and_the_count(world: World) -> None:
    for user in (world.colleague, world.officer):
        page = world.client(user).get("/enforcement/training/hours/", {"year": 2026})
        assert page.status_code == 200, user
        root = html.fromstring(page.content.decode())
        [main] = root.xpath("//main")
        order = [
            e
            for e in main.iter()
            if e.tag == "h1"
            # the switcher's field, not the filter form's hidden copy of it
            or (e.get("name") == "year" and e.get("type") != "hidden")
            or e.get("data-testid") == "training-population"
            or "filter-form" in (e.get("class") or "")
        ]
        tags = [
            "h1" if e.tag == "h1" else e.get("name") or e.get("data-testid") or "filters"
            for e in order
        ]
        assert tags == ["h1", "year", "training-population", "filters"], (user, tags)
        assert order[0].text_content().strip() == "2026年执法人员年度培训学时"
