"""A year's report frozen or sent before the year is out says so.

Walking the demo on 28 December 2026: the leader generated the 2026 report,
pressed 报送县级审核 (which froze its figures) and nothing on the page said
that 2026 still had four days to run; the county supervisor approved figures
that left out whatever the township registered from 28 to 31 December, the
page saying only 数据已于 2026-12-28 18:08 冻结. The drafting panel now says how
many days the year has left and that later records will not count; a report
frozen before its year ended says so to every reader."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from fazhi.reports import workflow
from tests.factories import World

from .conftest import FakeIndicators

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def on(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), SHANGHAI), tick=False)


@pytest.fixture
def report(world: World, leadership, fake: FakeIndicators):
    fake.count("mediation.committees", "committee")
    with on(dt.date(2026, 12, 28)):
        return workflow.generate_draft(world.township, 2026, by=world.colleague)


def page(world: World, user, report, day: dt.date) -> str:
    with on(day):
        response = world.client(user).get(f"/reports/{report.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_draft_says_how_many_days_the_year_has_left(world: World, report) -> None:
    for user in (world.colleague, world.owner):
        body = page(world, user, report, dt.date(2026, 12, 28))
        note = body.split('data-testid="year-open">')[1].split("</p>")[0]
        assert "2026年还有4天结束" in note and "不计入" in note, note
    assert 'data-testid="year-open"' not in page(
        world, world.colleague, report, dt.date(2027, 1, 2)
    )
    # The county reads the report, not the drafting panel.
    assert 'data-testid="year-open"' not in page(
        world, world.county_user, report, dt.date(2026, 12, 28)
    )
    assert world.client(world.outsider).get(f"/reports/{report.pk}/").status_code == 404


def test_a_report_frozen_before_the_year_ended_says_so(world: World, report) -> None:
    with on(dt.date(2026, 12, 28)):
        workflow.freeze(report, by=world.colleague)
    for user in (world.colleague, world.county_user):
        body = page(world, user, report, dt.date(2027, 1, 2))
        early = body.split('data-testid="frozen-early">')[1].split("</span>")[0]
        assert "冻结时2026年尚未结束" in early, early
    with on(dt.date(2027, 1, 2)):
        workflow.freeze(report, by=world.colleague)  # 重新冻结 in January
    assert 'data-testid="frozen-early"' not in page(
        world, world.colleague, report, dt.date(2027, 1, 2)
    )
