"""Two major decisions through their procedure, and the matters sent to the
legal advisers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fazhi.core import workflow as core_workflow
from fazhi.core.demo import DemoWorld

from .. import workflow as wf
from ..models import Consultation, DecisionCatalogue, LegalAdviser, MajorDecision, Meeting

D = dt.date


def _decisions(
    world: DemoWorld, by: Any, meetings: dict[str, Meeting], advisers: dict[str, LegalAdviser]
) -> None:
    t = world.township
    cat = DecisionCatalogue.objects.filter(unit=t, year=2024).first()
    if cat is None:
        cat = core_workflow.create_record(
            DecisionCatalogue(
                unit=t,
                year=2024,
                title="湘江源瑶族乡2024年重大行政决策事项目录",
                party_consent_on=D(2024, 2, 26),
                published_on=D(2024, 3, 1),
                entries="高标准农田建设项目实施方案\n集镇生活污水处理设施建设方案",
            ),
            by=by,
        )
    rows = [
        (
            "湘江源瑶族乡2024年高标准农田建设项目实施方案",
            D(2024, 4, 1),
            True,
            True,
            "党政联席会：高标准农田建设项目决策",
        ),
        (
            "湘江源瑶族乡集镇生活污水处理设施建设方案",
            D(2024, 8, 1),
            False,
            True,
            "党委会：听取年度法治政府建设情况汇报",
        ),
    ]
    for title, launched, expert, risk, meeting in rows:
        if MajorDecision.objects.filter(unit=t, title=title).exists():
            continue
        dec = core_workflow.create_record(
            MajorDecision(
                unit=t,
                catalogue=cat,
                title=title,
                lead_office=world.offices["党政综合办公室"],
                launched_on=launched,
                draft_text=f"{title}（草案）",
                expert_review_required=expert,
                risk_assessment_required=risk,
            ),
            by=by,
        )
        start = launched + dt.timedelta(days=10)
        wf.record_participation(
            dec,
            summary="网上征求意见30日，收到意见12条，采纳8条。",
            by=by,
            consultation_start=start,
            consultation_end=start + dt.timedelta(days=31),
        )
        if expert:
            wf.record_expert_review(
                dec, on=start + dt.timedelta(days=20), summary="3名专家论证，意见均已采纳。", by=by
            )
        if risk:
            wf.record_risk_assessment(
                dec,
                on=start + dt.timedelta(days=25),
                level="低",
                report="社会稳定风险低，已制定化解预案。",
                by=by,
            )
        submitted = start + dt.timedelta(days=35)
        wf.submit_decision_review(dec, on=submitted, by=by)
        c = wf.request_consultation(
            Consultation(
                unit=t,
                adviser=advisers["雷正言"],
                kind=Consultation.Kind.DECISION_REVIEW,
                matter=f"《{title}》合法性审查",
                requested_on=submitted,
                decision=dec,
            ),
            by=by,
        )
        wf.answer_consultation(
            c,
            on=submitted + dt.timedelta(days=5),
            conclusion="lawful",
            opinion="草案内容合法，程序完备。",
            by=by,
        )
        wf.mark_adopted(c, adopted=True, by=by)
        dec.refresh_from_db()
        assert dec.review_min_end is not None
        wf.give_decision_review(dec, on=dec.review_min_end, opinion="经审查，草案合法。", by=by)
        m = meetings[meeting]
        on = max(m.held_on, dec.review_min_end + dt.timedelta(days=1))
        wf.decide(
            dec,
            on=on,
            minutes="会议讨论通过，行政首长最后发表意见。",
            adopted=True,
            head_spoke_last=True,
            meeting=m,
            dissent="1名同志建议分期实施。",
            by=by,
        )
        wf.publish_decision(
            dec, on=on + dt.timedelta(days=7), party_reported_on=on + dt.timedelta(days=2), by=by
        )


def _consultations(world: DemoWorld, by: Any, advisers: dict[str, LegalAdviser]) -> None:
    t = world.township
    contracts = [
        ("集镇道路保洁服务合同", "蓝山县洁美环卫有限公司", "120000", D(2024, 3, 4), True),
        ("村部维修工程施工合同", "蓝山县永兴建筑有限公司", "86000", D(2024, 5, 13), True),
        ("高标准农田建设勘察设计合同", "永州市农林规划设计院", "210000", D(2024, 6, 3), True),
        ("林地流转协议", "湘江源生态茶业合作社", "45000", D(2024, 8, 19), False),
        ("乡敬老院食材采购合同", "蓝山县绿源农产品配送中心", "60000", D(2024, 10, 8), True),
    ]
    for matter, party, amount, on, adopted in contracts:
        if Consultation.objects.filter(unit=t, matter=matter).exists():
            continue
        c = wf.request_consultation(
            Consultation(
                unit=t,
                adviser=advisers["雷正言"],
                kind=Consultation.Kind.CONTRACT_REVIEW,
                matter=matter,
                counterparty=party,
                amount=Decimal(amount),
                requested_on=on,
            ),
            by=by,
        )
        wf.answer_consultation(
            c,
            on=on + dt.timedelta(days=4),
            conclusion="with_changes",
            opinion="建议完善违约责任和争议解决条款。",
            by=by,
        )
        wf.mark_adopted(c, adopted=adopted, by=by)
    advice = [
        ("欧阳明", "荆竹村土地承包经营权纠纷咨询", D(2024, 4, 9)),
        ("唐慧", "坪源村山林权属争议咨询", D(2024, 7, 2)),
        ("黄一帆", "源桐村村规民约合法性咨询", D(2024, 9, 23)),
    ]
    for name, matter, on in advice:
        if Consultation.objects.filter(unit=t, matter=matter).exists():
            continue
        c = wf.request_consultation(
            Consultation(
                unit=t,
                adviser=advisers[name],
                kind=Consultation.Kind.ADVICE,
                matter=matter,
                requested_on=on,
            ),
            by=by,
        )
        wf.answer_consultation(
            c, on=on + dt.timedelta(days=2), conclusion="advice", opinion="已提供法律意见。", by=by
        )
        wf.mark_adopted(c, adopted=True, by=by)
