"""Publicity in the first days of a year (walking the demo on 4 January 2027):
a quarter still running is not a 普法死角 yet; the year's plan, made before
the State Council's holiday notice is entered, dates 春节 provisionally."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import time_machine
from django.urls import reverse

from fazhi.core.indicators import Period
from fazhi.core.models import CalendarYear
from fazhi.publicity import queries, workflow
from tests.factories import World

from .helpers import activity, plan, spring_festival

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


def test_spring_festival_before_the_notice_takes_the_statutory_days(world: World) -> None:
    assert not CalendarYear.objects.filter(year__in=(2027, 2028)).exists()
    # 《全国年节及纪念日放假办法》: 除夕 to 初三; 春节 2028 falls in January.
    assert spring_festival().date_in(2027) == dt.date(2027, 2, 5)
    assert spring_festival().date_in(2028) == dt.date(2028, 1, 25)
    p = plan(world, 2028)
    (item,) = workflow.add_campaign_items(
        p, [spring_festival()], by=world.owner, lead_unit=world.township
    )
    assert item.planned_month == dt.date(2028, 1, 1)


def test_the_plan_page_marks_the_festival_date_provisional(world: World) -> None:
    p = plan(world, 2027)
    url = reverse("publicity:plan_detail", args=[p.pk])
    for user in (world.owner, world.colleague):
        body = world.client(user).get(url).content.decode()
        festival = body.split("春节期间法治宣传", 1)[1].split("</label>", 1)[0]
        assert "2月5日" in festival and "暂定（2027年放假安排未公布）" in festival, festival
        # A day the law fixes (12·4) is not provisional.
        constitution = body.split("国家宪法日", 1)[1].split("</label>", 1)[0]
        assert "暂定" not in constitution, constitution
    assert world.client(world.outsider).get(url).status_code == 404


def test_the_coverage_page_says_a_year_without_activities_in_words(world: World) -> None:
    activity(world, reached=[world.village], sectors=("village",))  # 2024
    with time_machine.travel(dt.datetime(2027, 1, 4, 9, 30, tzinfo=SHANGHAI), tick=False):
        for user in (world.owner, world.colleague):
            client = world.client(user)
            body = client.get(reverse("publicity:coverage"), {"year": 2027}).content.decode()
            assert "2027年尚无已开展的普法活动。" in body
            assert 'id="heatmap-data"' not in body and 'id="heatmap"' not in body
            drawn = client.get(reverse("publicity:coverage"), {"year": 2024}).content.decode()
            assert 'id="heatmap-data"' in drawn and "尚无已开展的普法活动" not in drawn
