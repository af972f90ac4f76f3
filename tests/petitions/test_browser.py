"""Real browser: log in, open the petition ledger, filter, open a matter, accept it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest

from fazhi.core import passwords
from fazhi.core.models import GroupMembership, LeadershipGroup, OrgUnit, User
from fazhi.core.roles import Role
from fazhi.petitions import workflow as wf
from fazhi.petitions.models import Petition, Stage

if TYPE_CHECKING:
    from playwright.sync_api import Page

PASSWORD = "Xinfang-2024!"

# Transactional (live server): restore the seeded work calendar afterwards.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _setup() -> tuple[User, Petition, Petition]:
    county = OrgUnit.objects.create(name="蓝山县", kind=OrgUnit.Kind.COUNTY)
    township = OrgUnit.objects.create(
        name="湘江源瑶族乡", kind=OrgUnit.Kind.TOWNSHIP, parent=county, abbreviation="湘源"
    )
    office = OrgUnit.objects.create(
        name="综治中心（信访办）", kind=OrgUnit.Kind.DEPARTMENT, parent=township
    )
    LeadershipGroup.objects.create(unit=township, name="领导小组")
    clerk = User.objects.create_user(
        username="xinfang",
        password=PASSWORD,
        first_name="李秀英",
        role=Role.PETITION_OFFICE,
        home_unit=office,
    )
    passwords.mark_chosen(clerk)  # not an administrator's: no forced change
    common: dict[str, Any] = {"unit": office, "category": "claim", "by": clerk}
    visit = wf.register(
        channel="visit",
        title="宅基地边界争议",
        content="与邻居就宅基地边界发生争议。",
        received_on=dt.date(2026, 8, 27),
        petitioners=[wf.PetitionerData("黄某")],
        **common,
    )
    letter = wf.register(
        channel="letter",
        title="拖欠务工工资",
        content="工地拖欠工资。",
        received_on=dt.date(2026, 8, 28),
        petitioners=[wf.PetitionerData("唐某")],
        **common,
    )
    assert GroupMembership.objects.count() == 0
    return clerk, visit, letter


def test_ledger_filter_open_and_accept(
    browser_page: Page, login: Callable[[str, str], Page]
) -> None:
    clerk, visit, letter = _setup()
    page = login(clerk.username, PASSWORD)
    page.goto("/petitions/")
    table = page.locator("[data-testid=petition-table]")
    assert (
        table.get_by_text(visit.number).is_visible()
        and table.get_by_text(letter.number).is_visible()
    )

    page.select_option("#id_channel", "visit")
    page.click("form.filter-form button[type=submit]")
    page.wait_for_function(
        "n => !document.querySelector('[data-testid=petition-table]').innerText.includes(n)",
        arg=letter.number,
    )
    assert table.get_by_text(visit.number).is_visible()
    # Filtering again replaces the filters in the address: each filtering had
    # appended the whole form to the last one's (?channel=visit&…&channel=&…).
    page.select_option("#id_channel", "")
    page.click("form.filter-form button[type=submit]")
    page.wait_for_function(
        "n => document.querySelector('[data-testid=petition-table]').innerText.includes(n)",
        arg=letter.number,
    )
    assert parse_qs(urlsplit(page.url).query, keep_blank_values=True)["channel"] == [""]

    with page.expect_navigation():
        table.get_by_role("link", name=visit.number).click()
    assert page.locator("[data-testid=stage]").inner_text() == "已登记"
    assert "书面告知" in page.locator("[data-testid=clock-petitions\\.receipt_notice]").inner_text()

    form = page.locator("[data-testid=step-accept]")
    form.locator("input[name=accept-on]").fill("2026-09-01")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator("[data-testid=stage]").inner_text() == "已受理（办理中）"
    assert page.locator("[data-testid=clock-petitions\\.handling]").is_visible()
    visit.refresh_from_db()
    assert visit.stage == Stage.ACCEPTED and visit.decided_on == dt.date(2026, 9, 1)
