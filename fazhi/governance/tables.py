"""List tables (also the columns of each Excel 台账 export)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fazhi.core.clocks import STATE_LABELS
from fazhi.core.i18n import shown
from fazhi.core.models import Clock
from fazhi.core.tables import (
    ATTRS,
    DateColumn,
    DocumentNumberColumn,
    PiiColumn,
    UserColumn,
    linked_column,
    unit_column,
)

from .models import (
    Assessment,
    CaseFileEvaluation,
    CleanupRound,
    Consultation,
    DecisionCatalogue,
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
    WorkPlan,
    WorkTask,
)


class ClockStateColumn(tables.Column):
    """Where the record's time limit stands today (core.clocks.annotate_state,
    annotated by the list as `clock_state`): 正常 / 即将到期 / 已超期 / 中止 /
    按期办结 / 超期办结, the states the home page counts."""

    def __init__(self) -> None:
        super().__init__(verbose_name=_("时限状态"), accessor="clock_state", orderable=False)

    def render(self, value: str) -> str:
        return str(STATE_LABELS.get(value, value))  # type: ignore[call-overload]

    def value(self, value: str) -> str:
        return self.render(value)


def unit_col() -> tables.Column:
    return unit_column(_("所属单位"), order_by="unit__path")


class WorkPlanTable(tables.Table):
    title = tables.Column(linkify=True)
    document_no = DocumentNumberColumn()
    unit = unit_col()
    n_tasks = tables.Column(verbose_name=_("任务数"), orderable=False)
    n_done = tables.Column(verbose_name=_("已完成"), orderable=False)

    class Meta:
        model = WorkPlan
        fields = ("year", "title", "unit", "document_no", "issued_on", "n_tasks", "n_done")
        attrs = ATTRS


class WorkTaskTable(tables.Table):
    title = tables.Column(linkify=True)
    plan = tables.Column(accessor="plan__title", verbose_name=_("年度工作方案"))
    unit = unit_col()
    owner_person = tables.Column(accessor="owner_person__name", verbose_name=_("责任人"))

    class Meta:
        model = WorkTask
        fields = (
            "title",
            "plan",
            "unit",
            "owner_person",
            "deadline",
            "status",
            "done_on",
        )
        attrs = ATTRS
        row_attrs = {"data-overdue": lambda record: "1" if record.is_overdue else "0"}


class MeetingTable(tables.Table):
    title = tables.Column(linkify=True)
    unit = unit_col()
    chair = tables.Column(accessor="chair__name", verbose_name=_("主持人"))

    class Meta:
        model = Meeting
        fields = ("held_on", "kind", "title", "unit", "chair", "topics")
        attrs = ATTRS


class LawReportTable(tables.Table):
    person = linked_column("person__name", _("述法人"))
    unit = unit_col()

    class Meta:
        model = LawReport
        fields = ("year", "person", "title", "unit", "reported_on", "occasion", "rating")
        attrs = ATTRS


class NormativeDocumentTable(tables.Table):
    title = tables.Column(linkify=True)
    doc_no = DocumentNumberColumn()
    unit = unit_col()

    class Meta:
        model = NormativeDocument
        fields = (
            "title",
            "doc_no",
            "unit",
            "status",
            "market_related",
            "reviewed_on",
            "published_on",
            "effective_on",
            "filing_due",
            "filed_on",
            "filed_on_time",
            "valid_until",
        )
        attrs = ATTRS


class PublicDocumentTable(tables.Table):
    title = tables.Column(verbose_name=_("文件名称"))
    doc_no = DocumentNumberColumn()
    unit = unit_column(_("制定机关"))

    class Meta:
        model = NormativeDocument
        fields = ("doc_no", "title", "unit", "published_on", "effective_on", "valid_until")
        attrs = ATTRS


class CleanupRoundTable(tables.Table):
    title = tables.Column(linkify=True)
    unit = unit_col()

    class Meta:
        model = CleanupRound
        fields = ("year", "title", "unit", "started_on", "status", "published_on")
        attrs = ATTRS


class LegalAdviserTable(tables.Table):
    name = tables.Column(linkify=True)
    unit = unit_col()

    class Meta:
        model = LegalAdviser
        fields = ("name", "kind", "firm", "unit", "contract_no", "term_start", "term_end")
        attrs = ATTRS


class ConsultationTable(tables.Table):
    matter = tables.Column(linkify=True)
    unit = unit_col()
    adviser = tables.Column(accessor="adviser__name", verbose_name=_("法律顾问"))
    clock_state = ClockStateColumn()

    class Meta:
        model = Consultation
        fields = (
            "requested_on",
            "kind",
            "matter",
            "adviser",
            "unit",
            "due_date",
            "status",
            "clock_state",
            "answered_on",
            "conclusion",
            "adopted",
        )
        attrs = ATTRS


class DecisionCatalogueTable(tables.Table):
    title = tables.Column(linkify=True)
    unit = unit_col()

    class Meta:
        model = DecisionCatalogue
        fields = ("year", "title", "unit", "party_consent_on", "published_on")
        attrs = ATTRS


class MajorDecisionTable(tables.Table):
    title = tables.Column(linkify=True)
    unit = unit_col()

    class Meta:
        model = MajorDecision
        fields = (
            "title",
            "unit",
            "launched_on",
            "status",
            "consultation_start",
            "expert_review_on",
            "risk_assessed_on",
            "reviewed_on",
            "meeting_on",
            "published_on",
        )
        attrs = ATTRS


class ProactiveTable(tables.Table):
    title = tables.Column(linkify=True)
    item = tables.Column(accessor="item__name", verbose_name=_("目录事项"))
    unit = unit_col()
    clock_state = ClockStateColumn()

    class Meta:
        model = ProactiveDisclosure
        fields = (
            "title",
            "item",
            "unit",
            "created_on",
            "due_date",
            "status",
            "clock_state",
            "published_on",
            "on_time",
        )
        attrs = ATTRS


class PublicProactiveTable(tables.Table):
    item = tables.Column(accessor="item__name", verbose_name=_("目录事项"))
    unit = unit_column(_("公开机关"))

    class Meta:
        model = ProactiveDisclosure
        fields = ("published_on", "item", "title", "unit", "content")
        attrs = ATTRS


class DisclosureRequestTable(tables.Table):
    code = tables.Column(linkify=True)
    unit = unit_col()
    phone = PiiColumn(verbose_name=_("联系电话"), accessor="phone", empty_values=())
    clock_state = ClockStateColumn()

    class Meta:
        model = DisclosureRequest
        fields = (
            "code",
            "applicant_name",
            "applicant_kind",
            "phone",
            "unit",
            "channel",
            "received_on",
            "status",
            "reply_due",
            "clock_state",
            "replied_on",
            "reply_type",
            "on_time",
        )
        attrs = ATTRS


class SupervisionCheckTable(tables.Table):
    title = tables.Column(linkify=True)
    unit = unit_col()
    checked_unit = tables.Column(accessor="checked_unit__name", verbose_name=_("被检查单位"))
    n_findings = tables.Column(verbose_name=_("发现问题"), orderable=False)

    class Meta:
        model = SupervisionCheck
        fields = ("checked_on", "title", "kind", "checked_unit", "unit", "n_findings")
        attrs = ATTRS


class CaseFileEvaluationTable(tables.Table):
    case_ref = tables.Column(linkify=True)
    unit = unit_col()

    class Meta:
        model = CaseFileEvaluation
        fields = ("evaluated_on", "case_ref", "case_title", "unit", "score", "grade")
        attrs = ATTRS


class RectificationTable(tables.Table):
    finding = tables.Column(linkify=True)
    unit = unit_col()
    owner_user = UserColumn(accessor="owner_user", verbose_name=_("整改责任人"))
    clock_state = ClockStateColumn()

    class Meta:
        model = Rectification
        fields = (
            "finding",
            "unit",
            "owner_user",
            "ordered_on",
            "deadline",
            "due_date",
            "status",
            "clock_state",
            "closed_on",
        )
        attrs = ATTRS


class AssessmentTable(tables.Table):
    title = tables.Column(linkify=True)
    unit = unit_col()

    class Meta:
        model = Assessment
        fields = ("year", "title", "unit")
        attrs = ATTRS


class ReconsiderationTable(tables.Table):
    case_no = tables.Column(linkify=True)
    unit = unit_col()

    class Meta:
        model = ReconsiderationCase
        fields = (
            "case_no",
            "applicant",
            "matter",
            "organ",
            "unit",
            "copy_received_on",
            "answer_due",
            "answered_on",
            "result",
            "concluded_on",
        )
        attrs = ATTRS


class LitigationTable(tables.Table):
    case_no = tables.Column(linkify=True)
    unit = unit_col()

    class Meta:
        model = LitigationCase
        fields = (
            "case_no",
            "plaintiff",
            "matter",
            "court",
            "unit",
            "filed_on",
            "hearing_on",
            "head_appeared",
            "result",
            "concluded_on",
        )
        attrs = ATTRS


class OverdueClockTable(tables.Table):
    """governance:overdue, one row a matter past its time limit (its clock):
    the time limit names the matter and links to its page."""

    label = tables.Column(verbose_name=_("办理时限"), orderable=False)
    unit = unit_column()
    start_date = DateColumn(verbose_name=_("起算日"))
    due_date = DateColumn(verbose_name=_("截止日"))

    def render_label(self, value: str, record: Clock) -> str:
        if record.url:
            return format_html('<a href="{}">{}</a>', record.url, shown(value))
        return shown(value)

    def value_label(self, value: str) -> str:
        return shown(value)

    class Meta:
        model = Clock
        fields = ("label", "unit", "start_date", "due_date")
        order_by = ("due_date",)
        attrs = ATTRS
