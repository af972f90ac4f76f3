"""交办's 承办人 drop-down follows the 承办单位 chosen.

The form offered every case worker of the township whatever unit was chosen,
and a handler the unit does not take (another village's cadre) was refused
only after posting (af63ed1). Choosing a unit now asks
/petitions/<pk>/assign/handlers/ (htmx) for the field again, offering those
the step takes for it (workflow.assignable_handlers with `unit`); a refused
post and a form opened on a matter whose unit is chosen offer the same. A
matter or a unit outside the asker's scope answers 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from fazhi.petitions import workflow as wf
from fazhi.petitions.models import Petition
from tests.factories import World

from .conftest import Leaders

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _handlers(body: str) -> str:
    """The 承办人 drop-down's options."""
    return body.split('name="assign-handler"')[1].split("</select>")[0]


def _accepted(register: Any, leaders: Leaders) -> Petition:
    return wf.accept(register(), by=leaders.clerk, on=dt.date(2024, 9, 25))


def test_choosing_a_village_offers_only_those_who_can_handle_its_matters(
    world: World, register: Any, leaders: Leaders
) -> None:
    p = _accepted(register, leaders)
    url = reverse("petitions:assign_handlers", args=[p.pk])
    # The clerk who registered it (owner) and the township's staff (colleagues).
    for user in (leaders.clerk, world.owner, world.colleague):
        client = world.client(user)
        field = client.get(
            url,
            {"assign-responsible_unit": world.village2.pk, "assign-handler": leaders.clerk.pk},
            **HTMX,
        )
        assert field.status_code == 200, user
        body = field.content.decode()
        assert body.lstrip().startswith("<div") and "<html" not in body  # the field alone
        assert 'id="id_assign-handler-field"' in body
        offered = _handlers(body)
        assert world.village2_cadre.display_name in offered, user  # 紫良村's own cadre
        assert leaders.clerk.display_name in offered and world.owner.display_name in offered
        assert world.village_cadre.display_name not in offered, user  # 荆竹村's cadre
        assert f'value="{leaders.clerk.pk}" selected' in offered  # the choice kept

        other = _handlers(
            client.get(url, {"assign-responsible_unit": world.village.pk}, **HTMX).content.decode()
        )
        assert world.village_cadre.display_name in other
        assert world.village2_cadre.display_name not in other
        everyone = _handlers(
            client.get(url, {"assign-responsible_unit": ""}, **HTMX).content.decode()
        )
        assert world.village_cadre.display_name in everyone  # no unit: the township's list
        assert world.village2_cadre.display_name in everyone

    # Opened as a page (no htmx): the 交办 form with the narrowed list.
    page = world.client(leaders.clerk).get(url, {"assign-responsible_unit": world.village2.pk})
    assert page.status_code == 200
    body = page.content.decode()
    assert f'action="{reverse("petitions:step", args=[p.pk, "assign"])}"' in body
    assert world.village_cadre.display_name not in _handlers(body)
    # Posted from it, the step checks the version the page was loaded with.
    assert f'name="version" value="{p.version}"' in body
    assert "HX-Request" in page["Vary"]


def test_a_matter_or_unit_outside_the_askers_scope_answers_404(
    world: World, register: Any, leaders: Leaders
) -> None:
    p = _accepted(register, leaders)
    url = reverse("petitions:assign_handlers", args=[p.pk])
    unit = {"assign-responsible_unit": world.village2.pk}
    assert world.client(world.outsider).get(url, unit, **HTMX).status_code == 404
    assert world.client(world.outsider).get(url, **HTMX).status_code == 404
    assert world.client(world.village_cadre).get(url, unit, **HTMX).status_code == 404
    assert world.client(world.county_user).get(url, unit, **HTMX).status_code == 403  # reads only
    owner = world.client(leaders.clerk)
    for bad in (world.other_township.pk, "x", "²", str(2**63), 10**9):
        assert owner.get(url, {"assign-responsible_unit": bad}, **HTMX).status_code == 404, bad

    # A village cadre's own village's matter: their village answers, another's 404.
    mine = wf.accept(
        register(unit=world.village, by=world.village_cadre),
        by=world.village_cadre,
        on=dt.date(2024, 9, 25),
    )
    cadre = world.client(world.village_cadre)
    url = reverse("petitions:assign_handlers", args=[mine.pk])
    assert cadre.get(url, {"assign-responsible_unit": world.village.pk}, **HTMX).status_code == 200
    assert cadre.get(url, unit, **HTMX).status_code == 404


def test_a_refused_post_offers_the_units_handlers(
    world: World, register: Any, leaders: Leaders
) -> None:
    p = _accepted(register, leaders)
    response = world.client(leaders.clerk).post(
        reverse("petitions:step", args=[p.pk, "assign"]),
        {
            "version": p.version,
            "assign-responsible_unit": world.village2.pk,
            "assign-handler": world.village_cadre.pk,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "承办人应为承办单位（紫良村）或其上级的干部。" in body  # the step's refusal, as before
    offered = _handlers(body)
    assert world.village2_cadre.display_name in offered
    assert world.village_cadre.display_name not in offered
    fresh = Petition.objects.get(pk=p.pk)
    assert (fresh.responsible_unit, fresh.handler) == (None, None)


def test_the_form_opens_narrowed_when_a_unit_is_chosen(
    world: World, register: Any, leaders: Leaders
) -> None:
    """The matter's page offers 交办 with its 承办单位 already chosen (given
    before, or by an import): the list follows it from the first render, and
    the unit's drop-down asks for the field again when changed."""
    p = _accepted(register, leaders)
    Petition.objects.filter(pk=p.pk).update(responsible_unit=world.village2)
    body = world.client(leaders.clerk).get(p.get_absolute_url()).content.decode()
    offered = _handlers(body)
    assert world.village2_cadre.display_name in offered
    assert world.village_cadre.display_name not in offered
    unit_select = body.split('name="assign-responsible_unit"')[1].split(">")[0]
    assert f'hx-get="{reverse("petitions:assign_handlers", args=[p.pk])}"' in unit_select
    assert 'hx-target="#id_assign-handler-field"' in unit_select

    # Without a unit, the township's list (no scripts: the step decides).
    Petition.objects.filter(pk=p.pk).update(responsible_unit=None)
    everyone = _handlers(world.client(leaders.clerk).get(p.get_absolute_url()).content.decode())
    assert world.village_cadre.display_name in everyone
    assert world.village2_cadre.display_name in everyone
