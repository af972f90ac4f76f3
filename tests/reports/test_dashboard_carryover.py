"""The leaders' dashboard across the turn of the year (walking the demo on
4 January 2027 as the township leader and the 司法所 clerk).

Its first row counted only the page's year: on 4 January 2027 高风险矛盾纠纷
read 0 while a high-risk dispute found in November 2026 was still open, and
培训学时未达标的执法人员 named every officer (nobody has hours on 4 January).

- Open work (high-risk disputes, key cases, expiring certificates, overdue
  tasks) is counted whatever year it was received in, in the viewer's scope,
  and does not follow the year picker; what is settled is not counted.
- The yearly training target warns by a quarter's pace: in the first quarter
  the year just ended's final result (the annual report's figure for it),
  from April this year's hours against the pace of the quarters completed.
- The annual figures (what the report counts for a calendar year) do not
  change.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from fazhi.core import demo, passwords
from fazhi.core.indicators import Period, compute
from fazhi.core.models import User
from fazhi.enforcement import workflow as enforcement_workflow
from fazhi.enforcement.models import Officer, Training
from fazhi.governance import workflow as governance_workflow
from fazhi.governance.models import WorkTask
from fazhi.mediation import builders as mediation_builders
from fazhi.mediation import workflow as mediation_workflow
from fazhi.mediation.models import Dispute, DisputeCategory
from tests.enforcement.conftest import Enf
from tests.factories import PersonFactory, World
from tests.twofactor import verified_client

pytestmark = pytest.mark.django_db
PROJECT_URLS = True

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = dt.date
JANUARY = D(2027, 1, 4)
MIDYEAR = D(2027, 7, 15)


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


def client(world: World, user: User) -> Client:
    """Signed in on the day travelled to (a password chosen months before
    would be due for a change then)."""
    user = User.objects.get(pk=user.pk)
    passwords.mark_chosen(user)
    return world.client(user)


def cards(c: Client, url: str = "/reports/dashboard/") -> dict[str, dict[str, Any]]:
    response = c.get(url)
    assert response.status_code == 200, url
    return {card["key"]: card for card in response.context["watched"]}


def behind(c: Client, key: str) -> list[str]:
    """The records a card opens, as the list names them."""
    response = c.get(f"/reports/dashboard/watched/{key}/")
    assert response.status_code == 200
    return [obj.fz_text for obj in response.context["page"]]


# ---------------------------------------------------------------------------
# Open work carries over
# ---------------------------------------------------------------------------


def _dispute(world: World, unit: Any, title: str, found: dt.date, by: User) -> Dispute:
    return mediation_builders.dispute(
        unit,
        title,
        [PersonFactory(unit=unit), PersonFactory(unit=unit)],
        category=DisputeCategory.objects.get(code="land"),
        facts="补偿款分配有争议。",
        source=Dispute.Source.APPLICATION,
        found_on=found,
        risk_level=Dispute.Risk.HIGH,
        risk_reason="双方扬言到县上访。",
        by=by,
    )


def test_an_open_high_risk_dispute_of_last_year_counts_in_january(world: World, days: Days) -> None:
    days.on(D(2026, 11, 20))
    open_2026 = _dispute(world, world.village, "征地补偿分配纠纷", D(2026, 11, 11), world.owner)
    closed = _dispute(world, world.village, "山林权属纠纷", D(2026, 3, 2), world.owner)
    mediation_workflow.close_dispute(
        closed,
        outcome=Dispute.Status.RESOLVED,
        on=D(2026, 6, 1),
        note="已调解化解。",
        by=world.owner,
    )
    elsewhere = _dispute(world, world.other_township, "外乡纠纷", D(2026, 10, 9), world.outsider)

    for day in (JANUARY, MIDYEAR):
        days.on(day)
        for user, expected in [
            (world.colleague, [open_2026.title]),  # the township leader
            (world.owner, [open_2026.title]),  # the 司法所 clerk, a colleague in scope
            (world.village_cadre, [open_2026.title]),
            (world.village2_cadre, []),
            (world.outsider, [elsewhere.title]),
            (world.county_user, [open_2026.title, elsewhere.title]),
        ]:
            c = client(world, user)
            found = cards(c)["high-risk-disputes"]
            assert found["value"] == len(expected), (day, user.username, found["value"])
            assert sorted(behind(c, "high-risk-disputes")) == sorted(expected), user.username
            # The year picker is for the charts: the card is the same for any year.
            assert cards(c, "/reports/dashboard/?year=2024")["high-risk-disputes"] == found
        # The home page's 其中高风险 counts the same disputes.
        home = client(world, world.colleague).get("/")
        panel = {p["key"]: p for p in home.context["panels"]}["mediation"]
        assert [f.value for f in panel["figures"] if str(f.label) == "其中高风险"] == [1]

    # The annual figures are per calendar year, as before.
    assert compute("mediation.disputes.high_risk", world.township, Period.year(2026)) == 2
    assert compute("mediation.disputes.high_risk", world.township, Period.year(2027)) == 0


def test_a_task_of_last_years_plan_still_open_is_overdue_in_january(
    world: World, days: Days
) -> None:
    days.on(D(2026, 3, 1))
    plan = governance_workflow.add_year_plan(world.township, 2026, by=world.owner)
    late, done = (
        governance_workflow.add_task(
            WorkTask(unit=world.township, plan=plan, title=title, deadline=D(2026, 12, 15)),
            by=world.owner,
        )
        for title in ("修订村规民约合法性审查", "年度法治讲座")
    )
    WorkTask.objects.filter(pk=done.pk).update(status=WorkTask.Status.DONE, done_on=D(2026, 12, 1))

    days.on(JANUARY)
    for user, n in [(world.colleague, 1), (world.county_user, 1), (world.outsider, 0)]:
        c = client(world, user)
        assert cards(c)["tasks-overdue"]["value"] == n, user.username
        assert behind(c, "tasks-overdue") == [late.title] * n
    # The governance workbench's 其中已超期 of tasks counts the same.
    bench = client(world, world.colleague).get("/governance/").context["bench"]
    assert bench.figures[1].value == 1


# ---------------------------------------------------------------------------
# The yearly training target
# ---------------------------------------------------------------------------


def _training(world: World, title: str, on: dt.date, hours: str, people: list[Officer]) -> None:
    enforcement_workflow.record_training(
        Training(unit=world.township, title=title, held_on=on, hours=Decimal(hours)),
        attendees=people,
        by=world.officer,
    )


def test_the_training_warning_on_4_january_and_through_the_year(world: World, days: Days) -> None:
    days.on(D(2026, 11, 20))
    enf = Enf(world)
    jia, yi = enf.officer("甲"), enf.officer("乙")
    enf.officer("丙")
    enf.officer("丁", unit=world.other_township, by=world.outsider)
    # 2026: 甲 and 乙 reach 64 hours, 丙 none; 丁 (another township) none.
    _training(world, "公共法律知识培训", D(2026, 5, 20), "40", [jia, yi])
    _training(world, "执法程序与文书培训", D(2026, 10, 15), "24", [jia, yi])

    def card(user: User) -> dict[str, Any]:
        return cards(client(world, user))["training"]

    days.on(JANUARY)
    leader = card(world.colleague)
    # Not everyone: only who ended 2026 short, and the same as the annual report's 2026 figure.
    assert leader["value"] == 1
    assert leader["value"] == compute(
        "enforcement.officers.below_training_target", world.township, Period.year(2026)
    )
    assert leader["note"] == "2026年全年不足60学时"
    assert leader["progress"] == "2027年进度：0/3人已满60学时"
    assert behind(client(world, world.colleague), "training") == ["丙"]
    assert card(world.owner)["value"] == 1  # the 司法所 clerk
    assert card(world.outsider)["value"] == 1
    assert behind(client(world, world.outsider), "training") == ["丁"]
    assert card(world.county_user)["value"] == 2

    # Still the year-end result on the quarter's last day; 甲 trains in March.
    days.on(D(2027, 3, 10))
    _training(world, "行政处罚法专题培训", D(2027, 3, 10), "16", [jia])
    days.on(D(2027, 3, 31))
    assert card(world.colleague)["value"] == 1
    assert card(world.colleague)["progress"] == "2027年进度：0/3人已满60学时"

    # From April: this year's hours against a quarter's pace (15 of 60).
    days.on(D(2027, 4, 1))
    april = card(world.colleague)
    assert (april["value"], april["note"]) == (2, "按进度至3月31日应达15学时")
    assert behind(client(world, world.colleague), "training") == ["丙", "乙"]
    # A session attended clears the warning the same day.
    days.on(D(2027, 4, 12))
    _training(world, "林业执法业务培训", D(2027, 4, 12), "16", [yi])
    assert card(world.colleague)["value"] == 1

    # Mid-year: 30 hours due by 30 June; 甲 and 乙 have 16, 丙 none.
    days.on(MIDYEAR)
    july = card(world.colleague)
    assert (july["value"], july["note"]) == (3, "按进度至6月30日应达30学时")
    assert card(world.outsider)["value"] == 1

    # The annual figures are per calendar year, as before.
    for year, n in [(2026, 1), (2027, 3)]:
        assert (
            compute("enforcement.officers.below_training_target", world.township, Period.year(year))
            == n
        )


# ---------------------------------------------------------------------------
# The demo, walked on 4 January 2027
# ---------------------------------------------------------------------------


def test_the_demo_dashboard_on_4_january_2027(days: Days) -> None:
    days.on(JANUARY)
    demo.build()
    for username in ("leader", "sifasuo", "county", "cun"):
        user = User.objects.get(username=username)
        passwords.mark_chosen(user)
        c = verified_client(user)
        response = c.get("/reports/dashboard/")
        html = response.content.decode()
        assert "截至2027-01-04" in html
        for word in ("None", "True", "False", "{{", "{%", "__proxy__"):
            assert word not in html, (username, word)
        for key, card in cards(c).items():
            listed = c.get(card["url"]).context["page"].paginator.count
            assert listed == card["value"], (username, key)
    leader = cards(verified_client(User.objects.get(username="leader")))
    # The high-risk dispute found in November 2026, still to be mediated.
    assert leader["high-risk-disputes"]["value"] == 1
    # Two officers ended 2026 short (the demo's 2026 trainings), not all twelve.
    assert leader["training"]["value"] == 2
    assert leader["training"]["note"] == "2026年全年不足60学时"
    township = User.objects.get(username="leader").home_unit
    assert compute("enforcement.officers.below_training_target", township, Period.year(2026)) == 2


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


def test_a_past_year_without_publicity_says_none_was_held_not_none_yet(
    world: World, days: Days
) -> None:
    """2026年尚无已开展的普法活动 ("none yet") read on the 2026 card in July
    2027: a year that is over had none."""
    days.on(MIDYEAR)
    c = client(world, world.colleague)
    past = c.get("/reports/dashboard/?year=2026").content.decode()
    assert "2026年没有开展普法活动。" in past and "尚无" not in past
    this = c.get("/reports/dashboard/?year=2027").content.decode()
    assert "2027年尚无已开展的普法活动。" in this
