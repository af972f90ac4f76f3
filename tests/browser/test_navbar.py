"""The page shell fits the screens clerks use: the most common office screen
(1366×768) and a phone (390×844), for every role's menu (issue 15, item 6:
the navbar was 1,511 px wide in a 1,400 px window).

Each demo user logs in through the real login page; on the home page the
document is no wider than the window. At 1366 px the menu is expanded on one
line; on the phone it is collapsed and opens inside the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from fazhi.core import demo

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
MENU_ROWS = """() => new Set([...document.querySelectorAll('[data-testid=module-menu] > li')]
    .map(li => Math.round(li.getBoundingClientRect().top))).size"""


def log_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("[data-testid=login-submit]")


def test_home_page_fits_office_screen_and_phone_for_every_role(browser_page: Page) -> None:
    demo.build_core()
    usernames = [u for u, *_rest in demo.DEMO_USERS] + ["admin"]
    page = browser_page
    for username in usernames:
        page.set_viewport_size(DESKTOP)
        log_in(page, username)
        page.wait_for_selector("[data-testid=user-menu]")
        assert page.evaluate(OVERFLOW) <= 0, f"{username}: wider than 1366 px"
        assert page.locator(".navbar-toggler").is_hidden(), f"{username}: menu collapsed at 1366"
        assert page.evaluate(MENU_ROWS) <= 1, f"{username}: menu wraps at 1366 px"

        page.set_viewport_size(PHONE)
        page.reload()
        assert page.evaluate(OVERFLOW) <= 0, f"{username}: wider than 390 px"
        toggler = page.locator(".navbar-toggler")
        assert toggler.is_visible(), f"{username}: no menu button on the phone"
        toggler.click()
        page.wait_for_selector("#fz-nav.show")
        groups = page.locator("[data-testid=module-menu] > li > .dropdown-toggle")
        if groups.count():
            groups.last.click()
            page.wait_for_selector("[data-testid=module-menu] .dropdown-menu.show")
        assert page.evaluate(OVERFLOW) <= 0, f"{username}: open menu wider than 390 px"
