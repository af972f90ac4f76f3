"""A petitioner's 身份证号码 and 联系电话 are read the same way wherever a clerk
types them (core.forms.ContactNumbers): the registration page, 添加信访人 and
更正信访人. Left out, nothing is asked; typed full-width, the ID number is
kept half-width; malformed, the post is refused naming the field, nothing saved."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.petitions.models import Petition
from fazhi.petitions.workflow import PetitionerData
from tests.factories import valid_id_number

from .conftest import Leaders, register_post

pytestmark = pytest.mark.django_db

BAD_ID = "身份证号码应为18位"
BAD_PHONE = "电话号码格式不正确"


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)


def test_registration_reads_the_id_number_and_phone(leaders: Leaders, world: Any) -> None:
    client = world.client(leaders.clerk)
    html = client.post("/petitions/new/", register_post(unit=leaders.office.pk, phone="123"))
    assert html.status_code == 200 and BAD_PHONE in html.content.decode()
    assert not Petition.objects.exists()
    number = valid_id_number(77)
    r = client.post(
        "/petitions/new/",
        register_post(unit=leaders.office.pk, id_number=_fullwidth(number), phone=""),
    )
    assert r.status_code == 302
    person = Petition.objects.get().petitioners.get()
    assert (person.id_number, person.phone) == (number, "")


def test_adding_a_petitioner_reads_the_id_number_and_phone(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register()
    client = world.client(leaders.clerk)
    url = f"/petitions/{p.pk}/step/petitioner_add/"
    post = {"version": p.version, "petitioner_add-name": "赵某"}
    for field, value, message in (("id_number", "12345", BAD_ID), ("phone", "123", BAD_PHONE)):
        r = client.post(url, {**post, f"petitioner_add-{field}": value})
        assert r.status_code == 400 and message in r.content.decode(), field
        assert p.petitioners.count() == 1
    number = valid_id_number(78)
    r = client.post(url, {**post, "petitioner_add-id_number": _fullwidth(number).lower()})
    assert r.status_code == 302
    assert p.petitioners.get(name="赵某").id_number == number


def test_correcting_a_petitioner_reads_the_id_number_and_phone(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register(petitioners=[PetitionerData("盘新华", valid_id_number(79), "13900000005")])
    person = p.petitioners.get()
    client = world.client(leaders.clerk)
    post = {
        "version": p.version,
        "petitioner_update-petitioner": person.pk,
        "petitioner_update-name": "盘新华",
    }
    url = f"/petitions/{p.pk}/step/petitioner_update/"
    for field, value, message in (("id_number", "12345", BAD_ID), ("phone", "123", BAD_PHONE)):
        r = client.post(url, {**post, f"petitioner_update-{field}": value})
        assert r.status_code == 400 and message in r.content.decode(), field
    person.refresh_from_db()
    assert (person.id_number, person.phone) == (valid_id_number(79), "13900000005")
