"""The navbar's search box (issue 18, core.search) in chromium: at 1366×768 it
opens from a button beside the module menu, which stays on one line, for the
judicial office (one of the widest menus); at 390×844 it is inside the collapsed menu. A
two-word query opens the results page with the phrase marked, no wider than
the screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from fazhi.core import demo, search
from fazhi.petitions.models import Petition

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
MENU_ROWS = """() => new Set([...document.querySelectorAll('[data-testid=module-menu] > li')]
    .map(li => Math.round(li.getBoundingClientRect().top))).size"""


def _search(page: Page, q: str) -> None:
    page.fill("#fz-nav-q", q)
    with page.expect_navigation():
        page.press("#fz-nav-q", "Enter")
    page.wait_for_selector("[data-testid=search-hit] mark")


def test_search_box_on_office_screen_and_phone(
    browser_page: Page, login: Callable[[str, str], Page]
) -> None:
    world = demo.build_core()
    Petition.objects.create(
        unit=world.villages[0],
        number="湘源信〔2024〕901号",
        query_code="BROWSER901",
        channel="visit",
        category="claim",
        title="荆竹村宅基地界址争议",
        content="<script>document.title='x'</script>邻居建房越过宅基地界址。",
        received_on=dt.date(2024, 9, 20),
    )
    search.rebuild()
    page = browser_page
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    login("sifasuo", demo.DEMO_PASSWORD)
    page.goto("/")
    assert page.locator(".navbar-toggler").is_hidden()
    assert page.evaluate(MENU_ROWS) <= 1, "the search button pushed the menu onto two lines"
    page.click("[data-testid=nav-search-toggle]")
    page.wait_for_selector("#fz-nav-q", state="visible")
    assert page.evaluate(OVERFLOW) <= 0
    _search(page, "宅基地 界址")
    assert page.locator("[data-testid=search-group-petitions]").is_visible()
    assert page.title() != "x"  # the facts' script is text

    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto("/")
    assert page.locator("#fz-nav-q").is_hidden()  # inside the collapsed menu
    page.locator(".navbar-toggler").click()
    page.wait_for_selector("#fz-nav.show")
    assert page.locator("#fz-nav-q").is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    _search(page, "宅基地界址")
    assert page.evaluate(OVERFLOW) <= 0, "the results page is wider than 390 px"
