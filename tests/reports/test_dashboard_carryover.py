"""The leaders' dashboard across the turn of the year (walking the demo on
4 January 2027 as the township leader and the 司法所 clerk)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from fazhi.core import demo
from fazhi.core.models import User
from tests.twofactor import verified_client

pytestmark = pytest.mark.django_db
PROJECT_URLS = True

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = dt.date
JANUARY = D(2027, 1, 4)


class Days:
    """One time-machine journey at a time: the whole process on a day in the
    township, 09:30; back to now at the test's end."""

    def __init__(self) -> None:
        self.journey: Any = None

    def on(self, day: dt.date) -> None:
        self.stop()
        self.journey = time_machine.travel(
            dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=SHANGHAI), tick=False
        )
        self.journey.start()

    def stop(self) -> None:
        if self.journey is not None:
            self.journey.stop()
            self.journey = None


@pytest.fixture
def days() -> Iterator[Days]:
    d = Days()
    try:
        yield d
    finally:
        d.stop()


def test_screening_before_the_years_first_week_has_ended_says_so(days: Days) -> None:
    days.on(D(2027, 1, 2))  # a Saturday: the week of 28 December ends tomorrow
    demo.build()
    c = verified_client(User.objects.get(username="leader"))
    html = c.get("/reports/dashboard/?year=2027").content.decode()
    assert "2027年还没有已结束的排查周期，也没有排查记录。" in html
    assert 'id="screening-data"' not in html
    days.on(JANUARY)  # that week has ended, unscreened in the villages: the chart
    c = verified_client(User.objects.get(username="leader"))
    html = c.get("/reports/dashboard/?year=2027").content.decode()
    assert 'id="screening-data"' in html
