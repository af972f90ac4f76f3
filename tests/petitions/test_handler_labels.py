"""A 承办人 in 交办's list is named with the unit as every choice of people is
(core.forms.UnitNames.person): the petition office's clerk sits in the
township's 综治中心（信访办）, and the list read 某某（综治中心（信访办））, brackets
inside brackets. A unit with brackets of its own follows a dot. The owner and
a colleague read the same; an outsider's request answers 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from fazhi.petitions import workflow as wf
from tests.factories import World

from .conftest import Leaders

pytestmark = pytest.mark.django_db


def test_a_handler_in_an_office_with_brackets_reads_with_a_dot(
    world: World, register: Any, leaders: Leaders
) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=dt.date(2024, 9, 25))
    url = reverse("petitions:assign_handlers", args=[p.pk])
    for user in (leaders.clerk, world.colleague):
        body = world.client(user).get(url, {"assign-responsible_unit": ""}).content.decode()
        assert f"{leaders.clerk.display_name} · 综治中心（信访办）" in body, user
        assert "（综治中心（信访办））" not in body
        # Units without brackets of their own keep theirs.
        assert f"{world.village_cadre.display_name}（{world.village.name}）" in body
    assert world.client(world.outsider).get(url).status_code == 404
