"""Normative documents in force: the reminder before a document's validity
ends, and cleanup rounds (文件清理) in which each document is kept, amended or
repealed and the round's list published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit

from ..models import ISSUING_KINDS, CleanupDecision, CleanupRound, NormativeDocument
from ._common import _in_unit

EXPIRY_NOTICE_DAYS = 90


def remind_expiring(today: dt.date) -> int:
    """Remind the drafters of documents whose validity ends within 90 days
    (LAW.md §7.3: expiry reminder before validity end). Safe to run daily:
    a reminder is keyed by document and end date, so it arrives once."""
    from fazhi.core import reminders

    until = today + dt.timedelta(days=EXPIRY_NOTICE_DAYS)
    docs = NormativeDocument.objects.filter(
        status=NormativeDocument.Status.PUBLISHED, valid_until__gte=today, valid_until__lte=until
    ).select_related("created_by", "updated_by")
    n = 0
    with transaction.atomic():
        for doc in docs.iterator(chunk_size=500):
            assert doc.valid_until is not None
            for user in {u for u in (doc.created_by, doc.updated_by) if u is not None}:
                reminders.post(
                    user,
                    key=f"governance.normative.expiry:{doc.pk}:{doc.valid_until:%Y%m%d}",
                    title=stored(
                        gettext_noop(
                            "规范性文件%(doc_no)s将于%(valid_until)s有效期届满，请评估是否继续施行"
                        ),
                        doc_no=doc.doc_no,
                        valid_until=format(doc.valid_until, "%Y-%m-%d"),
                    ),
                    url=doc.get_absolute_url(),
                    kind="due_soon",
                )
                n += 1
    return n


def cleanup_units(units: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Those of `units` that hold a cleanup round: a township (or county)
    government, the units that issue normative documents (ISSUING_KINDS),
    never a village or an office, whose round would have no document to
    decide on. The round's creation checks it; the round form offers only
    these."""
    return units.filter(kind__in=ISSUING_KINDS)


@transaction.atomic
def create_cleanup_round(round_: CleanupRound, *, by: Any) -> CleanupRound:
    """A round entered on the new-round page or through the API: held by a
    unit `cleanup_units` takes (scope, audit through core.workflow)."""
    if not cleanup_units(OrgUnit.objects.filter(pk=round_.unit_id)).exists():
        raise RuleViolation(
            _("所属单位应为乡镇：规范性文件由乡镇制定和清理，村和站所没有可清理的文件。"),
            field="unit",
        )
    return core_workflow.create_record(round_, by=by)


def cleanable_documents(
    round_: CleanupRound, documents: QuerySet[NormativeDocument]
) -> QuerySet[NormativeDocument]:
    """Those of `documents` `round_` takes: in force (published) and issued
    within the round's unit, never a neighbouring township's. The step checks
    it; the round page's form offers only these."""
    return documents.filter(
        status=NormativeDocument.Status.PUBLISHED, unit__path__startswith=round_.unit.path
    )


@transaction.atomic
def add_cleanup_decision(
    round_: CleanupRound, *, document: NormativeDocument, outcome: str, reason: str, by: Any
) -> CleanupDecision:
    """Keep, amend or repeal one document in force within the round's unit
    while the round is open; amending or repealing states the reason."""
    round_ = steps.lock(round_, by=by)
    if round_.status != CleanupRound.Status.OPEN:
        raise RuleViolation(_("清理结果已公布，不能再修改。"))
    if outcome not in CleanupDecision.Outcome.values:
        raise RuleViolation(_("请选择清理结果。"), field="outcome")
    if not NormativeDocument.objects.visible_to(by).filter(pk=document.pk).exists():
        raise RuleViolation(_("文件不存在或不在您的管辖范围内。"), field="document")
    if not cleanable_documents(round_, NormativeDocument.objects.filter(pk=document.pk)).exists():
        _in_unit(document.unit, round_.unit, "document")  # outside the round: says so
        raise RuleViolation(_("只能清理现行有效的文件。"), field="document")
    if outcome != CleanupDecision.Outcome.KEEP and not reason.strip():
        raise RuleViolation(_("修改或废止应写明理由。"), field="reason")
    decision, _created = CleanupDecision.objects.update_or_create(
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
        raise RuleViolation(_("清理结果已公布。"))
    decisions = list(round_.decisions.select_related("document"))
    if not decisions:
        raise RuleViolation(_("清理结果为空，请先逐件确定清理结果。"))
    steps.check_not_before(on, round_.started_on, "on", _("公布日期"), _("清理开始日期"))
    before = audit.snapshot(round_)
    for decision in decisions:
        if decision.outcome == CleanupDecision.Outcome.REPEAL:
            # Scope was checked when the decision was added to the round.
            doc = steps.lock(decision.document)
            doc_before = audit.snapshot(doc)
            steps.move(doc, NormativeDocument.Status.REPEALED)
            doc.repealed_on = on
            steps.save_audited(
                doc,
                by=by,
                before=doc_before,
                note=stored(gettext_noop("清理废止（%(title)s）"), title=round_.title),
                clean=True,
            )
    round_.status = CleanupRound.Status.PUBLISHED
    round_.published_on = on
    return steps.save_audited(
        round_, by=by, before=before, note=gettext_noop("公布清理结果"), clean=True
    )
