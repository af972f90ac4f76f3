"""A governance step's choice of a fact the clerk states opens on
"---------", not on its first value: a legality review's 审核结论 opened on
合法，同意提交审议, an information request's 答复类型 on 已主动公开, a
decision's 风险等级 on 低 and its 决定 on 通过, so a clerk who did not open
the list recorded them unnoticed (as a cleanup round's 清理结果, 71871d3).
A post without one is refused naming the field, nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fazhi.governance import forms
from fazhi.governance import workflow as wf
from fazhi.governance.models import DisclosureRequest, MajorDecision, NormativeDocument
from tests.factories import World
from tests.stated_choices import check_stated, opens_on

from .conftest import make_decision, make_document, make_request

pytestmark = pytest.mark.django_db

D = dt.date


def _in_review(world: World) -> NormativeDocument:
    doc = make_document(world)
    wf.start_consultation(doc, on=D(2024, 5, 6), by=world.owner)
    doc.refresh_from_db()
    assert doc.consultation_min_end is not None
    end = doc.consultation_min_end
    wf.close_consultation(doc, on=end, summary="采纳3条。", by=world.owner)
    wf.submit_for_review(doc, on=end, reviewer=world.reviewer, by=world.owner)
    doc.refresh_from_db()
    return doc


def _refusals(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_legality_reviews_conclusion_opens_on_no_value_and_is_required(world: World) -> None:
    doc = _in_review(world)
    client = world.client(world.reviewer)
    page = client.get(doc.get_absolute_url()).content.decode()
    assert opens_on(page, "review-conclusion") == ""
    url = reverse("governance:action", args=["document", doc.pk, "review"])
    response = client.post(url, {"review-on": "2024-06-20", "review-opinion": "合法。"})
    assert "出具审核意见 — 审核结论：该字段是必填项。" in _refusals(response)
    doc.refresh_from_db()
    assert doc.status == NormativeDocument.Status.LEGALITY_REVIEW


def test_an_information_requests_reply_type_opens_on_no_value_and_is_required(
    world: World,
) -> None:
    req = make_request(world)
    client = world.client(world.owner)
    page = client.get(req.get_absolute_url()).content.decode()
    assert opens_on(page, "reply-reply_type") == ""
    url = reverse("governance:action", args=["request", req.pk, "reply"])
    response = client.post(url, {"reply-on": "2024-10-08", "reply-reply_text": "见附件。"})
    assert "答复 — 答复类型：该字段是必填项。" in _refusals(response)
    req.refresh_from_db()
    assert req.status == DisclosureRequest.Status.RECEIVED and not req.replied_on


def test_a_decisions_risk_level_opens_on_no_value(world: World) -> None:
    decision = make_decision(world)
    assert decision.status == MajorDecision.Status.DRAFTING
    page = world.client(world.owner).get(decision.get_absolute_url()).content.decode()
    assert opens_on(page, "risk-level") == ""


# Every governance form with such a choice.
STATED = [
    (forms.ReviewOpinionForm, "conclusion"),
    (forms.DeliberateForm, "adopted"),
    (forms.CleanupDecisionForm, "outcome"),
    (forms.AnswerConsultationForm, "conclusion"),
    (forms.AdoptedForm, "adopted"),
    (forms.RiskForm, "level"),
    (forms.DecideForm, "adopted"),
    (forms.ReplyForm, "reply_type"),
    (forms.ConcludeForm, "result"),
]


@pytest.mark.parametrize(
    ("form_class", "name"), STATED, ids=[f"{f.__name__}.{n}" for f, n in STATED]
)
def test_every_stated_choice_opens_on_no_value_and_is_required(
    world: World, form_class: Any, name: str
) -> None:
    check_stated(form_class, name, world.owner)
