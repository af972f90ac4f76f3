"""The demo's reports tell a township's true story in December 2026 (walking
the demo on 2026-12-07 and 2026-12-29): the 2024 report, drafted as a draft
and never sent on, listed its 报送县级 and 向社会公开 deadlines as 已超期 two
years on. Now the 2024 report was submitted, accepted and published in early
2025 inside both deadlines (reports.demo, through the report's workflow), with
the seed's figures; the leader's 工作台 lists no past report's deadline as
overdue, and lists the deadlines of the report in hand (the 2026 report,
core.years.judged_year) under 即将到期."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from fazhi.core import clocks, demo
from fazhi.core.models import Clock, User
from fazhi.reports import deadlines
from fazhi.reports.models import AnnualReport, IndicatorSnapshot
from tests.twofactor import verified_client

pytestmark = pytest.mark.django_db
PROJECT_URLS = True

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
BUILT = dt.date(2026, 12, 7)
WALKED = (dt.date(2026, 12, 7), dt.date(2026, 12, 29))

# What the seed report states (../shared/seed), as the published report's figures.
SEED_FIGURES = {
    "mediation.committees": 6,
    "mediation.committees.township": 1,
    "mediation.committees.village": 5,
    "mediation.mediators": 6,
    "enforcement.officers.certified": 11,
}


def _on(day: dt.date) -> Any:
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=SHANGHAI), tick=False
    )


@pytest.fixture
def built() -> Iterator[Any]:
    with _on(BUILT):
        world = demo.build()
    yield world


def _home_lists(html: str) -> tuple[str, str]:
    """The 工作台's 已超期 and 即将到期 lists, as their HTML."""
    found = re.search(r"已超期</h2>(.*?)即将到期</h2>(.*?)未读提醒", html, re.S)
    assert found, "the 工作台 has no 已超期 / 即将到期 lists"
    return found.group(1), found.group(2)


def test_the_2024_report_was_published_on_time_with_the_seed_figures(built: Any) -> None:
    report = AnnualReport.objects.get(unit=built.township, year=2024)
    assert report.status == AnnualReport.Status.PUBLISHED
    submitted = timezone.localdate(report.submitted_at)
    published = timezone.localdate(report.published_at)
    assert dt.date(2025, 1, 1) <= submitted <= report.submit_due == dt.date(2025, 3, 3)
    assert submitted <= timezone.localdate(report.accepted_at) <= published
    assert published <= report.publish_due == dt.date(2025, 4, 1)
    # The history says when each step was done, in order.
    history = [(t.to_status, timezone.localdate(t.at)) for t in report.transitions.all()]
    assert [s for s, _ in history] == ["draft", "submitted", "accepted", "published"]
    assert [d for _, d in history] == sorted(d for _, d in history)
    assert history[-1][1] == published
    # Both clocks stopped on the day of their step, before their due date.
    for kind, day in ((deadlines.CLOCK_SUBMIT, submitted), (deadlines.CLOCK_PUBLISH, published)):
        clock = clocks.clock(report, kind)
        assert clock is not None and clock.status == Clock.Status.STOPPED, kind
        assert clock.stopped_on == day and day <= clock.due_date, kind

    # Its figures, frozen and published, are the seed's.
    figures = {f.key: f.value for f in report.figures.filter(key__in=SEED_FIGURES)}
    assert figures == SEED_FIGURES
    published_values = dict(
        IndicatorSnapshot.objects.filter(
            unit=built.township, year=2024, key__in=SEED_FIGURES
        ).values_list("key", "value")
    )
    assert published_values == SEED_FIGURES
    # And the public reads them.
    with _on(BUILT):
        page = verified_client(User.objects.get(username="leader")).get(
            f"/reports/public/{report.pk}/"
        )
    text = page.content.decode()
    assert page.status_code == 200
    assert "全乡已建立调委会6个，其中乡调委会1个、村级调委会5个。" in text
    assert "配备人民调解员6名" in text
    assert "2024年全乡共有11名干部持有行政执法证。" in text
    assert "成立推进依法行政工作领导小组，由党委书记担任组长，乡长、人大主席为副组长" in text


@pytest.mark.parametrize("day", WALKED, ids=str)
def test_the_leader_sees_no_past_report_overdue_and_the_next_report_due(
    built: Any, day: dt.date
) -> None:
    leader = User.objects.get(username="leader")
    with _on(day):
        html = verified_client(leader).get("/").content.decode()
        running = clocks.in_work_of(leader).filter(
            status=Clock.Status.RUNNING, kind__startswith="reports."
        )
        overdue_reports = list(running.filter(due_date__lt=day).values_list("label", flat=True))
        due = sorted(running.values_list("label", "due_date"))
    overdue, upcoming = _home_lists(html)
    assert overdue_reports == []
    assert "年度报告" not in overdue, overdue
    # The report in hand is the 2026 report (the year judged in December),
    # its deadlines next year's, listed as coming.
    assert due == [
        ("湘江源瑶族乡2026年度报告向社会公开", dt.date(2027, 4, 1)),
        ("湘江源瑶族乡2026年度报告报送县级", dt.date(2027, 3, 1)),
    ]
    assert "湘江源瑶族乡2026年度报告报送县级" in upcoming
    assert "湘江源瑶族乡2026年度报告向社会公开" in upcoming
    assert "2024年度报告" not in html


def _year_of(clock: Clock) -> int | None:
    """The year of the record a clock runs for: the 〔year〕 of its number,
    else the year it started."""
    found = re.search(r"〔(\d{4})〕", clock.label)
    if found:
        return int(found.group(1))
    return clock.start_date.year if clock.start_date else None


@pytest.mark.parametrize("day", WALKED, ids=str)
def test_the_leader_sees_no_2024_matter_overdue(built: Any, day: dt.date) -> None:
    """The demo's 2024 petitions, mediations and cases ended in 2024 or early
    2025 (each through its workflow): walking the demo in December 2026, the
    leader's 工作台 listed 湘源信〔2024〕15号 and others as 已超期, two years
    on. The current year's matters may be overdue; 2024's are not."""
    leader = User.objects.get(username="leader")
    with _on(day):
        html = verified_client(leader).get("/").content.decode()
        overdue_clocks = list(
            clocks.in_work_of(leader).filter(status=Clock.Status.RUNNING, due_date__lt=day)
        )
    old = [(c.kind, c.label, c.start_date) for c in overdue_clocks if _year_of(c) != day.year]
    assert old == [], old
    overdue, _ = _home_lists(html)
    assert "〔2024〕" not in overdue, overdue
    # The year's own overdue matter is still there to show.
    assert overdue_clocks
