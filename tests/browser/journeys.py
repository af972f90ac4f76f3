"""What every journey in a real browser shares: the demo on the live server, a
watched page per viewport, and the checks run on every page.

`demo_site` loads the demo township on the live server (committed, so the
server's thread sees it); the database is put back after the test. `Journey`
wraps a Playwright page: it records console errors, failed requests and
responses ≥ 400, and `check()` asserts none, no horizontal overflow, and
nothing internal on the page (tests/sweep/checks.py).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from tests.sweep import checks

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator

VIEWPORTS = {
    "desktop": {"width": 1366, "height": 768},
    "phone": {"width": 390, "height": 844},
}
DEMO_PASSWORD = "fazhi-demo-2024"
# The navbar is wider than a 1366 px window (issue 15 §6, the `ui` helper's):
# until that lands, an overflow caused by the navbar alone is printed, not failed;
# the page's own content (<main>) must fit either way. Set False with the fix.
NAVBAR_OVERFLOW_KNOWN = True
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


class Journey:
    """A signed-in page at one viewport, watched for errors."""

    def __init__(self, browser: Browser, base_url: str, viewport: str) -> None:
        self.viewport = viewport
        self.context = browser.new_context(
            base_url=base_url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport=VIEWPORTS[viewport],  # type: ignore[arg-type]
        )
        self.context.set_default_timeout(30_000)
        self.page = self.context.new_page()
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
        self.check()

    def logout(self) -> None:
        self.context.clear_cookies()

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
        """The page as it stands: fits the window, no error, nothing internal shown."""
        page = self.page
        page.wait_for_load_state("load")
        page_width, window, content, navbar = page.evaluate(
            """() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                      (document.querySelector('main') || document.body).scrollWidth,
                      (document.querySelector('nav.navbar') || {scrollWidth: 0}).scrollWidth]"""
        )
        found = list(self.problems)
        self.problems.clear()
        if content > window:
            found.append(
                f"horizontal overflow: the page's content is {content} px in {window} px;"
                f" too wide: {', '.join(page.evaluate(WIDEST))}"
            )
        elif page_width > window:
            message = f"horizontal overflow: the page is {page_width} px in {window} px"
            if NAVBAR_OVERFLOW_KNOWN and navbar > window:
                print(f"known (ui, issue 15 §6): navbar {navbar} px in {window} px at {page.url}")
            else:
                found.append(message)
        found += checks.problems_in_html(page.content())
        assert not found, f"{self.viewport} {page.url}:\n" + "\n".join(found)

    def close(self) -> None:
        self.context.close()


def today() -> dt.date:
    return timezone.localdate()
