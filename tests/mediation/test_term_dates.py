"""A committee's term start so late that its three-year end falls past the
calendar's last day (9999-12-31): refused naming the field, in Chinese, on
the API (400), the edit page (the form again) and the 换届 step, with the
committee as it was. Before, `committee_term_end` raised `ValueError` (year
10002 is out of range): a 500 the fuzzer found."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from fazhi.mediation.models import MediationCommittee

from .conftest import D, Med

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
LATE = ("9999-12-31", "9998-01-01")


def _unchanged(committee: MediationCommittee) -> None:
    fresh = MediationCommittee.objects.get(pk=committee.pk)
    assert (fresh.term_start, fresh.term_end) == (committee.term_start, committee.term_end)


@pytest.mark.parametrize("day", LATE)
def test_api_edit_with_a_term_past_the_calendar_is_400(med: Med, day: str) -> None:
    committee = med.village_committee
    client = med.world.client(med.world.owner)
    response = client.patch(
        f"/api/v1/mediation-committees/{committee.pk}/",
        json.dumps({"term_start": day}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert CJK.search(" ".join(response.json()["term_start"])), response.json()
    _unchanged(committee)


@pytest.mark.parametrize("day", LATE)
def test_renewal_with_a_term_past_the_calendar_is_400(med: Med, day: str) -> None:
    committee = med.village_committee
    client = med.world.client(med.world.owner)
    response = client.post(
        f"/api/v1/mediation-committees/{committee.pk}/renew/",
        json.dumps({"term_start": day}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "term_start" in response.json(), response.json()
    _unchanged(committee)


def test_api_create_with_a_term_past_the_calendar_is_400(med: Med) -> None:
    client = med.world.client(med.world.owner)
    before = MediationCommittee.objects.count()
    response = client.post(
        "/api/v1/mediation-committees/",
        json.dumps(
            {
                "unit": med.world.village2.pk,
                "name": "另一村人民调解委员会",
                "level": MediationCommittee.Level.VILLAGE,
                "established_on": "9999-01-01",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert {"term_start", "established_on"} & set(body), body
    assert MediationCommittee.objects.count() == before


def test_edit_page_with_a_term_past_the_calendar_shows_the_form_again(med: Med) -> None:
    committee = med.village_committee
    client = med.world.client(med.world.owner)
    url = reverse("mediation:committee_edit", args=[committee.pk])
    form = client.get(url).context["form"]
    data = {
        name: (value.isoformat() if isinstance(value, D) else value)
        for name in form.fields
        if (value := form[name].value()) is not None
    }
    response = client.post(url, {**data, "term_start": "9999-12-31"})
    assert response.status_code == 200, response.status_code
    errors = response.context["form"].errors
    assert "term_start" in errors and CJK.search(" ".join(errors["term_start"])), errors
    _unchanged(committee)
