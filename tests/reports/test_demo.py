"""The demo builder publishes the 2024 report and drafts the report in hand
once (that a second build changes nothing, in any table, is
tests/core/test_org_demo.py's; the dates of the 2024 report's steps,
tests/reports/test_demo_reports_on_time.py's)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from fazhi.core import demo
from fazhi.core.models import Clock
from fazhi.reports.models import AnnualReport, ReportSection, Shortcoming, TemplateSection

pytestmark = pytest.mark.django_db
PROJECT_URLS = True
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def counts() -> tuple[int, ...]:
    return (
        AnnualReport.objects.count(),
        ReportSection.objects.count(),
        TemplateSection.objects.count(),
        Shortcoming.objects.count(),
        Clock.objects.filter(kind__startswith="reports.").count(),
    )


def test_demo_builder_publishes_2024_and_drafts_the_judged_year() -> None:
    """Built in December 2026: the 2024 report published (its two clocks
    stopped), the 2026 report a draft (its two clocks running)."""
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 30, tzinfo=SHANGHAI), tick=False):
        world = demo.build()
    first = counts()
    assert first[0] == 2 and first[4] == 4
    reports = dict(AnnualReport.objects.filter(unit=world.township).values_list("year", "status"))
    assert reports == {2024: AnnualReport.Status.PUBLISHED, 2026: AnnualReport.Status.DRAFT}
    running = Clock.objects.filter(kind__startswith="reports.", status=Clock.Status.RUNNING)
    assert sorted(running.values_list("due_date", flat=True)) == [
        dt.date(2027, 3, 1),
        dt.date(2027, 4, 1),
    ]
    assert world.extra["annual_report"].year == 2024
    assert world.extra["report_in_hand"].year == 2026
