"""A new publicity plan's 类别 is stated: 新增计划 opened on 年度计划, the
model's default, so a 五年规划 drafted by a clerk who did not open the list
was saved as a year's plan (no parent for the years' plans), and an API
client that sent no kind got 年度计划. The page opens on "---------" and
refuses a plan without it naming 类别, as the API does (HTTP 400); nothing
saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from fazhi.publicity import forms
from fazhi.publicity.models import PublicityPlan
from tests.factories import World
from tests.stated_choices import check_stated, opens_on

pytestmark = pytest.mark.django_db

MESSAGE = "类别：该字段是必填项。"


def _plan(world: World) -> dict[str, Any]:
    return {"unit": world.township.pk, "title": "未选类别的计划", "start_year": 2024}


def test_the_plan_form_states_its_kind(world: World) -> None:
    check_stated(forms.PlanForm, "kind", world.owner)


@pytest.mark.parametrize("way", ["page", "api"])
def test_a_plan_without_its_kind_is_refused_naming_it(world: World, way: str) -> None:
    client = world.client(world.owner)
    if way == "page":
        page = client.get(reverse("publicity:plan_create")).content.decode()
        assert opens_on(page, "kind") == ""
        refused = client.post(reverse("publicity:plan_create"), _plan(world))
        assert refused.status_code == 200 and MESSAGE in refused.content.decode()
    else:
        url = "/api/v1/publicity/plans/"
        refused = client.post(url, _plan(world), content_type="application/json")
        assert refused.status_code == 400 and refused.json()["kind"] == [MESSAGE], refused.content
    assert not PublicityPlan.objects.filter(title="未选类别的计划").exists()
    stated = {**_plan(world), "kind": "five_year", "end_year": 2028}
    if way == "page":
        assert client.post(reverse("publicity:plan_create"), stated).status_code == 302
    else:
        response = client.post(url, stated, content_type="application/json")
        assert response.status_code == 201, response.content
    assert PublicityPlan.objects.get(title="未选类别的计划").kind == "five_year"
