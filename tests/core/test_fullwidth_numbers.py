"""An ID number (身份证号码) or a phone typed with a Chinese IME comes in
full-width: １２３…Ｘ, ０７４６－１２３４５６７, with an ideographic space.
Every form, the API and the ledger import refused them. The shared
normalisers (core.validators: NFKC, an ID number upper-cased, a phone's
spaces dropped; its hyphen kept where the validator allows one) run before
the check, in the fields every form and serializer gets (core.forms /
core.serializers.BoundedInputs), so each accepts them and stores the
half-width number, found again by its blind index."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core import crypto
from fazhi.core.fields import by_blind_index
from fazhi.core.ledger_import import engine
from fazhi.core.ledger_import import values as V
from fazhi.core.models import Person
from fazhi.core.validators import (
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)
from fazhi.petitions.ledger import KIND as PETITIONS_LEDGER
from fazhi.petitions.models import Petitioner
from tests import ledgers
from tests.factories import World, valid_id_number

FULL = str.maketrans(
    "0123456789Xx-", "０１２３４５６７８９Ｘｘ－"
)  # what an IME types for digits, the check letter and a dash
SPACES = st.sampled_from(["", " ", "\u3000"])  # none, a space, an ideographic one


def full_width(value: str) -> str:
    return value.translate(FULL)


ID_NUMBERS = st.builds(
    valid_id_number,
    st.integers(min_value=1, max_value=999),
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2010, 12, 31)),
    st.booleans(),
)
MOBILES = st.from_regex(r"\A1[3-9][0-9]{9}\Z")


@given(number=ID_NUMBERS, lower=st.booleans(), before=SPACES, after=SPACES)
@settings(max_examples=200, deadline=None)
def test_a_full_width_id_number_is_the_same_number(
    number: str, lower: bool, before: str, after: str
) -> None:
    typed = before + full_width(number.lower() if lower else number) + after
    assert normalize_id_number(typed) == number
    validate_id_number(typed)


@given(number=MOBILES, gaps=st.lists(SPACES, min_size=11, max_size=11))
@settings(max_examples=200, deadline=None)
def test_a_full_width_mobile_is_the_same_number(number: str, gaps: list[str]) -> None:
    typed = "".join(gap + full_width(digit) for gap, digit in zip(gaps, number, strict=True))
    assert normalize_phone(typed) == number
    validate_phone(typed)
    assert crypto.blind_index("phone", typed) == crypto.blind_index("phone", number)


def test_a_landline_keeps_its_dash_and_a_wrong_number_stays_wrong() -> None:
    assert normalize_phone("０７４６－１２３４５６７") == "0746-1234567"
    assert normalize_phone("０７４６\u3000１２３４５６７") == "07461234567"
    # A mobile with +86 is taken since (tests/core/test_phone_as_written.py).
    for wrong in ("１２３４５", "１３８００００００００ｘ", "＋８６ １２８００００００００"):
        with pytest.raises(ValidationError):
            validate_phone(wrong)
    with pytest.raises(ValidationError):
        validate_id_number(full_width(valid_id_number(3))[:-1] + "０")


# --- the API, the pages, the ledger import ------------------------------------------


@pytest.mark.django_db
def test_api_stores_a_full_width_person_number_half_width(world: World) -> None:
    number = valid_id_number(21)
    r = world.client(world.owner).post(
        "/api/v1/people/",
        {
            "unit": world.village.pk,
            "name": "盘小妹",
            "id_number": full_width(number),
            "phone": "１３８\u3000０７４６\u3000１２３４",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    person = Person.objects.get(pk=r.json()["id"])
    assert person.id_number == number and person.phone == "13807461234"
    assert Person.objects.filter(**by_blind_index("id_number", number)).get() == person


@pytest.mark.django_db
def test_the_person_page_stores_a_full_width_number_half_width(world: World) -> None:
    number = valid_id_number(22, female=True)
    r = world.client(world.owner).post(
        "/people/new/",
        {
            "unit": world.village.pk,
            "name": "赵小兰",
            "id_number": full_width(number),
            "phone": "０７４６－１２３４５６７",
        },
    )
    assert r.status_code == 302, r.context["form"].errors if r.context else r.status_code
    person = Person.objects.get(name="赵小兰")
    assert person.id_number == number and person.phone == "0746-1234567"


@pytest.mark.django_db
def test_api_registers_a_petitioner_typed_full_width(world: World) -> None:
    number = valid_id_number(23)
    r = world.client(world.owner).post(
        "/api/v1/petitions/",
        {
            "unit": world.township.pk,
            "channel": "letter",
            "category": "suggestion",
            "title": "建议增设路灯",
            "content": "村口无路灯。",
            "received_on": "2024-09-20",
            "petitioners": [
                {"name": "冯某", "id_number": full_width(number), "phone": "１３９００００１１１１"}
            ],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    petitioner = Petitioner.objects.get(petition_id=r.json()["id"])
    assert petitioner.id_number == number and petitioner.phone == "13900001111"


@pytest.mark.django_db
def test_a_mediation_party_form_takes_full_width_numbers(world: World) -> None:
    from fazhi.mediation.forms import PartyForm

    number = valid_id_number(24)
    form = PartyForm(
        {
            "name": "李某",
            "role": "applicant",
            "id_number": full_width(number),
            "phone": "１３７ ００００ ２２２２",
        },
        user=world.owner,
        record=None,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == number
    assert form.cleaned_data["phone"] == "13700002222"


def test_a_ledger_cell_typed_full_width_is_read_half_width() -> None:
    number = valid_id_number(25)
    assert V.parse_id_number(full_width(number)) == (number, [])
    assert V.parse_phone("１３８ ０７４６ １２３４") == ("13807461234", [])


@pytest.mark.django_db
def test_the_petition_ledger_imports_full_width_numbers(world: World) -> None:
    number = valid_id_number(26)
    rows = [
        "序号,信访人姓名,身份证号,电话,所在村,登记日期,信访方式,问题类别,主要诉求",
        f"1,孙丽华,{full_width(number)},１３３００００１１１１,荆竹村,2024.3.5,来访,建议意见类,修路",
    ]
    report = ledgers.run(
        PETITIONS_LEDGER, world, data="\n".join(rows).encode(), name="台账.csv", dry_run=False
    )
    [row] = report.rows
    assert row.outcome == engine.CREATED, (row.reasons, row.warnings)
    assert not row.warnings
    person: Any = Person.objects.filter(**by_blind_index("id_number", number)).get()
    assert person.id_number == number and person.phone == "13300001111"
