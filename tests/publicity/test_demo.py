"""The 2024 demo: the seed report's topics exactly, a Spring-Festival campaign
led by the judicial office, a plan adopted in January, sectors left unreached."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core import demo as core_demo
from fazhi.core.indicators import REGISTRY, Period, compute
from fazhi.core.models import OrgUnit
from fazhi.publicity import queries
from fazhi.publicity.models import (
    LawExam,
    LawStudyAttendance,
    PlanItem,
    PublicityActivity,
    PublicityPlan,
)

Y2024 = Period.year(2024)


@pytest.fixture
def township(db: Any) -> OrgUnit:
    world = core_demo.build()
    return world.township


# That a second build changes nothing (every table, the audit trail included) is
# tests/core/test_org_demo.py's.


def test_topics_exactly_the_seed(township: OrgUnit) -> None:
    assert sorted(queries.topics_covered(township, Y2024)) == sorted(
        ["社会治安", "婚姻家庭", "土地管理"]
    )
    assert compute("publicity.topics", township, Y2024) == 3
    names = set(
        REGISTRY["publicity.topics"].records(township, Y2024).values_list("name", flat=True)
    )  # type: ignore[misc]
    assert names == {"社会治安", "婚姻家庭", "土地管理"}


def test_holiday_campaign_led_by_judicial_office(township: OrgUnit) -> None:
    held = queries.campaigns_held(township, Y2024)
    assert held, "a campaign was held"
    spring = next(c for c in held if "春节" in c["name"])
    assert spring["lead_unit"] == "司法所"
    assert spring["date"].year == 2024
    assert compute("publicity.campaigns", township, Y2024) == len(held)


def test_plan_made_at_start_of_year(township: OrgUnit) -> None:
    plan = PublicityPlan.objects.get(unit=township, kind="annual", start_year=2024)
    assert plan.status == PublicityPlan.Status.ADOPTED
    assert plan.adopted_on is not None and plan.adopted_on.month == 1
    assert plan.parent is not None and plan.parent.kind == "five_year"


def test_gaps_are_true(township: OrgUnit) -> None:
    assert queries.unreached_sectors(township, Y2024) == ["企业", "学校"]
    not_done = compute("publicity.plan.not_done", township, Y2024)
    done = compute("publicity.plan.done", township, Y2024)
    assert not_done == 2 and done == 4
    rate = compute("publicity.coverage_rate", township, Y2024)
    assert rate is not None and 0 < rate < 100
    cov = queries.coverage(township, Y2024, today=Y2024.end)
    kinds = {g.kind for g in cov.gaps()}
    assert {"sector", "target", "quiet_village", "overdue_item"} <= kinds


def test_every_brief_indicator_has_records(township: OrgUnit) -> None:
    keys = [
        "publicity.activities",
        "publicity.topics",
        "publicity.campaigns",
        "publicity.participants",
        "publicity.materials",
        "publicity.plan.done",
        "publicity.plan.not_done",
        "publicity.coverage_rate",
        "publicity.culture_sites",
        "publicity.legal_literate_villagers",
        "publicity.study.sessions",
        "publicity.study.attendance",
        "publicity.exam.participation_rate",
        "publicity.exam.pass_rate",
        "publicity.budget",
    ] + [f"publicity.activities.{k}" for k, _ in PublicityActivity.Kind.choices]
    for key in keys:
        ind = REGISTRY[key]
        assert ind.section == "publicity"
        assert ind.records is not None, key
        assert ind.records(township, Y2024).exists() or key.startswith("publicity.activities."), key
    assert REGISTRY["publicity.coverage_rate"].is_rate
    assert (
        compute("publicity.activities", township, Y2024)
        == PublicityActivity.objects.filter(status="held").count()
    )
    assert compute("publicity.participants", township, Y2024) == sum(
        PublicityActivity.objects.values_list("participants", flat=True)
    )
    assert (
        compute("publicity.study.attendance", township, Y2024) == LawStudyAttendance.objects.count()
    )
    roll = LawExam.objects.filter(year=2024)
    assert compute("publicity.exam.participation_rate", township, Y2024) == round(
        100 * roll.filter(sat=True).count() / roll.count(), 1
    )
    assert compute("publicity.exam.pass_rate", township, Y2024) < 100
    assert compute("publicity.budget", township, Y2024) == float(
        sum(PlanItem.objects.filter(plan__start_year=2024).values_list("budget", flat=True))
    )


def test_other_year_is_empty(township: OrgUnit) -> None:
    assert compute("publicity.activities", township, Period.year(2023)) == 0
    assert queries.topics_covered(township, Period.year(2023)) == []
