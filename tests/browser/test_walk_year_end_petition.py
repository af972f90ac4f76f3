"""A petition received on 28 December 2026, in a real browser, on a pinned day,
as the petition office walked it: registered from a ledger's details (an ID
number ending in a small x), accepted the same day (60 days to 26 February
2027, across 元旦 and 春节, on the provisional 2027 calendar), then extended.

The extension form's 批准人（本机关负责人） offered all three township leaders
and refused two of them once chosen (“盘建国”不是本机关负责人); it offers the
township head only, and the extension goes through with him.

At 1366×768 and 390×844; every page passes Journey.check.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterator

import pytest
import time_machine

from tests.browser.journeys import VIEWPORTS, Journey, demo_site, journeys
from tests.browser.test_journeys import step

__all__ = ["demo_site", "journeys"]  # the fixtures, imported so pytest finds them

pytestmark = pytest.mark.browser

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 12, 28)


@pytest.fixture
def year_end() -> Iterator[dt.date]:
    with time_machine.travel(dt.datetime(2026, 12, 28, 10, 0, tzinfo=SHANGHAI), tick=True):
        yield DAY


def handling(j: Journey) -> str:
    return j.page.locator("[data-testid='clock-petitions.handling']").inner_text()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_petition_of_28_december_is_extended_by_the_township_head(
    year_end: dt.date, journeys: Callable[[str], Journey], viewport: str
) -> None:
    from fazhi.core.models import Clock
    from fazhi.petitions.models import Petition

    clerk = journeys(viewport)
    clerk.login("xinfang")
    clerk.goto("/petitions/new/")
    form = clerk.page.locator("[data-testid=petition-form]")
    title = f"年底务工工资拖欠请求协调（{viewport}）"
    clerk.fill(
        form,
        {
            "channel": "visit",
            "category": "claim",
            "received_on": year_end,
            "title": title,
            "content": "工地拖欠务工工资3万余元，年关将至，请求乡政府协调。",
            "group_size": "1",
            "name": "盘小英",
            "id_number": "43112719800101001x",
            "phone": "13807461234",
        },
    )
    clerk.submit(form, "[data-testid=save]")
    accept = step(clerk, "accept")
    clerk.fill(accept, {"accept-on": year_end, "accept-note": "属本乡职权范围，依法受理。"})
    clerk.submit(accept)
    petition = Petition.objects.get(title=title)
    clock = Clock.objects.get(kind="petitions.handling", object_id=petition.pk)
    assert clock.due_date == dt.date(2027, 2, 26)
    assert "2027-02-26" in handling(clerk) and "暂定" in handling(clerk)

    extend = step(clerk, "extend")
    approvers = extend.locator("[name=extend-approver] option").all_inner_texts()
    assert [a for a in approvers if a.strip("-")] == ["赵永明"], approvers  # 乡长 only
    clerk.fill(
        extend,
        {
            "extend-days": "30",
            "extend-reason": "涉及多个用工主体，需调查核实。",
            "extend-approver": ("label", "赵永明"),
            "extend-on": year_end,
            "extend-notice_on": year_end,
        },
    )
    clerk.submit(extend)
    refused = clerk.page.locator("main .invalid-feedback, main .alert-danger").all_inner_texts()
    assert not refused, refused
    clock.refresh_from_db()
    assert clock.extension_days == 30 and clock.due_date > dt.date(2027, 2, 26)
    assert clock.due_date.isoformat() in handling(clerk) and "暂定" in handling(clerk)
