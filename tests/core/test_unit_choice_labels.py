"""A unit in a choice list says which township it is in when the user's scope
holds more than one: walking the demo, a county user's 所属单位, 牵头单位 and
协办单位 lists offered several identical “司法所” (every township has one).
One rule in core (core.forms.UnitNames, applied to every record form, step
form and list filter): a county user reads 司法所（湘江源瑶族乡）; a township's
clerk and a village cadre read the short name, and nothing of another
township."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.urls import reverse
from lxml import html

from fazhi.core.forms import ActionForm, ScopedModelForm
from fazhi.core.models import OrgUnit, Person
from fazhi.core.roles import Role
from tests.factories import OrgUnitFactory, UserFactory, World

pytestmark = pytest.mark.django_db

FIELDS = ("unit", "lead_unit", "partner_units")


@pytest.fixture
def offices(world: World) -> World:
    for township in (world.township, world.other_township):
        OrgUnitFactory(name="司法所", kind=OrgUnit.Kind.DEPARTMENT, parent=township)
    # The demo's office with brackets in its name: no more brackets after it.
    OrgUnitFactory(name="综治中心（信访办）", kind=OrgUnit.Kind.DEPARTMENT, parent=world.township)
    return world


def _short(offered: list[str]) -> bool:
    """Each option is a unit's own name, no township added."""
    return set(offered) <= set(OrgUnit.objects.values_list("name", flat=True))


def _options(world: World, user: Any, url: str, name: str) -> list[str]:
    response = world.client(user).get(url)
    assert response.status_code == 200
    root = html.fromstring(response.content.decode())
    return [
        o.text_content().strip()
        for o in root.xpath(f"//select[@name='{name}']/option")
        if o.get("value")
    ]


@pytest.mark.parametrize("name", FIELDS)
def test_a_county_user_reads_each_township_s_office_apart(offices: World, name: str) -> None:
    world = offices
    # The demo's county account is read-only; a county-level 司法所 account writes.
    county = UserFactory(
        username="county_writer", role=Role.JUDICIAL_OFFICE, home_unit=world.county
    )
    offered = _options(world, county, reverse("publicity:activity_create"), name)
    assert "司法所（湘江源瑶族乡）" in offered and "司法所（浆洞瑶族乡）" in offered, offered
    assert "荆竹村（湘江源瑶族乡）" in offered
    assert "综治中心（信访办） · 湘江源瑶族乡" in offered
    assert "司法所" not in offered  # no bare, ambiguous entry
    if name == "unit":
        # The townships and the county themselves keep their names.
        assert {"湘江源瑶族乡", "浆洞瑶族乡", "蓝山县"} <= set(offered)
    assert len(offered) == len(set(offered))


@pytest.mark.parametrize("name", FIELDS)
def test_a_township_clerk_and_a_village_cadre_read_the_short_name(
    offices: World, name: str
) -> None:
    world = offices
    for user in (world.owner, world.village_cadre):
        offered = _options(world, user, reverse("publicity:activity_create"), name)
        assert _short(offered) and not any("浆洞" in o for o in offered), offered
        if name != "unit" or user is world.owner:
            assert "司法所" in offered, offered


def test_a_list_filter_names_the_township_for_a_county_user(offices: World) -> None:
    world = offices
    url = reverse("publicity:activity_list")
    offered = _options(world, world.county_user, url, "unit_tree")
    assert "司法所（湘江源瑶族乡）" in offered and "司法所（浆洞瑶族乡）" in offered, offered
    offered = _options(world, world.owner, url, "unit_tree")
    assert "司法所" in offered and _short(offered), offered


class _Step(ActionForm):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Narrowed (or added) by the form after the base's __init__, as steps do.
        self.fields["also"] = forms.ModelMultipleChoiceField(
            queryset=OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT)
        )


class _Record(ScopedModelForm):
    class Meta:
        model = Person
        fields = ["unit", "name"]


def _labels(form: Any, name: str) -> list[str]:
    return [str(label) for value, label in form[name].field.choices if value]


@pytest.mark.parametrize("form_class", [_Step, _Record], ids=["step", "record"])
def test_every_form_of_core_names_its_units_for_its_user(offices: World, form_class: Any) -> None:
    world = offices
    names = ["unit", "also"] if form_class is _Step else ["unit"]
    for name in names:
        county = _labels(form_class(user=world.county_user), name)
        assert "司法所（浆洞瑶族乡）" in county and "司法所" not in county, county
        own = _labels(form_class(user=world.owner), name)
        if name == "also":  # the step's own list, not narrowed to the scope
            continue
        assert "司法所" in own and _short(own), own
