"""A read-only county supervisor reads a township's report template but is
offered nothing to press: no 以默认模板建立本单位模板 (its POST answers 403)
and no section form with 保存本节 (the workflow refuses a non-writer)."""

from __future__ import annotations

import pytest

from fazhi.reports import workflow
from tests.factories import World

pytestmark = pytest.mark.django_db


def test_county_reads_the_template_without_edit_buttons(world: World, leadership) -> None:
    saved = world.client(world.owner).get("/reports/template/").content.decode()
    assert "保存本节" not in saved and "以默认模板建立本单位模板" in saved
    workflow.ensure_template(world.township, by=world.owner)
    owner = world.client(world.owner).get("/reports/template/").content.decode()
    assert "保存本节" in owner
    county = world.client(world.county_user)
    for saved_yet in (True, False):
        unit = world.township if saved_yet else world.other_township
        page = county.get(f"/reports/template/?unit={unit.pk}")
        assert page.status_code == 200
        text = page.content.decode()
        assert "以默认模板建立本单位模板" not in text
        assert "保存本节" not in text and 'name="unit"' not in text
        assert "法定内容" in text  # the sections are still shown, as text


def test_a_township_indicators_name_their_units(world: World, leadership) -> None:
    """湘江源瑶族乡 2026年指标 read 704 or 80 with no 学时 or %: the roll-up says
    领导小组成员（人）, the township's own page now says it the same way."""
    page = world.client(world.county_user).get(f"/reports/indicators/{world.township.pk}/2024/")
    assert page.status_code == 200
    row = page.content.decode().split('data-key="leadership.group.members"')[1].split("</tr>")[0]
    assert "领导小组成员（人）" in row
