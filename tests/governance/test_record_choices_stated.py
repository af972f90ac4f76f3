"""An information request's 申请人类别 is stated: the clerk's 登记申请 and the
citizen's online form opened on 公民, the model's default, so a company's
request was recorded as a citizen's (and its credit code checked as an ID
number), and an API client that sent no applicant_kind got 公民. Both forms
open on "---------" and refuse a request without it naming 申请人类别, as
the API does (HTTP 400); nothing saved. So does 法律顾问's 类别."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.governance import forms
from fazhi.governance.models import DisclosureRequest, LegalAdviser
from tests.factories import World
from tests.stated_choices import check_stated, opens_on

pytestmark = pytest.mark.django_db

MESSAGE = "申请人类别：该字段是必填项。"
NAME = "未选类别的申请人"


def _request(world: World) -> dict[str, Any]:
    return {
        "unit": world.township.pk,
        "applicant_name": NAME,
        "phone": "13800000009",
        "channel": "in_person",
        "submitted_on": "2024-03-04",
        "received_on": "2024-03-04",
        "description": "村务公开资料",
    }


def test_the_request_form_states_the_applicants_kind(world: World) -> None:
    check_stated(forms.DisclosureRequestForm, "applicant_kind", world.owner)
    public = forms.PublicRequestForm()
    assert opens_on(str(public["applicant_kind"]), "applicant_kind") == ""
    assert public.fields["applicant_kind"].required


@pytest.mark.parametrize("way", ["page", "public", "api"])
def test_a_request_without_the_applicants_kind_is_refused_naming_it(world: World, way: str) -> None:
    client = Client() if way == "public" else world.client(world.owner)
    if way == "api":
        url = "/api/v1/governance/disclosure-requests/"
        refused = client.post(url, _request(world), content_type="application/json")
        assert refused.status_code == 400, refused.content
        assert refused.json()["applicant_kind"] == [MESSAGE]
        stated = client.post(
            url, {**_request(world), "applicant_kind": "business"}, content_type="application/json"
        )
        assert stated.status_code == 201, stated.content
    else:
        url = reverse("governance:request_create" if way == "page" else "governance:public_apply")
        assert opens_on(client.get(url).content.decode(), "applicant_kind") == ""
        refused = client.post(url, _request(world))
        assert refused.status_code == 200 and MESSAGE in refused.content.decode()
        assert not DisclosureRequest.objects.filter(applicant_name=NAME).exists()
        stated = {
            **_request(world),
            "applicant_kind": "business",
            "id_number": "91431127MA4L0Q3R1X",
        }
        assert client.post(url, stated).status_code == 302
    assert DisclosureRequest.objects.get(applicant_name=NAME).applicant_kind == "business"


# 法律顾问's 类别 opened on 执业律师, the model's default: a 公职律师 or a
# 法学专家 engaged by a clerk who did not open the list was recorded as a
# practising lawyer, and an API client that sent no kind got 执业律师.
ADVISER = "未选类别的顾问"
KIND_MESSAGE = "类别：该字段是必填项。"


def _adviser(world: World) -> dict[str, Any]:
    return {
        "unit": world.township.pk,
        "name": ADVISER,
        "firm": "县司法局",
        "term_start": "2024-01-01",
        "term_end": "2024-12-31",
    }


def test_the_adviser_form_states_the_kind(world: World) -> None:
    check_stated(forms.LegalAdviserForm, "kind", world.owner)


@pytest.mark.parametrize("way", ["page", "api"])
def test_an_adviser_without_the_kind_is_refused_naming_it(world: World, way: str) -> None:
    client = world.client(world.owner)
    if way == "api":
        url = "/api/v1/governance/legal-advisers/"
        refused = client.post(url, _adviser(world), content_type="application/json")
        assert refused.status_code == 400, refused.content
        assert refused.json()["kind"] == [KIND_MESSAGE]
        stated = {**_adviser(world), "kind": "public_lawyer"}
        assert client.post(url, stated, content_type="application/json").status_code == 201
    else:
        url = reverse("governance:adviser_create")
        assert opens_on(client.get(url).content.decode(), "kind") == ""
        refused = client.post(url, _adviser(world))
        assert refused.status_code == 200 and KIND_MESSAGE in refused.content.decode()
        assert not LegalAdviser.objects.filter(name=ADVISER).exists()
        assert client.post(url, {**_adviser(world), "kind": "public_lawyer"}).status_code == 302
    adviser = LegalAdviser.objects.get(name=ADVISER)
    assert adviser.kind == "public_lawyer"
    edit = client.get(reverse("governance:adviser_edit", args=[adviser.pk])).content.decode()
    assert opens_on(edit, "kind") == "public_lawyer"
