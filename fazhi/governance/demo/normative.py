"""Legal advisers (one per village), and two normative documents through every
gate with a cleanup round."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fazhi.core import workflow as core_workflow
from fazhi.core.demo import DemoWorld

from .. import builders
from .. import workflow as wf
from ..models import (
    CleanupDecision,
    CleanupRound,
    Consultation,
    LegalAdviser,
    Meeting,
    NormativeDocument,
)

D = dt.date


def _advisers(world: DemoWorld, by: Any) -> dict[str, LegalAdviser]:
    rows = [
        ("雷正言", "湖南舜陵律师事务所", [world.township], "乡党委政府常年法律顾问"),
        ("欧阳明", "湖南舜陵律师事务所", world.villages[:2], "村（社区）法律顾问"),
        ("唐慧", "湖南九嶷律师事务所", world.villages[2:4], "村（社区）法律顾问"),
        ("黄一帆", "湖南九嶷律师事务所", world.villages[4:], "村（社区）法律顾问"),
    ]
    out: dict[str, LegalAdviser] = {}
    for name, firm, units, scope in rows:
        a = LegalAdviser.objects.filter(unit=world.township, name=name).first()
        if a is None:
            a = core_workflow.create_record(
                LegalAdviser(
                    unit=world.township,
                    name=name,
                    firm=firm,
                    contract_no=f"湘源法顾〔2024〕{len(out) + 1}号",
                    term_start=D(2024, 1, 1),
                    term_end=D(2024, 12, 31),
                    scope=scope,
                    fee=Decimal("20000") if units == [world.township] else Decimal("6000"),
                ),
                by=by,
            )
            a.units_served.set(units)
        out[name] = a
    return out


# Consultation kept open three days past its minimum; the review asked for changes.
DRAFTING = builders.Drafting(
    consulted="收到意见5条，采纳3条。",
    kept_open=3,
    reviewed_after=1,
    opinion_after=8,
    conclusion="with_changes",
    opinion="经审核，修改后符合法律法规规定，同意提交审议。",
    deliberated_after=9,
    minutes="会议审议通过。",
)


def _documents(
    world: DemoWorld,
    by: Any,
    reviewer: Any,
    meetings: dict[str, Meeting],
    advisers: dict[str, LegalAdviser],
) -> None:
    t = world.township
    docs = [
        (
            "湘江源瑶族乡农村村民建房管理办法",
            False,
            D(2024, 5, 6),
            "政府常务会：审议农村建房管理办法",
        ),
        ("湘江源瑶族乡森林防火管理规定", False, D(2024, 9, 2), "政府常务会：审议森林防火管理规定"),
    ]
    for title, market, start, meeting in docs:
        if NormativeDocument.objects.filter(unit=t, title=title).exists():
            continue
        doc = core_workflow.create_record(
            NormativeDocument(
                unit=t,
                title=title,
                drafting_office=world.offices["党政综合办公室"],
                market_related=market,
                summary=f"{title}（草案）",
            ),
            by=by,
        )
        end = builders.adopt(
            doc,
            start=start,
            reviewer=reviewer,
            by=by,
            drafting=DRAFTING,
            meeting=meetings[meeting],
        )
        assert doc.deliberated_on is not None
        on = doc.deliberated_on + dt.timedelta(days=5)
        wf.register_number(doc, on=on, by=by)
        wf.publish_document(doc, on=on, effective_on=on + dt.timedelta(days=30), by=by)
        wf.file_document(
            doc, on=on + dt.timedelta(days=10), filing_no=f"蓝司备〔{on.year}〕{doc.pk}号", by=by
        )
        Consultation.objects.get_or_create(
            unit=t,
            adviser=advisers["雷正言"],
            kind=Consultation.Kind.DOCUMENT_REVIEW,
            matter=f"审核《{title}》",
            defaults={
                "requested_on": end + dt.timedelta(days=1),
                "status": Consultation.Status.ANSWERED,
                "answered_on": end + dt.timedelta(days=6),
                "conclusion": "with_changes",
                "opinion": "建议删除设定罚款的条款。",
                "adopted": True,
                "document": doc,
                "created_by": by,
            },
        )
    # An old document (2019) kept by hand-entered history, and the 2024 cleanup round.
    old_title = "湘江源瑶族乡集镇管理暂行规定"
    old = NormativeDocument.objects.filter(unit=t, title=old_title).first()
    if old is None:
        old = core_workflow.create_record(
            NormativeDocument(
                unit=t,
                title=old_title,
                status=NormativeDocument.Status.PUBLISHED,
                doc_no="湘源规〔2019〕1号",
                reviewed_on=D(2019, 3, 1),
                review_conclusion="lawful",
                deliberated_on=D(2019, 3, 10),
                deliberation_minutes="审议通过。",
                published_on=D(2019, 3, 20),
                effective_on=D(2019, 4, 20),
                valid_until=D(2024, 4, 19),
                filed_on=D(2019, 3, 28),
                filed_on_time=True,
            ),
            by=by,
        )
    title = "2024年规范性文件清理"
    rnd = CleanupRound.objects.filter(unit=t, title=title).first()
    if rnd is None:
        rnd = core_workflow.create_record(
            CleanupRound(
                unit=t, year=2024, title=title, started_on=D(2024, 3, 1), trigger="定期清理"
            ),
            by=by,
        )
        wf.add_cleanup_decision(
            rnd,
            document=old,
            outcome=CleanupDecision.Outcome.REPEAL,
            reason="已被《湘江源瑶族乡农村村民建房管理办法》等取代。",
            by=by,
        )
        wf.publish_cleanup(rnd, on=D(2024, 4, 10), by=by)
