"""Personal data in API answers (core.api_pii, issue 17): masked for every
role unless a role that may see it asks on a read with `?reason=`; then in
full, each record's read audited with the reason and the fields. A short
reason is refused, 400 naming `reason`. The masked answer is free; a write's
echo stays masked. Personas: owner (judicial office), colleague in scope
(township leader), village cadre (no PII right), outsider (404)."""

from __future__ import annotations

import pytest

from fazhi.core.models import AuditEvent, Person
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db

ID, PHONE = "11010519491231002X", "13912345678"


@pytest.fixture
def citizen(world: World) -> Person:
    return PersonFactory(name="盘阿妹", unit=world.village, id_number=ID, phone=PHONE)


def reveals(person: Person) -> object:
    return AuditEvent.objects.filter(action="reveal", object_id=str(person.pk))


@pytest.mark.parametrize("persona", ["owner", "colleague"])
def test_without_a_reason_the_answer_is_masked_and_free(
    world: World, citizen: Person, persona: str
) -> None:
    client = world.client(getattr(world, persona))
    detail = client.get(f"/api/v1/people/{citizen.pk}/")
    assert detail.status_code == 200
    assert detail.json()["id_number"] == "1101**********002X"
    assert detail.json()["phone"] == "139****5678"
    listed = client.get("/api/v1/people/").content.decode()
    assert ID not in listed and PHONE not in listed
    assert not AuditEvent.objects.filter(action="reveal").exists()


@pytest.mark.parametrize("persona", ["owner", "colleague"])
def test_with_a_reason_full_values_and_each_record_audited(
    world: World, citizen: Person, persona: str
) -> None:
    user = getattr(world, persona)
    client = world.client(user)
    detail = client.get(f"/api/v1/people/{citizen.pk}/", {"reason": "核实身份 来访"})
    assert detail.status_code == 200
    assert detail.json()["id_number"] == ID and detail.json()["phone"] == PHONE
    event = reveals(citizen).get(actor=user)
    assert event.changes["理由"] == "核实身份 来访"
    assert {"id_number", "phone"} <= set(event.changes["字段"])
    assert "理由：核实身份 来访" in event.note
    listed = client.get("/api/v1/people/", {"reason": "联系当事人"})
    assert ID in listed.content.decode()
    assert reveals(citizen).filter(actor=user, changes__理由="联系当事人").count() == 1


@pytest.mark.parametrize("reason", ["", "查", "  "])
def test_a_short_reason_is_refused_naming_the_field(
    world: World, citizen: Person, reason: str
) -> None:
    response = world.client(world.owner).get(f"/api/v1/people/{citizen.pk}/", {"reason": reason})
    assert response.status_code == 400
    assert "reason" in response.json() and ID not in response.content.decode()
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_a_role_without_the_right_gets_the_masked_answer_with_or_without(
    world: World, citizen: Person
) -> None:
    client = world.client(world.village_cadre)
    for params in ({}, {"reason": "办理需要"}, {"reason": "查"}):
        response = client.get(f"/api/v1/people/{citizen.pk}/", params)
        assert response.status_code == 200 and ID not in response.content.decode()
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_outsider_404_with_or_without_a_reason(world: World, citizen: Person) -> None:
    client = world.client(world.outsider)
    assert client.get(f"/api/v1/people/{citizen.pk}/").status_code == 404
    assert client.get(f"/api/v1/people/{citizen.pk}/", {"reason": "办理需要"}).status_code == 404
    listed = client.get("/api/v1/people/", {"reason": "办理需要"}).content.decode()
    assert ID not in listed and "盘阿妹" not in listed
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_a_writes_echo_stays_masked(world: World, citizen: Person) -> None:
    response = world.client(world.owner).patch(
        f"/api/v1/people/{citizen.pk}/?reason=办理需要",
        {"note": "已核实", "version": citizen.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["id_number"] == "1101**********002X"
    assert not AuditEvent.objects.filter(action="reveal").exists()
