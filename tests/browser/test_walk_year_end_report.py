"""The 2026 annual report in the last week of December, in a real browser, on
a pinned day (2026-12-28, a Monday), as the township leader, the petition
office and the county supervisor walked it:

- 生成年度报告草稿 proposed 2024, whose report existed, instead of 2026 (now
  the demo drafts the year's report itself: tests/reports/test_demo.py);
- a figure traced to a year without records (2025's 受理登记信访事项, from the
  year-over-year table) read 本年度无相关记录 件;
- the report frozen, the petition office registered one more visit the same
  day, and the county roll-up and its drill-down read the records' count, not
  the count the report states (the county approves the report's);
- nothing said that 2026 had four days to run when the report was frozen, nor
  to the county reading figures frozen on 28 December.

At 1366×768 and 390×844; every page passes Journey.check.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterator

import pytest
import time_machine

from tests.browser.journeys import VIEWPORTS, Journey, demo_site, journeys

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 12, 28)
KEY = "petitions.received"


@pytest.fixture
def year_end() -> Iterator[dt.date]:
    """The process on 2026-12-28 10:00 in the township, ticking; before the demo loads."""
    with time_machine.travel(dt.datetime(2026, 12, 28, 10, 0, tzinfo=SHANGHAI), tick=True):
        yield DAY


def cell(j: Journey, testid: str) -> list[str]:
    """The texts of the KEY row's cells in the table `testid`."""
    row = j.page.locator(f"[data-testid={testid}] tr[data-key='{KEY}'] td")
    return [t.strip() for t in row.all_inner_texts()]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_report_the_county_approves_is_the_report_it_rolls_up(
    year_end: dt.date, journeys: Callable[[str], Journey], viewport: str
) -> None:
    from fazhi.core.models import OrgUnit
    from fazhi.reports.models import AnnualReport, ReportFigure

    leader = journeys(viewport)
    leader.login("leader")
    # The demo has drafted the year's report (reports.demo: the report in
    # hand), beside its published 2024 one; the leader opens it.
    report = AnnualReport.objects.get(unit__name="湘江源瑶族乡", year=2026)
    assert report.status == AnnualReport.Status.DRAFT
    leader.goto("/reports/")
    with leader.page.expect_navigation():
        leader.page.locator(f"a[href='/reports/{report.pk}/']").first.click()
    leader.check()

    # 2025 has no petitions: its figure's page says so, with no 件 after the words.
    leader.page.locator(f"[data-testid=yoy] tr[data-key='{KEY}'] td:nth-child(3) a").click()
    leader.page.wait_for_url(f"**/reports/records/*/2025/{KEY}/")
    leader.check()
    stated = leader.page.locator("main p").first.inner_text()
    assert "本年度无相关记录" in stated and "件" not in stated, stated

    leader.goto(f"/reports/{report.pk}/")
    # Four days of 2026 to run: the drafting panel says later records will not count.
    year_open = leader.page.locator("[data-testid=year-open]").inner_text()
    assert "2026年还有4天结束" in year_open, year_open
    leader.submit(leader.page.locator("form:has([data-testid=freeze])"), "[data-testid=freeze]")
    frozen = ReportFigure.objects.get(report=report, key=KEY).value
    assert frozen is not None

    # 信访办: one more visit registered the same afternoon.
    clerk = journeys(viewport)
    clerk.login("xinfang")
    clerk.goto("/petitions/new/")
    petition = clerk.page.locator("[data-testid=petition-form]")
    clerk.fill(
        petition,
        {
            "channel": "visit",
            "category": "claim",
            "received_on": year_end,
            "title": f"年底务工工资拖欠请求协调（{viewport}）",
            "content": "工地拖欠务工工资，年关将至，请求乡政府协调支付。",
            "group_size": "1",
            "name": "盘小英",
            "phone": "13807461234",
        },
    )
    clerk.submit(petition, "[data-testid=save]")

    # 县级监督: the report says it was frozen before its year ended; the
    # roll-up and its drill-down state what the report states.
    county = journeys(viewport)
    county.login("county")
    county.goto(f"/reports/{report.pk}/")
    assert "冻结时2026年尚未结束" in county.page.locator("[data-testid=frozen-early]").inner_text()
    county.goto("/reports/rollup/?year=2026")
    township = OrgUnit.objects.get(name="湘江源瑶族乡")
    assert cell(county, "rollup")[1] == f"{frozen:g}", cell(county, "rollup")
    header = county.page.locator(f"[data-testid=rollup] thead a[href*='/{township.pk}/2026/']")
    assert "†" in header.locator("xpath=..").inner_text()
    assert county.page.locator("[data-testid=rollup-reported]").is_visible()
    with county.page.expect_navigation():
        header.click()
    county.check()
    assert cell(county, "unit-indicators")[1] == f"{frozen:g}"
    assert county.page.locator("[data-testid=stated-by-report]").is_visible()
