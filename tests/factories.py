"""Factories and the personas every access-rule test uses.

The world: a county with two townships; township A has two villages. Personas
(Healthchecks style): the owner of a record, a colleague in scope, and an
outsider in another township or village who must get 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import factory
import pytest
from django.test import Client

from fazhi.core import passwords
from fazhi.core.models import OrgUnit, Person, User
from fazhi.core.roles import Role
from fazhi.core.validators import id_check_digit

PASSWORD = "test-pass-123"


def valid_id_number(n: int = 1, birth: dt.date = dt.date(1980, 5, 17), female: bool = False) -> str:
    first17 = f"431127{birth:%Y%m%d}{(n * 2 + (0 if female else 1)) % 1000:03d}"
    return first17 + id_check_digit(first17)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = OrgUnit.Kind.TOWNSHIP


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")
    unit = factory.SubFactory(OrgUnitFactory)
    id_number = factory.Sequence(lambda n: valid_id_number(n + 1))
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    address = "湖南省蓝山县湘江源瑶族乡荆竹村1组"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.JUDICIAL_OFFICE
    home_unit = factory.SubFactory(OrgUnitFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()
            # As if the user had chosen it: no forced change on the password page.
            passwords.mark_chosen(obj)


@dataclass
class World:
    county: OrgUnit
    township: OrgUnit
    village: OrgUnit
    village2: OrgUnit
    other_township: OrgUnit
    owner: User  # judicial office of township A
    colleague: User  # leader of township A
    outsider: User  # judicial office of township B
    village_cadre: User  # cadre of village 1
    village2_cadre: User  # cadre of village 2
    county_user: User  # county supervisor
    reviewer: User  # legal reviewer of township A
    officer: User  # enforcement officer of township A

    def client(self, user: User) -> Client:
        # Through the second factor for the roles that must use one.
        from tests.twofactor import verified_client

        return verified_client(user)


@pytest.fixture
def world(db: Any) -> World:
    county = OrgUnitFactory(name="蓝山县", kind=OrgUnit.Kind.COUNTY, division_code="431127000000")
    township = OrgUnitFactory(
        name="湘江源瑶族乡", parent=county, abbreviation="湘源", ethnic_minority="瑶族"
    )
    village = OrgUnitFactory(name="荆竹村", kind=OrgUnit.Kind.VILLAGE, parent=township)
    village2 = OrgUnitFactory(name="紫良村", kind=OrgUnit.Kind.VILLAGE, parent=township)
    other = OrgUnitFactory(name="浆洞瑶族乡", parent=county, abbreviation="浆洞")
    return World(
        county=county,
        township=township,
        village=village,
        village2=village2,
        other_township=other,
        owner=UserFactory(username="owner", role=Role.JUDICIAL_OFFICE, home_unit=township),
        colleague=UserFactory(username="colleague", role=Role.TOWNSHIP_LEADER, home_unit=township),
        outsider=UserFactory(username="outsider", role=Role.JUDICIAL_OFFICE, home_unit=other),
        village_cadre=UserFactory(username="cadre1", role=Role.VILLAGE_CADRE, home_unit=village),
        village2_cadre=UserFactory(username="cadre2", role=Role.VILLAGE_CADRE, home_unit=village2),
        county_user=UserFactory(username="county", role=Role.COUNTY_SUPERVISOR, home_unit=county),
        reviewer=UserFactory(username="reviewer", role=Role.LEGAL_REVIEWER, home_unit=township),
        officer=UserFactory(username="officer", role=Role.ENFORCEMENT_OFFICER, home_unit=township),
    )
