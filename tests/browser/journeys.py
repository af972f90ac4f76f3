"""What every journey in a real browser shares: the demo on the live server, a
watched page per viewport, and the checks run on every page.

`demo_site` loads the demo township on the live server (committed, so the
server's thread sees it); the database is put back after the test. `Journey`
wraps a Playwright page: it records console errors, failed requests and
responses ≥ 400, and `check()` asserts none, no horizontal overflow (on a
detail page, of every tab: 详情, 历史, 附件), and nothing internal on the page
(tests/sweep/checks.py).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from tests.sweep import checks
from tests.twofactor import complete_in_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, Page

VIEWPORTS = {
    "desktop": {"width": 1366, "height": 768},
    "phone": {"width": 390, "height": 844},
}
DEMO_PASSWORD = "fazhi-demo-2024"
# The outermost elements of <main> that reach past the window's right edge.
WIDEST = """() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const e of document.querySelectorAll('main *')) {
    const r = e.getBoundingClientRect();
    if (r.right > w + 0.5 && !(e.parentElement && out.some(o => o.el.contains(e)))) {
      const cls = typeof e.className === 'string' && e.className.trim()
        ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
      out.push({el: e, text: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + cls
        + ' (right edge ' + Math.round(r.right) + ' px)'});
    }
  }
  return out.slice(0, 4).map(o => o.text);
}"""
# Table headings squeezed to one character a line: a heading of two or more
# characters drawn on more lines than it has words.
SQUEEZED_HEADINGS = """() => {
  const out = [];
  for (const th of document.querySelectorAll('main table th')) {
    if (th.offsetParent === null) continue;
    // Only the text a person sees: a screen reader's visually-hidden heading
    // (操作 over a column of buttons) sits in a 1 px box, a character a line.
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    const tops = new Set();
    let text = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
      text += node.textContent;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) tops.add(Math.round(r.top));
    }
    text = text.trim();
    if (text.length < 2) continue;
    const words = text.split(/\\s+/).length;
    if (tops.size > Math.max(1, words)) out.push(text + ' (' + tops.size + ' lines)');
  }
  return out.slice(0, 6);
}"""
ARTIFACTS_DIR = Path(__file__).resolve().parent.parent.parent / "var" / "test-artifacts"


@pytest.fixture
def demo_site(live_server: Any, transactional_db: None) -> str:
    """The demo on pytest-django's live server; its URL. Loaded per test (a few
    seconds): a journey commits, so the next one starts from the migrated
    database again (tests/conftest.py restores it) plus a fresh demo. A test
    runs its journey at both viewports on one load."""
    call_command("load_demo", stdout=io.StringIO())
    cache.clear()
    return str(live_server.url)


@pytest.fixture
def journeys(
    request: pytest.FixtureRequest, chromium_browser: Browser, demo_site: str
) -> Iterator[Callable[[str], Journey]]:
    """`journeys(viewport)` opens a page (one per person in the story); each is
    screenshotted into var/test-artifacts/ if the test fails, then closed."""
    opened: list[Journey] = []

    def open_one(viewport: str) -> Journey:
        j = Journey(chromium_browser, demo_site, viewport)
        opened.append(j)
        return j

    yield open_one
    report = getattr(request.node, "rep_call", None)
    for n, j in enumerate(opened):
        if report is not None and report.failed:
            ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
            name = request.node.nodeid.replace("/", "_").replace("::", "__")
            try:
                j.page.screenshot(
                    path=str(ARTIFACTS_DIR / f"{name}-{n}-{j.viewport}.png"), full_page=True
                )
            except Exception as exc:  # a dead page must not hide the real failure
                print(f"screenshot failed: {exc}")
        j.close()


class Journey:
    """A signed-in page at one viewport, watched for errors."""

    def __init__(self, browser: Browser, base_url: str, viewport: str) -> None:
        self.context: BrowserContext | None = browser.new_context(
            base_url=base_url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport=VIEWPORTS[viewport],  # type: ignore[arg-type]
        )
        self.context.set_default_timeout(30_000)
        self._watch(self.context.new_page(), viewport)

    @classmethod
    def on(cls, page: Page, viewport: str) -> Journey:
        """The same watch and checks on a page a test already has (tests/conftest.py's
        `browser_page`, on its own data rather than the demo), resized to the viewport."""
        journey = cls.__new__(cls)
        journey.context = None  # the page's owner closes it
        page.set_viewport_size(VIEWPORTS[viewport])  # type: ignore[arg-type]
        journey._watch(page, viewport)
        return journey

    def _watch(self, page: Page, viewport: str) -> None:
        self.viewport = viewport
        self.page = page
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    # -- what is watched ----------------------------------------------------------
    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _failed(self, request: Any) -> None:
        # A request cut off because the page navigated on is the browser's doing.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} {request.failure}")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status}: {response.request.method} {response.url}")

    # -- steps ---------------------------------------------------------------------
    def login(self, username: str) -> None:
        self.page.goto("/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        with self.page.expect_navigation():
            self.page.click("[data-testid=login-submit]")
        # The administrators and county supervisors enrol or verify (core.twofactor).
        complete_in_browser(self.page, username)
        self.check()

    def logout(self) -> None:
        self.page.context.clear_cookies()

    def goto(self, path: str) -> None:
        self.page.goto(path)
        self.check()

    def submit(self, form: Locator, button: str = "button[type=submit]") -> None:
        with self.page.expect_navigation():
            form.locator(button).first.click()
        self.check()

    def fill(self, form: Locator, values: dict[str, Any]) -> None:
        """Fill inputs by name: a str/date fills, a bool checks, ("select", v) selects."""
        for name, value in values.items():
            field = form.locator(f"[name='{name}']").first
            tag = field.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
            if tag.startswith("select"):
                if isinstance(value, tuple):  # ("label", text)
                    field.select_option(label=value[1])
                else:
                    field.select_option(str(value))
            elif tag.endswith("checkbox"):
                field.set_checked(bool(value))
            else:
                field.fill(value.isoformat() if isinstance(value, dt.date) else str(value))

    def check(self) -> None:
        """The page as it stands: fits the window, no error, nothing internal shown.
        A page with tabs (every detail page) is measured on each tab, since a
        hidden tab's table takes no room until it is shown."""
        page = self.page
        page.wait_for_load_state("load")
        found = list(self.problems)
        self.problems.clear()
        found += self._overflow("")
        found += [f"heading wraps: {h}" for h in page.evaluate(SQUEEZED_HEADINGS)]
        tabs = page.locator("main [data-bs-toggle=tab]")
        targets = [
            tabs.nth(i).get_attribute("data-bs-target") or tabs.nth(i).get_attribute("href")
            for i in range(tabs.count())
        ]
        if len(targets) > 1 and all(t and t.startswith("#") for t in targets):
            for i in [*range(1, len(targets)), 0]:  # each other tab, then back to the first
                tabs.nth(i).click()
                page.wait_for_selector(f"main {targets[i]}.active.show")
                if i:
                    found += self._overflow(f" (tab {tabs.nth(i).inner_text().strip()})")
        found += checks.problems_in_html(page.content())
        assert not found, f"{self.viewport} {page.url}:\n" + "\n".join(found)

    def refused(self) -> None:
        """The form just posted was refused on purpose: its 400 answer (and the
        browser's console line about it) is expected; the page with the form's
        errors is checked as any other."""
        self.problems = [
            p for p in self.problems if not p.startswith("400: POST") and "status of 400" not in p
        ]
        self.check()

    def _overflow(self, where: str) -> list[str]:
        """The page, and its <main> named apart, against the window's width."""
        page_width, window, content = self.page.evaluate(
            """() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                      (document.querySelector('main') || document.body).scrollWidth]"""
        )
        if content > window:
            widest = ", ".join(self.page.evaluate(WIDEST))
            return [
                f"horizontal overflow{where}: the page's content is {content} px in"
                f" {window} px; too wide: {widest}"
            ]
        if page_width > window:
            return [f"horizontal overflow{where}: the page is {page_width} px in {window} px"]
        return []

    def close(self) -> None:
        if self.context is not None:
            self.context.close()


def today() -> dt.date:
    return timezone.localdate()
