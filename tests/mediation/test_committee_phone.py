"""A committee's 联系电话 is checked as every other phone is (DESIGN.md,
"Personal information"): the API (PATCH /api/v1/mediation-committees/{id}/)
and the edit page took "+86 128-0000-0000", letters, "12345"; now such a
number is refused naming 联系电话 in Chinese and the committee keeps its
number, while a ledger's spaces ("0746 1234567") are dropped, a number
typed with a Chinese IME (full-width digits) is read half-width and a mobile
written "+86 138-0000-0000" is its 11 digits (core.validators.normalize_phone)."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from fazhi.mediation.models import MediationCommittee

from .conftest import D, Med

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
WRONG = ("+86 128-0000-0000", "１３８ ００００ ０００ｘ", "138 0000 000x", "12345")


@pytest.mark.parametrize("phone", WRONG)
def test_api_refuses_a_phone_that_is_no_phone(med: Med, phone: str) -> None:
    committee = med.village_committee
    before = MediationCommittee.objects.get(pk=committee.pk).phone
    response = med.world.client(med.world.owner).patch(
        f"/api/v1/mediation-committees/{committee.pk}/",
        json.dumps({"phone": phone}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert CJK.search(" ".join(response.json()["phone"])), response.json()
    assert MediationCommittee.objects.get(pk=committee.pk).phone == before


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("0746 1234567", "07461234567"),
        ("０７４６\u3000１２３４５６７", "07461234567"),
        ("+86 138-0000-0000", "13800000000"),
    ],
)
def test_api_drops_a_ledgers_spaces(med: Med, phone: str, stored: str) -> None:
    committee = med.village_committee
    response = med.world.client(med.world.owner).patch(
        f"/api/v1/mediation-committees/{committee.pk}/",
        json.dumps({"phone": phone}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert MediationCommittee.objects.get(pk=committee.pk).phone == stored


@pytest.mark.parametrize("phone", WRONG[:2])
def test_edit_page_refuses_a_phone_that_is_no_phone(med: Med, phone: str) -> None:
    committee = med.village_committee
    client = med.world.client(med.world.owner)
    url = reverse("mediation:committee_edit", args=[committee.pk])
    form = client.get(url).context["form"]
    data = {
        name: (value.isoformat() if isinstance(value, D) else value)
        for name in form.fields
        if (value := form[name].value()) is not None
    }
    response = client.post(url, {**data, "phone": phone})
    assert response.status_code == 200, response.status_code
    errors = response.context["form"].errors
    assert "phone" in errors and CJK.search(" ".join(errors["phone"])), errors
