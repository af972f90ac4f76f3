"""Supervision checks and case-file evaluations with their rectification, the
assessment, and one reconsideration and one litigation case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fazhi.core import workflow as core_workflow
from fazhi.core.demo import DemoWorld
from fazhi.core.models import OrgUnit

from .. import workflow as wf
from ..models import (
    Assessment,
    AssessmentItem,
    CaseFileEvaluation,
    CaseResult,
    LitigationCase,
    ReconsiderationCase,
    Rectification,
    SupervisionCheck,
)

D = dt.date


def _supervision(world: DemoWorld, by: Any) -> None:
    t = world.township
    team = world.offices["综合行政执法队"]
    owner = world.users.get("zhifa")
    check = SupervisionCheck.objects.filter(unit=t, title="2024年行政执法专项监督检查").first()
    if check is None:
        check = core_workflow.create_record(
            SupervisionCheck(
                unit=t,
                title="2024年行政执法专项监督检查",
                kind=SupervisionCheck.Kind.SPECIAL,
                checked_unit=team,
                checked_on=D(2024, 6, 18),
                inspectors="赵文清、黄立法",
                summary="抽查执法案卷及执法记录仪使用情况。",
            ),
            by=by,
        )
        for finding, closed in [
            ("部分案件调查笔录未由当事人逐页签名", D(2024, 7, 10)),
            ("执法公示信息更新不及时", D(2024, 7, 30)),
        ]:
            r = wf.order_rectification(
                Rectification(
                    unit=team,
                    check_record=check,
                    finding=finding,
                    requirement="限期整改并建立长效机制。",
                    owner_user=owner,
                    ordered_on=D(2024, 6, 20),
                    deadline=D(2024, 7, 20),
                ),
                by=by,
            )
            wf.close_rectification(r, on=closed, note="已整改到位。", by=by)
    grades = [
        ("湘源执罚〔2024〕3号", Decimal("92"), "excellent"),
        ("湘源执罚〔2024〕5号", Decimal("85"), "qualified"),
        ("湘源执罚〔2024〕8号", Decimal("78"), "qualified"),
        ("湘源执罚〔2024〕11号", Decimal("88"), "qualified"),
    ]
    for ref, score, grade in grades:
        if CaseFileEvaluation.objects.filter(unit=t, case_ref=ref).exists():
            continue
        ev = core_workflow.create_record(
            CaseFileEvaluation(
                unit=t,
                case_ref=ref,
                case_title=f"行政处罚案件（{ref}）",
                evaluated_on=D(2024, 11, 20),
                evaluator="赵文清",
                score=score,
                grade=grade,
                summary="案卷总体规范。",
            ),
            by=by,
        )
        if score < 80:
            r = wf.order_rectification(
                Rectification(
                    unit=team,
                    evaluation=ev,
                    finding="证据目录不完整",
                    owner_user=owner,
                    ordered_on=D(2024, 11, 22),
                    deadline=D(2024, 12, 20),
                ),
                by=by,
            )
            wf.close_rectification(r, on=D(2024, 12, 12), note="已补齐证据目录。", by=by)


def _assessment(world: DemoWorld, by: Any) -> None:
    t = world.township
    if Assessment.objects.filter(unit=t, year=2024).exists():
        return
    a = core_workflow.create_record(
        Assessment(unit=t, year=2024, title="2024年度依法行政考核"), by=by
    )
    items = [
        AssessmentItem.objects.create(
            assessment=a,
            name="依申请公开按期答复",
            max_score=Decimal("20"),
            source_key="governance.ogi.on_time_rate",
            order=1,
        ),
        AssessmentItem.objects.create(
            assessment=a,
            name="问题整改落实",
            max_score=Decimal("20"),
            source_key="governance.rectification_rate",
            order=2,
        ),
        AssessmentItem.objects.create(
            assessment=a, name="学法用法与普法宣传", max_score=Decimal("30"), order=3
        ),
        AssessmentItem.objects.create(
            assessment=a, name="依法决策与规范执法", max_score=Decimal("30"), order=4
        ),
    ]
    targets: list[OrgUnit] = [
        world.offices["综合行政执法队"],
        world.offices["司法所"],
        *world.villages,
    ]
    wf.compute_scores(a, targets=targets, by=by)
    for i, target in enumerate(targets):
        wf.enter_score(
            a,
            item=items[2],
            target=target,
            score=Decimal(26 + i % 4),
            evidence="学法记录及普法台账",
            by=by,
        )
        wf.enter_score(
            a,
            item=items[3],
            target=target,
            score=Decimal(25 + (i * 3) % 5),
            evidence="工作台账",
            by=by,
        )


def _cases(world: DemoWorld, by: Any, people: dict[str, Any]) -> None:
    t = world.township
    if not ReconsiderationCase.objects.filter(unit=t, case_no="蓝政复〔2024〕12号").exists():
        case = wf.register_reconsideration(
            ReconsiderationCase(
                unit=t,
                case_no="蓝政复〔2024〕12号",
                applicant="欧某",
                matter="责令限期拆除违法建筑决定",
                organ="蓝山县人民政府",
                copy_received_on=D(2024, 8, 5),
            ),
            by=by,
        )
        wf.answer_reconsideration(case, on=D(2024, 8, 14), by=by)
        wf.conclude_case(case, on=D(2024, 10, 8), result=CaseResult.UPHELD, by=by)
    if not LitigationCase.objects.filter(unit=t, case_no="（2024）湘1127行初15号").exists():
        lit = core_workflow.create_record(
            LitigationCase(
                unit=t,
                case_no="（2024）湘1127行初15号",
                plaintiff="唐某",
                matter="土地权属争议处理决定",
                court="蓝山县人民法院",
                filed_on=D(2024, 9, 2),
                hearing_on=D(2024, 11, 6),
                head_appeared=True,
                appeared_person=people["赵永明"],
            ),
            by=by,
        )
        wf.conclude_case(lit, on=D(2024, 12, 18), result=CaseResult.UPHELD, by=by)
