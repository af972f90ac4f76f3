"""Edit forms never open with a citizen's ID number, phone or address in full
(issue 17, PIPL 第六条): for every role the field starts empty with what is on
record masked as its placeholder (core.forms.mask_personal_fields); a field left
empty keeps the recorded value, a value typed replaces it. The page's "显示"
(audited with a reason) stays the one way to read a value in full."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core.models import Person
from fazhi.core.validators import mask_id_number, mask_phone
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
ADDRESS = "湖南省蓝山县湘江源瑶族乡荆竹村3组"


@pytest.fixture
def citizen(world: World) -> Person:
    return PersonFactory(
        name="盘阿妹",
        unit=world.village,
        ethnicity="汉族",
        id_number=ID_NUMBER,
        phone=PHONE,
        address=ADDRESS,
    )


def edit_data(world: World, citizen: Person, **changes: Any) -> dict[str, Any]:
    data = {
        "unit": world.village.pk,
        "name": citizen.name,
        "gender": "F",
        "ethnicity": citizen.ethnicity,
        "id_number": "",
        "phone": "",
        "address": "",
        "title": "",
        "note": "",
        "version": citizen.version,
    }
    return {**data, **changes}


@pytest.mark.parametrize("persona", ["owner", "colleague"])
def test_the_person_form_opens_masked_for_a_pii_role(
    world: World, citizen: Person, persona: str
) -> None:
    html = world.client(getattr(world, persona)).get(f"/people/{citizen.pk}/edit/")
    body = html.content.decode()
    assert html.status_code == 200
    for value in (ID_NUMBER, PHONE, ADDRESS):
        assert value not in body
    assert f"已登记：{mask_id_number(ID_NUMBER)}" in body
    assert f"已登记：{mask_phone(PHONE)}" in body
    assert "留空则保留已登记的内容。" in body


@pytest.mark.parametrize("persona", ["owner", "colleague"])
def test_left_empty_keeps_and_typed_replaces(world: World, citizen: Person, persona: str) -> None:
    client = world.client(getattr(world, persona))
    response = client.post(
        f"/people/{citizen.pk}/edit/", edit_data(world, citizen, ethnicity="瑶族")
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    citizen.refresh_from_db()
    assert (citizen.id_number, citizen.phone, citizen.address) == (ID_NUMBER, PHONE, ADDRESS)
    assert citizen.ethnicity == "瑶族"
    response = client.post(
        f"/people/{citizen.pk}/edit/", edit_data(world, citizen, phone="13800001111")
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.phone == "13800001111" and citizen.id_number == ID_NUMBER


def test_a_typed_value_is_still_checked(world: World, citizen: Person) -> None:
    client = world.client(world.owner)
    response = client.post(
        f"/people/{citizen.pk}/edit/", edit_data(world, citizen, id_number="110105194912310021")
    )
    assert response.status_code == 200
    assert "身份证" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.id_number == ID_NUMBER


def test_a_new_person_form_has_no_placeholder_of_record(world: World) -> None:
    body = world.client(world.owner).get("/people/new/").content.decode()
    assert "已登记：" not in body


def test_the_outsider_gets_404(world: World, citizen: Person) -> None:
    client = world.client(world.outsider)
    assert client.get(f"/people/{citizen.pk}/edit/").status_code == 404
    assert client.post(f"/people/{citizen.pk}/edit/", edit_data(world, citizen)).status_code == 404
