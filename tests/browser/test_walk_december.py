"""What a walk of the demo in chromium found in December 2026, as the township
leader and the county supervisor would meet it, at 1366×768 and 390×844.

- The county roll-up's year picker stretched across the header and squeezed
  查询 into a column of one character a line (查 / 询), on the office screen and
  on a phone.
- An import's preview on a phone broke its link 下载导入结果(Excel) after its
  first character (下 / 载导入结果…), the rest on the next line.
- The enforcement record forms (a case clue, a summary penalty, an inspection,
  a complaint) drew bare drop-downs, each as wide as its longest option: in
  English, 案件来源 (Assigned from above / referred by a department) ran past a
  phone's screen.
- In English on a phone the navbar's brand (Rule-of-Law Work Platform) pushed
  the menu button onto a second row.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fazhi.mediation.ledger import KIND as DISPUTES
from tests.browser.journeys import VIEWPORTS, Journey, demo_site, journeys

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser

# How many lines an element's text takes (one client rect per line box).
LINES = """e => { const r = document.createRange(); r.selectNodeContents(e);
  return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_rollup_year_picker_keeps_its_button_on_one_line(
    journeys: Callable[[str], Journey], viewport: str
) -> None:
    county = journeys(viewport)
    county.login("county")
    county.goto("/reports/rollup/")
    form = county.page.locator("main form:has([data-testid=rollup-year])")
    button = form.locator("button[type=submit]")
    assert button.inner_text().strip() == "查询"
    assert button.evaluate(LINES) == 1
    select = form.locator("[data-testid=rollup-year]")
    box = select.bounding_box()
    assert box is not None and box["width"] < 200  # sized to its options, not the header


def test_import_result_link_stays_whole_on_a_phone(journeys: Callable[[str], Journey]) -> None:
    clerk = journeys("phone")
    clerk.login("sifasuo")
    clerk.goto(f"/import/{DISPUTES.name}/")
    clerk.page.set_input_files("input[name=file]", str(DISPUTES.samples[0]))
    clerk.submit(clerk.page.locator("[data-testid=import-upload]"))
    clerk.submit(clerk.page.locator("[data-testid=import-mapping]"), "[data-testid=preview]")
    link = clerk.page.locator("[data-testid=result-download]")
    assert link.inner_text().strip() == "下载导入结果(Excel)"
    assert link.evaluate(LINES) == 1


def test_enforcement_forms_fit_a_phone_in_english(journeys: Callable[[str], Journey]) -> None:
    officer = journeys("phone")
    officer.login("zhifa")
    officer.page.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": officer.page.url}]
    )
    for path in ("/enforcement/cases/new/", "/enforcement/cases/summary/"):
        officer.goto(path)  # Journey.check: nothing wider than the screen
        for select in officer.page.locator("main form select").all():
            assert "form-select" in (select.get_attribute("class") or ""), path
    # The brand and the menu button on one row.
    brand = officer.page.locator(".fz-navbar .navbar-brand").bounding_box()
    toggler = officer.page.locator(".fz-navbar .navbar-toggler").bounding_box()
    assert brand is not None and toggler is not None
    assert toggler["y"] < brand["y"] + brand["height"], (brand, toggler)
