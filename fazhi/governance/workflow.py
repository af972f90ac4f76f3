"""Every state change of lawful-governance records.

Each function is one transaction: it locks the row, checks the transition
table and the statutory gate, writes the new state, the audit row, and starts,
pauses, extends or stops the statutory clock (core.clocks). A refused step
raises `RuleViolation` naming the field and the rule, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction

from fazhi.core import audit, clocks, numbering, rulesettings
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.indicators import REGISTRY as INDICATORS
from fazhi.core.indicators import Period
from fazhi.core.models import Clock, OrgUnit
from fazhi.core.scope import units_visible_to
from fazhi.core.workdays import Due, due_date, next_working_day, working_days_between

from . import rules
from .models import (
    Assessment,
    AssessmentItem,
    AssessmentScore,
    CaseResult,
    CleanupDecision,
    CleanupRound,
    Consultation,
    DisclosureCatalogueItem,
    DisclosureRequest,
    LitigationCase,
    MajorDecision,
    NormativeDocument,
    ProactiveDisclosure,
    ReconsiderationCase,
    Rectification,
    WorkPlan,
    WorkTask,
    check_issuing_unit,
)

M = TypeVar("M", bound=models.Model)

# Clock kinds (core.Clock.kind) used by this app.
CLOCK_TASK = "governance.task"
CLOCK_CONSULTATION = "governance.normative.consultation"
# Clocks that count a minimum period (征求意见不少于…): its end is the earliest
# day to close, not a deadline.
MINIMUM_PERIOD_CLOCKS = frozenset({CLOCK_CONSULTATION})
CLOCK_REVIEW = "governance.normative.review"
CLOCK_FILING = "governance.normative.filing"
CLOCK_PROACTIVE = "governance.ogi.proactive"
CLOCK_REPLY = "governance.ogi.reply"
CLOCK_THIRD_PARTY = "governance.ogi.third_party"
CLOCK_CONTRACT = "governance.contract_review"
CLOCK_RECTIFICATION = "governance.rectification"
CLOCK_RECONSIDERATION = "governance.reconsideration.answer"


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _lock(obj: M, by: Any) -> M:
    """The row, locked, if `by` may write it; otherwise refused (never saved)."""
    core_workflow.check_can_write(by)
    model = type(obj)
    qs = model.objects.visible_to(by)  # type: ignore[attr-defined]
    locked = qs.select_for_update().filter(pk=obj.pk).first()
    if locked is None:
        raise RuleViolation("记录不存在或不在您的管辖范围内。")
    return locked


def _move(obj: Any, new: str, field: str = "status") -> str:
    old = getattr(obj, field)
    allowed = type(obj).TRANSITIONS.get(old, set())
    if new not in allowed:
        label_old = dict(type(obj).Status.choices).get(old, old)
        label_new = dict(type(obj).Status.choices).get(new, new)
        raise RuleViolation(f"当前状态为“{label_old}”，不能转为“{label_new}”。", field=field)
    setattr(obj, field, new)
    return str(old)


def _save(
    obj: Any, by: Any, before: dict[str, Any], note: str = "", action: str = "transition"
) -> Any:
    obj.version = getattr(obj, "version", 0) + 1
    obj.updated_by = by
    obj.full_clean()
    obj.save()
    audit.record(
        obj, by=by, action=action, changes=audit.diff(before, audit.snapshot(obj)), note=note
    )
    return obj


def _require(value: Any, message: str, field: str, rule: str = "") -> Any:
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise RuleViolation(message, field=field, rule=rule)
    return value.strip() if isinstance(value, str) else value


def _not_before(
    on: dt.date, earlier: dt.date | None, message: str, field: str = "on", rule: str = ""
) -> None:
    if earlier is not None and on < earlier:
        raise RuleViolation(message, field=field, rule=rule)


def _clock(target: models.Model, kind: str) -> Clock | None:
    return clocks.clock(target, kind)


def _running(target: models.Model, kind: str) -> Clock | None:
    c = _clock(target, kind)
    return c if c is not None and c.status != Clock.Status.STOPPED else None


def _stop(target: models.Model, kind: str, on: dt.date, by: Any) -> Clock | None:
    c = _running(target, kind)
    if c is None:
        return None
    return clocks.stop(c, on=on, by=by)


def _users(*users: Any) -> list[Any]:
    return [u for u in users if u is not None and getattr(u, "pk", None)]


def _in_unit(unit: OrgUnit | None, parent: OrgUnit, field: str) -> None:
    if unit is not None and not parent.contains(unit):
        raise RuleViolation(f"所选单位“{unit}”不在“{parent}”范围内。", field=field)


# ---------------------------------------------------------------------------
# Annual plan and tasks
# ---------------------------------------------------------------------------


@transaction.atomic
def add_task(task: WorkTask, *, by: Any) -> WorkTask:
    """Add a task to the plan of the year it belongs to. Its 完成时限 is a date
    the plan sets, not a statutory period: it is the task's due date as
    written (a Sunday stays a Sunday; 民法典第二百零三条 rolls the end of a
    period counted in days, not a date fixed by a plan). The owner is reminded
    when it is due soon and when overdue (`remind_tasks`, daily)."""
    plan = task.plan
    _in_unit(task.unit, plan.unit, "unit")
    if task.deadline.year != plan.year:
        raise RuleViolation(
            f"完成时限（{task.deadline:%Y-%m-%d}）不在“{plan.title}”的年度（{plan.year}年）内，"
            f"请将任务列入{task.deadline.year}年的工作方案。",
            field="plan",
        )
    _not_before(task.deadline, plan.issued_on, "完成时限不能早于方案印发日期。", field="deadline")
    task.due_date = task.deadline
    return core_workflow.create_record(task, by=by)


def remind_tasks(today: dt.date) -> dict[str, int]:
    """The daily reminders of plan tasks (their reminder account, else who
    added them): due within FAZHI_DUE_SOON_WORKING_DAYS working days, and
    overdue. Keyed by task, kind and due date, so each arrives once however
    often the job runs."""
    from django.conf import settings

    from fazhi.core import reminders
    from fazhi.core.workdays import due_soon_threshold

    soon = due_soon_threshold(
        today, clocks.load_calendar(), int(settings.FAZHI_DUE_SOON_WORKING_DAYS)
    )
    open_tasks = WorkTask.objects.filter(
        status__in=[WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS], due_date__lte=soon
    ).select_related("owner_user", "created_by")
    counts = {"due_soon": 0, "overdue": 0}
    with transaction.atomic():
        for task in open_tasks.iterator(chunk_size=500):
            assert task.due_date is not None
            kind = "overdue" if task.due_date < today else "due_soon"
            word = "已超期" if kind == "overdue" else "即将到期"
            user = task.owner_user or task.created_by
            if user is None:
                continue
            reminders.post(
                user,
                key=f"governance.task.{kind}:{task.pk}:{task.due_date:%Y%m%d}",
                title=f"工作任务“{task.title[:60]}”{word}（完成时限{task.due_date:%Y-%m-%d}）",
                url=task.get_absolute_url(),
                kind=kind,
            )
            counts[kind] += 1
    return counts


@transaction.atomic
def add_year_plan(unit: OrgUnit, year: int, *, by: Any) -> WorkPlan:
    """The unit's plan for `year`, created if it has none yet (年度工作方案:
    tasks of a year belong to that year's plan). Only a township (or county)
    makes one; its text and number are completed on the plan's page."""
    core_workflow.check_can_write(by)
    core_workflow.check_unit_in_scope(unit, by)
    if unit.kind not in (OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.COUNTY):
        raise RuleViolation("年度工作方案由乡镇制定。", field="unit")
    existing = WorkPlan.objects.filter(unit=unit, year=year).order_by("pk").first()
    if existing is not None:
        return existing
    return core_workflow.create_record(
        WorkPlan(unit=unit, year=year, title=f"{unit.name}{year}年法治政府建设工作方案"), by=by
    )


@transaction.atomic
def start_task(task: WorkTask, *, by: Any) -> WorkTask:
    task = _lock(task, by)
    before = audit.snapshot(task)
    _move(task, WorkTask.Status.IN_PROGRESS)
    return _save(task, by, before, note="开始推进")


@transaction.atomic
def complete_task(task: WorkTask, *, on: dt.date, result: str, by: Any) -> WorkTask:
    """Mark a task done. The result (what was done, evidence named or attached)
    is required: a task without evidence is not done."""
    task = _lock(task, by)
    result = _require(result, "请填写完成情况（工作成效及佐证材料）。", "result")
    before = audit.snapshot(task)
    _move(task, WorkTask.Status.DONE)
    task.done_on = on
    task.result = result
    _stop(task, CLOCK_TASK, on, by)
    late = task.due_date is not None and on > task.due_date
    return _save(task, by, before, note="超期完成" if late else "按期完成")


@transaction.atomic
def cancel_task(task: WorkTask, *, on: dt.date, reason: str, by: Any) -> WorkTask:
    task = _lock(task, by)
    reason = _require(reason, "请填写取消理由。", "reason")
    before = audit.snapshot(task)
    _move(task, WorkTask.Status.CANCELLED)
    _stop(task, CLOCK_TASK, on, by)
    task.result = reason
    return _save(task, by, before, note=f"取消：{reason}")


# ---------------------------------------------------------------------------
# Normative documents
# ---------------------------------------------------------------------------


@transaction.atomic
def draft_document(doc: NormativeDocument, *, by: Any) -> NormativeDocument:
    """Register a normative document being drafted. Only a township
    government issues one (《湖南省规范性文件管理办法》第五条: coordination
    bodies and internal units may not; a village committee is not an organ)."""
    check_issuing_unit(doc.unit if doc.unit_id else None, "行政规范性文件")
    return core_workflow.create_record(doc, by=by)


@transaction.atomic
def launch_decision(dec: MajorDecision, *, by: Any) -> MajorDecision:
    """Launch a major administrative decision (重大行政决策程序暂行条例第十条、
    第四十二条): the decision-maker is the township government."""
    check_issuing_unit(dec.unit if dec.unit_id else None, "重大行政决策")
    return core_workflow.create_record(dec, by=by)


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
    doc = _lock(doc, by)
    before = audit.snapshot(doc)
    _move(doc, NormativeDocument.Status.CONSULTATION)
    market = doc.market_related
    length = int(
        rulesettings.get(
            doc.unit,
            rules.MARKET_CONSULTATION_DAYS.key if market else rules.CONSULTATION_WORKING_DAYS.key,
        )
    )
    c = clocks.start(
        doc,
        kind=CLOCK_CONSULTATION,
        label=f"规范性文件征求意见：{doc.title[:60]}",
        start_date=on,
        length=length,
        unit="calendar" if market else "working",
        unit_org=doc.unit,
        by=by,
        legal_basis=rules.CONSULTATION_RULE,
        url=doc.get_absolute_url(),
    )
    doc.consultation_start = on
    doc.consultation_min_end = c.due_date
    return _save(doc, by, before, note="公开征求意见")


@transaction.atomic
def close_consultation(
    doc: NormativeDocument, *, on: dt.date, summary: str, by: Any
) -> NormativeDocument:
    """Close consultation, refused before the minimum period has run."""
    doc = _lock(doc, by)
    if doc.status != NormativeDocument.Status.CONSULTATION:
        raise RuleViolation("文件不在征求意见阶段。")
    summary = _require(summary, "请填写意见采纳情况。", "summary")
    if doc.consultation_min_end and on < doc.consultation_min_end:
        market_days = rulesettings.get(doc.unit, rules.MARKET_CONSULTATION_DAYS.key)
        working_days = rulesettings.get(doc.unit, rules.CONSULTATION_WORKING_DAYS.key)
        period = (
            f"不少于{market_days}日（涉及市场主体）"
            if doc.market_related
            else f"不少于{working_days}个工作日"
        )
        raise RuleViolation(
            f"征求意见期限应{period}，最早于{doc.consultation_min_end:%Y-%m-%d}结束。",
            field="on",
            rule=rules.CONSULTATION_RULE,
        )
    before = audit.snapshot(doc)
    doc.consultation_end = on
    doc.consultation_summary = summary
    _stop(doc, CLOCK_CONSULTATION, on, by)
    return _save(doc, by, before, note="征求意见结束", action="update")


@transaction.atomic
def submit_for_review(
    doc: NormativeDocument, *, on: dt.date, reviewer: Any, by: Any
) -> NormativeDocument:
    """Send the draft for legality review after consultation has closed; the
    review period (a setting, 115号 UNCONFIRMED) starts and reminds the reviewer."""
    doc = _lock(doc, by)
    if doc.consultation_end is None:
        raise RuleViolation(
            "征求意见尚未结束，不能送交合法性审核。", field="on", rule=rules.CONSULTATION_RULE
        )
    _require(reviewer, "请选择审核人。", "reviewer")
    if not NormativeDocument.objects.visible_to(reviewer).filter(pk=doc.pk).exists():
        raise RuleViolation("所选审核人无权查看该文件，请选择本单位的审核人员。", field="reviewer")
    _not_before(on, doc.consultation_end, "送审日期不能早于征求意见结束日期。")
    before = audit.snapshot(doc)
    _move(doc, NormativeDocument.Status.LEGALITY_REVIEW)
    days = int(rulesettings.get(doc.unit, rules.REVIEW_WORKING_DAYS.key))
    c = clocks.start(
        doc,
        kind=CLOCK_REVIEW,
        label=f"规范性文件合法性审核：{doc.title[:60]}",
        start_date=on,
        length=days,
        unit="working",
        unit_org=doc.unit,
        by=by,
        legal_basis=rules.REVIEW_WORKING_DAYS.source,
        recipients=_users(reviewer),
        url=doc.get_absolute_url(),
    )
    doc.reviewer = reviewer
    doc.review_submitted_on = on
    doc.review_due = c.due_date
    doc.reviewed_on = None
    doc.review_conclusion = ""
    return _save(doc, by, before, note=f"送交合法性审核（审核人：{reviewer}）")


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
    doc = _lock(doc, by)
    if doc.status != NormativeDocument.Status.LEGALITY_REVIEW:
        raise RuleViolation("文件不在合法性审核阶段。")
    if not (getattr(by, "is_superuser", False) or by.pk == doc.reviewer_id):
        raise RuleViolation("只有指定的审核人可以出具审核意见。", field="reviewer")
    _require(conclusion, "请选择审核结论。", "conclusion")
    if conclusion not in NormativeDocument.ReviewConclusion.values:
        raise RuleViolation("审核结论无效。", field="conclusion")
    opinion = _require(opinion, "请填写审核意见。", "opinion")
    _not_before(on, doc.review_submitted_on, "审核意见日期不能早于送审日期。")
    flag_set = set(flags)
    unknown = flag_set - {"licence", "penalty", "compulsion", "fee"}
    if unknown:
        raise RuleViolation("违法设定事项无效。", field="flags")
    if flag_set and not flag_reason.strip():
        raise RuleViolation(
            "标记违法设定事项时应写明理由。", field="flag_reason", rule=rules.FORBIDDEN_CONTENT_RULE
        )
    if flag_set and conclusion != NormativeDocument.ReviewConclusion.UNLAWFUL:
        raise RuleViolation(
            "规范性文件不得设定行政许可、行政处罚、行政强制或收费，标记后审核结论应为“不合法”。",
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
    _stop(doc, CLOCK_REVIEW, on, by)
    if conclusion == NormativeDocument.ReviewConclusion.UNLAWFUL:
        _move(doc, NormativeDocument.Status.DRAFT)
        # The redrafted text goes through consultation again.
        doc.consultation_end = None
        note = "审核不合法，退回起草"
    else:
        _move(doc, NormativeDocument.Status.DELIBERATION)
        note = "出具合法性审核意见"
    return _save(doc, by, before, note=note)


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
    doc = _lock(doc, by)
    if doc.status != NormativeDocument.Status.DELIBERATION or not doc.reviewed_on:
        raise RuleViolation(
            "未经合法性审核或审核不合法的文件不得提交集体审议。",
            field="reviewed_on",
            rule=rules.NO_REVIEW_NO_DELIBERATION_RULE,
        )
    minutes = _require(minutes, "请填写集体审议纪要。", "minutes")
    _not_before(on, doc.reviewed_on, "审议日期不能早于合法性审核意见日期。")
    before = audit.snapshot(doc)
    doc.deliberated_on = on
    doc.deliberation_minutes = minutes
    doc.meeting = meeting
    _move(doc, NormativeDocument.Status.APPROVED if adopted else NormativeDocument.Status.DRAFT)
    if not adopted:
        doc.consultation_end = None
    return _save(doc, by, before, note="审议通过" if adopted else "审议未通过，退回修改")


@transaction.atomic
def register_number(doc: NormativeDocument, *, on: dt.date, by: Any) -> NormativeDocument:
    """Unified registration and number (统一登记、统一编号): 湘源规〔2024〕1号."""
    doc = _lock(doc, by)
    if doc.status != NormativeDocument.Status.APPROVED:
        raise RuleViolation(
            "集体审议通过后才能统一登记编号。",
            field="deliberated_on",
            rule=rules.THREE_UNIFIED_RULE,
        )
    if doc.doc_no:
        raise RuleViolation(f"文件已登记编号：{doc.doc_no}。", field="doc_no")
    before = audit.snapshot(doc)
    doc.doc_no = numbering.next_number(doc.unit, "normative_document", on.year, "规")
    doc.registered_on = on
    return _save(doc, by, before, note=f"统一登记编号 {doc.doc_no}", action="update")


def publication_gaps(doc: NormativeDocument) -> list[str]:
    """What publication still lacks (国办发〔2018〕37号; 湖南“三统一”)."""
    gaps = []
    if not doc.reviewed_on or doc.review_conclusion == NormativeDocument.ReviewConclusion.UNLAWFUL:
        gaps.append("合法性审核意见")
    if not doc.deliberated_on or not doc.deliberation_minutes:
        gaps.append("集体审议记录")
    if not doc.doc_no:
        gaps.append("统一编号")
    return gaps


@transaction.atomic
def publish_document(
    doc: NormativeDocument,
    *,
    on: dt.date,
    effective_on: dt.date,
    by: Any,
    immediate_effect_reason: str = "",
    valid_until: dt.date | None = None,
) -> NormativeDocument:
    """Publish: requires review opinion, deliberation record and number; takes
    effect no sooner than 30 days after publication unless a reason for
    immediate effect is given ([S] 湖南 2018 修正第二十条); starts the 15-day
    filing clock ([S] 第二十二条). The validity period (years ahead, beyond the
    known work calendar) is a stored date reminded by `remind_expiring`."""
    doc = _lock(doc, by)
    gaps = publication_gaps(doc)
    if gaps:
        raise RuleViolation(
            f"缺少{'、'.join(gaps)}，不能公布。",
            field="doc_no" if gaps == ["统一编号"] else "__all__",
            rule=rules.THREE_UNIFIED_RULE,
        )
    _not_before(on, doc.registered_on, "公布日期不能早于登记编号日期。")
    reason = immediate_effect_reason.strip()
    min_days = int(rulesettings.get(doc.unit, rules.MIN_DAYS_TO_EFFECT.key))
    earliest = on + dt.timedelta(days=min_days)
    if effective_on < on:
        raise RuleViolation("施行日期不能早于公布日期。", field="effective_on")
    if effective_on < earliest and not reason:
        raise RuleViolation(
            f"施行日期应不早于公布之日起{min_days}日（{earliest:%Y-%m-%d}），"
            "确需公布即施行的应写明理由。",
            field="effective_on",
            rule=rules.EFFECT_RULE,
        )
    years = int(rulesettings.get(doc.unit, rules.VALIDITY_YEARS.key))
    until = valid_until or _add_years(effective_on, years) - dt.timedelta(days=1)
    if until <= effective_on:
        raise RuleViolation("有效期截止日应晚于施行日期。", field="valid_until")
    before = audit.snapshot(doc)
    _move(doc, NormativeDocument.Status.PUBLISHED)
    doc.published_on = on
    doc.effective_on = effective_on
    doc.immediate_effect_reason = reason
    doc.valid_until = until
    filing_days = int(rulesettings.get(doc.unit, rules.FILING_DAYS.key))
    recipients = _users(by, doc.created_by)
    filing = clocks.start(
        doc,
        kind=CLOCK_FILING,
        label=f"规范性文件报送备案：{doc.doc_no}",
        start_date=on,
        length=filing_days,
        unit="calendar",
        unit_org=doc.unit,
        by=by,
        legal_basis=rules.FILING_RULE,
        recipients=recipients,
        url=doc.get_absolute_url(),
    )
    doc.filing_due = filing.due_date
    return _save(doc, by, before, note=f"公布，{effective_on:%Y-%m-%d}起施行")


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
                    title=f"规范性文件{doc.doc_no}将于{doc.valid_until:%Y-%m-%d}有效期届满，请评估是否继续施行",
                    url=doc.get_absolute_url(),
                    kind="due_soon",
                )
                n += 1
    return n


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@transaction.atomic
def file_document(
    doc: NormativeDocument, *, on: dt.date, filing_no: str, by: Any
) -> NormativeDocument:
    """Record filing with the county; on time if within the filing clock."""
    doc = _lock(doc, by)
    if doc.status != NormativeDocument.Status.PUBLISHED or doc.published_on is None:
        raise RuleViolation("文件公布后才能报送备案。")
    if doc.filed_on:
        raise RuleViolation("该文件已报送备案。", field="filed_on")
    _not_before(on, doc.published_on, "备案日期不能早于公布日期。")
    before = audit.snapshot(doc)
    c = _stop(doc, CLOCK_FILING, on, by)
    doc.filed_on = on
    doc.filing_no = filing_no.strip()
    due = c.due_date if c is not None else doc.filing_due
    doc.filed_on_time = due is None or on <= due
    return _save(
        doc,
        by,
        before,
        note="报送备案" + ("" if doc.filed_on_time else "（超期）"),
        action="update",
    )


@transaction.atomic
def add_cleanup_decision(
    round_: CleanupRound, *, document: NormativeDocument, outcome: str, reason: str, by: Any
) -> CleanupDecision:
    round_ = _lock(round_, by)
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
    round_ = _lock(round_, by)
    if round_.status != CleanupRound.Status.OPEN:
        raise RuleViolation("清理结果已公布。")
    decisions = list(round_.decisions.select_related("document"))
    if not decisions:
        raise RuleViolation("清理结果为空，请先逐件确定清理结果。")
    _not_before(on, round_.started_on, "公布日期不能早于清理开始日期。")
    before = audit.snapshot(round_)
    for decision in decisions:
        if decision.outcome == CleanupDecision.Outcome.REPEAL:
            doc = NormativeDocument.objects.select_for_update().get(pk=decision.document_id)
            doc_before = audit.snapshot(doc)
            _move(doc, NormativeDocument.Status.REPEALED)
            doc.repealed_on = on
            _save(doc, by, doc_before, note=f"清理废止（{round_.title}）")
    round_.status = CleanupRound.Status.PUBLISHED
    round_.published_on = on
    return _save(round_, by, before, note="公布清理结果")


# ---------------------------------------------------------------------------
# Legal advisers' opinions
# ---------------------------------------------------------------------------


@transaction.atomic
def request_consultation(c: Consultation, *, by: Any) -> Consultation:
    """Record a matter sent to a legal adviser; a contract review runs on a
    clock (a setting: no national period)."""
    core_workflow.create_record(c, by=by)
    if c.kind == Consultation.Kind.CONTRACT_REVIEW:
        days = int(rulesettings.get(c.unit, rules.CONTRACT_REVIEW_WORKING_DAYS.key))
        clock = clocks.start(
            c,
            kind=CLOCK_CONTRACT,
            label=f"合同审查：{c.matter[:60]}",
            start_date=c.requested_on,
            length=days,
            unit="working",
            unit_org=c.unit,
            by=by,
            legal_basis=rules.CONTRACT_REVIEW_WORKING_DAYS.source,
            recipients=_users(by),
            url=c.get_absolute_url(),
        )
        Consultation.objects.filter(pk=c.pk).update(due_date=clock.due_date)
        c.due_date = clock.due_date
    return c


@transaction.atomic
def answer_consultation(
    c: Consultation, *, on: dt.date, conclusion: str, opinion: str, by: Any
) -> Consultation:
    c = _lock(c, by)
    if c.status != Consultation.Status.PENDING:
        raise RuleViolation("该事项已出具意见。")
    if conclusion not in Consultation.Conclusion.values:
        raise RuleViolation("请选择结论。", field="conclusion")
    opinion = _require(opinion, "请填写法律意见。", "opinion")
    _not_before(on, c.requested_on, "出具意见日期不能早于提交日期。")
    before = audit.snapshot(c)
    c.status = Consultation.Status.ANSWERED
    c.answered_on = on
    c.conclusion = conclusion
    c.opinion = opinion
    _stop(c, CLOCK_CONTRACT, on, by)
    return _save(c, by, before, note="出具法律意见")


@transaction.atomic
def mark_adopted(c: Consultation, *, adopted: bool, by: Any) -> Consultation:
    c = _lock(c, by)
    if c.status != Consultation.Status.ANSWERED:
        raise RuleViolation("出具意见后才能记录是否采纳。", field="adopted")
    before = audit.snapshot(c)
    c.adopted = adopted
    return _save(c, by, before, note="采纳" if adopted else "未采纳", action="update")


# ---------------------------------------------------------------------------
# Major administrative decisions
# ---------------------------------------------------------------------------


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
    dec = _lock(dec, by)
    if dec.status != MajorDecision.Status.DRAFTING:
        raise RuleViolation("公众参与应在起草阶段完成。")
    summary = _require(
        summary, "请填写公众意见采纳情况。", "summary", rules.DECISION_CONSULTATION_RULE
    )
    if consultation_start is None and hearing_on is None:
        raise RuleViolation("请填写公开征求意见或听证情况。", field="consultation_start")
    if consultation_start is not None:
        end = _require(consultation_end, "请填写征求意见结束日。", "consultation_end")
        minimum = due_date(
            consultation_start, rules.DECISION_CONSULTATION_DAYS, "calendar", clocks.load_calendar()
        ).date
        if end < minimum and not urgency_reason.strip():
            raise RuleViolation(
                f"公开征求意见期限一般不少于30日（最早{minimum:%Y-%m-%d}结束）；"
                "因情况紧急需缩短的，应说明理由。",
                field="consultation_end",
                rule=rules.DECISION_CONSULTATION_RULE,
            )
        _not_before(end, consultation_start, "结束日不能早于开始日。", field="consultation_end")
    if hearing_on is not None:
        sent = _require(
            materials_sent_on, "请填写听证材料送达日期。", "materials_sent_on", rules.HEARING_RULE
        )
        if (hearing_on - sent).days < rules.HEARING_NOTICE_DAYS:
            raise RuleViolation(
                "听证材料应于听证会7日前送达听证参加人。",
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
    return _save(dec, by, before, note="记录公众参与", action="update")


@transaction.atomic
def record_expert_review(
    dec: MajorDecision, *, on: dt.date, summary: str, by: Any
) -> MajorDecision:
    dec = _lock(dec, by)
    summary = _require(summary, "请填写专家意见采纳情况。", "summary", rules.EXPERT_RULE)
    _not_before(on, dec.launched_on, "论证日期不能早于启动日期。")
    before = audit.snapshot(dec)
    dec.expert_review_on, dec.expert_summary = on, summary
    return _save(dec, by, before, note="记录专家论证", action="update")


@transaction.atomic
def record_risk_assessment(
    dec: MajorDecision, *, on: dt.date, level: str, report: str, by: Any
) -> MajorDecision:
    dec = _lock(dec, by)
    report = _require(report, "请填写风险评估报告摘要。", "report", rules.RISK_RULE)
    level = _require(level, "请填写风险等级。", "level", rules.RISK_RULE)
    _not_before(on, dec.launched_on, "评估日期不能早于启动日期。")
    before = audit.snapshot(dec)
    dec.risk_assessed_on, dec.risk_level, dec.risk_report = on, level, report
    return _save(dec, by, before, note="记录风险评估", action="update")


@transaction.atomic
def record_fair_competition(dec: MajorDecision, *, on: dt.date, by: Any) -> MajorDecision:
    dec = _lock(dec, by)
    before = audit.snapshot(dec)
    dec.fair_competition_on = on
    return _save(dec, by, before, note="记录公平竞争审查", action="update")


def _pre_review_gaps(dec: MajorDecision) -> list[str]:
    gaps = []
    if not dec.draft_text.strip():
        gaps.append("决策草案")
    if not dec.participation_summary:
        gaps.append("公众参与及意见采纳情况")
    if dec.expert_review_required and not dec.expert_review_on:
        gaps.append("专家论证意见")
    if dec.risk_assessment_required and not dec.risk_assessed_on:
        gaps.append("风险评估报告")
    if dec.market_related and not dec.fair_competition_on:
        gaps.append("公平竞争审查意见")
    return gaps


def package_gaps(dec: MajorDecision) -> list[str]:
    """What the submission package for collective discussion still lacks
    (条例第二十九条), including the legality review with a legal adviser's
    opinion (第二十五条、第二十八条)."""
    gaps = _pre_review_gaps(dec)
    if not dec.reviewed_on:
        gaps.append("合法性审查意见")
    if not dec.consultations.filter(
        kind=Consultation.Kind.DECISION_REVIEW, status=Consultation.Status.ANSWERED
    ).exists():
        gaps.append("法律顾问意见")
    return gaps


@transaction.atomic
def submit_decision_review(dec: MajorDecision, *, on: dt.date, by: Any) -> MajorDecision:
    """Send the draft for legality review (条例第二十五条); the review lasts at
    least 7 working days (第二十六条)."""
    dec = _lock(dec, by)
    gaps = _pre_review_gaps(dec)
    if gaps:
        raise RuleViolation(f"送交合法性审查前还缺少：{'、'.join(gaps)}。", rule=rules.PACKAGE_RULE)
    _not_before(on, dec.launched_on, "送审日期不能早于启动日期。")
    before = audit.snapshot(dec)
    _move(dec, MajorDecision.Status.LEGALITY_REVIEW)
    dec.review_submitted_on = on
    dec.review_min_end = due_date(
        on, rules.DECISION_REVIEW_WORKING_DAYS, "working", clocks.load_calendar()
    ).date
    dec.reviewed_on = None
    return _save(dec, by, before, note="送交合法性审查")


@transaction.atomic
def give_decision_review(
    dec: MajorDecision, *, on: dt.date, opinion: str, by: Any
) -> MajorDecision:
    """The legality review opinion: not sooner than 7 working days after
    submission (第二十六条) and only with a legal adviser's opinion (第二十八条)."""
    dec = _lock(dec, by)
    if dec.status != MajorDecision.Status.LEGALITY_REVIEW:
        raise RuleViolation("决策不在合法性审查阶段。")
    opinion = _require(opinion, "请填写合法性审查意见。", "opinion")
    if dec.review_min_end and on < dec.review_min_end:
        raise RuleViolation(
            f"合法性审查时间一般不少于7个工作日，最早于{dec.review_min_end:%Y-%m-%d}出具意见。",
            field="on",
            rule=rules.DECISION_REVIEW_RULE,
        )
    if not dec.consultations.filter(
        kind=Consultation.Kind.DECISION_REVIEW, status=Consultation.Status.ANSWERED
    ).exists():
        raise RuleViolation(
            "合法性审查应当组织法律顾问提出意见，请先登记法律顾问意见。",
            field="opinion",
            rule=rules.ADVISER_OPINION_RULE,
        )
    before = audit.snapshot(dec)
    dec.reviewed_on = on
    dec.review_opinion = opinion
    _move(dec, MajorDecision.Status.READY)
    return _save(dec, by, before, note="出具合法性审查意见")


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
    dec = _lock(dec, by)
    gaps = package_gaps(dec)
    if gaps or dec.status != MajorDecision.Status.READY:
        missing = "、".join(gaps) if gaps else "合法性审查"
        raise RuleViolation(
            f"提交集体讨论的材料不全，缺少：{missing}。", field="__all__", rule=rules.PACKAGE_RULE
        )
    minutes = _require(minutes, "请填写会议纪要。", "minutes", rules.MEETING_RULE)
    if not head_spoke_last:
        raise RuleViolation(
            "行政首长应当最后发表意见。", field="head_spoke_last", rule=rules.MEETING_RULE
        )
    _not_before(on, dec.reviewed_on, "讨论日期不能早于合法性审查意见日期。")
    before = audit.snapshot(dec)
    dec.meeting_on = on
    dec.minutes = minutes
    dec.dissent = dissent.strip()
    dec.head_spoke_last = True
    dec.meeting = meeting
    _move(dec, MajorDecision.Status.DECIDED if adopted else MajorDecision.Status.REJECTED)
    return _save(dec, by, before, note="集体讨论通过" if adopted else "集体讨论未通过")


@transaction.atomic
def publish_decision(
    dec: MajorDecision, *, on: dt.date, party_reported_on: dt.date, by: Any
) -> MajorDecision:
    """Publish after reporting to the party committee (第三十一条、第三十二条)."""
    dec = _lock(dec, by)
    _require(
        party_reported_on,
        "请填写向党委请示报告日期。",
        "party_reported_on",
        "重大行政决策程序暂行条例第三十一条",
    )
    _not_before(
        party_reported_on,
        dec.meeting_on,
        "请示报告日期不能早于集体讨论日期。",
        field="party_reported_on",
    )
    _not_before(
        on,
        party_reported_on,
        "决策出台前应向同级党委请示报告。",
        rule="重大行政决策程序暂行条例第三十一条",
    )
    before = audit.snapshot(dec)
    _move(dec, MajorDecision.Status.PUBLISHED)
    dec.party_reported_on = party_reported_on
    dec.published_on = on
    return _save(dec, by, before, note="公布")


@transaction.atomic
def archive_decision(dec: MajorDecision, *, on: dt.date, by: Any) -> MajorDecision:
    dec = _lock(dec, by)
    _not_before(on, dec.published_on, "归档日期不能早于公布日期。")
    before = audit.snapshot(dec)
    _move(dec, MajorDecision.Status.ARCHIVED)
    dec.archived_on = on
    return _save(dec, by, before, note="归档（重大行政决策程序暂行条例第三十三条）")


# ---------------------------------------------------------------------------
# Open government information: proactive disclosure
# ---------------------------------------------------------------------------

# 条例第二十一条 (township items) and the general items of 第二十条 a township holds.
STANDARD_CATALOGUE: list[tuple[str, str, str]] = [
    ("20-01", "行政法规、规章和规范性文件", "第二十条第一项"),
    ("20-02", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名", "第二十条第二项"),
    ("20-06", "行政处罚、行政强制的依据、条件、程序及有社会影响的决定", "第二十条第六项"),
    ("20-08", "财政预算、决算信息", "第二十条第八项"),
    (
        "20-11",
        "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
        "第二十条第十一项",
    ),
    ("21-01", "贯彻落实农业农村政策的情况", "第二十一条"),
    ("21-02", "农田水利工程建设运营的情况", "第二十一条"),
    ("21-03", "农村土地承包经营权流转的情况", "第二十一条"),
    ("21-04", "宅基地使用情况审核", "第二十一条"),
    ("21-05", "土地征收", "第二十一条"),
    ("21-06", "房屋征收", "第二十一条"),
    ("21-07", "筹资筹劳", "第二十一条"),
    ("21-08", "社会救助", "第二十一条"),
]


@transaction.atomic
def load_standard_catalogue(unit: OrgUnit, *, by: Any) -> int:
    """Give a township the catalogue of 条例第二十条、第二十一条 as data
    (idempotent: existing codes are kept as the township edited them)."""
    core_workflow.check_can_write(by)
    core_workflow.check_unit_in_scope(unit, by)
    existing = set(DisclosureCatalogueItem.objects.filter(unit=unit).values_list("code", flat=True))
    rows = [
        DisclosureCatalogueItem(
            unit=unit,
            code=code,
            name=name,
            article=f"{rules.OGI_REG}{article}",
            order=i,
            created_by=by,
        )
        for i, (code, name, article) in enumerate(STANDARD_CATALOGUE)
        if code not in existing
    ]
    DisclosureCatalogueItem.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def register_proactive(pd: ProactiveDisclosure, *, by: Any) -> ProactiveDisclosure:
    """Register information to publish; 20 working days from its creation or
    change (条例第二十六条)."""
    _in_unit(pd.unit, pd.item.unit, "unit")
    core_workflow.create_record(pd, by=by)
    c = clocks.start(
        pd,
        kind=CLOCK_PROACTIVE,
        label=f"主动公开：{pd.title[:60]}",
        start_date=pd.created_on,
        length=rules.PROACTIVE_WORKING_DAYS,
        unit="working",
        unit_org=pd.unit,
        by=by,
        legal_basis=rules.PROACTIVE_RULE,
        recipients=_users(by),
        url=pd.get_absolute_url(),
    )
    ProactiveDisclosure.objects.filter(pk=pd.pk).update(due_date=c.due_date)
    pd.due_date = c.due_date
    return pd


@transaction.atomic
def publish_proactive(pd: ProactiveDisclosure, *, on: dt.date, by: Any) -> ProactiveDisclosure:
    pd = _lock(pd, by)
    if pd.status != ProactiveDisclosure.Status.PENDING:
        raise RuleViolation("该信息已公开或已撤回。")
    _not_before(on, pd.created_on, "公开日期不能早于信息形成日期。")
    before = audit.snapshot(pd)
    c = _stop(pd, CLOCK_PROACTIVE, on, by)
    pd.status = ProactiveDisclosure.Status.PUBLISHED
    pd.published_on = on
    due = c.due_date if c is not None else pd.due_date
    pd.on_time = due is None or on <= due
    return _save(pd, by, before, note="公开" + ("" if pd.on_time else "（超过20个工作日）"))


@transaction.atomic
def withdraw_proactive(
    pd: ProactiveDisclosure, *, on: dt.date, reason: str, by: Any
) -> ProactiveDisclosure:
    pd = _lock(pd, by)
    reason = _require(reason, "请填写撤回理由。", "reason")
    before = audit.snapshot(pd)
    _stop(pd, CLOCK_PROACTIVE, on, by)
    pd.status = ProactiveDisclosure.Status.WITHDRAWN
    return _save(pd, by, before, note=f"撤回：{reason}")


# ---------------------------------------------------------------------------
# Open government information: on-request disclosure
# ---------------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """A tracking code the applicant keeps (no 0/O/1/I to misread)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        if not DisclosureRequest.objects.filter(code=code).exists():
            return code


def _start_reply_clock(req: DisclosureRequest, start: dt.date, by: Any) -> Clock:
    return clocks.start(
        req,
        kind=CLOCK_REPLY,
        label=f"依申请公开答复：{req.code}",
        start_date=start,
        length=rules.REPLY_WORKING_DAYS,
        unit="working",
        unit_org=req.unit,
        by=by,
        legal_basis=rules.REPLY_RULE,
        recipients=_users(by),
        url=req.get_absolute_url(),
    )


def _sync_due(req: DisclosureRequest) -> None:
    c = _clock(req, CLOCK_REPLY)
    req.reply_due = c.due_date if c is not None else None


@transaction.atomic
def register_request(req: DisclosureRequest, *, by: Any) -> DisclosureRequest:
    """Register a request received by the office (in person, mail, fax, oral):
    the receipt date by channel (条例第三十一条) starts the 20-working-day reply
    period (第三十三条)."""
    _require(req.received_on, "请填写收到申请之日。", "received_on", rules.RECEIPT_RULE)
    assert req.received_on is not None
    _not_before(
        req.received_on, req.submitted_on, "收到申请之日不能早于提交日期。", field="received_on"
    )
    req.code = req.code or new_code()
    req.status = DisclosureRequest.Status.RECEIVED
    core_workflow.create_record(req, by=by)
    c = _start_reply_clock(req, req.received_on, by)
    DisclosureRequest.objects.filter(pk=req.pk).update(reply_due=c.due_date)
    req.reply_due = c.due_date
    return req


@transaction.atomic
def submit_public(req: DisclosureRequest) -> DisclosureRequest:
    """A request submitted on the public site. For internet applications the
    receipt date is the day the office confirms it (条例第三十一条), so no clock
    runs until `confirm_receipt`."""
    if req.unit.kind != OrgUnit.Kind.TOWNSHIP:
        raise RuleViolation("请选择受理申请的乡镇人民政府。", field="unit")
    req.code = new_code()
    req.channel = DisclosureRequest.Channel.ONLINE
    req.status = DisclosureRequest.Status.SUBMITTED
    req.received_on = None
    req.full_clean()
    req.save()
    audit.record(req, by=None, action="create", note="申请人网上提交")
    return req


@transaction.atomic
def confirm_receipt(req: DisclosureRequest, *, on: dt.date, by: Any) -> DisclosureRequest:
    req = _lock(req, by)
    _not_before(on, req.submitted_on, "确认收到日期不能早于提交日期。", rule=rules.RECEIPT_RULE)
    before = audit.snapshot(req)
    _move(req, DisclosureRequest.Status.RECEIVED)
    req.received_on = on
    c = _start_reply_clock(req, on, by)
    req.reply_due = c.due_date
    return _save(req, by, before, note="确认收到网上申请")


@transaction.atomic
def request_correction(
    req: DisclosureRequest, *, on: dt.date, content: str, deadline: dt.date, by: Any
) -> DisclosureRequest:
    """One correction notice within 7 working days of receipt (第三十条). The
    reply period stands still and runs again from the corrected application."""
    req = _lock(req, by)
    if req.correction_requested_on is not None:
        raise RuleViolation(
            "补正只能一次性告知，本申请已告知过补正。", field="on", rule=rules.CORRECTION_RULE
        )
    content = _require(content, "请写明需要补正的事项。", "content", rules.CORRECTION_RULE)
    assert req.received_on is not None
    _not_before(on, req.received_on, "补正告知日期不能早于收到申请之日。")
    elapsed = working_days_between(req.received_on, on, clocks.load_calendar())
    if elapsed > rules.CORRECTION_WORKING_DAYS:
        raise RuleViolation(
            f"补正应在收到申请之日起7个工作日内一次性告知（本次已过{elapsed}个工作日）。",
            field="on",
            rule=rules.CORRECTION_RULE,
        )
    if deadline <= on:
        raise RuleViolation(
            "补正期限应晚于告知日期。", field="deadline", rule=rules.CORRECTION_RULE
        )
    before = audit.snapshot(req)
    _move(req, DisclosureRequest.Status.CORRECTION)
    c = _running(req, CLOCK_REPLY)
    if c is not None:
        clocks.pause(c, on=on, reason="告知申请人补正", by=by, legal_basis=rules.CORRECTION_RULE)
    req.correction_requested_on = on
    req.correction_content = content
    req.correction_deadline = deadline
    req.reply_due = None
    return _save(req, by, before, note="告知补正")


@transaction.atomic
def receive_correction(req: DisclosureRequest, *, on: dt.date, by: Any) -> DisclosureRequest:
    """The corrected application arrived: the 20-working-day period starts
    again from that day (第三十条)."""
    req = _lock(req, by)
    _not_before(on, req.correction_requested_on, "收到补正日期不能早于补正告知日期。")
    before = audit.snapshot(req)
    _move(req, DisclosureRequest.Status.RECEIVED)
    _stop(req, CLOCK_REPLY, on, by)
    c = _start_reply_clock(req, on, by)
    req.corrected_on = on
    req.reply_due = c.due_date
    return _save(req, by, before, note="收到补正，答复期限重新起算")


@transaction.atomic
def withdraw_request(
    req: DisclosureRequest, *, on: dt.date, reason: str, by: Any
) -> DisclosureRequest:
    """The applicant withdrew, or did not correct in time without good reason
    and the request is deemed withdrawn (第三十条)."""
    req = _lock(req, by)
    reason = _require(reason, "请填写撤回情形。", "reason")
    if (
        req.status == DisclosureRequest.Status.CORRECTION
        and req.correction_deadline
        and on <= req.correction_deadline
    ):
        raise RuleViolation(
            f"补正期限{req.correction_deadline:%Y-%m-%d}尚未届满，不能视为撤回。",
            field="on",
            rule=rules.CORRECTION_RULE,
        )
    before = audit.snapshot(req)
    _move(req, DisclosureRequest.Status.WITHDRAWN)
    _stop(req, CLOCK_REPLY, on, by)
    req.withdrawn_on = on
    req.withdrawn_reason = reason
    req.reply_due = None
    return _save(req, by, before, note=f"撤回：{reason}")


@transaction.atomic
def consult_third_party(
    req: DisclosureRequest, *, on: dt.date, third_party: str, by: Any
) -> DisclosureRequest:
    """Ask a third party (15 working days); the time is excluded from the
    reply period (第三十二条、第三十四条)."""
    req = _lock(req, by)
    third_party = _require(third_party, "请填写第三方名称。", "third_party", rules.THIRD_PARTY_RULE)
    assert req.received_on is not None
    _not_before(on, req.corrected_on or req.received_on, "征求意见日期不能早于收到申请之日。")
    before = audit.snapshot(req)
    _move(req, DisclosureRequest.Status.THIRD_PARTY)
    c = _running(req, CLOCK_REPLY)
    if c is not None:
        clocks.pause(
            c,
            on=on,
            reason=f"征求第三方（{third_party}）意见",
            by=by,
            legal_basis=rules.THIRD_PARTY_RULE,
        )
    tp = clocks.start(
        req,
        kind=CLOCK_THIRD_PARTY,
        label=f"第三方答复：{req.code}",
        start_date=on,
        length=rules.THIRD_PARTY_WORKING_DAYS,
        unit="working",
        unit_org=req.unit,
        by=by,
        legal_basis=rules.THIRD_PARTY_RULE,
        recipients=_users(by),
        url=req.get_absolute_url(),
    )
    req.third_party = third_party
    req.third_party_sent_on = on
    req.third_party_due = tp.due_date
    req.third_party_replied_on = None
    req.reply_due = None
    return _save(req, by, before, note=f"征求第三方意见：{third_party}")


@transaction.atomic
def third_party_replied(
    req: DisclosureRequest, *, on: dt.date, opinion: str, by: Any
) -> DisclosureRequest:
    """The third party answered (or its 15 working days ran out: `opinion`
    records silence). The reply period runs again, from the reply day at the
    latest from the day after the 15 working days (excluded time is capped)."""
    req = _lock(req, by)
    if req.status != DisclosureRequest.Status.THIRD_PARTY:
        raise RuleViolation("本申请未在征求第三方意见。")
    opinion = _require(opinion, "请填写第三方意见（逾期未答复的写明）。", "opinion")
    _not_before(on, req.third_party_sent_on, "答复日期不能早于征求意见日期。")
    before = audit.snapshot(req)
    _stop(req, CLOCK_THIRD_PARTY, on, by)
    resume_on = on
    if req.third_party_due is not None and on > req.third_party_due:
        resume_on = next_working_day(
            req.third_party_due + dt.timedelta(days=1), clocks.load_calendar()
        )
    c = _clock(req, CLOCK_REPLY)
    if c is not None and c.status == Clock.Status.PAUSED:
        clocks.resume(c, on=resume_on, by=by)
    _move(req, DisclosureRequest.Status.RECEIVED)
    req.third_party_replied_on = on
    req.third_party_opinion = opinion
    _sync_due(req)
    return _save(req, by, before, note="第三方答复，恢复计算答复期限")


@transaction.atomic
def extend_request(
    req: DisclosureRequest, *, on: dt.date, days: int, approver: str, reason: str, by: Any
) -> DisclosureRequest:
    """One extension of at most 20 working days, approved by the head of the
    OGI office, decided before the period runs out (第三十三条)."""
    req = _lock(req, by)
    if req.status != DisclosureRequest.Status.RECEIVED:
        raise RuleViolation("只有办理中的申请可以延长答复期限。")
    if req.extension_days:
        raise RuleViolation("答复期限只能延长一次。", field="days", rule=rules.REPLY_RULE)
    if days > rules.MAX_EXTENSION_WORKING_DAYS:
        raise RuleViolation(
            f"延长的期限最长不得超过20个工作日（申请延长{days}个工作日）。",
            field="days",
            rule=rules.REPLY_RULE,
        )
    c = _running(req, CLOCK_REPLY)
    if c is None or c.due_date is None:
        raise RuleViolation("答复期限未在计算中。")
    if on > c.due_date:
        raise RuleViolation(
            f"答复期限已于{c.due_date:%Y-%m-%d}届满，不能再延长。",
            field="on",
            rule=rules.REPLY_RULE,
        )
    before = audit.snapshot(req)
    c = clocks.extend(
        c,
        days=days,
        reason=reason,
        approver=approver,
        legal_basis=rules.REPLY_RULE,
        by=by,
        max_days=rules.MAX_EXTENSION_WORKING_DAYS,
        on=on,
    )
    req.extended_on = on
    req.extension_days = days
    req.extension_approver = approver.strip()
    req.extension_reason = reason.strip()
    req.reply_due = c.due_date
    return _save(req, by, before, note=f"延长答复期限{days}个工作日")


REPLY_REQUIREMENTS: dict[str, tuple[str, str]] = {
    DisclosureRequest.ReplyType.ALREADY_PUBLIC: (
        "where_public",
        "请写明获取该政府信息的方式、途径。",
    ),
    DisclosureRequest.ReplyType.WITHHELD: ("withheld_reason", "不予公开应说明理由。"),
    DisclosureRequest.ReplyType.PARTIAL: ("withheld_reason", "部分公开应说明不予公开部分的理由。"),
}


@transaction.atomic
def reply_request(
    req: DisclosureRequest,
    *,
    on: dt.date,
    reply_type: str,
    reply_text: str,
    by: Any,
    withheld_reason: str = "",
    where_public: str = "",
    right_organ: str = "",
) -> DisclosureRequest:
    """The written reply of one of the Art 36 types; dated on or after receipt;
    numbered; on time if within the (restarted, paused, extended) clock."""
    req = _lock(req, by)
    if req.status != DisclosureRequest.Status.RECEIVED:
        raise RuleViolation("当前状态不能答复。")
    if reply_type not in DisclosureRequest.ReplyType.values:
        raise RuleViolation("请选择答复类型。", field="reply_type", rule=rules.REPLY_TYPES_RULE)
    reply_text = _require(reply_text, "请填写答复内容。", "reply_text")
    start = req.corrected_on or req.received_on
    assert start is not None
    if on < start:
        raise RuleViolation(
            f"答复日期不能早于收到申请之日（{start:%Y-%m-%d}）。",
            field="on",
            rule=rules.RECEIPT_RULE,
        )
    values = {"withheld_reason": withheld_reason, "where_public": where_public.strip()}
    need = REPLY_REQUIREMENTS.get(reply_type)
    if need and not values[need[0]]:
        rule = (
            rules.PARTIAL_RULE
            if reply_type == DisclosureRequest.ReplyType.PARTIAL
            else rules.REPLY_TYPES_RULE
        )
        raise RuleViolation(need[1], field=need[0], rule=rule)
    if withheld_reason and withheld_reason not in DisclosureRequest.WithheldReason.values:
        raise RuleViolation("不予公开理由无效。", field="withheld_reason")
    before = audit.snapshot(req)
    _move(req, DisclosureRequest.Status.REPLIED)
    c = _stop(req, CLOCK_REPLY, on, by)
    req.replied_on = on
    req.reply_type = reply_type
    req.reply_text = reply_text
    req.withheld_reason = withheld_reason if reply_type in REPLY_REQUIREMENTS else ""
    req.where_public = where_public.strip()
    req.right_organ = right_organ.strip()
    req.reply_no = numbering.next_number(req.unit, "ogi_reply", on.year, "依申")
    due = c.due_date if c is not None else req.reply_due
    req.reply_due = due
    req.on_time = due is None or on <= due
    return _save(req, by, before, note=f"答复：{req.get_reply_type_display()}")


# ---------------------------------------------------------------------------
# Supervision and rectification
# ---------------------------------------------------------------------------


@transaction.atomic
def order_rectification(r: Rectification, *, by: Any) -> Rectification:
    """A rectification task per finding, with owner and deadline (a clock)."""
    source = r.check_record or r.evaluation
    if source is None:
        raise RuleViolation("整改应对应一次监督检查或案卷评查。", field="check_record")
    _not_before(r.deadline, r.ordered_on, "整改期限不能早于下达日期。", field="deadline")
    core_workflow.create_record(r, by=by)
    c = clocks.start(
        r,
        kind=CLOCK_RECTIFICATION,
        label=f"整改：{r.finding[:60]}",
        start_date=r.ordered_on,
        length=(r.deadline - r.ordered_on).days,
        unit="calendar",
        unit_org=r.unit,
        by=by,
        legal_basis=str(source),
        recipients=_users(r.owner_user, by),
        url=r.get_absolute_url(),
    )
    Rectification.objects.filter(pk=r.pk).update(due_date=c.due_date)
    r.due_date = c.due_date
    return r


@transaction.atomic
def close_rectification(r: Rectification, *, on: dt.date, note: str, by: Any) -> Rectification:
    r = _lock(r, by)
    if r.status != Rectification.Status.OPEN:
        raise RuleViolation("该整改已销号。")
    note = _require(note, "请填写整改情况。", "note")
    _not_before(on, r.ordered_on, "销号日期不能早于下达日期。")
    before = audit.snapshot(r)
    _stop(r, CLOCK_RECTIFICATION, on, by)
    r.status = Rectification.Status.CLOSED
    r.closed_on = on
    r.closure_note = note
    return _save(r, by, before, note="整改销号")


# ---------------------------------------------------------------------------
# Assessment
# ---------------------------------------------------------------------------


def computable(item: AssessmentItem) -> bool:
    ind = INDICATORS.get(item.source_key)
    return ind is not None and ind.is_rate


@transaction.atomic
def compute_scores(assessment: Assessment, *, targets: Iterable[OrgUnit], by: Any) -> int:
    """Score the items whose data the platform holds: max × rate / 100 from the
    indicator named by `source_key` over the target's records of the year. A
    target with no such records that year (no request to answer, no finding
    to rectify) has nothing to deduct for: full marks, and the evidence says
    why (考核细则: 未发生此类事项的，不扣分)."""
    assessment = _lock(assessment, by)
    period = Period.year(assessment.year)
    allowed = set(units_visible_to(by).values_list("pk", flat=True))
    n = 0
    for item in assessment.items.all():
        if not computable(item):
            continue
        for target in targets:
            if target.pk not in allowed or not assessment.unit.contains(target):
                raise RuleViolation(f"被考核单位“{target}”不在考核范围内。", field="targets")
            value = INDICATORS[item.source_key].compute(target, period)
            label = INDICATORS[item.source_key].label
            if value is None:
                score = item.max_score
                evidence = f"{assessment.year}年无“{label}”所计事项，不扣分"
            else:
                rate = Decimal(str(value))
                score = (item.max_score * rate / Decimal(100)).quantize(Decimal("0.1"))
                evidence = f"系统按“{label}”{value}%计算"
            AssessmentScore.objects.update_or_create(
                item=item,
                target=target,
                defaults={
                    "assessment": assessment,
                    "score": score,
                    "computed": True,
                    "evidence": evidence,
                },
            )
            n += 1
    audit.record(assessment, by=by, action="update", note=f"系统计算考核得分 {n} 项")
    return n


@transaction.atomic
def enter_score(
    assessment: Assessment,
    *,
    item: AssessmentItem,
    target: OrgUnit,
    score: Decimal,
    evidence: str,
    by: Any,
) -> AssessmentScore:
    """Enter a score the platform cannot compute; evidence is required."""
    assessment = _lock(assessment, by)
    if item.assessment_id != assessment.pk:
        raise RuleViolation("考核指标不属于本次考核。", field="item")
    if computable(item):
        raise RuleViolation("该指标由系统根据业务数据计算，不能手工录入。", field="item")
    if (
        not assessment.unit.contains(target)
        or not units_visible_to(by).filter(pk=target.pk).exists()
    ):
        raise RuleViolation("被考核单位不在考核范围内。", field="target")
    if score < 0 or score > item.max_score:
        raise RuleViolation(f"得分应在0至{item.max_score}之间。", field="score")
    evidence = _require(evidence, "请填写评分依据或佐证材料。", "evidence")
    row, _ = AssessmentScore.objects.update_or_create(
        item=item,
        target=target,
        defaults={
            "assessment": assessment,
            "score": score,
            "computed": False,
            "evidence": evidence,
        },
    )
    audit.record(
        assessment, by=by, action="update", changes={f"{target} {item}": [None, str(score)]}
    )
    return row


# ---------------------------------------------------------------------------
# Reconsideration and litigation
# ---------------------------------------------------------------------------


@transaction.atomic
def register_reconsideration(case: ReconsiderationCase, *, by: Any) -> ReconsiderationCase:
    """Register a reconsideration against the township; its written answer is
    due within 10 working days of receiving the application copy (复议法第四十八条)."""
    core_workflow.create_record(case, by=by)
    c = clocks.start(
        case,
        kind=CLOCK_RECONSIDERATION,
        label=f"行政复议答复：{case.case_no}",
        start_date=case.copy_received_on,
        length=rules.RECONSIDERATION_ANSWER_WORKING_DAYS,
        unit="working",
        unit_org=case.unit,
        by=by,
        legal_basis=rules.RECONSIDERATION_ANSWER_RULE,
        recipients=_users(by),
        url=case.get_absolute_url(),
    )
    ReconsiderationCase.objects.filter(pk=case.pk).update(answer_due=c.due_date)
    case.answer_due = c.due_date
    return case


@transaction.atomic
def answer_reconsideration(
    case: ReconsiderationCase, *, on: dt.date, by: Any
) -> ReconsiderationCase:
    case = _lock(case, by)
    if case.answered_on:
        raise RuleViolation("已提交答复。")
    _not_before(on, case.copy_received_on, "答复日期不能早于收到申请书副本日期。")
    before = audit.snapshot(case)
    _stop(case, CLOCK_RECONSIDERATION, on, by)
    case.answered_on = on
    return _save(case, by, before, note="提交书面答复", action="update")


@transaction.atomic
def conclude_case(case: Any, *, on: dt.date, result: str, by: Any) -> Any:
    """Record the result of a reconsideration or litigation case."""
    case = _lock(case, by)
    if case.result != CaseResult.PENDING:
        raise RuleViolation("案件已审结。")
    if result not in CaseResult.values or result == CaseResult.PENDING:
        raise RuleViolation("请选择审结结果。", field="result")
    start = case.copy_received_on if isinstance(case, ReconsiderationCase) else case.filed_on
    _not_before(on, start, "审结日期不能早于立案/收到日期。")
    if isinstance(case, LitigationCase) and case.head_appeared and case.appeared_person_id is None:
        raise RuleViolation("负责人出庭应诉的，请填写出庭负责人。", field="appeared_person")
    before = audit.snapshot(case)
    case.result = result
    case.concluded_on = on
    if isinstance(case, ReconsiderationCase):
        _stop(case, CLOCK_RECONSIDERATION, on, by)
    return _save(case, by, before, note=f"审结：{CaseResult(result).label}")
