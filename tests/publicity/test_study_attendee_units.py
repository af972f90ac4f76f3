"""A study's 参学人员 name each cadre's unit: a county user choosing attendees
read two townships' 张伟 (each of its 司法所) alike. For a user whose scope
holds several townships the unit says its township too (every township has
a 司法所); a township's clerk reads the unit alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from lxml import html

from fazhi.core.models import OrgUnit
from fazhi.core.roles import Role
from tests.factories import OrgUnitFactory, UserFactory, World

from .helpers import cadre

pytestmark = pytest.mark.django_db


def _attendee_options(world: World, user: Any) -> list[str]:
    r = world.client(user).get(reverse("publicity:study_create"))
    assert r.status_code == 200
    root = html.fromstring(r.content.decode())
    return [o.text_content().strip() for o in root.xpath("//select[@name='attendees']/option")]


def test_attendees_are_labelled_with_their_unit(world: World) -> None:
    ours = OrgUnitFactory(name="司法所", kind=OrgUnit.Kind.DEPARTMENT, parent=world.township)
    theirs = OrgUnitFactory(
        name="司法所", kind=OrgUnit.Kind.DEPARTMENT, parent=world.other_township
    )
    cadre(world, unit=ours, name="张伟")
    cadre(world, unit=theirs, name="张伟")
    cadre(world, unit=world.village, name="盘有德")
    county = UserFactory(
        username="county_writer", role=Role.JUDICIAL_OFFICE, home_unit=world.county
    )
    offered = _attendee_options(world, county)
    assert "张伟（湘江源瑶族乡司法所）" in offered, offered
    assert "张伟（浆洞瑶族乡司法所）" in offered
    assert "盘有德（湘江源瑶族乡荆竹村）" in offered
    # The township's own clerk: one township, the unit alone.
    offered = _attendee_options(world, world.owner)
    assert "张伟（司法所）" in offered and "盘有德（荆竹村）" in offered, offered
    assert not any("浆洞" in o for o in offered)


def test_an_attendee_label_never_nests_brackets(world: World) -> None:
    """A unit whose own name holds brackets (the demo's 综治中心（信访办）)
    read 张伟（综治中心（信访办））: the unit then follows a dot, for the
    clerk and for a county user."""
    named = "综治中心（信访办）"
    ours = OrgUnitFactory(name=named, kind=OrgUnit.Kind.DEPARTMENT, parent=world.township)
    cadre(world, unit=ours, name="张伟")
    cadre(world, unit=world.village, name="盘有德")
    county = UserFactory(
        username="county_writer", role=Role.JUDICIAL_OFFICE, home_unit=world.county
    )
    offered = _attendee_options(world, world.owner)
    assert f"张伟 · {named}" in offered and "盘有德（荆竹村）" in offered, offered
    offered = _attendee_options(world, county)
    assert f"张伟 · 湘江源瑶族乡{named}" in offered, offered
    for label in offered:
        inner = label.split("（", 1)[-1] if "（" in label else ""
        assert "（" not in inner, label
