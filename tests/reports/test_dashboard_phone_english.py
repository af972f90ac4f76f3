"""The leaders' dashboard in English on a phone (390×844) stays on the screen:
walking the demo in English, its 已超期与本周到期 table (Matters overdue,
Matters due this week: headings that never wrap) pushed the page 69 px
wider than the phone, the whole page scrolling sideways."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from fazhi.core import demo

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
PROJECT_URLS = True


def test_the_dashboard_in_english_fits_a_phone(
    browser_page: Page, login: Any, live_server: Any
) -> None:
    demo.build()
    page = login("leader", demo.DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        "/reports/dashboard/",
        "/reports/dashboard/?year=2024",
        "/reports/dashboard/watched/training/",
        "/reports/dashboard/watched/certificates-expiring/",
    ):
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == "en", path
        wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wider <= 0, (path, wider)
