"""A county user's publicity forms offer every township's units, cadres and
plan items, and a study's 参学人员 or an activity's 对应计划项目 of another
township than the chosen 所属单位 was refused naming the one input only
(参学人员“…”不属于湘江源瑶族乡 / 计划项目“…”不是本单位或上级单位的计划):
which of the two to change was not said. The refusal names both."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from lxml import html

from fazhi.core.roles import Role
from fazhi.publicity.models import LawStudy, PublicityActivity
from tests.factories import UserFactory, World

from .helpers import cadre, item, plan, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_writer(world: World) -> Any:
    return UserFactory(username="county_writer", role=Role.JUDICIAL_OFFICE, home_unit=world.county)


def _errors(response: Any) -> str:
    root = html.fromstring(response.content.decode())
    shown = root.xpath("//*[contains(@class, 'invalid-feedback') or contains(@class, 'alert')]")
    return " / ".join(e.text_content().strip() for e in shown)


def test_a_studys_attendee_and_unit_of_two_townships_are_both_named(
    world: World, county_writer: Any
) -> None:
    ours = cadre(world, name="李学法")
    post = {
        "unit": world.other_township.pk,
        "date": "2024-03-01",
        "kind": "training",
        "title": "培训",
        "hours": "2",
        "attendees": [ours.pk],
    }
    r = world.client(county_writer).post(reverse("publicity:study_create"), post)
    assert r.status_code == 200
    said = _errors(r)
    assert "参学人员“李学法”不属于浆洞瑶族乡（所属单位“浆洞瑶族乡”的范围）" in said, said
    assert "请改选参学人员或所属单位" in said
    assert not LawStudy.objects.exists()
    r = world.client(county_writer).post(
        reverse("publicity:study_create"), {**post, "unit": world.township.pk}
    )
    assert r.status_code == 302, _errors(r)
    assert LawStudy.objects.get().unit == world.township


def test_an_activitys_plan_item_and_unit_of_two_townships_are_both_named(
    world: World, county_writer: Any
) -> None:
    planned = item(world, plan(world, 2024), title="土地管理法律进村")
    post = {
        "unit": world.other_township.pk,
        "title": "宪法宣传",
        "date": "2024-03-10",
        "kind": "stall",
        "plan_item": planned.pk,
        "topics": [topic().pk],
        "sectors": ["village"],
        "units_reached": [world.other_township.pk],
        "lead_unit": world.other_township.pk,
        "participants": "80",
        "materials": "100",
        "cost": "0",
    }
    r = world.client(county_writer).post(reverse("publicity:activity_create"), post)
    assert r.status_code == 200
    said = _errors(r)
    assert f"对应计划项目“{planned}”是湘江源瑶族乡的计划，不适用于所属单位“浆洞瑶族乡”" in said, (
        said
    )
    assert not PublicityActivity.objects.exists()


def test_a_plan_items_target_units_and_plan_of_two_townships_are_both_named(
    world: World, county_writer: Any
) -> None:
    ours = plan(world, 2024)
    post = {
        "plan": ours.pk,
        "title": "土地管理法律进村",
        "topic": topic("土地管理").pk,
        "target_sectors": ["village"],
        "target_units": [world.other_township.pk],
        "planned_month": "2024-03",
        "lead_unit": world.township.pk,
        "budget": "1000",
    }
    url = reverse("publicity:item_create")
    r = world.client(county_writer).post(url, post)
    assert r.status_code == 200
    said = _errors(r)
    assert f"覆盖单位“浆洞瑶族乡”不在湘江源瑶族乡的范围内（所选计划“{ours}”的范围）" in said, said
    r = world.client(county_writer).post(
        url, {**post, "target_units": [world.village.pk], "lead_unit": world.other_township.pk}
    )
    said = _errors(r)
    assert f"牵头单位“浆洞瑶族乡”不在湘江源瑶族乡范围内（所选计划“{ours}”所在乡镇）" in said, said
    assert not ours.items.exists()
    r = world.client(county_writer).post(url, {**post, "target_units": [world.village.pk]})
    assert r.status_code == 302, _errors(r)
    assert ours.items.get().target_units.get() == world.village
