"""Pages of the governance app.

Each record kind is a `Kind` row: its list (filter, sort, Excel export), its
detail page with the workflow steps as POST forms, and its create/edit forms.
Public pages (documents in force, proactive disclosure, disclosure request
submission and tracking) need no login and show no personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from fazhi.core import audit, clocks, years
from fazhi.core import workflow as core_workflow
from fazhi.core.actions import ActionDetailView, flash_and_redirect, run_action, with_files
from fazhi.core.documents import DOCX_MIME
from fazhi.core.listing import (
    RecordCreateView,
    RecordUpdateView,
    ScopedListView,
    xlsx_response,
)
from fazhi.core.models import AuditEvent, Clock, LeadershipGroup, OrgUnit
from fazhi.core.scope import get_visible_or_404, units_visible_to

from . import actions as act
from . import documents, filters, queries, tables
from . import forms as f
from . import workflow as wf
from .models import (
    Assessment,
    CaseFileEvaluation,
    CleanupRound,
    Consultation,
    DecisionCatalogue,
    DisclosureCatalogueItem,
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


@dataclass
class Kind:
    key: str
    model: type[Any]
    title: Any
    table: type[Any]
    filterset: type[Any]
    form: type[Any] | None
    detail_fields: list[str]
    edit_form: type[Any] | None = None
    create: Callable[[Any, Any], Any] | None = None  # workflow function for creation
    related: tuple[str, ...] = ("unit",)
    annotate: dict[str, Any] = field(default_factory=dict)
    export_name: str = ""
    # The statutory clock whose state the list shows (时限状态).
    clock_kind: str = ""


def _create(obj: Any, by: Any) -> Any:
    return core_workflow.create_record(obj, by=by)


KINDS: dict[str, Kind] = {
    k.key: k
    for k in [
        Kind(
            "plan",
            WorkPlan,
            _("年度工作方案"),
            tables.WorkPlanTable,
            filters.WorkPlanFilter,
            f.WorkPlanForm,
            ["year", "title", "unit", "document_no", "issued_on", "goals"],
            edit_form=f.WorkPlanForm,
            annotate={
                "n_tasks": Count("tasks"),
                "n_done": Count("tasks", filter=Q(tasks__status="done")),
            },
        ),
        Kind(
            "task",
            WorkTask,
            _("工作任务"),
            tables.WorkTaskTable,
            filters.WorkTaskFilter,
            f.WorkTaskForm,
            [
                "plan",
                "title",
                "measures",
                "unit",
                "owner_person",
                "owner_user",
                "deadline",
                "status",
                "done_on",
                "result",
            ],
            edit_form=f.WorkTaskEditForm,
            create=lambda o, by: wf.add_task(o, by=by),
            related=("unit", "plan", "owner_person"),
            export_name="法治工作任务分解",
        ),
        Kind(
            "meeting",
            Meeting,
            _("法治工作会议"),
            tables.MeetingTable,
            filters.MeetingFilter,
            f.MeetingForm,
            [
                "held_on",
                "kind",
                "title",
                "unit",
                "group",
                "chair",
                "topics",
                "decisions",
                "attendees",
            ],
            edit_form=f.MeetingForm,
            related=("unit", "chair"),
        ),
        Kind(
            "lawreport",
            LawReport,
            _("述法"),
            tables.LawReportTable,
            filters.LawReportFilter,
            f.LawReportForm,
            ["person", "title", "year", "reported_on", "occasion", "summary", "rating", "unit"],
            edit_form=f.LawReportForm,
            related=("unit", "person"),
        ),
        Kind(
            "document",
            NormativeDocument,
            _("行政规范性文件"),
            tables.NormativeDocumentTable,
            filters.NormativeDocumentFilter,
            f.NormativeDocumentForm,
            [
                "title",
                "doc_no",
                "status",
                "unit",
                "drafting_office",
                "summary",
                "market_related",
                "consultation_start",
                "consultation_min_end",
                "consultation_end",
                "consultation_summary",
                "reviewer",
                "review_submitted_on",
                "review_due",
                "reviewed_on",
                "review_conclusion",
                "review_opinion",
                "flags_licence",
                "flags_penalty",
                "flags_compulsion",
                "flags_fee",
                "flag_reason",
                "deliberated_on",
                "meeting",
                "deliberation_minutes",
                "registered_on",
                "published_on",
                "effective_on",
                "immediate_effect_reason",
                "valid_until",
                "filing_due",
                "filed_on",
                "filing_no",
                "filed_on_time",
                "repealed_on",
            ],
            edit_form=f.NormativeDocumentForm,
            create=lambda o, by: wf.draft_document(o, by=by),
            export_name="规范性文件",
        ),
        Kind(
            "cleanup",
            CleanupRound,
            _("规范性文件清理"),
            tables.CleanupRoundTable,
            filters.CleanupRoundFilter,
            f.CleanupRoundForm,
            ["year", "title", "unit", "started_on", "trigger", "status", "published_on"],
        ),
        Kind(
            "adviser",
            LegalAdviser,
            _("法律顾问"),
            tables.LegalAdviserTable,
            filters.LegalAdviserFilter,
            f.LegalAdviserForm,
            [
                "name",
                "kind",
                "firm",
                "unit",
                "contract_no",
                "term_start",
                "term_end",
                "scope",
                "fee",
            ],
            edit_form=f.LegalAdviserForm,
        ),
        Kind(
            "consultation",
            Consultation,
            _("法律顾问意见与合同审查"),
            tables.ConsultationTable,
            filters.ConsultationFilter,
            f.ConsultationForm,
            [
                "kind",
                "matter",
                "adviser",
                "unit",
                "counterparty",
                "amount",
                "requested_on",
                "due_date",
                "status",
                "answered_on",
                "conclusion",
                "opinion",
                "adopted",
                "document",
                "decision",
                "case_ref",
            ],
            create=lambda o, by: wf.request_consultation(o, by=by),
            related=("unit", "adviser"),
            clock_kind=wf.CLOCK_CONTRACT,
        ),
        Kind(
            "catalogue",
            DecisionCatalogue,
            _("重大行政决策事项目录"),
            tables.DecisionCatalogueTable,
            filters.DecisionCatalogueFilter,
            f.DecisionCatalogueForm,
            ["year", "title", "unit", "party_consent_on", "published_on", "entries"],
            edit_form=f.DecisionCatalogueForm,
        ),
        Kind(
            "decision",
            MajorDecision,
            _("重大行政决策"),
            tables.MajorDecisionTable,
            filters.MajorDecisionFilter,
            f.MajorDecisionForm,
            [
                "title",
                "status",
                "unit",
                "catalogue",
                "lead_office",
                "launched_on",
                "draft_text",
                "expert_review_required",
                "risk_assessment_required",
                "market_related",
                "consultation_start",
                "consultation_end",
                "urgency_reason",
                "hearing_on",
                "hearing_materials_sent_on",
                "participation_summary",
                "expert_review_on",
                "expert_summary",
                "risk_assessed_on",
                "risk_level",
                "risk_report",
                "fair_competition_on",
                "review_submitted_on",
                "review_min_end",
                "reviewed_on",
                "review_opinion",
                "meeting_on",
                "minutes",
                "dissent",
                "head_spoke_last",
                "party_reported_on",
                "published_on",
                "archived_on",
                "implementation_notes",
                "post_evaluated_on",
                "post_evaluation",
            ],
            edit_form=f.MajorDecisionEditForm,
            create=lambda o, by: wf.launch_decision(o, by=by),
        ),
        Kind(
            "proactive",
            ProactiveDisclosure,
            _("主动公开"),
            tables.ProactiveTable,
            filters.ProactiveFilter,
            f.ProactiveForm,
            [
                "title",
                "item",
                "unit",
                "content",
                "created_on",
                "due_date",
                "status",
                "published_on",
                "on_time",
            ],
            create=lambda o, by: wf.register_proactive(o, by=by),
            related=("unit", "item"),
            clock_kind=wf.CLOCK_PROACTIVE,
        ),
        Kind(
            "request",
            DisclosureRequest,
            _("依申请公开"),
            tables.DisclosureRequestTable,
            filters.DisclosureRequestFilter,
            f.DisclosureRequestForm,
            [
                "code",
                "status",
                "unit",
                "applicant_kind",
                "applicant_name",
                "channel",
                "submitted_on",
                "received_on",
                "description",
                "requested_form",
                "reply_due",
                "correction_requested_on",
                "correction_content",
                "correction_deadline",
                "corrected_on",
                "third_party",
                "third_party_sent_on",
                "third_party_due",
                "third_party_replied_on",
                "third_party_opinion",
                "extended_on",
                "extension_days",
                "extension_approver",
                "extension_reason",
                "replied_on",
                "reply_no",
                "reply_type",
                "withheld_reason",
                "where_public",
                "right_organ",
                "reply_text",
                "on_time",
                "withdrawn_on",
                "withdrawn_reason",
            ],
            create=lambda o, by: wf.register_request(o, by=by),
            export_name="依申请公开登记",
            clock_kind=wf.CLOCK_REPLY,
        ),
        Kind(
            "check",
            SupervisionCheck,
            _("执法监督检查"),
            tables.SupervisionCheckTable,
            filters.SupervisionCheckFilter,
            f.SupervisionCheckForm,
            ["title", "kind", "checked_unit", "checked_on", "inspectors", "summary", "unit"],
            edit_form=f.SupervisionCheckForm,
            related=("unit", "checked_unit"),
            annotate={"n_findings": Count("rectifications")},
        ),
        Kind(
            "evaluation",
            CaseFileEvaluation,
            _("案卷评查"),
            tables.CaseFileEvaluationTable,
            filters.CaseFileEvaluationFilter,
            f.CaseFileEvaluationForm,
            [
                "case_ref",
                "case_title",
                "unit",
                "evaluated_on",
                "evaluator",
                "score",
                "grade",
                "summary",
            ],
            edit_form=f.CaseFileEvaluationForm,
        ),
        Kind(
            "rectification",
            Rectification,
            _("整改"),
            tables.RectificationTable,
            filters.RectificationFilter,
            f.RectificationForm,
            [
                "finding",
                "requirement",
                "unit",
                "check_record",
                "evaluation",
                "owner_user",
                "ordered_on",
                "deadline",
                "due_date",
                "status",
                "closed_on",
                "closure_note",
            ],
            create=lambda o, by: wf.order_rectification(o, by=by),
            related=("unit", "owner_user__person"),
            clock_kind=wf.CLOCK_RECTIFICATION,
        ),
        Kind(
            "assessment",
            Assessment,
            _("依法行政考核"),
            tables.AssessmentTable,
            filters.AssessmentFilter,
            f.AssessmentForm,
            ["year", "title", "unit"],
        ),
        Kind(
            "reconsideration",
            ReconsiderationCase,
            _("行政复议"),
            tables.ReconsiderationTable,
            filters.ReconsiderationFilter,
            f.ReconsiderationForm,
            [
                "case_no",
                "applicant",
                "matter",
                "organ",
                "unit",
                "copy_received_on",
                "answer_due",
                "answered_on",
                "ogi_related",
                "result",
                "concluded_on",
                "note",
            ],
            create=lambda o, by: wf.register_reconsideration(o, by=by),
        ),
        Kind(
            "litigation",
            LitigationCase,
            _("行政诉讼"),
            tables.LitigationTable,
            filters.LitigationFilter,
            f.LitigationForm,
            [
                "case_no",
                "plaintiff",
                "matter",
                "court",
                "unit",
                "after_reconsideration",
                "ogi_related",
                "filed_on",
                "hearing_on",
                "head_appeared",
                "appeared_person",
                "result",
                "concluded_on",
                "note",
            ],
            edit_form=f.LitigationEditForm,
        ),
    ]
}


# ---------------------------------------------------------------------------
# Generic pages, one class of each per kind
# ---------------------------------------------------------------------------


class KindMixin:
    kind: Kind

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        qs = qs.select_related(*self.kind.related)
        if self.kind.annotate:
            # A grouped query drops Meta.ordering: keep the list order stable.
            qs = qs.annotate(**self.kind.annotate).order_by(*self.kind.model._meta.ordering)
        if self.kind.clock_kind:
            qs = qs.annotate(clock_state=_clock_state(self.kind.model, self.kind.clock_kind))
        return qs


def _clock_state(model: type[Any], kind: str) -> Subquery:
    """The state (core.clocks.annotate_state) of each row's latest clock of
    `kind`, in the list's own query: the same SQL the home page counts by."""
    latest = Clock.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"), kind=kind
    ).order_by("-pk")
    states = clocks.annotate_state(latest, timezone.localdate())
    return Subquery(states.values("clock_state")[:1])  # type: ignore[misc]


class KindList(KindMixin, ScopedListView):
    def get_table_class(self) -> Any:
        return self.kind.table

    def get_filterset_class(self) -> Any:
        return self.kind.filterset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = str(self.kind.title)
        self.export_name = self.kind.export_name or str(self.kind.title)
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        if self.kind.form is not None and getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse(f"governance:{self.kind.key}_create")
        return ctx

    def export(self) -> HttpResponse:
        self.title = str(self.kind.title)
        self.export_name = self.kind.export_name or str(self.kind.title)
        return super().export()


class KindDetail(KindMixin, ActionDetailView):
    template_name = "governance/detail.html"

    def get_actions(self) -> dict[str, act.Action]:
        return act.ACTIONS.get(self.kind.key, {})

    def action_url_for(self, name: str) -> str:
        return reverse("governance:action", args=[self.kind.key, self.object.pk, name])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.fields = self.kind.detail_fields
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        ctx["kind"] = self.kind.key
        ctx["list_url"] = reverse(f"governance:{self.kind.key}_list")
        if self.kind.edit_form is not None and ctx["can_write"]:
            ctx["edit_url"] = reverse(f"governance:{self.kind.key}_edit", args=[obj.pk])
        ctx["today"] = today = timezone.localdate()
        ctx["clocks"] = list(clocks.clocks_for(obj)) if hasattr(obj, "unit_id") else []
        if ctx["clocks"]:
            calendar = clocks.load_calendar()
            for c in ctx["clocks"]:
                # The state the home page counts (已超期, 即将到期…), not the
                # row's bare running/stopped flag.
                c.state = clocks.state(c, today, calendar)
                c.state_label = clocks.STATE_LABELS[c.state]
                if c.kind in wf.MINIMUM_PERIOD_CLOCKS:
                    # A consultation's period is a minimum: running past it is
                    # allowed and closing after it is not late.
                    c.state = "minimum"
                    c.state_label = (
                        _g("已结束")
                        if c.status == Clock.Status.STOPPED
                        else _g("已满最短期限")
                        if c.due_date is not None and c.due_date < today
                        else _g("未满最短期限")
                    )
        ctx.update(extra_context(self.kind.key, obj, user))
        if self.kind.key in EXTRA_TEMPLATES:
            ctx["extra_template"] = f"governance/_extra_{self.kind.key}.html"
        return ctx


EXTRA_TEMPLATES = {
    "plan",
    "document",
    "adviser",
    "decision",
    "cleanup",
    "check",
    "evaluation",
    "assessment",
}


def extra_context(key: str, obj: Any, user: Any) -> dict[str, Any]:
    """Related records shown on a detail page (each a bounded, scoped query)."""
    if key == "plan":
        tasks = (
            WorkTask.objects.visible_to(user)
            .filter(plan=obj)
            .select_related("unit", "owner_person")
        )
        return {
            "tasks": tasks.order_by("due_date", "pk"),
            "task_create": reverse("governance:task_create") + f"?plan={obj.pk}",
            "docx_url": reverse("governance:plan_docx", args=[obj.pk]),
        }
    if key == "document":
        return {
            "gaps": wf.publication_gaps(obj),
            "consultations": obj.consultations.visible_to(user).select_related("adviser"),
        }
    if key == "cleanup":
        return {"decisions": obj.decisions.select_related("document")}
    if key == "decision":
        return {
            "gaps": wf.package_gaps(obj),
            "consultations": obj.consultations.visible_to(user).select_related("adviser"),
            "zip_url": reverse("governance:decision_zip", args=[obj.pk]),
            "consult_create": reverse("governance:consultation_create")
            + f"?decision={obj.pk}&kind=decision_review",
        }
    if key == "adviser":
        return {"consultations": obj.consultations.visible_to(user).order_by("-requested_on")[:100]}
    if key == "request" and obj.status == DisclosureRequest.Status.REPLIED:
        return {"docx_url": reverse("governance:request_docx", args=[obj.pk])}
    if key in ("check", "evaluation"):
        param = "check_record" if key == "check" else "evaluation"
        return {
            "rectifications": obj.rectifications.visible_to(user).select_related("owner_user"),
            "rect_create": reverse("governance:rectification_create") + f"?{param}={obj.pk}",
        }
    if key == "assessment":
        return assessment_matrix(obj)
    return {}


def assessment_matrix(obj: Assessment) -> dict[str, Any]:
    items = list(obj.items.all())
    scores = list(obj.scores.select_related("target"))
    targets = sorted({s.target for s in scores}, key=lambda u: u.path)
    cell = {(s.item_id, s.target_id): s for s in scores}
    rows: list[dict[str, Any]] = []
    for t in targets:
        values = [cell.get((i.pk, t.pk)) for i in items]
        total = sum((v.score for v in values if v), Decimal(0))
        rows.append({"target": t, "values": values, "total": total})
    rows.sort(key=lambda r: -r["total"])
    return {"items": items, "matrix": rows, "computable": {i.pk for i in items if wf.computable(i)}}


class KindCreate(RecordCreateView):
    kind: Kind

    def get_form_class(self) -> Any:
        return self.kind.form

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = dict(self.request.GET.items())
        home = getattr(self.request.user, "home_unit", None)
        if home is not None:
            initial.setdefault("unit", home.pk)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = _g("新增") + str(self.kind.title)
        return super().get_context_data(**kwargs)

    def persist(self, instance: Any, form: Any) -> Any:
        obj = (self.kind.create or _create)(instance, self.request.user)
        form.save_m2m()
        return obj


class KindUpdate(KindMixin, RecordUpdateView):  # type: ignore[misc]
    kind: Kind

    def get_form_class(self) -> Any:
        return self.kind.edit_form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = _g("编辑") + str(self.kind.title)
        return super().get_context_data(**kwargs)


def kind_views(key: str) -> dict[str, Any]:
    kind = KINDS[key]
    attrs = {"kind": kind, "model": kind.model}
    classes: dict[str, Any] = {
        "list": type(f"{key}List", (KindList,), attrs),
        "detail": type(f"{key}Detail", (KindDetail,), attrs),
    }
    if kind.form is not None:
        classes["create"] = type(f"{key}Create", (KindCreate,), attrs)
    if kind.edit_form is not None:
        classes["edit"] = type(f"{key}Update", (KindUpdate,), attrs)
    return {name: cls.as_view() for name, cls in classes.items()}


# ---------------------------------------------------------------------------
# Workflow steps (POST from the detail page)
# ---------------------------------------------------------------------------


@login_required
def action(request: HttpRequest, kind: str, pk: int, name: str) -> HttpResponse:
    """A step posted from a detail page. A refusal comes back as messages on
    the record's page ("step — field: message")."""
    if kind not in act.MODELS:
        raise Http404
    return run_action(
        request,
        act.MODELS[kind],
        pk,
        name,
        act.ACTIONS.get(kind, {}),
        KindDetail,
        extra=with_files,
        done=_("已完成：%(label)s"),
        refused=flash_and_redirect,
    )


# ---------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------


def _download(
    request: HttpRequest, obj: Any, content: bytes, filename: str, mime: str
) -> HttpResponse:
    from urllib.parse import quote

    audit.record(obj, by=request.user, action=AuditEvent.Action.DOWNLOAD, note=f"下载 {filename}")
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(WorkPlan, request.user, pk=pk)
    return _download(request, plan, documents.plan_document(plan), f"{plan.title}.docx", DOCX_MIME)


@login_required
def request_docx(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_visible_or_404(DisclosureRequest, request.user, pk=pk)
    if req.status != DisclosureRequest.Status.REPLIED:
        raise Http404
    return _download(
        request, req, documents.reply_document(req), f"答复书-{req.code}.docx", DOCX_MIME
    )


@login_required
def decision_zip(request: HttpRequest, pk: int) -> HttpResponse:
    dec = get_visible_or_404(MajorDecision, request.user, pk=pk)
    return _download(
        request,
        dec,
        documents.decision_case_file(dec),
        f"决策案卷-{dec.title}.zip",
        "application/zip",
    )


# ---------------------------------------------------------------------------
# The governance home page
# ---------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """依法行政: what a township clerk needs first — this year's plan, the open
    matters and those past their limit, the nearest time limits, and every
    register of the module."""
    from .registry import MENU

    today = timezone.localdate()
    bench = queries.workbench(request.user, today)
    for c in bench.clocks:
        c.state_label = clocks.STATE_LABELS[c.clock_state]
    home = getattr(request.user, "scope_unit", None)
    return render(
        request,
        "governance/index.html",
        {
            "title": _g("依法行政"),
            "bench": bench,
            "today": today,
            "home": home,
            "can_plan": bool(
                getattr(request.user, "can_write", False)
                and home is not None
                and home.kind == OrgUnit.Kind.TOWNSHIP
            ),
            "sections": [
                {"label": label, "links": [(name, reverse(url)) for name, url in entries]}
                for _key, label, _order, entries in MENU
            ],
        },
    )


@login_required
@require_POST
def plan_for_year(request: HttpRequest) -> HttpResponse:
    """制定本年度工作方案: the township's plan for the current year (the step
    returns the existing one if it was made already)."""
    home = getattr(request.user, "scope_unit", None)
    if home is None:
        raise Http404
    try:
        plan = wf.add_year_plan(home, timezone.localdate().year, by=request.user)
    except ValidationError as exc:
        for e in exc.messages:
            messages.error(request, e)
        return redirect("governance:index")
    messages.success(
        request, _g("已建立%(year)s年工作方案，请补充方案内容并分解任务。") % {"year": plan.year}
    )
    return redirect(plan)


# ---------------------------------------------------------------------------
# First-responsible duties, OGI report tables, catalogue
# ---------------------------------------------------------------------------


def _year(request: HttpRequest, *keys: str) -> tuple[int, list[int]]:
    """The year asked for, else the latest year with records of `keys`
    (core.years), and the years the picker offers."""
    return years.from_request(request, *keys, last=2100)


@login_required
def leaders(request: HttpRequest) -> HttpResponse:
    """第一责任人职责: one row per leadership-group member, for the report."""
    year, offered = _year(request, "governance.plans", "governance.meetings")
    groups = (
        LeadershipGroup.objects.visible_to(request.user)
        .select_related("unit")
        .order_by("unit__path", "pk")
    )
    sections = [
        {"group": g, "rows": queries.first_responsible_duties(g, year, request.user)}
        for g in groups[:20]
    ]
    return render(
        request,
        "governance/leaders.html",
        {
            "title": _g("履行推进法治建设第一责任人职责"),
            "year": year,
            "years": offered,
            "sections": sections,
        },
    )


@login_required
def ogi_report(request: HttpRequest) -> HttpResponse:
    """The yearly OGI report tables in the national format, from the records."""
    year, offered = _year(request, "governance.requests", "governance.documents")
    units = units_visible_to(request.user).filter(
        kind__in=[OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.COUNTY]
    )
    raw = request.GET.get("unit", "")
    unit = units.filter(pk=int(raw)).first() if raw.isdigit() else None
    unit = unit or getattr(request.user, "home_unit", None)
    if unit is None or not units_visible_to(request.user).filter(pk=unit.pk).exists():
        raise Http404
    t = queries.ogi_tables(unit, year)
    if request.GET.get("export") == "xlsx":
        header = ["项目", *[label for _k, label in t.columns]]
        rows = [[r["label"], *r["values"]] for r in t.requests]
        audit_unit = unit
        AuditEvent.objects.create(
            actor=request.user,
            actor_name=request.user.display_name,  # type: ignore[union-attr]
            action=AuditEvent.Action.EXPORT,
            object_repr="政府信息公开年度报告表",
            unit=audit_unit,
            note=f"{unit.name} {year}年",
        )
        return xlsx_response(
            f"{year}年政府信息公开申请办理情况",
            header,
            rows,
            f"{unit.name}{year}年政府信息公开年度报告表.xlsx",
        )
    return render(
        request,
        "governance/ogi_report.html",
        {
            "title": _g("政府信息公开工作年度报告表"),
            "t": t,
            "year": year,
            "years": offered,
            "units": units,
            "unit": unit,
            "case_columns": queries.CASE_COLUMNS,
        },
    )


@login_required
@require_POST
def load_catalogue(request: HttpRequest) -> HttpResponse:
    unit = getattr(request.user, "home_unit", None)
    try:
        n = wf.load_standard_catalogue(unit, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        for e in exc.messages:
            messages.error(request, e)
        return redirect("governance:proactive_list")
    messages.success(request, _g("已导入主动公开目录事项 %(n)d 项。") % {"n": n})
    return redirect("governance:catalogue_items")


@login_required
def catalogue_items(request: HttpRequest) -> HttpResponse:
    items = (
        DisclosureCatalogueItem.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(n=Count("disclosures", filter=Q(disclosures__status="published")))
        .order_by("unit__path", "order", "pk")
    )
    return render(
        request,
        "governance/catalogue_items.html",
        {
            "title": _g("主动公开目录"),
            "items": items[:500],
            "can_write": getattr(request.user, "can_write", False),
        },
    )


# ---------------------------------------------------------------------------
# Public pages (no login)
# ---------------------------------------------------------------------------


def _public_unit(request: HttpRequest) -> OrgUnit | None:
    raw = request.GET.get("unit", "")
    return OrgUnit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None


def _township_choices(unit: OrgUnit | None) -> QuerySet[OrgUnit]:
    """The townships a public page offers: those of the chosen unit's county (a
    public site serves one county; a province has thousands), else all."""
    townships = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).order_by("path")
    if unit is not None and unit.kind == OrgUnit.Kind.TOWNSHIP and unit.parent is not None:
        return townships.filter(path__startswith=unit.parent.path).only("pk", "name", "path")
    if unit is not None and unit.kind == OrgUnit.Kind.COUNTY:
        return townships.filter(path__startswith=unit.path).only("pk", "name", "path")
    return townships


class PublicDocuments(ListView):
    """The township's normative documents in force (现行有效规范性文件)."""

    template_name = "governance/public_documents.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[NormativeDocument]:
        qs = queries.documents_in_force(NormativeDocument.objects.all()).select_related("unit")
        self.unit = _public_unit(self.request)
        if self.unit is not None:
            qs = qs.filter(unit__in_subtree=self.unit.path)
        title = self.request.GET.get("title", "").strip()
        if title:
            qs = qs.filter(title__contains=title)
        return qs.order_by("-published_on", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _g("现行有效行政规范性文件")
        ctx["townships"] = _township_choices(self.unit)
        return ctx


class PublicDisclosures(ListView):
    template_name = "governance/public_disclosures.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[ProactiveDisclosure]:
        qs = ProactiveDisclosure.objects.filter(
            status=ProactiveDisclosure.Status.PUBLISHED
        ).select_related("unit", "item")
        self.unit = _public_unit(self.request)
        if self.unit is not None:
            qs = qs.filter(unit__in_subtree=self.unit.path)
        return qs.order_by("-published_on", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _g("政府信息主动公开")
        ctx["townships"] = _township_choices(self.unit)
        return ctx


def public_apply(request: HttpRequest) -> HttpResponse:
    """依申请公开 submitted by the public; answered with a tracking code."""
    form = f.PublicRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        req = form.save(commit=False)
        req.submitted_on = timezone.localdate()
        try:
            req = wf.submit_public(req)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for e in errors:
                    form.add_error(name if name in form.fields else None, e)
        else:
            return redirect(reverse("governance:public_track") + f"?code={req.code}&new=1")
    return render(
        request, "governance/public_apply.html", {"form": form, "title": _g("政府信息公开申请")}
    )


def public_track(request: HttpRequest) -> HttpResponse:
    """Track a request by its code: status and dates only, no personal data."""
    form = f.TrackForm(request.GET or None)
    found = None
    if form.is_valid():
        found = (
            DisclosureRequest.objects.filter(code=form.cleaned_data["code"].strip().upper())
            .select_related("unit")
            .first()
        )
        if found is None:
            form.add_error("code", _g("未找到该查询码对应的申请，请核对。"))
    return render(
        request,
        "governance/public_track.html",
        {
            "form": form,
            "req": found,
            "new": request.GET.get("new") == "1",
            "title": _g("申请办理进度查询"),
        },
    )
