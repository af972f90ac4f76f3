"""An activity's 覆盖单位 outside its 所属单位's range is refused saying the
rule as it applies: the units must be the 所属单位's (an office's: its
township's) or below them, and either input may be the one to change. A
county user, who may choose any township as 所属单位, read only
“覆盖单位“荆竹村”不在浆洞瑶族乡的范围内。” and could not tell that the
township named was the 所属单位 they had chosen."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from lxml import html

from fazhi.core.roles import Role
from fazhi.publicity.models import PublicityActivity
from tests.factories import UserFactory, World

from .helpers import topic

pytestmark = pytest.mark.django_db


def _refusal(world: World, user: Any, unit: Any, reached: Any) -> str:
    post = {
        "unit": unit.pk,
        "title": "宪法宣传",
        "date": "2024-03-10",
        "kind": "stall",
        "topics": [topic().pk],
        "sectors": ["village"],
        "units_reached": [reached.pk],
        "lead_unit": world.township.pk,
        "participants": "80",
        "materials": "100",
        "cost": "0",
    }
    r = world.client(user).post(reverse("publicity:activity_create"), post)
    assert r.status_code == 200
    root = html.fromstring(r.content.decode())
    # Beside the 覆盖单位 input: the message names its field.
    beside = root.xpath(
        "//select[@name='units_reached']/following-sibling::*[contains(@class, 'invalid-feedback')]"
    )
    assert beside, r.content.decode()
    assert not PublicityActivity.objects.exists()
    return " ".join(e.text_content().strip() for e in beside)


def test_township_clerks_refusal_names_the_units_reach(world: World) -> None:
    said = _refusal(world, world.owner, world.village, world.village2)
    assert said == (
        "覆盖单位“紫良村”不在荆竹村的范围内：所属单位为“荆竹村”的活动，"
        "覆盖单位应为荆竹村或其下属单位。请改选覆盖单位或所属单位。"
    ), said


def test_county_users_refusal_names_the_chosen_township(world: World) -> None:
    county = UserFactory(
        username="county_writer", role=Role.JUDICIAL_OFFICE, home_unit=world.county
    )
    said = _refusal(world, county, world.other_township, world.village)
    assert said == (
        "覆盖单位“荆竹村”不在浆洞瑶族乡的范围内：所属单位为“浆洞瑶族乡”的活动，"
        "覆盖单位应为浆洞瑶族乡或其下属单位。请改选覆盖单位或所属单位。"
    ), said
