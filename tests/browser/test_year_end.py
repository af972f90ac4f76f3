"""The last week of December in a real browser, on a pinned day.

The other journeys run on the day they run; this one runs on 2026-12-29 (a
Tuesday), whatever today is, because the year end is where the platform broke
before (issue 15: a 60-day clock reaching into a year whose State Council
holiday notice was not entered stopped December's work). On that day:

- the system administrator's home page warns that 2027's notice is missing;
- the petition office registers and accepts a visit: the handling clock's due
  date falls in 2027 and is marked 暂定 (provisional), nothing refused;
- the enforcement officer files a case (the other step that failed);
- the system administrator enters the 2027 notice on the calendar page,
  previews which open clocks move, saves; the petition's due date is then the
  official one, without the mark.

Each page is checked as in every journey (no overflow at the viewport, no
console error, no response ≥ 400, nothing internal shown).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
import time_machine

from tests.browser.journeys import VIEWPORTS, Journey, demo_site, journeys
from tests.browser.test_enforcement_journey import take
from tests.browser.test_journeys import step
from tests.core.test_calendar_entry import NOTICE_2027  # 春节 2-5..2-13 in 2027

if TYPE_CHECKING:
    pass

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 12, 29)


@pytest.fixture
def year_end() -> Iterator[dt.date]:
    """The whole process (the live server's thread too) on 2026-12-29 09:30 in
    the township, the clock ticking from there; started before the demo loads,
    so the demo's dates follow it as they follow a real day."""
    with time_machine.travel(dt.datetime(2026, 12, 29, 9, 30, tzinfo=SHANGHAI), tick=True):
        yield DAY


def handling_clock(j: Journey) -> str:
    return j.page.locator("[data-testid='clock-petitions.handling']").inner_text()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_december_work_crosses_into_a_year_without_its_notice(
    year_end: dt.date, journeys: Callable[[str], Journey], viewport: str
) -> None:
    from fazhi.core.models import Clock
    from fazhi.enforcement.models import EnforcementCase
    from fazhi.petitions.models import Petition

    on = year_end
    admin = journeys(viewport)
    admin.login("sysadmin")
    warning = admin.page.get_by_text("2027年的放假安排尚未录入工作日历")
    assert warning.first.is_visible()

    # 信访办: a visit on 29 December, accepted the same day.
    clerk = journeys(viewport)
    clerk.login("xinfang")
    clerk.goto("/petitions/new/")
    form = clerk.page.locator("[data-testid=petition-form]")
    title = f"年底工资拖欠请求协调（{viewport}）"
    clerk.fill(
        form,
        {
            "channel": "visit",
            "category": "claim",
            "received_on": on,
            "title": title,
            "content": "某施工队拖欠村民务工工资三个月，年关将至，请求乡政府协调支付。",
            "group_size": "1",
            "name": "赵春花",
            "phone": "13807460188",
        },
    )
    clerk.submit(form, "[data-testid=save]")
    detail = clerk.page.url
    accept = step(clerk, "accept")
    clerk.fill(accept, {"accept-on": on, "accept-note": "属本机关职责范围"})
    clerk.submit(accept)
    refused = clerk.page.locator("main .invalid-feedback, main .alert-danger").all_inner_texts()
    assert not refused, refused
    petition = Petition.objects.get(title=title)
    clock = Clock.objects.get(kind="petitions.handling", object_id=petition.pk)
    # 60 days (信访工作条例第三十二条) from 29 December reach into 2027, whose
    # notice is not entered: the due date is computed, and marked provisional.
    assert clock.due_date is not None and clock.due_date.year == 2027
    assert clock.provisional_year == 2027
    shown = handling_clock(clerk)
    assert clock.due_date.isoformat() in shown and "暂定" in shown, shown

    # 执法队: a case filed in the last week of the year.
    officer = journeys(viewport)
    officer.login("zhifa")
    officer.goto("/enforcement/cases/new/")
    case_form = officer.page.locator("main form")
    case_title = f"年底违规燃放烟花爆竹（{viewport}）"
    officer.fill(
        case_form,
        {
            "unit": ("label", "湘江源瑶族乡"),
            "case_type": "penalty",
            "title": case_title,
            "field": ("label", "农业农村"),
            "source": "report",
            "party_type": "citizen",
            "party_name": "李冬生",
            "phone": "13807461299",
            "address": "湘江源瑶族乡荆竹村5组",
            "act_date": on,
            "discovered_on": on,
        },
    )
    officer.submit(case_form)
    take(officer, "file", {"on": on})
    assert EnforcementCase.objects.get(title=case_title).stage == EnforcementCase.Stage.FILED

    # 系统管理员: the 2027 notice entered on the calendar page, previewed, saved.
    admin.goto("/calendar/")
    admin.goto("/calendar/2027/")
    calendar = admin.page.locator("[data-testid=calendar-form]")
    admin.fill(calendar, {"text": NOTICE_2027})
    admin.submit(calendar, "[data-testid=calendar-preview]")
    moves = admin.page.locator("[data-testid=calendar-moves]").inner_text()
    assert "信访" in moves or clock.due_date.isoformat() in moves, moves
    admin.submit(admin.page.locator("[data-testid=calendar-form]"), "[data-testid=calendar-save]")
    clock.refresh_from_db()
    assert clock.provisional_year is None
    clerk.goto(detail)
    shown = handling_clock(clerk)
    assert clock.due_date.isoformat() in shown and "暂定" not in shown, shown
