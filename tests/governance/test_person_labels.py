"""A task's 责任人 and 提醒账号 are named with their unit as every choice of
people is (core.forms.UnitNames.person): the demo's 综治中心（信访办） read
李秀英（综治中心（信访办）） there, brackets inside brackets, while the study
attendees already read 李秀英 · 综治中心（信访办）. For a user whose scope
holds several townships the unit names its township."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from lxml import html

from fazhi.core.models import OrgUnit, Person
from fazhi.core.roles import Role
from tests.factories import OrgUnitFactory, UserFactory, World

pytestmark = pytest.mark.django_db


def _options(world: World, user: Any, name: str) -> list[str]:
    response = world.client(user).get(reverse("governance:task_create"))
    assert response.status_code == 200
    root = html.fromstring(response.content.decode())
    return [
        o.text_content().strip()
        for o in root.xpath(f"//select[@name='{name}']/option")
        if o.get("value")
    ]


def test_people_with_an_office_with_brackets_read_with_a_dot(world: World) -> None:
    office = OrgUnitFactory(
        name="综治中心（信访办）", kind=OrgUnit.Kind.DEPARTMENT, parent=world.township
    )
    Person.objects.create(name="李秀英", unit=office, is_cadre=True)
    clerk = UserFactory(username="li", role=Role.PETITION_OFFICE, home_unit=office)
    for user in (world.owner, world.colleague):
        people = _options(world, user, "owner_person")
        assert "李秀英 · 综治中心（信访办）" in people, people
        assert not [p for p in people if "（综治中心（信访办））" in p]
        accounts = _options(world, user, "owner_user")
        assert f"{clerk.display_name} · 综治中心（信访办）" in accounts, accounts
    # A county-level writer reads the township too.
    county = UserFactory(
        username="county_writer", role=Role.JUDICIAL_OFFICE, home_unit=world.county
    )
    assert "李秀英 · 湘江源瑶族乡综治中心（信访办）" in _options(world, county, "owner_person")
    # Nobody of the other township is offered to its outsider.
    assert "李秀英 · 综治中心（信访办）" not in _options(world, world.outsider, "owner_person")
