"""A new record's choice of a fact opens on "---------", as a step's does
(test_step_choices_stated.py): 登记线索 opened on 案件来源 日常检查发现 and
当事人类型 公民 (简易程序 and 行政检查 on 公民 too), a training's 类别 on
公共法律知识 and an exam's on 行政执法资格考试, the models' defaults, so an
officer who did not open the list recorded them; an API client that sent no
source or party_type got them too. Each is required, refused naming the
field on the page and the API, nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from fazhi.enforcement import forms
from fazhi.enforcement.models import EnforcementCase, Exam, Training
from tests.stated_choices import check_stated, opens_on

from .conftest import Enf

pytestmark = pytest.mark.django_db

STATED = [
    (forms.CaseForm, "enforcement:case_create", "source", "案件来源"),
    (forms.CaseForm, "enforcement:case_create", "party_type", "当事人类型"),
    (forms.SummaryForm, "enforcement:summary_create", "party_type", "当事人类型"),
    (forms.InspectionForm, "enforcement:inspection_create", "party_type", "当事人类型"),
    (forms.TrainingForm, "enforcement:training_create", "kind", "类别"),
    (forms.ExamForm, "enforcement:exam_create", "kind", "类别"),
]


@pytest.mark.parametrize(
    ("form_class", "page", "name", "label"),
    STATED,
    ids=[f"{f.__name__}.{n}" for f, _p, n, _l in STATED],
)
def test_a_new_records_stated_choice_opens_on_no_value_and_is_required(
    enf: Enf, form_class: Any, page: str, name: str, label: str
) -> None:
    check_stated(form_class, name, enf.w.officer)
    client = enf.w.client(enf.w.officer)
    assert opens_on(client.get(reverse(page)).content.decode(), name) == ""
    refused = client.post(reverse(page), {"title": "未选的记录"})
    assert refused.status_code == 200
    assert f"{label}：该字段是必填项。" in refused.content.decode()
    for model in (EnforcementCase, Training, Exam):
        assert not model.objects.filter(title="未选的记录").exists()


def _case(enf: Enf, **changes: Any) -> dict[str, Any]:
    data = {
        "unit": enf.w.township.pk,
        "case_type": "penalty",
        "title": "API登记的线索",
        "field": enf.fields["forestry"].pk,
        "source": "report",
        "party_type": "organisation",
        "party_name": "某某木材加工厂",
        "act_date": "2024-03-01",
        "discovered_on": "2024-03-04",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("name", "label"),
    [("source", "案件来源"), ("party_type", "当事人类型")],
    ids=["source", "party_type"],
)
def test_a_case_posted_without_its_stated_choice_is_400_naming_it(
    enf: Enf, name: str, label: str
) -> None:
    client = enf.w.client(enf.w.officer)
    url = "/api/v1/enforcement/cases/"
    response = client.post(url, _case(enf, **{name: None}), content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()[name] == [f"{label}：该字段是必填项。"]
    assert not EnforcementCase.objects.filter(title="API登记的线索").exists()
    response = client.post(url, _case(enf), content_type="application/json")
    assert response.status_code == 201, response.content
    made = EnforcementCase.objects.get(title="API登记的线索")
    assert (made.source, made.party_type) == ("report", "organisation")
