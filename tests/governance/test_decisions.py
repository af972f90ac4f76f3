"""Major decisions: participation, expert/risk flags, legality review with a
legal adviser's opinion, the submission package, the meeting; advisers."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from fazhi.core.errors import RuleViolation
from fazhi.core.indicators import Period, compute
from fazhi.governance import workflow as wf
from fazhi.governance.models import Consultation

from .conftest import D, make_adviser, make_decision

pytestmark = pytest.mark.django_db


def _participated(world, **kw):
    dec = make_decision(world, **kw)
    wf.record_participation(
        dec,
        summary="收到意见12条，采纳8条。",
        consultation_start=D(2024, 4, 10),
        consultation_end=D(2024, 5, 10),
        by=world.owner,
    )
    dec.refresh_from_db()
    return dec


def _adviser_opinion(world, dec, on=D(2024, 5, 20)):
    c = wf.request_consultation(
        Consultation(
            unit=world.township,
            adviser=make_adviser(world),
            kind="decision_review",
            matter="审查",
            requested_on=on,
            decision=dec,
        ),
        by=world.owner,
    )
    return wf.answer_consultation(c, on=on, conclusion="lawful", opinion="合法", by=world.owner)


def test_consultation_under_thirty_days_needs_urgency(world):
    dec = make_decision(world)
    with pytest.raises(RuleViolation) as exc:
        wf.record_participation(
            dec,
            summary="x",
            consultation_start=D(2024, 4, 10),
            consultation_end=D(2024, 5, 1),
            by=world.owner,
        )
    assert "consultation_end" in exc.value.message_dict and "第十五条" in str(exc.value)
    wf.record_participation(
        dec,
        summary="x",
        consultation_start=D(2024, 4, 10),
        consultation_end=D(2024, 5, 1),
        urgency_reason="汛期抢险急需",
        by=world.owner,
    )


def test_hearing_materials_seven_days_before(world):
    dec = make_decision(world)
    with pytest.raises(RuleViolation) as exc:
        wf.record_participation(
            dec,
            summary="x",
            hearing_on=D(2024, 5, 10),
            materials_sent_on=D(2024, 5, 5),
            by=world.owner,
        )
    assert "materials_sent_on" in exc.value.message_dict and "第十六条" in str(exc.value)


def test_flagged_expert_review_blocks_legality_review(world):
    dec = _participated(world, expert_review_required=True)
    with pytest.raises(RuleViolation) as exc:
        wf.submit_decision_review(dec, on=D(2024, 5, 13), by=world.owner)
    assert "专家论证意见" in str(exc.value)
    wf.record_expert_review(dec, on=D(2024, 5, 11), summary="采纳", by=world.owner)
    assert (
        wf.submit_decision_review(dec, on=D(2024, 5, 13), by=world.owner).status
        == "legality_review"
    )


def test_legality_review_seven_working_days_and_adviser_opinion(world):
    dec = _participated(world)
    dec = wf.submit_decision_review(dec, on=D(2024, 5, 13), by=world.owner)
    assert dec.review_min_end == D(2024, 5, 22)
    with pytest.raises(RuleViolation) as exc:
        wf.give_decision_review(dec, on=D(2024, 5, 21), opinion="合法", by=world.owner)
    assert "第二十六条" in str(exc.value)
    with pytest.raises(RuleViolation) as exc:
        wf.give_decision_review(dec, on=D(2024, 5, 22), opinion="合法", by=world.owner)
    assert "第二十八条" in str(exc.value)
    _adviser_opinion(world, dec)
    assert (
        wf.give_decision_review(dec, on=D(2024, 5, 22), opinion="合法", by=world.owner).status
        == "ready"
    )


def test_meeting_without_package_is_refused(world):
    dec = make_decision(world)
    with pytest.raises(RuleViolation) as exc:
        wf.decide(
            dec,
            on=D(2024, 6, 1),
            minutes="通过",
            adopted=True,
            head_spoke_last=True,
            by=world.owner,
        )
    text = str(exc.value)
    assert (
        "第二十九条" in text
        and "公众参与" in text
        and "合法性审查意见" in text
        and "法律顾问意见" in text
    )
    dec.refresh_from_db()
    assert dec.status == "drafting" and dec.meeting_on is None


def _ready(world):
    dec = _participated(world)
    wf.submit_decision_review(dec, on=D(2024, 5, 13), by=world.owner)
    _adviser_opinion(world, dec)
    return wf.give_decision_review(dec, on=D(2024, 5, 22), opinion="合法", by=world.owner)


def test_head_speaks_last_then_publish_after_party_report(world):
    dec = _ready(world)
    with pytest.raises(RuleViolation) as exc:
        wf.decide(
            dec,
            on=D(2024, 5, 30),
            minutes="通过",
            adopted=True,
            head_spoke_last=False,
            by=world.owner,
        )
    assert "head_spoke_last" in exc.value.message_dict
    dec = wf.decide(
        dec,
        on=D(2024, 5, 30),
        minutes="通过",
        adopted=True,
        head_spoke_last=True,
        dissent="一人建议分期",
        by=world.owner,
    )
    with pytest.raises(RuleViolation):
        wf.publish_decision(dec, on=D(2024, 6, 1), party_reported_on=D(2024, 6, 3), by=world.owner)
    dec = wf.publish_decision(
        dec, on=D(2024, 6, 5), party_reported_on=D(2024, 6, 3), by=world.owner
    )
    assert dec.status == "published"
    period = Period.year(2024)
    assert compute("governance.major_decisions", world.township, period) == 1
    assert compute("governance.major_decisions.public_participation", world.township, period) == 1
    assert compute("governance.major_decisions.legality_review", world.township, period) == 1
    assert compute("governance.major_decisions.expert_review", world.township, period) == 0
    r = world.client(world.owner).get(reverse("governance:decision_zip", args=[dec.pk]))
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "01_决策过程记录.docx" in names and "03_全过程记录.csv" in names
    assert (
        world.client(world.outsider)
        .get(reverse("governance:decision_zip", args=[dec.pk]))
        .status_code
        == 404
    )


def test_contract_review_clock_and_adoption(world):
    c = wf.request_consultation(
        Consultation(
            unit=world.township,
            adviser=make_adviser(world),
            kind="contract_review",
            matter="保洁合同",
            requested_on=D(2024, 9, 27),
        ),
        by=world.owner,
    )
    assert c.due_date == D(2024, 10, 12)  # 7 working days over National Day (a setting)
    with pytest.raises(RuleViolation):
        wf.mark_adopted(c, adopted=True, by=world.owner)
    wf.answer_consultation(
        c, on=D(2024, 10, 11), conclusion="with_changes", opinion="完善违约条款", by=world.owner
    )
    wf.mark_adopted(c, adopted=True, by=world.owner)
    period = Period.year(2024)
    assert compute("governance.contracts_reviewed", world.township, period) == 1
    assert compute("governance.legal_opinions.adopted", world.township, period) == 1


def test_a_legality_review_dated_after_today_is_refused(world, monkeypatch):
    """As a normative document's review (walking the demo on 29 December 2026,
    an opinion dated into next year was taken): a major decision's review, its
    submission and the meeting record days that have happened."""
    from django.utils import timezone

    dec = _participated(world)
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2024, 5, 22))
    with pytest.raises(RuleViolation) as exc:
        wf.submit_decision_review(dec, on=D(2024, 5, 23), by=world.owner)
    assert "不能晚于今天" in str(exc.value.message_dict["on"])
    dec = wf.submit_decision_review(dec, on=D(2024, 5, 13), by=world.owner)
    _adviser_opinion(world, dec)
    with pytest.raises(RuleViolation) as exc:
        wf.give_decision_review(dec, on=D(2024, 5, 27), opinion="合法", by=world.owner)
    assert "合法性审查意见日期（2024-05-27）不能晚于今天" in str(exc.value.message_dict["on"])
    dec.refresh_from_db()
    assert dec.status == "legality_review" and dec.reviewed_on is None
    dec = wf.give_decision_review(dec, on=D(2024, 5, 22), opinion="合法", by=world.owner)
    with pytest.raises(RuleViolation) as exc:
        wf.decide(
            dec,
            on=D(2024, 5, 23),
            minutes="通过",
            adopted=True,
            head_spoke_last=True,
            by=world.owner,
        )
    assert "on" in exc.value.message_dict
