"""A new dispute's 风险等级 is the clerk's to state: the registration form
opened on 低, the model's default, and saved it for a village cadre who
never opened the list (and an API client that sent none got 低 too). The
form, the page, the offline form's upload and the API open on no value or
refuse a dispute without it, naming 风险等级, nothing saved; a dispute's
edit page still shows its recorded level."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from fazhi.mediation import forms
from fazhi.mediation.models import Dispute
from tests.stated_choices import check_stated, opens_on

from .conftest import Med

pytestmark = pytest.mark.django_db

MESSAGE = "风险等级：该字段是必填项。"


def _dispute(med: Med) -> dict[str, Any]:
    return {
        "unit": med.world.village.pk,
        "title": "未定风险的纠纷",
        "category": med.dispute.category.pk,
        "facts": "两户因宅基地边界发生争执。",
        "source": "application",
        "found_on": "2024-09-01",
        "party1_name": "王大山",
    }


def test_the_registration_form_states_the_risk(med: Med) -> None:
    check_stated(forms.DisputeForm, "risk_level", med.world.village_cadre)


def test_the_edit_page_shows_the_recorded_level(med: Med) -> None:
    page = med.world.client(med.world.owner).get(
        reverse("mediation:dispute_edit", args=[med.dispute.pk])
    )
    assert opens_on(page.content.decode(), "risk_level") == med.dispute.risk_level


def _page(med: Med, client: Any) -> tuple[int, str]:
    response = client.post(reverse("mediation:dispute_create"), _dispute(med))
    return response.status_code, response.content.decode()


def _offline(med: Med, client: Any) -> tuple[int, str]:
    data = {
        **_dispute(med),
        "offline_kind": "mediation.dispute",
        "offline_client_id": str(uuid.uuid4()),
    }
    response = client.post("/offline/sync/", data)
    return response.status_code, response.content.decode("unicode_escape")


def _api(med: Med, client: Any) -> tuple[int, str]:
    data = {**_dispute(med), "parties": [{"name": "王大山"}]}
    data.pop("party1_name")
    response = client.post("/api/v1/mediation-disputes/", data, content_type="application/json")
    return response.status_code, str(response.json().get("risk_level"))


@pytest.mark.parametrize(
    ("way", "status"), [(_page, 200), (_offline, 400), (_api, 400)], ids=["page", "offline", "api"]
)
def test_a_dispute_without_its_risk_is_refused_naming_it(med: Med, way: Any, status: int) -> None:
    client = med.world.client(med.world.village_cadre)
    if way is _page:
        page = client.get(reverse("mediation:dispute_create")).content.decode()
        assert opens_on(page, "risk_level") == ""
    code, body = way(med, client)
    assert code == status and MESSAGE in body, body
    assert not Dispute.objects.filter(title="未定风险的纠纷").exists()
    data = {"risk_level": "medium"}
    if way is _api:
        response = client.post(
            "/api/v1/mediation-disputes/",
            {**_dispute(med), **data, "parties": [{"name": "王大山"}]},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
    else:
        response = client.post(reverse("mediation:dispute_create"), {**_dispute(med), **data})
        assert response.status_code == 302
    assert Dispute.objects.get(title="未定风险的纠纷").risk_level == "medium"
