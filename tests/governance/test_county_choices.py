"""A county user's record forms offer every township's plans, catalogue items
and units, and a task filed under one township's plan with another's unit, or
a 主动公开 item under one township's catalogue item with another's unit, was
refused with “所选单位…不在…范围内” under 所属单位 alone: which of the two to
change was not said, and the plans (and the items) read alike. The refusal
now names both inputs (workflow._within_parent) and the choice names each
plan's and item's township when they are more than one township's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import html

from fazhi.core.roles import Role
from fazhi.governance import workflow as wf
from fazhi.governance.models import (
    DisclosureCatalogueItem,
    ProactiveDisclosure,
    WorkPlan,
    WorkTask,
)
from tests.factories import UserFactory, World

from .conftest import D

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_writer(world: World):
    return UserFactory(username="county_writer", role=Role.JUDICIAL_OFFICE, home_unit=world.county)


def _options(page: str, name: str) -> dict[str, str]:
    root = html.fromstring(page)
    return {
        o.get("value"): o.text_content().strip()
        for o in root.xpath(f"//select[@name='{name}']/option")
    }


def _errors(page: str) -> str:
    root = html.fromstring(page)
    shown = root.xpath("//*[contains(@class, 'invalid-feedback') or contains(@class, 'alert')]")
    return " / ".join(e.text_content().strip() for e in shown)


def test_a_tasks_plan_and_unit_of_two_townships_are_both_named(world: World, county_writer) -> None:
    title = "2024年法治政府建设工作方案"
    ours = WorkPlan.objects.create(
        unit=world.township, year=2024, title=title, issued_on=D(2024, 3, 1)
    )
    WorkPlan.objects.create(
        unit=world.other_township, year=2024, title=title, issued_on=D(2024, 3, 1)
    )
    url = reverse("governance:task_create")
    plans = _options(world.client(county_writer).get(url).content.decode(), "plan")
    assert plans[str(ours.pk)] == f"{title}（湘江源瑶族乡）", plans
    assert f"{title}（浆洞瑶族乡）" in plans.values()
    # A township's own user sees its plans only: no unit added.
    assert (
        _options(world.client(world.owner).get(url).content.decode(), "plan")[str(ours.pk)] == title
    )
    post = {
        "plan": ours.pk,
        "unit": world.other_township.pk,
        "title": "制定普法计划",
        "deadline": "2024-10-08",
    }
    r = world.client(county_writer).post(url, post)
    assert r.status_code == 200
    said = _errors(r.content.decode())
    assert f"所属单位“浆洞瑶族乡”不在所选年度工作方案“{title}”的单位“湘江源瑶族乡”范围内" in said, (
        said
    )
    assert not WorkTask.objects.exists()
    r = world.client(county_writer).post(url, {**post, "unit": world.village.pk})
    assert r.status_code == 302 and WorkTask.objects.get().unit == world.village


def test_a_disclosures_item_and_unit_of_two_townships_are_both_named(
    world: World, county_writer
) -> None:
    wf.load_standard_catalogue(world.township, by=world.owner)
    wf.load_standard_catalogue(world.other_township, by=world.outsider)
    ours = DisclosureCatalogueItem.objects.get(unit=world.township, code="21-08")
    url = reverse("governance:proactive_create")
    items = _options(world.client(county_writer).get(url).content.decode(), "item")
    assert items[str(ours.pk)] == f"{ours}（湘江源瑶族乡）", items
    assert _options(world.client(world.owner).get(url).content.decode(), "item")[
        str(ours.pk)
    ] == str(ours)
    post = {
        "unit": world.other_township.pk,
        "item": ours.pk,
        "title": "2024年财政预算",
        "content": "预算公开",
        "created_on": "2024-03-01",
    }
    r = world.client(county_writer).post(url, post)
    assert r.status_code == 200
    said = _errors(r.content.decode())
    assert f"所属单位“浆洞瑶族乡”不在所选目录事项“{ours}”的单位“湘江源瑶族乡”范围内" in said, said
    assert not ProactiveDisclosure.objects.exists()
