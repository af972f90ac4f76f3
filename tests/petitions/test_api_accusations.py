"""An accusation (检举控告类信访) on the API list and in the steps' answers
(issue 17; 《信访工作条例》第三十条, PIPL 第六条): its title, content, accused
unit and accusers come only on a read with a reason, each accusation so
shown audited as a read (查阅) with it; without one the list shows the
matter's number, stage and dates and `WITHHELD` in place of its text. A step's
or a registration's echo is not a read: withheld too. Personas: the petition
clerk who registered it (owner), the township leader (colleague in scope),
the other township's judicial office (outsider: not listed, 404)."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core.models import AuditEvent, User
from fazhi.petitions.api import WITHHELD
from fazhi.petitions.models import Petition
from tests.factories import World
from tests.petitions.conftest import Leaders, make_petition

pytestmark = pytest.mark.django_db

TITLE, CONTENT = "举报某站所乱收费", "举报人反映某站所违规收取办证费用。"
ACCUSER = "盘某"
LIST = "/api/v1/petitions/"


@pytest.fixture
def accusation(world: World, leaders: Leaders) -> Petition:
    return make_petition(
        leaders.clerk,
        leaders.office,
        category="accusation",
        title=TITLE,
        content=CONTENT,
        accused_unit=world.village2,
    )


@pytest.fixture
def claim(leaders: Leaders) -> Petition:
    return make_petition(leaders.clerk, leaders.office)


def persona(world: World, leaders: Leaders, name: str) -> User:
    return leaders.clerk if name == "owner" else world.colleague


def row(body: dict[str, Any], pk: int) -> dict[str, Any]:
    return next(r for r in body["results"] if r["id"] == pk)


def reads(p: Petition) -> Any:
    return AuditEvent.objects.filter(action="view", object_id=str(p.pk))


@pytest.mark.parametrize("name", ["owner", "colleague"])
def test_the_list_withholds_an_accusation_without_a_reason(
    world: World, leaders: Leaders, accusation: Petition, claim: Petition, name: str
) -> None:
    response = world.client(persona(world, leaders, name)).get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert TITLE not in text and CONTENT not in text and "违规收取" not in text
    shown = row(response.json(), accusation.pk)
    assert shown["number"] == accusation.number and shown["stage"] == accusation.stage
    assert shown["title"] == shown["content"] == str(WITHHELD)
    assert shown["reason_required"] is True
    assert shown["accused_unit"] is None and shown["petitioners"] == []
    other = row(response.json(), claim.pk)  # other matters as before
    assert other["title"] == claim.title and other["reason_required"] is False
    assert other["petitioners"][0]["name"] == ACCUSER
    assert not reads(accusation).exists()


@pytest.mark.parametrize("name", ["owner", "colleague"])
def test_the_list_with_a_reason_shows_it_and_audits_the_read(
    world: World, leaders: Leaders, accusation: Petition, claim: Petition, name: str
) -> None:
    user = persona(world, leaders, name)
    response = world.client(user).get(LIST, {"reason": "核实举报内容"})
    assert response.status_code == 200
    shown = row(response.json(), accusation.pk)
    assert shown["title"] == TITLE and shown["content"] == CONTENT
    assert shown["accused_unit"] == world.village2.pk
    assert shown["petitioners"][0]["name"] == ACCUSER
    event = reads(accusation).get()
    assert event.actor == user and event.changes == {"理由": "核实举报内容"}
    assert not reads(claim).exists()  # only the accusation is a read with a reason


@pytest.mark.parametrize("reason", ["", "查", "  "])
def test_the_list_refuses_a_short_reason_naming_it(
    world: World, leaders: Leaders, accusation: Petition, reason: str
) -> None:
    response = world.client(leaders.clerk).get(LIST, {"reason": reason})
    assert response.status_code == 400 and "reason" in response.json()
    assert TITLE not in response.content.decode()
    assert not reads(accusation).exists()


def test_the_outsider_neither_lists_nor_opens_it(world: World, accusation: Petition) -> None:
    client = world.client(world.outsider)
    for params in ({}, {"reason": "核实举报内容"}):
        listed = client.get(LIST, params)
        assert listed.status_code == 200 and listed.json()["count"] == 0
        assert client.get(f"{LIST}{accusation.pk}/", params).status_code == 404
    step = client.post(
        f"{LIST}{accusation.pk}/accept/", {"on": "2024-09-25"}, content_type="application/json"
    )
    assert step.status_code == 404 and TITLE not in step.content.decode()
    assert not reads(accusation).exists()


@pytest.mark.parametrize("name", ["owner", "colleague"])
def test_a_step_answers_without_the_accusation(
    world: World, leaders: Leaders, accusation: Petition, name: str
) -> None:
    client = world.client(persona(world, leaders, name))
    response = client.post(
        f"{LIST}{accusation.pk}/accept/", {"on": "2024-09-25"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"] == "accepted" and body["title"] == str(WITHHELD)
    text = response.content.decode()
    assert TITLE not in text and CONTENT not in text and ACCUSER not in text
    # A refused step's `current` (409: the stage no longer allows it) likewise.
    again = client.post(
        f"{LIST}{accusation.pk}/accept/", {"on": "2024-09-25"}, content_type="application/json"
    )
    assert again.status_code in (400, 409) and TITLE not in again.content.decode()
    assert not reads(accusation).exists()


def test_registering_an_accusation_echoes_it_withheld(world: World, leaders: Leaders) -> None:
    response = world.client(leaders.clerk).post(
        LIST,
        {
            "unit": leaders.office.pk,
            "channel": "letter",
            "category": "accusation",
            "title": TITLE,
            "content": CONTENT,
            "received_on": "2024-09-20",
            "petitioners": [{"name": ACCUSER}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["reason_required"] is True
    assert TITLE not in response.content.decode() and ACCUSER not in response.content.decode()
