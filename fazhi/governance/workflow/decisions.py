"""Major administrative decisions (重大行政决策, 重大行政决策程序暂行条例): launch,
public participation, expert review, risk assessment, legality review,
collective discussion, publication and archive."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, clocks, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.workdays import due_date

from .. import rules
from ..models import Consultation, MajorDecision, check_issuing_unit


@transaction.atomic
def launch_decision(dec: MajorDecision, *, by: Any) -> MajorDecision:
    """Launch a major administrative decision (重大行政决策程序暂行条例第十条、
    第四十二条): the decision-maker is the township government."""
    check_issuing_unit(dec.unit if dec.unit_id else None, _("重大行政决策"))
    return core_workflow.create_record(dec, by=by)


@transaction.atomic
def record_participation(
    dec: MajorDecision,
    *,
    summary: str,
    by: Any,
    consultation_start: dt.date | None = None,
    consultation_end: dt.date | None = None,
    urgency_reason: str = "",
    hearing_on: dt.date | None = None,
    materials_sent_on: dt.date | None = None,
) -> MajorDecision:
    """Public participation: online consultation ≥30 days unless urgency is
    stated (条例第十五条); hearing materials ≥7 days before (第十六条)."""
    dec = steps.lock(dec, by=by)
    if dec.status != MajorDecision.Status.DRAFTING:
        raise RuleViolation(_("公众参与应在起草阶段完成。"))
    summary = steps.require_text(
        summary, "summary", _("公众意见采纳情况"), rules.DECISION_CONSULTATION_RULE
    )
    if consultation_start is None and hearing_on is None:
        raise RuleViolation(_("请填写公开征求意见或听证情况。"), field="consultation_start")
    if consultation_start is not None:
        if consultation_end is None:
            raise RuleViolation(_("请填写征求意见结束日。"), field="consultation_end")
        end = consultation_end
        minimum = due_date(
            consultation_start, rules.DECISION_CONSULTATION_DAYS, "calendar", clocks.load_calendar()
        ).date
        if end < minimum and not urgency_reason.strip():
            raise RuleViolation(
                _(
                    "公开征求意见期限一般不少于30日（最早%(minimum)s结束）；因情况紧急需缩短的，应说明理由。"
                )
                % {"minimum": format(minimum, "%Y-%m-%d")},
                field="consultation_end",
                rule=rules.DECISION_CONSULTATION_RULE,
            )
        steps.check_not_before(
            end, consultation_start, "consultation_end", _("征求意见结束日"), _("征求意见开始日")
        )
    if hearing_on is not None:
        if materials_sent_on is None:
            raise RuleViolation(
                _("请填写听证材料送达日期。"), field="materials_sent_on", rule=rules.HEARING_RULE
            )
        sent = materials_sent_on
        if (hearing_on - sent).days < rules.HEARING_NOTICE_DAYS:
            raise RuleViolation(
                _("听证材料应于听证会7日前送达听证参加人。"),
                field="materials_sent_on",
                rule=rules.HEARING_RULE,
            )
    before = audit.snapshot(dec)
    dec.consultation_start = consultation_start
    dec.consultation_end = consultation_end
    dec.urgency_reason = urgency_reason.strip()
    dec.hearing_on = hearing_on
    dec.hearing_materials_sent_on = materials_sent_on
    dec.participation_summary = summary
    return steps.save_audited(
        dec, by=by, before=before, note=gettext_noop("记录公众参与"), action="update", clean=True
    )


@transaction.atomic
def record_expert_review(
    dec: MajorDecision, *, on: dt.date, summary: str, by: Any
) -> MajorDecision:
    """Record the expert review and how its opinions were taken up (条例第十九条),
    dated on or after the launch."""
    dec = steps.lock(dec, by=by)
    summary = steps.require_text(summary, "summary", _("专家意见采纳情况"), rules.EXPERT_RULE)
    steps.check_not_before(on, dec.launched_on, "on", _("论证日期"), _("启动日期"))
    before = audit.snapshot(dec)
    dec.expert_review_on, dec.expert_summary = on, summary
    return steps.save_audited(
        dec, by=by, before=before, note=gettext_noop("记录专家论证"), action="update", clean=True
    )


@transaction.atomic
def record_risk_assessment(
    dec: MajorDecision, *, on: dt.date, level: str, report: str, by: Any
) -> MajorDecision:
    """Record the risk assessment with its level and report (条例第二十二条),
    dated on or after the launch."""
    dec = steps.lock(dec, by=by)
    report = steps.require_text(report, "report", _("风险评估报告摘要"), rules.RISK_RULE)
    level = steps.require_text(level, "level", _("风险等级"), rules.RISK_RULE)
    steps.check_not_before(on, dec.launched_on, "on", _("评估日期"), _("启动日期"))
    before = audit.snapshot(dec)
    dec.risk_assessed_on, dec.risk_level, dec.risk_report = on, level, report
    return steps.save_audited(
        dec, by=by, before=before, note=gettext_noop("记录风险评估"), action="update", clean=True
    )


@transaction.atomic
def record_fair_competition(dec: MajorDecision, *, on: dt.date, by: Any) -> MajorDecision:
    """Record the fair-competition review a decision concerning market entities
    needs before legality review (`_pre_review_gaps`)."""
    dec = steps.lock(dec, by=by)
    before = audit.snapshot(dec)
    dec.fair_competition_on = on
    return steps.save_audited(
        dec,
        by=by,
        before=before,
        note=gettext_noop("记录公平竞争审查"),
        action="update",
        clean=True,
    )


def _pre_review_gaps(dec: MajorDecision) -> list[str]:
    gaps = []
    if not dec.draft_text.strip():
        gaps.append(_("决策草案"))
    if not dec.participation_summary:
        gaps.append(_("公众参与及意见采纳情况"))
    if dec.expert_review_required and not dec.expert_review_on:
        gaps.append(_("专家论证意见"))
    if dec.risk_assessment_required and not dec.risk_assessed_on:
        gaps.append(_("风险评估报告"))
    if dec.market_related and not dec.fair_competition_on:
        gaps.append(_("公平竞争审查意见"))
    return gaps


def package_gaps(dec: MajorDecision) -> list[str]:
    """What the submission package for collective discussion still lacks
    (条例第二十九条), including the legality review with a legal adviser's
    opinion (第二十五条、第二十八条)."""
    gaps = _pre_review_gaps(dec)
    if not dec.reviewed_on:
        gaps.append(_("合法性审查意见"))
    if not dec.consultations.filter(
        kind=Consultation.Kind.DECISION_REVIEW, status=Consultation.Status.ANSWERED
    ).exists():
        gaps.append(_("法律顾问意见"))
    return gaps


@transaction.atomic
def submit_decision_review(dec: MajorDecision, *, on: dt.date, by: Any) -> MajorDecision:
    """Send the draft for legality review (条例第二十五条); the review lasts at
    least 7 working days (第二十六条)."""
    dec = steps.lock(dec, by=by)
    gaps = _pre_review_gaps(dec)
    if gaps:
        raise RuleViolation(
            _("送交合法性审查前还缺少：%(missing)s。") % {"missing": "、".join(gaps)},
            rule=rules.PACKAGE_RULE,
        )
    steps.check_date(on, "on", _("送审日期"), not_before=dec.launched_on, before_what=_("启动日期"))
    before = audit.snapshot(dec)
    steps.move(dec, MajorDecision.Status.LEGALITY_REVIEW)
    dec.review_submitted_on = on
    dec.review_min_end = due_date(
        on, rules.DECISION_REVIEW_WORKING_DAYS, "working", clocks.load_calendar()
    ).date
    dec.reviewed_on = None
    return steps.save_audited(
        dec, by=by, before=before, note=gettext_noop("送交合法性审查"), clean=True
    )


@transaction.atomic
def give_decision_review(
    dec: MajorDecision, *, on: dt.date, opinion: str, by: Any
) -> MajorDecision:
    """The legality review opinion: not sooner than 7 working days after
    submission (第二十六条) and only with a legal adviser's opinion (第二十八条)."""
    dec = steps.lock(dec, by=by)
    if dec.status != MajorDecision.Status.LEGALITY_REVIEW:
        raise RuleViolation(_("决策不在合法性审查阶段。"))
    opinion = steps.require_text(opinion, "opinion", _("合法性审查意见"))
    steps.check_date(on, "on", _("合法性审查意见日期"))  # no day to come (walk, 29 Dec 2026)
    if dec.review_min_end and on < dec.review_min_end:
        raise RuleViolation(
            _("合法性审查时间一般不少于7个工作日，最早于%(review_min_end)s出具意见。")
            % {"review_min_end": format(dec.review_min_end, "%Y-%m-%d")},
            field="on",
            rule=rules.DECISION_REVIEW_RULE,
        )
    if not dec.consultations.filter(
        kind=Consultation.Kind.DECISION_REVIEW, status=Consultation.Status.ANSWERED
    ).exists():
        raise RuleViolation(
            _("合法性审查应当组织法律顾问提出意见，请先登记法律顾问意见。"),
            field="opinion",
            rule=rules.ADVISER_OPINION_RULE,
        )
    before = audit.snapshot(dec)
    dec.reviewed_on = on
    dec.review_opinion = opinion
    steps.move(dec, MajorDecision.Status.READY)
    return steps.save_audited(
        dec, by=by, before=before, note=gettext_noop("出具合法性审查意见"), clean=True
    )


@transaction.atomic
def decide(
    dec: MajorDecision,
    *,
    on: dt.date,
    minutes: str,
    adopted: bool,
    head_spoke_last: bool,
    by: Any,
    dissent: str = "",
    meeting: Any = None,
) -> MajorDecision:
    """Collective discussion and decision: only with the full submission
    package (第二十九条); the head speaks last and the minutes record dissent
    (第三十条)."""
    dec = steps.lock(dec, by=by)
    gaps = package_gaps(dec)
    if gaps or dec.status != MajorDecision.Status.READY:
        missing = "、".join(str(g) for g in gaps) if gaps else _("合法性审查")
        raise RuleViolation(
            _("提交集体讨论的材料不全，缺少：%(missing)s。") % {"missing": missing},
            field="__all__",
            rule=rules.PACKAGE_RULE,
        )
    minutes = steps.require_text(minutes, "minutes", _("会议纪要"), rules.MEETING_RULE)
    if not head_spoke_last:
        raise RuleViolation(
            _("行政首长应当最后发表意见。"), field="head_spoke_last", rule=rules.MEETING_RULE
        )
    steps.check_date(
        on, "on", _("讨论日期"), not_before=dec.reviewed_on, before_what=_("合法性审查意见日期")
    )
    before = audit.snapshot(dec)
    dec.meeting_on = on
    dec.minutes = minutes
    dec.dissent = dissent.strip()
    dec.head_spoke_last = True
    dec.meeting = meeting
    steps.move(dec, MajorDecision.Status.DECIDED if adopted else MajorDecision.Status.REJECTED)
    return steps.save_audited(
        dec,
        by=by,
        before=before,
        note=gettext_noop("集体讨论通过") if adopted else gettext_noop("集体讨论未通过"),
        clean=True,
    )


@transaction.atomic
def publish_decision(
    dec: MajorDecision, *, on: dt.date, party_reported_on: dt.date, by: Any
) -> MajorDecision:
    """Publish after reporting to the party committee (第三十一条、第三十二条)."""
    dec = steps.lock(dec, by=by)
    party_rule = "重大行政决策程序暂行条例第三十一条"
    if party_reported_on is None:
        raise RuleViolation(
            _("请填写向党委请示报告日期。"), field="party_reported_on", rule=party_rule
        )
    steps.check_not_before(
        party_reported_on, dec.meeting_on, "party_reported_on", _("请示报告日期"), _("集体讨论日期")
    )
    if on < party_reported_on:
        # The rule is the order (report first, then publish), so it is said as the
        # rule rather than as two dates.
        raise RuleViolation(_("决策出台前应向同级党委请示报告。"), field="on", rule=party_rule)
    before = audit.snapshot(dec)
    steps.move(dec, MajorDecision.Status.PUBLISHED)
    dec.party_reported_on = party_reported_on
    dec.published_on = on
    return steps.save_audited(dec, by=by, before=before, note=gettext_noop("公布"), clean=True)


@transaction.atomic
def archive_decision(dec: MajorDecision, *, on: dt.date, by: Any) -> MajorDecision:
    """Archive the published decision's file (条例第三十三条), dated on or after
    publication."""
    dec = steps.lock(dec, by=by)
    steps.check_not_before(on, dec.published_on, "on", _("归档日期"), _("公布日期"))
    before = audit.snapshot(dec)
    steps.move(dec, MajorDecision.Status.ARCHIVED)
    dec.archived_on = on
    return steps.save_audited(
        dec,
        by=by,
        before=before,
        note=gettext_noop("归档（重大行政决策程序暂行条例第三十三条）"),
        clean=True,
    )
