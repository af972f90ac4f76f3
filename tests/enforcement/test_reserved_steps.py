"""A case step the law gives the organ's head is not a form for the officer.

Walking the demo as the enforcement officer on 28 December 2026: the case
page offered 负责人审查 (and, after the legal review, 作出处罚决定) as forms
like any other; the officer filled in the review, pressed the button and was
refused (调查终结后的审查决定应由行政机关负责人作出). The page now says who
takes such a step, and the rule, in the form's place (core.actions.Action.roles);
the leader still gets the form, and the workflow still refuses anyone else."""

from __future__ import annotations

from django.urls import reverse

from .conftest import Enf


def _step(body: str, name: str) -> str:
    return body.split(f'<div id="step-{name}"')[1].split("accordion-item")[0]


def test_the_officer_sees_who_reviews_instead_of_a_form(enf: Enf) -> None:
    case = enf.to_stage("investigating")
    url = reverse("enforcement:case_detail", args=[case.pk])
    officer = _step(enf.w.client(enf.w.officer).get(url).content.decode(), "review")
    assert 'data-testid="reserved-review"' in officer
    assert "由乡镇领导（行政机关负责人）作出审查决定（《行政处罚法》第五十七条）" in officer
    assert "<form" not in officer and 'data-testid="submit-review"' not in officer
    # The township leader (the organ's head) takes it.
    leader = _step(enf.w.client(enf.w.colleague).get(url).content.decode(), "review")
    assert 'data-testid="submit-review"' in leader and "reserved-review" not in leader
    # The officer's own steps are still forms; the outsider does not see the case.
    assert 'data-testid="submit-evidence"' in enf.w.client(enf.w.officer).get(url).content.decode()
    assert enf.w.client(enf.w.outsider).get(url).status_code == 404


def test_the_decision_is_the_heads_too(enf: Enf) -> None:
    case = enf.to_stage("stated")
    url = reverse("enforcement:case_detail", args=[case.pk])
    officer = _step(enf.w.client(enf.w.officer).get(url).content.decode(), "decide")
    assert 'data-testid="reserved-decide"' in officer and "<form" not in officer
    leader = _step(enf.w.client(enf.w.colleague).get(url).content.decode(), "decide")
    assert 'data-testid="submit-decide"' in leader


def test_the_step_posted_anyway_is_still_refused(enf: Enf) -> None:
    case = enf.to_stage("investigating")
    response = enf.w.client(enf.w.officer).post(
        reverse("enforcement:case_action", args=[case.pk, "review"]),
        {"review-outcome": "penalise", "review-on": "2024-03-20"},
    )
    assert response.status_code == 400
    assert "应由行政机关负责人作出" in response.content.decode()


def test_a_penalty_case_is_offered_its_closing_only_once_served(enf: Enf) -> None:
    """Walking the demo: 结案归档 was a form on a penalty case at 调查取证; the
    officer filled it in and was refused 行政处罚案件应在执行完毕后结案。"""
    for stage, offered in (("investigating", False), ("decided", False), ("served", True)):
        case = enf.to_stage(stage)
        url = reverse("enforcement:case_detail", args=[case.pk])
        for user in (enf.w.officer, enf.w.colleague):
            body = enf.w.client(user).get(url).content.decode()
            assert ('data-testid="submit-close"' in body) is offered, (stage, user)
        assert enf.w.client(enf.w.outsider).get(url).status_code == 404
