"""The strict CSP in a real browser (issue 17; docs/security.md "CSP and security
headers"): signed in as demo users, the main pages of every module — lists,
detail and form pages, the charts of the dashboard and the coverage page, the
API docs — load with no `securitypolicyviolation` event and no console error;
Bootstrap (a dropdown), htmx and ECharts still work under the policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from fazhi.core import demo

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
PROJECT_URLS = True

# Collects every violation the page reports, from the first script on.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " @" + e.sourceFile
    + ":" + e.lineNumber + " " + (e.sample || ""));
});
"""

PAGES = {
    "leader": [
        "/",
        "/reports/dashboard/",
        "/petitions/",
        "/petitions/new/",
        "/mediation/disputes/",
        "/enforcement/cases/",
        "/publicity/coverage/?year=2024",
        "/governance/",
        "/units/",
        "/api/docs/",
    ],
    "sifasuo": ["/", "/mediation/disputes/", "/publicity/"],
}


def watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(WATCH_CSP)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__csp || []"))


def test_main_pages_raise_no_csp_violation(browser_page: Page, login: Any) -> None:
    demo.build()
    page = browser_page
    problems = watch(page)
    for username, urls in PAGES.items():
        page.context.clear_cookies()
        login(username, demo.DEMO_PASSWORD)
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status < 400, (url, response)
            page.wait_for_load_state("networkidle")
            found = violations(page) + problems
            assert not found, f"{username} {url}: {found}"

    # Bootstrap's JS works: a menu group opens.
    page.goto("/")
    page.locator("[data-testid=module-menu] > li > .dropdown-toggle").first.click()
    page.wait_for_selector("[data-testid=module-menu] .dropdown-menu.show")

    # ECharts draws and its tooltip (hover) stays within the policy.
    page.goto("/reports/dashboard/")
    page.wait_for_selector("[data-chart=open-by-month][data-drawn]", state="attached")
    box = page.locator("[data-chart=open-by-month]")
    box.scroll_into_view_if_needed()
    bounds = box.bounding_box()
    assert bounds is not None
    page.mouse.move(bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2)
    page.wait_for_timeout(300)

    # The API docs: Swagger UI draws the operations from the schema.
    page.goto("/api/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)
    found = violations(page) + problems
    assert not found, found


def test_htmx_requests_work_under_the_policy(browser_page: Page, login: Any) -> None:
    """htmx is loaded with its indicator style off (no injected <style>) and
    still swaps: the petition list's filter form is an htmx form."""
    demo.build()
    page = browser_page
    problems = watch(page)
    login("leader", demo.DEMO_PASSWORD)
    page.goto("/petitions/")
    assert (
        page.evaluate("typeof htmx !== 'undefined' && htmx.config.includeIndicatorStyles") is False
    )
    page.evaluate(
        """() => new Promise((done) => {
            document.body.addEventListener("htmx:afterSwap", () => done(), {once: true});
            htmx.ajax("GET", "/petitions/", {target: "#main", select: "#main"});
        })"""
    )
    assert not page.evaluate("document.querySelector('style[id^=htmx], head > style')")
    found = violations(page) + problems
    assert not found, found
