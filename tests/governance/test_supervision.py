"""Supervision and rectification, assessment, reconsideration and litigation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.indicators import Period, compute
from fazhi.governance import workflow as wf
from fazhi.governance.models import (
    Assessment,
    AssessmentItem,
    LitigationCase,
    ReconsiderationCase,
    Rectification,
)

from .conftest import D, PersonFactory, make_check, make_request, order_finding

pytestmark = pytest.mark.django_db


def test_rectification_clock_close_and_rate(world):
    check = make_check(world)
    with pytest.raises(RuleViolation):
        wf.order_rectification(
            Rectification(
                unit=world.township, finding="x", ordered_on=D(2024, 6, 20), deadline=D(2024, 7, 20)
            ),
            by=world.owner,
        )
    a = order_finding(world, check, "笔录未签名", owner_user=world.officer)
    assert a.due_date == D(2024, 7, 22)  # 07-20 is a Saturday
    order_finding(world, check, "公示不及时")
    with pytest.raises(RuleViolation):
        wf.close_rectification(a, on=D(2024, 7, 1), note="", by=world.owner)
    wf.close_rectification(a, on=D(2024, 7, 1), note="已整改", by=world.owner)
    period = Period.year(2024)
    assert compute("governance.supervision.findings", world.township, period) == 2
    assert compute("governance.rectification_rate", world.township, period) == 50.0


def _assessment_with_two_items(world):
    """The township's 2024 assessment: an item the platform computes from an
    indicator (按期答复) and one scored by hand (学法)."""
    a = core_workflow.create_record(
        Assessment(unit=world.township, year=2024, title="考核"), by=world.owner
    )
    computed = AssessmentItem.objects.create(
        assessment=a,
        name="按期答复",
        max_score=Decimal("20"),
        source_key="governance.ogi.on_time_rate",
    )
    entered = AssessmentItem.objects.create(assessment=a, name="学法", max_score=Decimal("30"))
    return a, computed, entered


def test_assessment_computed_and_entered_scores(world):
    a, computed, entered = _assessment_with_two_items(world)
    from fazhi.governance.models import DisclosureRequest  # noqa: F401

    req = make_request(world, D(2024, 9, 25), unit=world.village)
    wf.reply_request(req, on=D(2024, 10, 9), reply_type="provided", reply_text="x", by=world.owner)
    assert wf.compute_scores(a, targets=[world.village], by=world.owner) == 1
    assert a.scores.get(item=computed).score == Decimal("20.0")
    with pytest.raises(RuleViolation):
        wf.enter_score(
            a, item=computed, target=world.village, score=Decimal("5"), evidence="x", by=world.owner
        )
    with pytest.raises(RuleViolation) as exc:
        wf.enter_score(
            a, item=entered, target=world.village, score=Decimal("31"), evidence="x", by=world.owner
        )
    assert "score" in exc.value.message_dict
    with pytest.raises(RuleViolation):
        wf.enter_score(
            a,
            item=entered,
            target=world.other_township,
            score=Decimal("5"),
            evidence="x",
            by=world.owner,
        )
    wf.enter_score(
        a,
        item=entered,
        target=world.village,
        score=Decimal("27"),
        evidence="学法台账",
        by=world.owner,
    )
    assert compute("governance.assessment.average_score", world.township, Period.year(2024)) == 47.0


def test_reconsideration_answer_clock(world):
    case = wf.register_reconsideration(
        ReconsiderationCase(
            unit=world.township,
            case_no="蓝政复〔2024〕12号",
            applicant="欧某",
            matter="拆除决定",
            organ="蓝山县人民政府",
            copy_received_on=D(2024, 9, 27),
        ),
        by=world.owner,
    )
    assert case.answer_due == D(2024, 10, 16)  # 10 working days (复议法第四十八条、第八十八条)
    wf.answer_reconsideration(case, on=D(2024, 10, 14), by=world.owner)
    wf.conclude_case(case, on=D(2024, 11, 20), result="revoked", by=world.owner)
    with pytest.raises(RuleViolation):
        wf.conclude_case(case, on=D(2024, 11, 21), result="upheld", by=world.owner)
    assert compute("governance.reconsiderations.revoked", world.township, Period.year(2024)) == 1


def test_head_appearance_rate(world):
    head = PersonFactory(unit=world.township, name="赵永明")
    a = core_workflow.create_record(
        LitigationCase(
            unit=world.township,
            case_no="（2024）湘1127行初15号",
            plaintiff="唐某",
            matter="x",
            court="蓝山县法院",
            filed_on=D(2024, 9, 2),
            hearing_on=D(2024, 11, 6),
            head_appeared=True,
        ),
        by=world.owner,
    )
    core_workflow.create_record(
        LitigationCase(
            unit=world.township,
            case_no="（2024）湘1127行初16号",
            plaintiff="李某",
            matter="x",
            court="蓝山县法院",
            filed_on=D(2024, 9, 3),
            hearing_on=D(2024, 11, 7),
        ),
        by=world.owner,
    )
    with pytest.raises(RuleViolation) as exc:
        wf.conclude_case(a, on=D(2024, 12, 1), result="upheld", by=world.owner)
    assert "appeared_person" in exc.value.message_dict
    a.appeared_person = head
    a.save()
    wf.conclude_case(a, on=D(2024, 12, 1), result="upheld", by=world.owner)
    period = Period.year(2024)
    assert compute("governance.head_appearance_rate", world.township, period) == 50.0
    assert compute("governance.litigations", world.township, period) == 2


def test_the_score_form_offers_only_items_scored_by_hand(world):
    """录入得分 offered every item of the assessment, those the platform
    computes too, and choosing one was refused after the post (该指标由系统
    根据业务数据计算，不能手工录入); workflow.manual_items is the step's rule."""
    a, computed, entered = _assessment_with_two_items(world)
    url = a.get_absolute_url()
    for user in (world.owner, world.colleague):
        body = world.client(user).get(url).content.decode()
        select = body.split('name="score-item"')[1].split("</select>")[0]
        assert f'value="{entered.pk}"' in select and f'value="{computed.pk}"' not in select, user
    assert world.client(world.outsider).get(url).status_code == 404
    with pytest.raises(RuleViolation, match="不能手工录入"):
        wf.enter_score(
            a, item=computed, target=world.village, score=Decimal("5"), evidence="x", by=world.owner
        )
