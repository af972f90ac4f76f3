"""Publicity pages open on the latest year with activities, not on the
calendar year (issue 15 item 9: a first look showed every village as a gap)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core import steps, years
from tests.factories import World

from .helpers import activity

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(steps, "today", lambda: TODAY)
    monkeypatch.setattr(years, "_today", lambda: TODAY)


def test_coverage_opens_on_the_latest_year_with_activities(world: World) -> None:
    activity(world, date=dt.date(2024, 3, 10), title="赶集日普法")
    r = world.client(world.owner).get(reverse("publicity:coverage"))
    assert r.status_code == 200
    assert r.context["period"].label == "2024年"
    assert r.context["cov"].activity_count == 1
    body = r.content.decode()
    assert '<option value="2024" selected>2024年</option>' in body
    # The picker still offers the current year.
    assert '<option value="2026">2026年</option>' in body
    # An explicit year is kept.
    r = world.client(world.owner).get(reverse("publicity:coverage"), {"year": 2026})
    assert r.context["period"].label == "2026年"
    assert r.context["cov"].activity_count == 0


def test_status_changes_read_labels_and_dates(world: World) -> None:
    """The plan's 状态变更 list speaks Chinese: 草拟 → 已印发 and a moment as
    every page shows one (2024-01-15 10:00, fazhi/formats), not draft →
    adopted and a raw ISO timestamp (found by sweep)."""
    import re

    from fazhi.publicity import workflow

    from .helpers import item, plan

    p = plan(world)
    item(world, p)
    workflow.adopt_plan(
        p, by=world.owner, adopted_on=dt.date(2024, 1, 15), doc_no="湘源发〔2024〕5号"
    )
    r = world.client(world.owner).get(reverse("publicity:plan_detail", args=[p.pk]))
    body = r.content.decode()
    block = body.split('data-testid="transitions"')[1].split("</ul>")[0]
    assert "草拟 → 已印发" in block, block
    assert "draft" not in block and "adopted" not in block
    assert not re.search(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}", block)
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", block)
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", block)


def test_plan_item_reads_its_month_not_a_day(world: World) -> None:
    from .helpers import item, plan

    it = item(world, plan(world), month=2)
    r = world.client(world.owner).get(reverse("publicity:item_detail", args=[it.pk]))
    rows = {str(label): str(value) for label, value in r.context["field_rows"]}
    assert rows["计划月份"] == "2024年2月"
    assert str(it).startswith("2024年2月 ")


def test_a_new_plan_is_proposed_for_the_township_not_the_office(world: World) -> None:
    office = world.township.__class__.objects.create(
        name="司法所", kind="department", parent=world.township
    )
    world.owner.home_unit = office
    world.owner.save()
    r = world.client(world.owner).get(reverse("publicity:plan_create"))
    assert r.context["form"].initial["unit"] == world.township.pk
