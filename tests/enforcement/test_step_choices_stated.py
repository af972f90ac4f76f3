"""A case step's choice of a fact the officer states opens on "---------",
not on its first value: 审查结论 opened on 给予行政处罚, 陈述申辩情况 on
陈述申辩, 审核结果 on 审核通过, 送达方式 on 当场交付, so an officer who did
not open the list recorded them unnoticed (as the complaint's 核查结论 on
属实, 71871d3). A post without one is refused naming the field, nothing
saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from lxml import html

from fazhi.enforcement import forms, workflow
from fazhi.enforcement.models import EnforcementCase, LegalReview
from tests.stated_choices import check_stated, opens_on

from .conftest import Enf

pytestmark = pytest.mark.django_db

# Each step's choice, by the select's name on the case page, and who sees it
# at which stage ("officer" the case officer, "head" the township leader).
ON_THE_CASE_PAGE = {
    "filed": {"officer": ["investigate-kind", "evidence-kind"]},
    "investigating": {"head": ["review-outcome"]},
    "reviewed": {"officer": ["notify-penalty_kind"]},
    "notified": {"officer": ["statement-kind"]},
    "stated": {"head": ["decide-penalty_kind"]},
    "decided": {"officer": ["serve-method"]},
}


def _errors(page: str) -> list[str]:
    root = html.fromstring(page)
    return [e.text_content().strip() for e in root.xpath("//*[@data-testid='field-error']")]


@pytest.mark.parametrize("stage", list(ON_THE_CASE_PAGE))
def test_a_case_steps_stated_choices_open_on_no_value(enf: Enf, stage: str) -> None:
    case = enf.to_stage(stage)
    users = {"officer": enf.by, "head": enf.head}
    for who, names in ON_THE_CASE_PAGE[stage].items():
        page = enf.w.client(users[who]).get(case.get_absolute_url())
        assert page.status_code == 200
        body = page.content.decode()
        for name in names:
            assert opens_on(body, name) == "", (stage, who, name)


def test_a_coercion_cases_measure_opens_on_no_value(enf: Enf) -> None:
    case = enf.to_stage("filed", case_type="coercion")
    page = enf.w.client(enf.by).get(case.get_absolute_url())
    assert opens_on(page.content.decode(), "apply_measure-kind") == ""


def test_the_summary_forms_penalty_opens_on_no_value(enf: Enf) -> None:
    page = enf.w.client(enf.by).get(reverse("enforcement:summary_create"))
    assert opens_on(page.content.decode(), "penalty_kind") == ""


@pytest.mark.parametrize(
    ("stage", "step", "who", "posted", "refusal"),
    [
        ("investigating", "review", "head", {"review-on": "2024-03-10"}, "审查结论"),
        ("notified", "statement", "by", {"statement-on": "2024-03-18"}, "陈述申辩情况"),
    ],
    ids=["review", "statement"],
)
def test_a_step_posted_without_its_stated_choice_is_refused_naming_it(
    enf: Enf, stage: str, step: str, who: str, posted: dict[str, str], refusal: str
) -> None:
    case = enf.to_stage(stage)
    url = reverse("enforcement:case_action", args=[case.pk, step])
    response = enf.w.client(getattr(enf, who)).post(url, posted)
    assert response.status_code == 400
    assert f"{refusal}：该字段是必填项。" in _errors(response.content.decode())
    assert EnforcementCase.objects.get(pk=case.pk).stage == stage


def _pending_review(enf: Enf) -> LegalReview:
    case = enf.to_stage("stated")
    return workflow.submit_legal_review(case, on=case.notified_on + dt.timedelta(days=4), by=enf.by)


def test_the_legal_reviews_result_opens_on_no_value_and_is_required(enf: Enf) -> None:
    review = _pending_review(enf)
    client: Any = enf.w.client(enf.w.reviewer)
    page = client.get(reverse("enforcement:review_queue"))
    assert opens_on(page.content.decode(), "lr-result") == ""
    response = client.post(
        reverse("enforcement:review_record", args=[review.pk]),
        {"lr-opinion": "事实清楚。", "lr-on": review.submitted_on.isoformat()},
    )
    assert response.status_code == 400
    assert "审核结果：该字段是必填项。" in _errors(response.content.decode())
    review.refresh_from_db()
    assert review.result == LegalReview.Result.PENDING


# Every enforcement form with such a choice, the hearing's 结果 among them
# (its page needs a case at the hearing).
STATED = [
    (forms.SummaryForm, "penalty_kind"),
    (forms.InvestigateForm, "kind"),
    (forms.EvidenceForm, "kind"),
    (forms.ReviewForm, "outcome"),
    (forms.NotifyForm, "penalty_kind"),
    (forms.StatementForm, "kind"),
    (forms.HoldHearingForm, "outcome"),
    (forms.LegalReviewForm, "result"),
    (forms.DecideForm, "penalty_kind"),
    (forms.ServeForm, "method"),
    (forms.MeasureForm, "kind"),
    (forms.ComplaintAnswerForm, "finding"),
]


@pytest.mark.parametrize(
    ("form_class", "name"), STATED, ids=[f"{f.__name__}.{n}" for f, n in STATED]
)
def test_every_stated_choice_opens_on_no_value_and_is_required(
    enf: Enf, form_class: Any, name: str
) -> None:
    check_stated(form_class, name, enf.by)
