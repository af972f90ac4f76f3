"""交办's 承办单位 are the units of the user's scope (分级负责,
《信访工作条例》第十五条: each level answers for its own).

The form offered a village cadre every unit of the township, while the
承办人 endpoint answered 404 for a unit outside the cadre's scope and the
step gave the matter to it. workflow.assignable_units(petition, by=user) is
the one rule: the form offers it, the endpoint and the step check it."""

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


def _units(body: str) -> str:
    """The 承办单位 drop-down's options."""
    return body.split('name="assign-responsible_unit"')[1].split("</select>")[0]


def _option(unit: Any) -> str:
    return f'value="{unit.pk}"'


def test_a_township_clerk_is_offered_the_townships_units(
    world: World, register: Any, leaders: Leaders
) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=dt.date(2024, 9, 25))
    # The clerk who registered it (owner) and the township's staff (colleagues).
    for user in (leaders.clerk, world.owner, world.colleague):
        offered = _units(world.client(user).get(p.get_absolute_url()).content.decode())
        for unit in (world.township, leaders.office, world.village, world.village2):
            assert _option(unit) in offered, (user, unit)
        assert _option(world.other_township) not in offered
    # An outsider does not reach the matter at all.
    assert world.client(world.outsider).get(p.get_absolute_url()).status_code == 404


def test_a_village_cadre_is_offered_their_own_village_only(
    world: World, register: Any, leaders: Leaders
) -> None:
    p = wf.accept(
        register(unit=world.village, by=world.village_cadre),
        by=world.village_cadre,
        on=dt.date(2024, 9, 25),
    )
    page = world.client(world.village_cadre).get(p.get_absolute_url())
    assert page.status_code == 200
    offered = _units(page.content.decode())
    assert _option(world.village) in offered
    for unit in (world.township, leaders.office, world.village2):
        assert _option(unit) not in offered, unit
    # the one unit is proposed, and its 承办人 offered from the start
    handlers = page.content.decode().split('name="assign-handler"')[1].split("</select>")[0]
    assert world.village_cadre.display_name in handlers
    assert world.village2_cadre.display_name not in handlers
    # another village's cadre does not reach the matter
    assert world.client(world.village2_cadre).get(p.get_absolute_url()).status_code == 404

    # The step refuses what the form does not offer (the same rule) ...
    with pytest.raises(RuleViolation) as refused:
        wf.assign(p, by=world.village_cadre, responsible_unit=world.village2)
    assert refused.value.field == "responsible_unit"
    assert "紫良村" in str(refused.value)
    posted = world.client(world.village_cadre).post(
        reverse("petitions:step", args=[p.pk, "assign"]),
        {"version": p.version, "assign-responsible_unit": world.township.pk},
    )
    assert posted.status_code == 400
    assert Petition.objects.get(pk=p.pk).responsible_unit is None
    # ... and takes what it offers.
    wf.assign(p, by=world.village_cadre, responsible_unit=world.village)
    assert Petition.objects.get(pk=p.pk).responsible_unit == world.village
