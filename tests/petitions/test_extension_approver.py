"""The extension form offers only the leaders who may approve it.

Walking the demo as the petition office on 2 January 2027: extending
湘源信〔2026〕6号 (its 60 days end on 26 February, across 春节), the form's
批准人（本机关负责人） offered the three township leaders; 盘建国, the party
secretary, was chosen and refused: “盘建国”不是本机关负责人. The form now
offers the leaders in the posts the township's setting names (乡长 by
default, 《信访工作条例》第三十四条), as the step checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from fazhi.core.models import Setting
from fazhi.petitions import workflow as wf
from fazhi.petitions.forms import ExtendForm
from tests.factories import World

from .conftest import Leaders

pytestmark = pytest.mark.django_db

D = dt.date


def accepted(register: Any, leaders: Leaders) -> Any:
    p = register()
    return wf.accept(p, by=leaders.clerk, on=D(2024, 9, 25))


def offered(form: ExtendForm) -> list[str]:
    return [p.name for p in form.fields["approver"].queryset]  # type: ignore[attr-defined]


def test_the_form_offers_the_township_head_only(register: Any, leaders: Leaders) -> None:
    p = accepted(register, leaders)
    assert offered(ExtendForm(user=leaders.clerk, record=p, prefix="extend")) == ["赵永明"]


def test_a_township_that_widens_the_rule_is_offered_its_choice(
    world: World, register: Any, leaders: Leaders
) -> None:
    Setting.objects.create(
        unit=world.township,
        key="petitions.extension_approver_roles",
        value=["township_head", "party_secretary"],
    )
    p = accepted(register, leaders)
    assert offered(ExtendForm(user=leaders.clerk, record=p, prefix="extend")) == [
        "盘建国",
        "赵永明",
    ]


def test_the_page_offers_no_one_the_step_refuses(
    world: World, register: Any, leaders: Leaders
) -> None:
    p = accepted(register, leaders)
    url = reverse("petitions:detail", args=[p.pk])
    for user in (leaders.clerk, world.owner):
        body = world.client(user).get(url).content.decode()
        select = body.split('name="extend-approver"')[1].split("</select>")[0]
        assert "赵永明" in select and "盘建国" not in select and "李桂兰" not in select
    assert world.client(world.outsider).get(url).status_code == 404
