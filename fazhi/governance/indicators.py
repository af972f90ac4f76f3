"""The figures this app gives the annual report (core.indicators registry).

Every figure is a query over the records of a unit and the units below it in
a period; `records` returns the rows behind it. Plan and meeting figures are
in the report's "leadership" section (报告（一）), the rest in "governance".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core.indicators import (
    Period,
    Section,
    UnitTree,
    choice_label,
    count_indicator,
    indicator,
)
from fazhi.core.models import OrgUnit

from .models import (
    AssessmentScore,
    CaseFileEvaluation,
    CaseResult,
    Consultation,
    DisclosureRequest,
    LawReport,
    LegalAdviser,
    LitigationCase,
    MajorDecision,
    Meeting,
    NormativeDocument,
    ProactiveDisclosure,
    ReconsiderationCase,
    Rectification,
    SupervisionCheck,
    WorkTask,
)
from .queries import OUTCOMES, reply_types_of

LEADERSHIP = "leadership"
GOVERNANCE = "governance"
leadership_figures = Section(LEADERSHIP, unit_label=gettext_noop("项"))
governance_figures = Section(GOVERNANCE, unit_label=gettext_noop("件"))


# ---------------------------------------------------------------------------
# Annual plan and meetings (section "leadership")
# ---------------------------------------------------------------------------


@leadership_figures.counted("governance.plan.tasks", _("年度工作方案分解任务"), order=10)
def plan_tasks(unit: OrgUnit, period: Period) -> QuerySet[WorkTask]:
    return (
        WorkTask.objects.in_unit(unit)
        .filter(**period.within("deadline"))
        .exclude(status=WorkTask.Status.CANCELLED)
    )


plan_tasks_done = leadership_figures.count(
    "governance.plan.tasks.done", _("已完成任务"), plan_tasks, order=11, status=WorkTask.Status.DONE
)


@leadership_figures.counted("governance.plan.tasks.overdue", _("超期任务"), order=12)
def plan_tasks_overdue(unit: OrgUnit, period: Period) -> QuerySet[WorkTask]:
    """Done after the due date, or still open past it (as of today)."""
    today = timezone.localdate()
    return plan_tasks(unit, period).filter(
        Q(status=WorkTask.Status.DONE, done_on__gt=F("due_date"))
        | Q(status__in=[WorkTask.Status.OPEN, WorkTask.Status.IN_PROGRESS], due_date__lt=today)
    )


@leadership_figures.counted(
    "governance.meetings", _("研究法治工作的会议"), order=20, unit_label=gettext_noop("次")
)
def meetings(unit: OrgUnit, period: Period) -> QuerySet[Meeting]:
    return Meeting.objects.in_unit(unit).filter(**period.within("held_on"))


@leadership_figures.counted(
    "governance.law_reports", _("主要负责人述法"), order=21, unit_label=gettext_noop("人次")
)
def law_reports(unit: OrgUnit, period: Period) -> QuerySet[LawReport]:
    # Village secretaries' 述法 is publicity's figure (publicity.law_reports.*).
    return (
        LawReport.objects.in_unit(unit)
        .filter(**period.within("reported_on"))
        .exclude(unit__kind=OrgUnit.Kind.VILLAGE)
    )


# ---------------------------------------------------------------------------
# Normative documents
# ---------------------------------------------------------------------------


@governance_figures.counted(
    "governance.normative_documents.issued", _("制发行政规范性文件"), order=10
)
def docs_issued(unit: OrgUnit, period: Period) -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.in_unit(unit).filter(**period.within("published_on"))


@governance_figures.counted(
    "governance.normative_documents.reviewed", _("规范性文件合法性审核"), order=11
)
def docs_reviewed(unit: OrgUnit, period: Period) -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.in_unit(unit).filter(**period.within("reviewed_on"))


docs_filed_on_time = governance_figures.count(
    "governance.normative_documents.filed_on_time",
    _("按时报送备案的规范性文件"),
    docs_issued,
    order=12,
    filed_on_time=True,
)


@governance_figures.counted(
    "governance.normative_documents.cleaned_up", _("清理规范性文件"), order=13
)
def docs_cleaned(unit: OrgUnit, period: Period) -> QuerySet[NormativeDocument]:
    return (
        NormativeDocument.objects.in_unit(unit)
        .filter(**period.within("cleanups__round__published_on"))
        .distinct()
    )


@governance_figures.counted(
    "governance.normative_documents.repealed", _("清理废止规范性文件"), order=14
)
def docs_repealed(unit: OrgUnit, period: Period) -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.in_unit(unit).filter(**period.within("repealed_on"))


# ---------------------------------------------------------------------------
# Major decisions
# ---------------------------------------------------------------------------

DECIDED = [
    MajorDecision.Status.DECIDED,
    MajorDecision.Status.PUBLISHED,
    MajorDecision.Status.ARCHIVED,
]


@governance_figures.counted(
    "governance.major_decisions", _("作出重大行政决策"), order=20, unit_label=gettext_noop("项")
)
def decisions(unit: OrgUnit, period: Period) -> QuerySet[MajorDecision]:
    return MajorDecision.objects.in_unit(unit).filter(
        status__in=DECIDED, **period.within("meeting_on")
    )


@governance_figures.counted(
    "governance.major_decisions.public_participation",
    _("经公众参与的重大行政决策"),
    order=21,
    unit_label=gettext_noop("项"),
)
def decisions_participation(unit: OrgUnit, period: Period) -> QuerySet[MajorDecision]:
    return decisions(unit, period).filter(
        Q(consultation_start__isnull=False) | Q(hearing_on__isnull=False)
    )


decisions_expert = governance_figures.count(
    "governance.major_decisions.expert_review",
    _("经专家论证的重大行政决策"),
    decisions,
    order=22,
    unit_label=gettext_noop("项"),
    expert_review_on__isnull=False,
)


decisions_risk = governance_figures.count(
    "governance.major_decisions.risk_assessment",
    _("经风险评估的重大行政决策"),
    decisions,
    order=23,
    unit_label=gettext_noop("项"),
    risk_assessed_on__isnull=False,
)


decisions_reviewed = governance_figures.count(
    "governance.major_decisions.legality_review",
    _("经合法性审查的重大行政决策"),
    decisions,
    order=24,
    unit_label=gettext_noop("项"),
    reviewed_on__isnull=False,
)


# ---------------------------------------------------------------------------
# Legal advisers
# ---------------------------------------------------------------------------


@governance_figures.counted(
    "governance.legal_advisers", _("聘请法律顾问"), order=30, unit_label=gettext_noop("名")
)
def advisers(unit: OrgUnit, period: Period) -> QuerySet[LegalAdviser]:
    return LegalAdviser.objects.in_unit(unit).filter(
        term_start__lte=period.end, term_end__gte=period.start
    )


@governance_figures.counted("governance.legal_opinions", _("法律顾问出具法律意见"), order=31)
def opinions(unit: OrgUnit, period: Period) -> QuerySet[Consultation]:
    return Consultation.objects.in_unit(unit).filter(
        status=Consultation.Status.ANSWERED, **period.within("answered_on")
    )


opinions_adopted = governance_figures.count(
    "governance.legal_opinions.adopted", _("法律意见被采纳"), opinions, order=32, adopted=True
)


contracts = governance_figures.count(
    "governance.contracts_reviewed",
    _("审查合同"),
    opinions,
    order=33,
    kind=Consultation.Kind.CONTRACT_REVIEW,
)


# ---------------------------------------------------------------------------
# Open government information
# ---------------------------------------------------------------------------


@governance_figures.counted(
    "governance.ogi.proactive", _("主动公开政府信息"), order=40, unit_label=gettext_noop("条")
)
def proactive(unit: OrgUnit, period: Period) -> QuerySet[ProactiveDisclosure]:
    return ProactiveDisclosure.objects.in_unit(unit).filter(
        status=ProactiveDisclosure.Status.PUBLISHED, **period.within("published_on")
    )


governance_figures.rate(
    "governance.ogi.proactive_on_time_rate",
    Q(on_time=True),
    _("主动公开按时公开率"),
    proactive,
    order=41,
)


@governance_figures.counted("governance.ogi.requests", _("收到政府信息公开申请"), order=42)
def requests(unit: OrgUnit, period: Period) -> QuerySet[DisclosureRequest]:
    return DisclosureRequest.objects.in_unit(unit).filter(**period.within("received_on"))


def concluded(unit: OrgUnit, period: Period) -> QuerySet[DisclosureRequest]:
    return DisclosureRequest.objects.in_unit(unit).filter(
        Q(status=DisclosureRequest.Status.REPLIED, **period.within("replied_on"))
        | Q(status=DisclosureRequest.Status.WITHDRAWN, **period.within("withdrawn_on"))
    )


def _outcome_records(outcome: str) -> Any:
    def records(unit: OrgUnit, period: Period) -> QuerySet[DisclosureRequest]:
        qs = concluded(unit, period)
        types = reply_types_of(outcome)
        if outcome == "other":
            return qs.filter(Q(reply_type__in=types) | Q(status=DisclosureRequest.Status.WITHDRAWN))
        return qs.filter(reply_type__in=types)

    return records


for _i, (_outcome, _label) in enumerate(OUTCOMES):
    count_indicator(
        f"governance.ogi.requests.{_outcome}",
        label=cast(str, choice_label(gettext_noop("依申请公开办理结果：{label}"), _label)),
        unit_label=gettext_noop("件"),
        section=GOVERNANCE,
        order=43 + _i,
    )(_outcome_records(_outcome))


def replied(unit: OrgUnit, period: Period) -> QuerySet[DisclosureRequest]:
    return concluded(unit, period).filter(status=DisclosureRequest.Status.REPLIED)


governance_figures.rate(
    "governance.ogi.on_time_rate", Q(on_time=True), _("依申请公开按期答复率"), replied, order=50
)


# ---------------------------------------------------------------------------
# Supervision, assessment
# ---------------------------------------------------------------------------


@governance_figures.counted(
    "governance.supervision.checks", _("行政执法监督检查"), order=60, unit_label=gettext_noop("次")
)
def checks(unit: OrgUnit, period: Period) -> QuerySet[SupervisionCheck]:
    return SupervisionCheck.objects.in_unit(unit).filter(**period.within("checked_on"))


@governance_figures.counted(
    "governance.case_file_evaluations",
    _("评查行政执法案卷"),
    order=61,
    unit_label=gettext_noop("卷"),
)
def evaluations(unit: OrgUnit, period: Period) -> QuerySet[CaseFileEvaluation]:
    return CaseFileEvaluation.objects.in_unit(unit).filter(**period.within("evaluated_on"))


@governance_figures.counted(
    "governance.supervision.findings", _("监督发现问题"), order=62, unit_label=gettext_noop("个")
)
def findings(unit: OrgUnit, period: Period) -> QuerySet[Rectification]:
    return Rectification.objects.in_unit(unit).filter(**period.within("ordered_on"))


governance_figures.rate(
    "governance.rectification_rate",
    Q(status=Rectification.Status.CLOSED),
    _("问题整改率"),
    findings,
    order=63,
)


def _scores(unit: OrgUnit, period: Period) -> QuerySet[AssessmentScore]:
    return AssessmentScore.objects.filter(
        assessment__unit__path__startswith=unit.path,
        assessment__year__gte=period.start.year,
        assessment__year__lte=period.end.year,
    ).select_related("target", "item")


@indicator(
    "governance.assessment.average_score",
    label=cast(str, _("依法行政考核平均得分")),
    unit_label=gettext_noop("分"),
    section=GOVERNANCE,
    records=_scores,
    order=64,
    unit_field="assessment__unit",
    batch=lambda units, period, tree: _average_batch(units, period, tree),
)
def assessment_average(unit: OrgUnit, period: Period) -> float | None:
    rows = list(_scores(unit, period).values_list("target_id", "score"))
    if not rows:
        return None
    totals: dict[int, float] = {}
    for target, score in rows:
        totals[target] = totals.get(target, 0.0) + float(score)
    return round(sum(totals.values()) / len(totals), 1)


def _average_batch(
    units: Sequence[OrgUnit], period: Period, tree: UnitTree
) -> dict[int, float | None]:
    """`assessment_average` for many units from one read of the scores."""
    rows = (
        _scores(tree.root, period).order_by().values_list("assessment__unit", "target_id", "score")
    )
    totals: dict[int, dict[int, float]] = {u.pk: {} for u in units}
    for unit_id, target, score in rows:
        for pk in tree.owners(unit_id):
            totals[pk][target] = totals[pk].get(target, 0.0) + float(score)
    return {pk: round(sum(t.values()) / len(t), 1) if t else None for pk, t in totals.items()}


# ---------------------------------------------------------------------------
# Reconsideration and litigation
# ---------------------------------------------------------------------------


@governance_figures.counted("governance.reconsiderations", _("行政复议案件"), order=70)
def reconsiderations(unit: OrgUnit, period: Period) -> QuerySet[ReconsiderationCase]:
    return ReconsiderationCase.objects.in_unit(unit).filter(**period.within("copy_received_on"))


@governance_figures.counted("governance.litigations", _("行政诉讼案件"), order=75)
def litigations(unit: OrgUnit, period: Period) -> QuerySet[LitigationCase]:
    return LitigationCase.objects.in_unit(unit).filter(**period.within("filed_on"))


_RESULTS = [
    (CaseResult.UPHELD, gettext_noop("维持")),
    (CaseResult.CORRECTED, gettext_noop("纠正")),
    (CaseResult.REVOKED, gettext_noop("撤销")),
    (CaseResult.PENDING, gettext_noop("未审结")),
]
governance_figures.per_choice(
    "governance.reconsiderations.{value}",
    _RESULTS,
    reconsiderations,
    "result",
    label=gettext_noop("行政复议结果：{label}"),
    order=71,
)
governance_figures.per_choice(
    "governance.litigations.{value}",
    _RESULTS,
    litigations,
    "result",
    label=gettext_noop("行政诉讼结果：{label}"),
    order=76,
)


def _hearings(unit: OrgUnit, period: Period) -> QuerySet[LitigationCase]:
    return LitigationCase.objects.in_unit(unit).filter(**period.within("hearing_on"))


governance_figures.rate(
    "governance.head_appearance_rate",
    Q(head_appeared=True),
    _("行政机关负责人出庭应诉率"),
    _hearings,
    order=80,
)
