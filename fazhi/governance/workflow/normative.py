"""Normative documents (行政规范性文件) from drafting to deliberation:
consultation, legality review and collective deliberation. Their
registration and number, publication and filing are in `issuing`, their
expiry reminders in `cleanup`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, clocks, rulesettings, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import User, scope_prefix
from fazhi.core.serving import departed_message
from fazhi.core.workdays import Due, due_date

from .. import rules
from ..models import NormativeDocument, check_issuing_unit
from ._common import CLOCK_REVIEW, _users


@transaction.atomic
def draft_document(doc: NormativeDocument, *, by: Any) -> NormativeDocument:
    """Register a normative document being drafted. Only a township
    government issues one (《湖南省规范性文件管理办法》第五条: coordination
    bodies and internal units may not; a village committee is not an organ)."""
    check_issuing_unit(doc.unit if doc.unit_id else None, _("行政规范性文件"))
    return core_workflow.create_record(doc, by=by)


def consultation_min_end(doc: NormativeDocument, start: dt.date) -> Due:
    """The earliest day consultation may close: 7 working days, or 30 days for
    a document concerning market entities (LAW.md §7.2 [S])."""
    if doc.market_related:
        days = int(rulesettings.get(doc.unit, rules.MARKET_CONSULTATION_DAYS.key))
        return due_date(start, days, "calendar", clocks.load_calendar())
    days = int(rulesettings.get(doc.unit, rules.CONSULTATION_WORKING_DAYS.key))
    return due_date(start, days, "working", clocks.load_calendar())


@transaction.atomic
def start_consultation(doc: NormativeDocument, *, on: dt.date, by: Any) -> NormativeDocument:
    """Publish the draft for comment; the consultation period starts the next day."""
    doc = steps.lock(doc, by=by)
    before = audit.snapshot(doc)
    steps.move(doc, NormativeDocument.Status.CONSULTATION)
    # A minimum, not a deadline: no clock runs (a running clock past its date
    # counted as 已超期 on the home page, the dashboard and in reminders while
    # the draft stayed open for comment, which the rule allows). The earliest
    # closing day is kept on the document and enforced by close_consultation,
    # as a major decision's consultation is (workflow.decisions).
    min_end = consultation_min_end(doc, on).date
    doc.consultation_start = on
    doc.consultation_min_end = min_end
    return steps.save_audited(
        doc, by=by, before=before, note=gettext_noop("公开征求意见"), clean=True
    )


@transaction.atomic
def close_consultation(
    doc: NormativeDocument, *, on: dt.date, summary: str, by: Any
) -> NormativeDocument:
    """Close consultation, refused before the minimum period has run."""
    doc = steps.lock(doc, by=by)
    if doc.status != NormativeDocument.Status.CONSULTATION:
        raise RuleViolation(_("文件不在征求意见阶段。"))
    summary = steps.require_text(summary, "summary", _("意见采纳情况"))
    steps.check_date(on, "on", _("征求意见结束日期"))
    if doc.consultation_min_end and on < doc.consultation_min_end:
        market_days = rulesettings.get(doc.unit, rules.MARKET_CONSULTATION_DAYS.key)
        working_days = rulesettings.get(doc.unit, rules.CONSULTATION_WORKING_DAYS.key)
        period = (
            _("不少于%(days)s日（涉及市场主体）") % {"days": market_days}
            if doc.market_related
            else _("不少于%(days)s个工作日") % {"days": working_days}
        )
        raise RuleViolation(
            _("征求意见期限应%(period)s，最早于%(consultation_min_end)s结束。")
            % {
                "period": period,
                "consultation_min_end": format(doc.consultation_min_end, "%Y-%m-%d"),
            },
            field="on",
            rule=rules.CONSULTATION_RULE,
        )
    before = audit.snapshot(doc)
    doc.consultation_end = on
    doc.consultation_summary = summary
    return steps.save_audited(
        doc, by=by, before=before, note=gettext_noop("征求意见结束"), action="update", clean=True
    )


def reviewers_for(doc: NormativeDocument, users: QuerySet[User]) -> QuerySet[User]:
    """Those of `users` who see `doc` (the scope rule of visible_to: their
    scope covers its unit): whom 送交合法性审核 takes as reviewer. The step
    checks it; the document page's form offers only these (a village's
    account was offered for a township's document, then refused)."""
    path = doc.unit.path
    seeing = [
        user.pk
        for user in users.select_related("home_unit__parent")
        if (prefix := scope_prefix(user)) is not None and path.startswith(prefix)
    ]
    return users.filter(pk__in=seeing)


@transaction.atomic
def submit_for_review(
    doc: NormativeDocument, *, on: dt.date, reviewer: Any, by: Any
) -> NormativeDocument:
    """Send the draft for legality review after consultation has closed; the
    review period (a setting, 115号 UNCONFIRMED) starts and reminds the reviewer."""
    doc = steps.lock(doc, by=by)
    if doc.consultation_end is None:
        raise RuleViolation(
            _("征求意见尚未结束，不能送交合法性审核。"), field="on", rule=rules.CONSULTATION_RULE
        )
    if reviewer is None:
        raise RuleViolation(_("请选择审核人。"), field="reviewer")
    if not reviewer.is_active:  # left: no new work (core.serving)
        raise RuleViolation(
            departed_message([reviewer.display_name], _("审核人")), field="reviewer"
        )
    if not reviewers_for(doc, User.objects.filter(pk=reviewer.pk)).exists():
        raise RuleViolation(
            _("所选审核人无权查看该文件，请选择本单位的审核人员。"), field="reviewer"
        )
    steps.check_date(
        on, "on", _("送审日期"), not_before=doc.consultation_end, before_what=_("征求意见结束日期")
    )
    before = audit.snapshot(doc)
    steps.move(doc, NormativeDocument.Status.LEGALITY_REVIEW)
    days = int(rulesettings.get(doc.unit, rules.REVIEW_WORKING_DAYS.key))
    c = steps.start_clock(
        doc,
        kind=CLOCK_REVIEW,
        label=stored(gettext_noop("规范性文件合法性审核：%(title)s"), title=doc.title[:60]),
        start_date=on,
        length=days,
        unit="working",
        by=by,
        legal_basis=rules.REVIEW_WORKING_DAYS.source,
        recipients=_users(reviewer),
    )
    doc.reviewer = reviewer
    doc.review_submitted_on = on
    doc.review_due = c.due_date
    doc.reviewed_on = None
    doc.review_conclusion = ""
    return steps.save_audited(
        doc,
        by=by,
        before=before,
        note=stored(gettext_noop("送交合法性审核（审核人：%(reviewer)s）"), reviewer=reviewer),
        clean=True,
    )


@transaction.atomic
def give_review_opinion(
    doc: NormativeDocument,
    *,
    on: dt.date,
    conclusion: str,
    opinion: str,
    by: Any,
    flags: Iterable[str] = (),
    flag_reason: str = "",
) -> NormativeDocument:
    """The reviewer's written opinion. A draft that creates a licence, penalty,
    compulsory measure or fee is flagged with a reason and cannot pass
    (湖南省规范性文件管理办法第六条); an unlawful draft returns to drafting."""
    doc = steps.lock(doc, by=by)
    if doc.status != NormativeDocument.Status.LEGALITY_REVIEW:
        raise RuleViolation(_("文件不在合法性审核阶段。"))
    if not (getattr(by, "is_superuser", False) or by.pk == doc.reviewer_id):
        raise RuleViolation(_("只有指定的审核人可以出具审核意见。"), field="reviewer")
    if not (conclusion or "").strip():
        raise RuleViolation(_("请选择审核结论。"), field="conclusion")
    if conclusion not in NormativeDocument.ReviewConclusion.values:
        raise RuleViolation(_("审核结论无效。"), field="conclusion")
    opinion = steps.require_text(opinion, "opinion", _("审核意见"))
    # Not after today: 2027-01-05 typed on 29 December passed, and stopped the clock on it.
    steps.check_date(
        on, "on", _("审核意见日期"), not_before=doc.review_submitted_on, before_what=_("送审日期")
    )
    flag_set = set(flags)
    unknown = flag_set - {"licence", "penalty", "compulsion", "fee"}
    if unknown:
        raise RuleViolation(_("违法设定事项无效。"), field="flags")
    if flag_set and not flag_reason.strip():
        raise RuleViolation(
            _("标记违法设定事项时应写明理由。"),
            field="flag_reason",
            rule=rules.FORBIDDEN_CONTENT_RULE,
        )
    if flag_set and conclusion != NormativeDocument.ReviewConclusion.UNLAWFUL:
        raise RuleViolation(
            _("规范性文件不得设定行政许可、行政处罚、行政强制或收费，标记后审核结论应为“不合法”。"),
            field="conclusion",
            rule=rules.FORBIDDEN_CONTENT_RULE,
        )
    before = audit.snapshot(doc)
    doc.reviewed_on = on
    doc.review_conclusion = conclusion
    doc.review_opinion = opinion
    doc.flags_licence = "licence" in flag_set
    doc.flags_penalty = "penalty" in flag_set
    doc.flags_compulsion = "compulsion" in flag_set
    doc.flags_fee = "fee" in flag_set
    doc.flag_reason = flag_reason.strip()
    steps.stop_clock(doc, CLOCK_REVIEW, on, by)
    if conclusion == NormativeDocument.ReviewConclusion.UNLAWFUL:
        steps.move(doc, NormativeDocument.Status.DRAFT)
        # The redrafted text goes through consultation again.
        doc.consultation_end = None
        note = gettext_noop("审核不合法，退回起草")
    else:
        steps.move(doc, NormativeDocument.Status.DELIBERATION)
        note = gettext_noop("出具合法性审核意见")
    return steps.save_audited(doc, by=by, before=before, note=note, clean=True)


@transaction.atomic
def deliberate(
    doc: NormativeDocument,
    *,
    on: dt.date,
    minutes: str,
    adopted: bool,
    by: Any,
    meeting: Any = None,
) -> NormativeDocument:
    """Collective deliberation: only a draft with a lawful review opinion may
    be deliberated (国办发〔2018〕37号)."""
    doc = steps.lock(doc, by=by)
    if doc.status != NormativeDocument.Status.DELIBERATION or not doc.reviewed_on:
        raise RuleViolation(
            _("未经合法性审核或审核不合法的文件不得提交集体审议。"),
            field="reviewed_on",
            rule=rules.NO_REVIEW_NO_DELIBERATION_RULE,
        )
    minutes = steps.require_text(minutes, "minutes", _("集体审议纪要"))
    steps.check_date(
        on, "on", _("审议日期"), not_before=doc.reviewed_on, before_what=_("合法性审核意见日期")
    )
    before = audit.snapshot(doc)
    doc.deliberated_on = on
    doc.deliberation_minutes = minutes
    doc.meeting = meeting
    steps.move(
        doc, NormativeDocument.Status.APPROVED if adopted else NormativeDocument.Status.DRAFT
    )
    if not adopted:
        doc.consultation_end = None
    return steps.save_audited(
        doc,
        by=by,
        before=before,
        note=gettext_noop("审议通过") if adopted else gettext_noop("审议未通过，退回修改"),
        clean=True,
    )
