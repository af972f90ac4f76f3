"""Which year 生成年度报告草稿 proposes.

Walking the demo on 28 December 2026 as the township leader: the form
proposed 2024 (the latest finished year with records, 2025 having none),
whose report already existed, so the first 保存 answered 湘江源瑶族乡2024年度
报告已存在 while the year being drafted, 2026, had to be typed in. In December
the year under way is proposed (townships draft before the holidays and
regenerate in January); from January the year just ended; a platform whose
records stop earlier still opens on the latest year with records, unless that
year's report exists already."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from fazhi.reports import workflow
from tests.factories import World
from tests.publicity.helpers import activity

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def proposed(world: World, user, day: dt.date) -> int:
    with time_machine.travel(dt.datetime.combine(day, dt.time(10), SHANGHAI), tick=False):
        response = world.client(user).get("/reports/new/")
    assert response.status_code == 200
    return int(response.context["form"]["year"].value())


def test_december_proposes_the_year_under_way(world: World, leadership) -> None:
    activity(world, date=dt.date(2024, 3, 10))
    activity(world, date=dt.date(2026, 6, 1))
    workflow.generate_draft(world.township, 2024, by=world.owner)
    for user in (world.owner, world.colleague):
        assert proposed(world, user, dt.date(2026, 12, 28)) == 2026
        assert proposed(world, user, dt.date(2027, 1, 2)) == 2026
        assert proposed(world, user, dt.date(2026, 11, 30)) < 2026  # not yet the year under way
    # The outsider's township has no records: the year being reported on.
    assert proposed(world, world.outsider, dt.date(2026, 12, 28)) == 2026


def test_older_records_are_proposed_until_their_report_exists(world: World, leadership) -> None:
    activity(world, date=dt.date(2024, 3, 10))
    assert proposed(world, world.owner, dt.date(2026, 12, 28)) == 2024
    workflow.generate_draft(world.township, 2024, by=world.owner)
    assert proposed(world, world.owner, dt.date(2026, 12, 28)) == 2026
    assert proposed(world, world.owner, dt.date(2027, 1, 2)) == 2026
