"""交办 gives the matter to a 承办人 who can open it.

The assign form offered every unit's staff whatever 承办单位 was chosen and
the step took any of them: the demo's 湘源信〔2024〕40号 went to 坪源村 with
荆竹村's cadre as 承办人, whose 工作台 then linked to a page answering 404.
The step now takes only a cadre whose scope holds the 承办单位 (of that unit,
or above it within the township: its offices for a village's matter)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from fazhi.core.errors import RuleViolation
from fazhi.petitions import workflow as wf
from fazhi.petitions.models import Petition
from tests.factories import World

from .conftest import Leaders

pytestmark = pytest.mark.django_db


def test_a_villages_matter_goes_to_a_handler_who_can_open_it(
    world: World, register: Any, leaders: Leaders
) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=dt.date(2024, 9, 25))
    with pytest.raises(
        RuleViolation, match="承办人应为承办单位（紫良村）或其上级的干部"
    ) as refused:
        wf.assign(p, by=leaders.clerk, responsible_unit=world.village2, handler=world.village_cadre)
    assert refused.value.message_dict["handler"] == ["承办人应为承办单位（紫良村）或其上级的干部。"]
    p = Petition.objects.get(pk=p.pk)
    assert p.responsible_unit_id is None and p.handler_id is None  # nothing saved
    offered = wf.assignable_handlers(p, unit=world.village2)
    assert world.village_cadre not in offered and world.village2_cadre in offered

    url = reverse("petitions:detail", args=[p.pk])
    for handler in (world.village2_cadre, leaders.clerk, world.owner):
        p = Petition.objects.get(pk=p.pk)
        p = wf.assign(p, by=leaders.clerk, responsible_unit=world.village2, handler=handler)
        assert p.handler == handler
        assert world.client(handler).get(url).status_code == 200, handler
    assert world.client(world.village_cadre).get(url).status_code == 404
    assert world.client(world.outsider).get(url).status_code == 404


def test_the_assign_form_names_the_refusal_and_saves_nothing(
    world: World, register: Any, leaders: Leaders
) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=dt.date(2024, 9, 25))
    response = world.client(leaders.clerk).post(
        f"/petitions/{p.pk}/step/assign/",
        {
            "version": p.version,
            "assign-responsible_unit": world.village2.pk,
            "assign-handler": world.village_cadre.pk,
        },
    )
    assert response.status_code == 400
    assert "承办人应为承办单位（紫良村）或其上级的干部。" in response.content.decode()
    fresh = Petition.objects.get(pk=p.pk)
    assert (fresh.responsible_unit, fresh.handler, fresh.version) == (None, None, p.version)


def test_the_demos_handlers_can_open_their_matters() -> None:
    """湘源信〔2024〕40号 (坪源村) had 荆竹村's cadre as 承办人; the demo now
    builds through the step, and every handler sees what they are given."""
    from fazhi.core import demo
    from fazhi.petitions import demo as petitions_demo

    petitions_demo.build(demo.build_core())
    handled = Petition.objects.exclude(handler=None).select_related("handler")
    assert handled.filter(handler__username="cun").exists()
    for p in handled:
        assert Petition.objects.visible_to(p.handler).filter(pk=p.pk).exists(), p.number
