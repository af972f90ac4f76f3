"""交办 on an accusation offers only the units and handlers the step takes.

The assign form offered the township's whole subtree and every case worker
of the township, the accused village and its cadres too, and choosing one
was refused after the post (检举控告事项不能交由被检举控告单位办理 /
承办人不能是被检举控告单位的人员, 《信访工作条例》第三十条).
workflow.assignable_units and assignable_handlers are the step's rule; the
step checks them and the form offers them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from fazhi.core.errors import RuleViolation
from fazhi.petitions import workflow as wf
from tests.factories import World

from .conftest import Leaders

pytestmark = pytest.mark.django_db


def _options(body: str, name: str) -> str:
    return body.split(f'name="{name}"')[1].split("</select>")[0]


def test_an_accusations_assign_form_offers_neither_the_accused_unit_nor_its_people(
    world: World, register: Any, leaders: Leaders
) -> None:
    p = register(category="accusation", title="反映村干部优亲厚友", accused_unit=world.village)
    p = wf.accept(p, by=leaders.clerk, on=dt.date(2024, 9, 25))
    url = reverse("petitions:detail", args=[p.pk])
    for user in (world.owner, world.colleague):
        client = world.client(user)
        client.post(url, {"reason_choice": "handling"})  # an accusation opens with a reason
        body = client.get(url).content.decode()
        units = _options(body, "assign-responsible_unit")
        assert "紫良村" in units and "荆竹村" not in units, user
        handlers = _options(body, "assign-handler")
        assert world.village2_cadre.display_name in handlers, user
        assert world.village_cadre.display_name not in handlers, user
    assert world.client(world.outsider).post(url, {"reason_choice": "handling"}).status_code == 404
    assert world.client(world.outsider).get(url).status_code == 404
    with pytest.raises(RuleViolation, match="不能交由被检举控告单位办理"):
        wf.assign(p, by=leaders.clerk, responsible_unit=world.village)
    with pytest.raises(RuleViolation, match="承办人不能是被检举控告单位的人员"):
        wf.assign(p, by=leaders.clerk, responsible_unit=world.village2, handler=world.village_cadre)
