"""Publicity in the first days of a year (walking the demo on 4 January 2027):
a quarter still running is not a 普法死角 yet."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import time_machine
from django.urls import reverse

from fazhi.core.indicators import Period
from fazhi.publicity import queries
from tests.factories import World

from .helpers import activity

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def quiet_text(world: World, year: int, today: dt.date) -> list[str]:
    cov = queries.coverage(world.township, Period.year(year), today=today)
    return [g.text for g in cov.gaps() if g.kind == "quiet_village"]


def test_a_quarter_still_running_is_not_a_quiet_quarter(world: World) -> None:
    activity(world, reached=[world.village], sectors=("village",))  # 2024, another year
    name = world.village.name
    # 4 January: the first quarter has just begun; nothing is missed yet.
    assert quiet_text(world, 2027, dt.date(2027, 1, 4)) == []
    # Its last day counts it (as a screening week is counted on its Sunday) ...
    assert f"{name}2027年第1季度没有开展任何普法活动。" in quiet_text(
        world, 2027, dt.date(2027, 3, 31)
    )
    # ... and the year just ended has all four quarters.
    last_year = quiet_text(world, 2026, dt.date(2027, 1, 4))
    assert [t for t in last_year if t.startswith(name)] == [
        f"{name}2026年第{q}季度没有开展任何普法活动。" for q in (1, 2, 3, 4)
    ]


def test_the_coverage_page_on_4_january_names_no_quarter_of_the_new_year(world: World) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 4, 9, 30, tzinfo=SHANGHAI), tick=False):
        body = (
            world.client(world.owner)
            .get(reverse("publicity:coverage"), {"year": 2027})
            .content.decode()
        )
        last_year = (
            world.client(world.colleague)
            .get(reverse("publicity:coverage"), {"year": 2026})
            .content.decode()
        )
    assert "2027年第1季度没有开展任何普法活动" not in body
    assert "2026年第4季度没有开展任何普法活动" in last_year
