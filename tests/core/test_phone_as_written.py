"""A mobile as ledgers and people write it is the same number
(core.validators.normalize_phone): with dashes or spaces (138-0000-0000,
138 0000 0000), with the country code (+86, 0086, 86), full-width, or all of
these; every form, the API and the ledger import store the plain 11 digits.
Before, each of these was refused ("电话号码格式不正确…") or, in the import,
kept as typed with a warning. A number that is wrong stays refused, naming
the field; a landline keeps working as before (0746-1234567, 07461234567)."""

from __future__ import annotations

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
from fazhi.core.validators import normalize_phone, validate_phone
from fazhi.petitions.ledger import KIND as PETITIONS_LEDGER
from tests import ledgers
from tests.factories import World

FULL = str.maketrans("0123456789-+()", "０１２３４５６７８９－＋（）")
MOBILES = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
PREFIXES = st.sampled_from(["", "+86", "0086", "86", "(+86)", "+86-", "86-"])
MARKS = st.sampled_from(["", " ", "\u3000", "-", "－"])


@st.composite
def written(draw: Any) -> tuple[str, str]:
    """A mobile and the way a ledger wrote it."""
    number = draw(MOBILES)
    # Dashes or spaces between any digits, the common 3-4-4 among them.
    marks = draw(st.lists(MARKS, min_size=10, max_size=10))
    if draw(st.booleans()):
        marks = ["" if i not in (2, 6) else draw(MARKS) for i in range(10)]
    typed = number[0] + "".join(m + d for m, d in zip(marks, number[1:], strict=True))
    typed = draw(PREFIXES) + draw(st.sampled_from(["", " "])) + typed
    if draw(st.booleans()):
        typed = typed.translate(FULL)
    return number, draw(st.sampled_from(["", " "])) + typed + draw(st.sampled_from(["", " "]))


@given(written())
@settings(max_examples=300, deadline=None)
def test_a_mobile_as_written_is_its_eleven_digits(case: tuple[str, str]) -> None:
    number, typed = case
    assert normalize_phone(typed) == number
    validate_phone(typed)
    assert normalize_phone(number) == number
    assert crypto.blind_index("phone", typed) == crypto.blind_index("phone", number)


@given(st.text(alphabet="0123456789+-() \u3000１２３８６－＋", max_size=24))
@settings(max_examples=300, deadline=None)
def test_normalising_twice_is_normalising_once(typed: str) -> None:
    once = normalize_phone(typed)
    assert normalize_phone(once) == once


@pytest.mark.parametrize(
    "wrong",
    [
        "138-0000-000",  # ten digits
        "138 0000 00000",  # twelve
        "128-0000-0000",  # no mobile starts 12
        "+86 128 0000 0000",
        "+87 138 0000 0000",  # another country
        "0086 0138 0000 0000",
        "138-0000-000a",
        "86 138 0000 00",
        "+86 0746 1234567",  # a landline with the country code: not taken
        "0746-123-4567",
    ],
)
def test_a_wrong_number_stays_wrong(wrong: str) -> None:
    with pytest.raises(ValidationError):
        validate_phone(wrong)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0746-1234567", "0746-1234567"),
        ("07461234567", "07461234567"),
        ("0746 1234567", "07461234567"),
        ("010-12345678", "010-12345678"),
        ("０７４６－１２３４５６７", "0746-1234567"),
    ],
)
def test_a_landline_keeps_working(typed: str, stored: str) -> None:
    assert normalize_phone(typed) == stored
    validate_phone(typed)


# --- the page, the API, the ledger import --------------------------------------------


@pytest.mark.django_db
def test_the_person_page_stores_the_eleven_digits(world: World) -> None:
    r = world.client(world.owner).post(
        "/people/new/",
        {"unit": world.village.pk, "name": "赵小兰", "phone": "+86 138-0746-1234"},
    )
    assert r.status_code == 302, r.context["form"].errors if r.context else r.status_code
    assert Person.objects.get(name="赵小兰").phone == "13807461234"


@pytest.mark.django_db
def test_the_person_page_names_the_field_of_a_wrong_number(world: World) -> None:
    r = world.client(world.owner).post(
        "/people/new/",
        {"unit": world.village.pk, "name": "赵小兰", "phone": "128-0746-1234"},
    )
    assert r.status_code == 200
    assert "电话号码格式不正确" in " ".join(r.context["form"].errors["phone"])
    assert not Person.objects.filter(name="赵小兰").exists()


@pytest.mark.django_db
def test_the_api_stores_the_eleven_digits(world: World) -> None:
    client = world.client(world.owner)
    r = client.post(
        "/api/v1/people/",
        {"unit": world.village.pk, "name": "盘小妹", "phone": "0086 139-0000-1111"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    person = Person.objects.get(pk=r.json()["id"])
    assert person.phone == "13900001111"
    assert Person.objects.filter(**by_blind_index("phone", "13900001111")).get() == person
    wrong = client.post(
        "/api/v1/people/",
        {"unit": world.village.pk, "name": "盘小弟", "phone": "0086 129-0000-1111"},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "phone" in wrong.json()


def test_a_ledger_cell_is_read_as_the_eleven_digits() -> None:
    assert V.parse_phone("138-0746-1234") == ("13807461234", [])
    assert V.parse_phone("+86 138 0746 1234") == ("13807461234", [])


@pytest.mark.django_db
def test_the_petition_ledger_imports_the_eleven_digits(world: World) -> None:
    rows = [
        "序号,信访人姓名,电话,所在村,登记日期,信访方式,问题类别,主要诉求",
        "1,孙丽华,+86 133-0000-1111,荆竹村,2024.3.5,来访,建议意见类,修路",
    ]
    report = ledgers.run(
        PETITIONS_LEDGER, world, data="\n".join(rows).encode(), name="台账.csv", dry_run=False
    )
    [row] = report.rows
    assert row.outcome == engine.CREATED, (row.reasons, row.warnings)
    assert not row.warnings
    person: Any = Person.objects.get(name="孙丽华")
    assert person.phone == "13300001111"
