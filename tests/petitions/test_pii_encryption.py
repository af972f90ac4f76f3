"""Petitioners' ID numbers, phones and addresses are encrypted at rest, and
repeat-petition detection still finds the same person by ID number through
the blind index (issue 17; docs/security.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from fazhi.core import crypto
from fazhi.core.fields import by_blind_index
from fazhi.petitions.models import Petitioner
from fazhi.petitions.workflow import PetitionerData
from tests.factories import valid_id_number

pytestmark = pytest.mark.django_db

ID = valid_id_number(4242)


def test_petitioner_columns_hold_tokens_and_repeats_are_found(register: Any) -> None:
    first = register(
        petitioners=[PetitionerData("盘某", ID, "13800000001", "荆竹村1组")],
        title="山林权属争议",
        content="与邻组就山林界址发生争议。",
    )
    row = first.petitioners.get()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id_number, phone, address, id_number_index FROM petitions_petitioner "
            "WHERE id = %s",
            [row.pk],
        )
        id_number, phone, address, index = cur.fetchone()
    assert ID not in id_number and "13800000001" not in phone and "荆竹村" not in address
    assert crypto.decrypt(id_number) == ID and index == crypto.blind_index("id_number", ID)
    assert Petitioner.objects.filter(**by_blind_index("id_number", ID)).get() == row

    second = register(
        petitioners=[PetitionerData("盘某", ID.lower(), "", "")],
        title="低保评定异议",
        content="完全不同的事项。",
        received_on=dt.date(2024, 10, 2),
    )
    assert second.is_repeat and second.repeat_of == first
    assert "身份证号码相同" in second.repeat_reason
    other = register(
        petitioners=[PetitionerData("盘某", valid_id_number(4243), "", "")],
        title="道路修缮",
        content="又一件不同的事项。",
        received_on=dt.date(2024, 10, 3),
    )
    assert other.repeat_of != first
