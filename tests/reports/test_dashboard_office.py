"""An office's staff see their township's dashboard (DESIGN.md: offices work
for their whole township). Walking the demo as the 司法所 clerk found the
screening and coverage charts drawn for the office itself — 没有需要排查的单位,
没有普法覆盖数据 — while the cards above them counted the whole township."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from fazhi.core import demo, passwords
from fazhi.core.models import OrgUnit, User

pytestmark = pytest.mark.django_db
PROJECT_URLS = True  # the demo and the dashboard link to every module

TODAY = dt.date(2024, 12, 20)


def _dashboard(user: User) -> dict:
    passwords.mark_chosen(user)
    client = Client()
    client.force_login(user)
    response = client.get("/reports/dashboard/?year=2024")
    assert response.status_code == 200
    return response.context


def test_the_judicial_office_sees_its_townships_charts() -> None:
    demo.build()
    sifasuo, leader, cun = (User.objects.get(username=u) for u in ("sifasuo", "leader", "cun"))
    assert sifasuo.home_unit.kind == OrgUnit.Kind.DEPARTMENT
    township = sifasuo.home_unit.parent
    with time_machine.travel(dt.datetime(2024, 12, 20, 10, tzinfo=dt.UTC), tick=False):
        office, leaders, village = _dashboard(sifasuo), _dashboard(leader), _dashboard(cun)
    assert office["unit"] == leaders["unit"] == township
    # The same villages screened and covered as the township's leader sees.
    assert office["screening"] == leaders["screening"]
    assert len(office["screening"]["units"]) >= 5  # the township's villages, not none
    assert office["heatmap"] == leaders["heatmap"]
    # A village cadre's dashboard stays their village's.
    assert village["unit"] == cun.home_unit
