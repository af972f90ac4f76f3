"""Cleanup rounds of normative documents (文件清理): each document kept,
amended or repealed, and the round's list published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core import audit, steps
from fazhi.core.errors import RuleViolation

from ..models import (
    CleanupDecision,
    CleanupRound,
    NormativeDocument,
)
from ._common import (
    _in_unit,
)


@transaction.atomic
def add_cleanup_decision(
    round_: CleanupRound, *, document: NormativeDocument, outcome: str, reason: str, by: Any
) -> CleanupDecision:
    round_ = steps.lock(round_, by=by)
    if round_.status != CleanupRound.Status.OPEN:
        raise RuleViolation("清理结果已公布，不能再修改。")
    if outcome not in CleanupDecision.Outcome.values:
        raise RuleViolation("请选择清理结果。", field="outcome")
    if not NormativeDocument.objects.visible_to(by).filter(pk=document.pk).exists():
        raise RuleViolation("文件不存在或不在您的管辖范围内。", field="document")
    _in_unit(document.unit, round_.unit, "document")
    if document.status != NormativeDocument.Status.PUBLISHED:
        raise RuleViolation("只能清理现行有效的文件。", field="document")
    if outcome != CleanupDecision.Outcome.KEEP and not reason.strip():
        raise RuleViolation("修改或废止应写明理由。", field="reason")
    decision, _ = CleanupDecision.objects.update_or_create(
        round=round_, document=document, defaults={"outcome": outcome, "reason": reason.strip()}
    )
    audit.record(
        round_,
        by=by,
        action="update",
        changes={str(document): [None, decision.get_outcome_display()]},
    )
    return decision


@transaction.atomic
def publish_cleanup(round_: CleanupRound, *, on: dt.date, by: Any) -> CleanupRound:
    """Publish the round's list: repealed documents cease to apply."""
    round_ = steps.lock(round_, by=by)
    if round_.status != CleanupRound.Status.OPEN:
        raise RuleViolation("清理结果已公布。")
    decisions = list(round_.decisions.select_related("document"))
    if not decisions:
        raise RuleViolation("清理结果为空，请先逐件确定清理结果。")
    steps.check_not_before(on, round_.started_on, "on", "公布日期", "清理开始日期")
    before = audit.snapshot(round_)
    for decision in decisions:
        if decision.outcome == CleanupDecision.Outcome.REPEAL:
            # Scope was checked when the decision was added to the round.
            doc = steps.lock(decision.document)
            doc_before = audit.snapshot(doc)
            steps.move(doc, NormativeDocument.Status.REPEALED)
            doc.repealed_on = on
            steps.save_audited(
                doc, by=by, before=doc_before, note=f"清理废止（{round_.title}）", clean=True
            )
    round_.status = CleanupRound.Status.PUBLISHED
    round_.published_on = on
    return steps.save_audited(round_, by=by, before=before, note="公布清理结果", clean=True)
