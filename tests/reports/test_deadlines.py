"""A report's deadlines are its clocks' due dates, on every page that shows
them: entering next year's holiday notice (国务院办公厅放假通知) recomputes the
clocks (core.calendar_entry), and the report's page, list, API and the
county's acceptance notice follow, never a date stored beside the clock.
Owner and colleague see the moved date; an outsider gets 404."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import calendar_entry, clocks
from fazhi.core.models import CalendarDay, CalendarYear, Clock, Reminder, Setting
from fazhi.core.roles import Role
from fazhi.reports import workflow
from fazhi.reports.models import AnnualReport
from tests.core.test_calendar_entry import NOTICE_2027  # 春节 2-5..2-13 in 2027
from tests.factories import UserFactory, World

from .conftest import FakeIndicators, confirm_problems

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def report(world: World, fake: FakeIndicators) -> AnnualReport:
    """The township's 2026 report, drafted before 2027's notice is entered,
    under a county that wants it by 10 February and published by 12 February
    (both settings): days the provisional calendar counts as working days
    (Wednesday, Friday) and the notice puts in the 春节 holiday, so both
    clocks move to Monday 15 February."""
    CalendarDay.objects.filter(date__year=2027).delete()
    CalendarYear.objects.filter(year=2027).delete()
    Setting.objects.create(unit=world.county, key="reports.submit_by", value="02-10")
    Setting.objects.create(unit=world.county, key="reports.publish_by", value="02-12")
    return workflow.generate_draft(world.township, 2026, by=world.owner)


def enter_2027(world: World) -> None:
    sysadmin = UserFactory(role=Role.SYSTEM_ADMIN, home_unit=world.county)
    notice = calendar_entry.read(2027, NOTICE_2027)
    assert notice.errors == []
    calendar_entry.enter_year(notice, by=sysadmin)


def due_cells(html: str) -> dict[str, str]:
    """The detail page's 期限 card: the text of each date's cell."""
    cells = dict(
        re.findall(r"<dt[^>]*>(报送县级|向社会公开)</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    )
    return {
        name: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cells[label])).strip()
        for name, label in (("submit", "报送县级"), ("publish", "向社会公开"))
    }


def the_clock(report: AnnualReport, kind: str) -> Clock:
    found = clocks.clock(report, kind)
    assert found is not None
    return found


def test_the_notice_moves_the_deadlines_the_report_shows(
    world: World, report: AnnualReport
) -> None:
    owner = world.client(world.owner)
    before = due_cells(owner.get(f"/reports/{report.pk}/").content.decode())
    assert before["submit"].startswith("2027-02-10")
    assert before["publish"].startswith("2027-02-12")

    enter_2027(world)
    assert the_clock(report, workflow.CLOCK_SUBMIT).due_date == D(2027, 2, 15)
    assert the_clock(report, workflow.CLOCK_PUBLISH).due_date == D(2027, 2, 15)

    for user in (world.owner, world.colleague):
        c = world.client(user)
        shown = due_cells(c.get(f"/reports/{report.pk}/").content.decode())
        assert shown == {"submit": "2027-02-15", "publish": "2027-02-15"}, user
        listing = c.get("/reports/").content.decode()
        assert report.title in listing
        assert "2027-02-15" in listing and "2027-02-10" not in listing and "暂定" not in listing
        [row] = c.get("/api/v1/reports/").json()["results"]
        assert (row["submit_due"], row["publish_due"]) == ("2027-02-15", "2027-02-15")
        one = c.get(f"/api/v1/reports/{report.pk}/").json()
        assert (one["submit_due"], one["publish_due"]) == ("2027-02-15", "2027-02-15")

    outsider = world.client(world.outsider)
    assert outsider.get(f"/reports/{report.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert report.title not in outsider.get("/reports/").content.decode()
    assert outsider.get("/api/v1/reports/").json()["count"] == 0


def test_a_deadline_waiting_for_the_notice_is_marked_provisional(
    world: World, report: AnnualReport
) -> None:
    """Until 2027's notice is entered the clocks' dates are 暂定, and the
    report says so beside them as the clocks do (DESIGN.md, clocks)."""
    c = world.client(world.colleague)
    shown = due_cells(c.get(f"/reports/{report.pk}/").content.decode())
    assert shown == {
        "submit": "2027-02-10 暂定（2027年放假安排未公布）",
        "publish": "2027-02-12 暂定（2027年放假安排未公布）",
    }
    listing = c.get("/reports/").content.decode()
    assert listing.count("暂定（2027年放假安排未公布）") == 2
    assert world.client(world.outsider).get(f"/reports/{report.pk}/").status_code == 404


def test_a_deadline_met_says_so_and_is_no_longer_provisional(
    world: World, report: AnnualReport
) -> None:
    """Submitted on 29 December, before 2027's notice: the 期限 card still read
    报送县级 2027-02-10 暂定 beside its clock's 已完成 (found walking the demo in
    late December). Work done before the provisional year began was on time
    whatever the notice says (Clock.settled_early): the card says it was done
    and drops 暂定 there, as the clock does; 向社会公开 still waits."""
    confirm_problems(report, by=world.owner)
    with time_machine.travel(dt.datetime(2026, 12, 29, 10, 0, tzinfo=SHANGHAI), tick=False):
        workflow.submit(report, by=world.owner, missing_reason="测试")
        for user in (world.owner, world.colleague):
            shown = due_cells(world.client(user).get(f"/reports/{report.pk}/").content.decode())
            assert shown == {
                "submit": "2027-02-10（已完成）",
                "publish": "2027-02-12 暂定（2027年放假安排未公布）",
            }, user
        assert world.client(world.outsider).get(f"/reports/{report.pk}/").status_code == 404


def test_the_model_and_an_api_step_read_the_clock(world: World, report: AnnualReport) -> None:
    enter_2027(world)
    fresh = AnnualReport.objects.get(pk=report.pk)  # no annotations: the clock is read
    assert (fresh.submit_due, fresh.publish_due) == (D(2027, 2, 15), D(2027, 2, 15))
    assert fresh.submit_due_provisional is None
    # A step's answer is serialised from the report the workflow returns.
    answer = world.client(world.owner).post(f"/api/v1/reports/{report.pk}/freeze/")
    assert answer.status_code == 200
    assert (answer.json()["submit_due"], answer.json()["publish_due"]) == (
        "2027-02-15",
        "2027-02-15",
    )


def test_the_acceptance_notice_names_the_clock_s_date(
    world: World, report: AnnualReport, django_capture_on_commit_callbacks: Any
) -> None:
    enter_2027(world)
    confirm_problems(report, by=world.owner)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(report, by=world.owner, missing_reason="测试")
        workflow.accept(report, by=world.county_user)
    [notice] = Reminder.objects.filter(user=world.owner, key=f"report:{report.pk}:accepted")
    assert "2027年2月15日" in notice.title and "2027年2月12日" not in notice.title


def test_the_list_reads_the_deadlines_in_its_own_query(world: World, report: AnnualReport) -> None:
    county = world.client(world.county_user)
    county.get("/reports/")  # the session and the content types, once

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert county.get(path).status_code == 200
        return len(ctx.captured_queries)

    one = count("/reports/"), count("/api/v1/reports/")
    workflow.generate_draft(world.township, 2025, by=world.owner)
    workflow.generate_draft(world.other_township, 2026, by=world.outsider)
    three = count("/reports/"), count("/api/v1/reports/")
    assert three == one
    assert "2026-02-10" in county.get("/reports/").content.decode()  # 2025's, a Tuesday


def test_a_report_without_clocks_counts_its_dates(world: World, fake: FakeIndicators) -> None:
    """2018's deadlines fall in 2019, before the first year the work calendar
    holds: no clock is started (workflow._common.start_clock), and the
    report shows the set days, as it did when they were stored."""
    old = workflow.generate_draft(world.township, 2018, by=world.owner)
    assert not clocks.clocks_for(old).exists()
    assert (old.submit_due, old.publish_due) == (D(2019, 3, 1), D(2019, 4, 1))
    c = world.client(world.colleague)
    shown = due_cells(c.get(f"/reports/{old.pk}/").content.decode())
    assert shown == {"submit": "2019-03-01", "publish": "2019-04-01"}
    [row] = c.get("/api/v1/reports/").json()["results"]
    assert (row["submit_due"], row["publish_due"]) == ("2019-03-01", "2019-04-01")
    assert "2019-03-01" in c.get("/reports/").content.decode()
