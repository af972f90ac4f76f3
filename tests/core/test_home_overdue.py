"""The home page's 已超期 list shows the deadlines missed last first, and says
when it leaves some out.

Walking the demo as the township leader on 2 January 2027: the card read
已超期事项 9, the list under it ten clocks oldest first (five petitions of 2024,
the 2024 report's two deadlines …) and nothing more; 湘源信〔2026〕2号, whose
60 days ran out on 30 December over the New Year, was not on it and nothing
said the list was cut."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from fazhi.core import clocks
from fazhi.core.models import Clock
from tests.factories import OrgUnitFactory, World

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
LISTED = 10  # clocks each list of the home page shows (core.views.HOME_CLOCKS)


def overdue_clock(world: World, n: int, due: dt.date) -> Clock:
    target = OrgUnitFactory(parent=world.township, name=f"事项{n}")
    clock = clocks.start(
        target,
        kind="petition.handle",
        label=f"信访事项{n}办理",
        start_date=dt.date(2024, 8, 4),
        length=60,
        unit="calendar",
        unit_org=world.township,
        by=world.owner,
    )
    Clock.objects.filter(pk=clock.pk).update(due_date=due)
    return clock


def home(world: World, user) -> str:
    with time_machine.travel(dt.datetime(2027, 1, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        response = world.client(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_latest_missed_deadline_is_listed_and_the_rest_counted(world: World) -> None:
    for n in range(LISTED + 1):  # eleven long overdue, from 2024
        overdue_clock(world, n, dt.date(2024, 7, 1) + dt.timedelta(days=n))
    overdue_clock(world, 99, dt.date(2026, 12, 30))  # ran out over the New Year
    for user in (world.owner, world.colleague):
        body = home(world, user)
        listed = body.split("已超期</h2>")[1].split("</ul>")[0]
        assert "信访事项99办理" in listed
        assert listed.index("2026-12-30") < listed.index("2024-07-")  # the latest first
        more = listed.split('data-testid="overdue-more">')[1].split("</li>")[0]
        assert "另有2项超期更久的办理时限未列出" in more, more
    outsider = home(world, world.outsider)
    assert "信访事项99办理" not in outsider and 'data-testid="overdue-more"' not in outsider


def test_a_list_that_fits_says_nothing_more(world: World) -> None:
    overdue_clock(world, 1, dt.date(2026, 12, 30))
    body = home(world, world.owner)
    assert "信访事项1办理" in body
    assert 'data-testid="overdue-more"' not in body and 'data-testid="upcoming-more"' not in body
