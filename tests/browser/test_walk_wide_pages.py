"""What a walk of the demo in chromium found on a phone (390×844) in December
2026, each page failing Journey.check (the page wider than the screen):

- 履行推进法治建设第一责任人职责 (/governance/leaders/): the leaders' table, eight
  columns, ran 270 px past the screen's edge.
- 政府信息公开工作年度报告 (/governance/ogi-report/): the table of reconsiderations
  and lawsuits, fifteen columns, ran 510 px past it.
- 报告模板 (/reports/template/) and a report's section: the text box of each
  section, a bare 40-column <textarea>, ran 56 px past it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.journeys import Journey, demo_site, journeys

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser


def test_report_pages_fit_a_phone(journeys: Callable[[str], Journey]) -> None:
    leader = journeys("phone")
    leader.login("leader")
    for path in ("/governance/leaders/", "/governance/ogi-report/", "/reports/template/"):
        leader.goto(path)  # Journey.check: nothing wider than the screen
    assert leader.page.locator("main form textarea").count() > 0
