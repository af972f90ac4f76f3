"""Fixtures for the petitions tests: the shared personas plus the township's
leadership group, a petition-office clerk and a helper that registers a petition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from fazhi.core.models import (
    GroupMembership,
    LeadershipGroup,
    LeadershipRole,
    OrgUnit,
    Person,
    User,
)
from fazhi.core.roles import Role
from fazhi.petitions import workflow
from fazhi.petitions.models import Petition
from fazhi.petitions.workflow import PetitionerData
from tests.factories import (  # noqa: F401
    OrgUnitFactory,
    PersonFactory,
    UserFactory,
    World,
    valid_id_number,
    world,
)


@dataclass
class Leaders:
    secretary: Person
    head: Person
    chair: Person
    secretary_user: User
    clerk: User  # petition office of township A (owner of the matters it registers)
    office: OrgUnit


@pytest.fixture
def leaders(world: World) -> Leaders:  # noqa: F811
    group = LeadershipGroup.objects.create(unit=world.township, name="推进依法行政工作领导小组")
    people = []
    for i, (name, role, position) in enumerate(
        [
            ("盘建国", LeadershipRole.PARTY_SECRETARY, GroupMembership.Position.CHAIR),
            ("赵永明", LeadershipRole.TOWNSHIP_HEAD, GroupMembership.Position.VICE_CHAIR),
            ("李桂兰", LeadershipRole.CONGRESS_CHAIR, GroupMembership.Position.VICE_CHAIR),
        ]
    ):
        person = PersonFactory(name=name, unit=world.township, is_cadre=True)
        GroupMembership.objects.create(
            group=group, person=person, position=position, leadership_role=role, order=i
        )
        people.append(person)
    secretary_user = UserFactory(
        username="secretary", role=Role.TOWNSHIP_LEADER, home_unit=world.township, person=people[0]
    )
    office = OrgUnitFactory(
        name="综治中心（信访办）", kind=OrgUnit.Kind.DEPARTMENT, parent=world.township
    )
    clerk = UserFactory(username="clerk", role=Role.PETITION_OFFICE, home_unit=office)
    return Leaders(people[0], people[1], people[2], secretary_user, clerk, office)


def make_petition(by: User, unit: OrgUnit, **overrides: Any) -> Petition:
    fields: dict[str, Any] = {
        "unit": unit,
        "channel": "visit",
        "category": "claim",
        "title": "土地承包经营权纠纷",
        "content": "村民反映承包地被他人占用，请求乡政府协调处理。",
        "received_on": dt.date(2024, 9, 20),
        "petitioners": [PetitionerData("盘某", valid_id_number(901), "13800000001", "荆竹村1组")],
        "by": by,
    }
    fields.update(overrides)
    return workflow.register(**fields)


def register_post(**over: Any) -> dict[str, Any]:
    """What the registration page (/petitions/new/) posts for one visit with
    one petitioner, 黄某; any field replaced by `over`."""
    data = {
        "unit": "",
        "channel": "visit",
        "source": "direct",
        "category": "claim",
        "received_on": "2024-09-20",
        "title": "宅基地边界争议",
        "content": "与邻居就宅基地边界发生争议。",
        "group_size": 1,
        "name": "黄某",
        "id_number": valid_id_number(42),
        "phone": "13900000000",
        "others": "",
    }
    data.update(over)
    return data


@pytest.fixture
def register(leaders: Leaders) -> Any:
    def _register(**overrides: Any) -> Petition:
        return make_petition(
            overrides.pop("by", leaders.clerk), overrides.pop("unit", leaders.office), **overrides
        )

    return _register


@pytest.fixture
def submit_public(leaders: Leaders) -> Callable[..., Any]:
    """Post a citizen's matter through the public page (/petitions/public/submit/)
    to the township of `leaders`, as `client` (whose session then holds the
    receipt): a wage claim by 唐某, any field replaced by `overrides`."""

    def _submit(client: Client, **overrides: Any) -> Any:
        data: dict[str, Any] = {
            "township": leaders.office.parent_id,
            "category": "claim",
            "title": "拖欠务工工资",
            "content": "某工地拖欠工资三个月。",
            "name": "唐某",
            "id_number": valid_id_number(56),
            "phone": "13712345678",
        }
        data.update(overrides)
        return client.post("/petitions/public/submit/", data)

    return _submit
