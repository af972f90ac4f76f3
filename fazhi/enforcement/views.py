"""Pages of enforcement: ledgers (lists with filters and Excel export), detail
pages with their workflow steps as POST forms, the legal-review queue and the
public disclosure page (no login)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fazhi.core import audit, clocks
from fazhi.core.actions import ActionDetailView, put_errors, run_action, with_files
from fazhi.core.documents import DOCX_MIME
from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedDetailView, ScopedListView
from fazhi.core.models import Clock
from fazhi.core.scope import get_visible_or_404

from . import actions, forms, queries, workflow
from .documents import case_file_zip, decision_docx
from .filters import (
    CaseFilter,
    CertificateFilter,
    ComplaintFilter,
    DisclosureFilter,
    ExamFilter,
    OfficerFilter,
    ReviewFilter,
    TrainingFilter,
)
from .models import (
    Certificate,
    Disclosure,
    EnforcementCase,
    EnforcementComplaint,
    Evidence,
    Exam,
    ExamRegistration,
    InvestigationStep,
    LegalReview,
    Officer,
    Training,
)
from .tables import (
    CaseTable,
    CertificateTable,
    ComplaintTable,
    DisclosureTable,
    ExamTable,
    OfficerTable,
    ReviewTable,
    TrainingHoursTable,
    TrainingTable,
)


def _can_write(request: HttpRequest) -> None:
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))


# After a step, the pages of this module say "saved".
DONE = _("已保存。")


def _step(request: HttpRequest, form: Any, call: Any) -> bool:
    """Validate the form, run the workflow call; on a refusal put the
    messages on the form (named fields where they exist). True on success."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        put_errors(form, exc)
        return False
    messages.success(request, str(DONE))
    return True


# ---------------------------------------------------------------------------
# Officers and certificates
# ---------------------------------------------------------------------------


class OfficerList(ScopedListView):
    model = Officer
    table_class = OfficerTable
    filterset_class = OfficerFilter
    title: Any = _("行政执法人员")
    export_name = "行政执法人员"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return queries.with_certificate_state(
            qs.select_related("person", "unit"), timezone.localdate()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("enforcement:officer_create")
        return ctx


class OfficerDetail(ScopedDetailView):
    model = Officer
    template_name = "enforcement/officer_detail.html"
    fields = ["title", "unit", "area", "is_active", "note"]

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("person", "unit", "area").prefetch_related("fields")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        officer = self.object
        ctx["title"] = f"{officer.person.name}（{_g('行政执法人员')}）"
        ctx["certificates"] = officer.certificates.prefetch_related("fields").order_by("-issued_on")
        ctx["attendance"] = officer.attendance.select_related("training").order_by(
            "-training__held_on"
        )
        ctx["registrations"] = ExamRegistration.objects.filter(
            person=officer.person
        ).select_related("exam")
        year = timezone.localdate().year
        hours = queries.with_training_hours(
            Officer.objects.filter(pk=officer.pk), dt.date(year, 1, 1), dt.date(year, 12, 31)
        )
        ctx["hours_this_year"] = hours.values_list("hours", flat=True).first()  # type: ignore[misc]
        ctx["target"] = queries.training_target(officer.unit)
        ctx["issue_form"] = kwargs.get("issue_form") or forms.IssueForm(
            user=self.request.user, prefix="issue"
        )
        return ctx


@login_required
@require_POST
def officer_issue(request: HttpRequest, pk: int) -> HttpResponse:
    officer = get_visible_or_404(Officer, request.user, pk=pk)
    _can_write(request)
    form = forms.IssueForm(request.POST, user=request.user, prefix="issue")
    if _step(
        request,
        form,
        lambda d: workflow.issue_certificate(
            officer,
            number=d["number"],
            issuing_authority=d["issuing_authority"],
            issued_on=d["issued_on"],
            fields=d["categories"],
            by=request.user,
        ),
    ):
        return HttpResponseRedirect(officer.get_absolute_url())
    view = OfficerDetail()
    view.setup(request, pk=pk)
    view.object = officer
    return render(
        request,
        view.template_name,
        view.get_context_data(object=officer, issue_form=form),
        status=400,
    )


class OfficerCreate(RecordCreateView):
    model = Officer
    form_class = forms.OfficerForm
    title: Any = _("登记执法人员")

    def persist(self, instance: Officer, form: Any) -> Officer:
        return workflow.register_officer(
            instance, fields=form.cleaned_data["fields"], by=self.request.user
        )


class OfficerUpdate(RecordUpdateView):
    model = Officer
    form_class = forms.OfficerForm
    title: Any = _("编辑执法人员")


class CertificateList(ScopedListView):
    model = Certificate
    table_class = CertificateTable
    filterset_class = CertificateFilter
    title: Any = _("行政执法证")
    export_name = "行政执法证"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("officer__person")


class CertificateDetail(ActionDetailView):
    model = Certificate
    template_name = "enforcement/certificate_detail.html"
    actions = actions.CERTIFICATE_ACTIONS
    action_url = "enforcement:certificate_action"
    fields = ["number", "issuing_authority", "issued_on", "expires_on", "status", "revoked_on"]

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related(
            "officer__person", "previous", "exam_registration__exam"
        ).prefetch_related("fields")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        cert = self.object
        ctx["title"] = f"{_g('行政执法证')} {cert.number}（{cert.officer.person.name}）"
        ctx["events"] = cert.events.all()
        ctx["renewal_window_start"] = workflow.renewal_window_start(cert)
        return ctx


@login_required
def certificate_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    return run_action(
        request, Certificate, pk, action, actions.CERTIFICATE_ACTIONS, CertificateDetail, done=DONE
    )


# ---------------------------------------------------------------------------
# Training and exams
# ---------------------------------------------------------------------------


class TrainingList(ScopedListView):
    model = Training
    table_class = TrainingTable
    filterset_class = TrainingFilter
    title: Any = _("执法培训")
    export_name = "执法培训"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.annotate(n_attendees=Count("attendance"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("enforcement:training_create")
        return ctx


class TrainingDetail(ScopedDetailView):
    model = Training
    template_name = "enforcement/training_detail.html"
    fields = ["title", "kind", "held_on", "hours", "organizer", "location", "unit"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["attendance"] = self.object.attendance.select_related("officer__person")
        return ctx


class TrainingCreate(RecordCreateView):
    model = Training
    form_class = forms.TrainingForm
    title: Any = _("登记执法培训")

    def persist(self, instance: Training, form: Any) -> Training:
        return workflow.record_training(
            instance, attendees=form.cleaned_data["attendee_list"], by=self.request.user
        )


class TrainingHours(ScopedListView):
    """Each officer's training hours in a year against the yearly target."""

    model = Officer
    table_class = TrainingHoursTable
    filterset_class = OfficerFilter
    title: Any = _("执法人员年度培训学时")
    export_name = "执法人员培训学时"
    template_name = "enforcement/training_hours.html"

    def year(self) -> int:
        raw = self.request.GET.get("year", "")
        return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        y = self.year()
        return queries.with_training_hours(
            qs.select_related("person", "unit"), dt.date(y, 1, 1), dt.date(y, 12, 31)
        )

    def get_table_kwargs(self) -> dict[str, Any]:
        unit = getattr(self.request.user, "scope_unit", None)
        return {**super().get_table_kwargs(), "target": queries.training_target(unit)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["year"] = self.year()
        ctx["title"] = f"{self.year()}年{self.title}"
        return ctx


class ExamList(ScopedListView):
    model = Exam
    table_class = ExamTable
    filterset_class = ExamFilter
    title: Any = _("执法资格考试")
    export_name = "执法资格考试"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.annotate(
            n_registered=Count("registrations"),
            n_passed=Count(
                "registrations", filter=Q(registrations__result=ExamRegistration.Result.PASSED)
            ),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("enforcement:exam_create")
        return ctx


class ExamDetail(ScopedDetailView):
    model = Exam
    template_name = "enforcement/exam_detail.html"
    fields = ["title", "kind", "sitting_on", "registration_deadline", "pass_mark", "organizer"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["registrations"] = self.object.registrations.select_related("person")
        ctx["register_form"] = kwargs.get("register_form") or forms.RegistrationForm(
            user=self.request.user, prefix="reg"
        )
        ctx["result_form"] = kwargs.get("result_form") or forms.ResultForm(
            user=self.request.user, prefix="res"
        )
        return ctx


class ExamCreate(RecordCreateView):
    model = Exam
    form_class = forms.ExamForm
    title: Any = _("登记执法考试")

    def persist(self, instance: Exam, form: Any) -> Exam:
        return workflow.create_exam(instance, by=self.request.user)


def _exam_error(request: HttpRequest, exam: Exam, **forms_: Any) -> HttpResponse:
    view = ExamDetail()
    view.setup(request, pk=exam.pk)
    view.object = exam
    return render(
        request, view.template_name, view.get_context_data(object=exam, **forms_), status=400
    )


@login_required
@require_POST
def exam_register(request: HttpRequest, pk: int) -> HttpResponse:
    exam = get_visible_or_404(Exam, request.user, pk=pk)
    _can_write(request)
    form = forms.RegistrationForm(request.POST, user=request.user, prefix="reg")
    if _step(
        request,
        form,
        lambda d: workflow.register_for_exam(
            exam, person=d["person"], on=d["registered_on"], by=request.user
        ),
    ):
        return HttpResponseRedirect(exam.get_absolute_url())
    return _exam_error(request, exam, register_form=form)


@login_required
@require_POST
def exam_result(request: HttpRequest, pk: int) -> HttpResponse:
    reg = get_visible_or_404(ExamRegistration, request.user, pk=pk)
    _can_write(request)
    form = forms.ResultForm(request.POST, user=request.user, prefix="res")
    if _step(
        request,
        form,
        lambda d: workflow.record_exam_result(
            reg, score=d.get("score"), absent=d.get("absent", False), by=request.user
        ),
    ):
        return HttpResponseRedirect(reg.exam.get_absolute_url())
    return _exam_error(request, reg.exam, result_form=form)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------


def _next_due_subquery() -> Subquery:
    ct = ContentType.objects.get_for_model(EnforcementCase)
    due = (
        Clock.objects.filter(content_type=ct, object_id=OuterRef("pk"), status=Clock.Status.RUNNING)
        .values("object_id")
        .annotate(d=Min("due_date"))
        .values("d")
    )
    return Subquery(due)


class CaseList(ScopedListView):
    model = EnforcementCase
    table_class = CaseTable
    filterset_class = CaseFilter
    title: Any = _("执法案件")
    export_name = "执法案件"
    template_name = "enforcement/case_list.html"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("field").annotate(next_due=_next_due_subquery())


class CaseDetail(ActionDetailView):
    model = EnforcementCase
    template_name = "enforcement/case_detail.html"
    actions = actions.ACTIONS
    action_url = "enforcement:case_action"
    fields = [
        "number",
        "case_type",
        "procedure",
        "stage",
        "title",
        "field",
        "source",
        "party_type",
        "party_name",
        "act_date",
        "discovered_on",
        "filed_on",
        "facts",
        "legal_basis",
        "review_outcome",
        "reviewed_on",
        "deliberated_on",
        "deliberation_minutes",
        "notified_on",
        "notice_penalty_kind",
        "notice_fine_amount",
        "hearing_rights",
        "statement_kind",
        "statement_text",
        "decided_on",
        "decision_number",
        "penalty_kind",
        "fine_amount",
        "confiscated_amount",
        "performance",
        "served_on",
        "service_method",
        "service_late_reason",
        "payment_due_on",
        "deferral_note",
        "paid_amount",
        "surcharge_amount",
        "closed_on",
        "close_note",
    ]

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("field", "unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        case: EnforcementCase = self.object
        ctx["title"] = str(case)
        ctx["field_rows"] = [row for row in ctx["field_rows"] if row[1] not in ("—", None, "")]
        ctx["pii_fields"] = [
            ("id_number", _g("身份证号码/统一社会信用代码"), case.id_number_masked),
            ("phone", _g("联系电话"), case.phone_masked),
            ("address", _g("住址/住所"), case.address_masked),
        ]
        ctx["can_reveal"] = getattr(self.request.user, "can_reveal_pii", False)
        ctx["case_ct"] = ContentType.objects.get_for_model(EnforcementCase).pk
        ctx["events"] = case.events.select_related("by")
        ctx["steps"] = InvestigationStep.objects.filter(case=case).prefetch_related(
            Prefetch("officers", queryset=Officer.objects.select_related("person"))
        )
        ctx["evidence"] = Evidence.objects.filter(case=case).prefetch_related(
            Prefetch("collected_by", queryset=Officer.objects.select_related("person"))
        )
        ctx["hearing"] = getattr(case, "hearing", None) if hasattr(case, "hearing") else None
        ctx["reviews"] = case.legal_reviews.select_related("reviewer")
        ctx["payments"] = case.payments.all()
        ctx["measures"] = case.measures.all()
        ctx["disclosure"] = Disclosure.objects.filter(case=case).first()
        ctx["complaints"] = case.complaints.all()
        ctx["needs_legal_review"] = workflow.needs_legal_review(case)
        today = timezone.localdate()
        calendar = clocks.load_calendar()
        ctx["clocks"] = [
            (c, clocks.STATE_LABELS[clocks.state(c, today, calendar)]) for c in self._clocks(case)
        ]
        return ctx

    def _clocks(self, case: EnforcementCase) -> list[Clock]:
        targets: list[Any] = [case, *case.preservations.all(), *case.measures.all()]
        disclosure = Disclosure.objects.filter(case=case).first()
        if disclosure is not None:
            targets.append(disclosure)
        out: list[Clock] = []
        for t in targets:
            out.extend(clocks.clocks_for(t))
        return sorted(out, key=lambda c: (c.start_date, c.pk))


@login_required
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    return run_action(
        request,
        EnforcementCase,
        pk,
        action,
        actions.ACTIONS,
        CaseDetail,
        extra=with_files,
        done=DONE,
    )


class CaseCreate(RecordCreateView):
    model = EnforcementCase
    form_class = forms.CaseForm
    title: Any = _("登记案件线索")

    success_message = _("已登记线索。")

    def persist(self, instance: EnforcementCase, form: Any) -> EnforcementCase:
        return workflow.register_clue(instance, by=self.request.user)


class SummaryCreate(RecordCreateView):
    model = EnforcementCase
    form_class = forms.SummaryForm
    title: Any = _("简易程序当场处罚")

    def persist(self, instance: EnforcementCase, form: Any) -> EnforcementCase:
        d = form.cleaned_data
        return workflow.summary_penalty(
            instance,
            on=d["on"],
            penalty_kind=d["penalty_kind"],
            fine_amount=d.get("fine_amount"),
            officers=d["officer_list"],
            by=self.request.user,
        )


class InspectionCreate(RecordCreateView):
    model = EnforcementCase
    form_class = forms.InspectionForm
    title: Any = _("登记行政检查")

    def persist(self, instance: EnforcementCase, form: Any) -> EnforcementCase:
        return workflow.open_inspection(instance, on=form.cleaned_data["on"], by=self.request.user)


@login_required
def case_decision(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(EnforcementCase, request.user, pk=pk)
    if not case.decision_number:
        raise Http404
    audit.record(case, by=request.user, action="download", note="下载行政处罚决定书")
    response = HttpResponse(decision_docx(case), content_type=DOCX_MIME)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(case.decision_number)}.docx"
    )
    return response


@login_required
def case_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The full-process case file (.zip), audited as an export."""
    case = get_visible_or_404(EnforcementCase, request.user, pk=pk)
    audit.record(case, by=request.user, action="export", note="导出案卷（全过程记录）")
    response = HttpResponse(case_file_zip(case), content_type="application/zip")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(case.number or str(case.pk))}.zip"
    )
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


# ---------------------------------------------------------------------------
# Legal review queue, disclosure, public page
# ---------------------------------------------------------------------------


class ReviewQueue(ScopedListView):
    model = LegalReview
    table_class = ReviewTable
    filterset_class = ReviewFilter
    title: Any = _("法制审核")
    export_name = "法制审核"
    template_name = "enforcement/review_queue.html"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("case")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["pending"] = (
            self.get_queryset()
            .filter(result=LegalReview.Result.PENDING)
            .select_related("case")[:50]
        )
        ctx["review_form"] = kwargs.get("review_form") or forms.LegalReviewForm(
            user=self.request.user, prefix="lr"
        )
        ctx["error_pk"] = kwargs.get("error_pk")
        return ctx


@login_required
@require_POST
def review_record(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(LegalReview, request.user, pk=pk)
    _can_write(request)
    form = forms.LegalReviewForm(request.POST, user=request.user, prefix="lr")
    if _step(
        request,
        form,
        lambda d: workflow.record_legal_review(
            item, result=d["result"], opinion=d["opinion"], on=d["on"], by=request.user
        ),
    ):
        return HttpResponseRedirect(reverse("enforcement:review_queue"))
    view = ReviewQueue()
    view.setup(request)
    view.object_list = view.get_queryset()
    view.filterset = view.get_filterset(view.get_filterset_class())
    view.object_list = view.filterset.qs
    return render(
        request,
        view.template_name,
        view.get_context_data(review_form=form, error_pk=pk),
        status=400,
    )


class DisclosureList(ScopedListView):
    model = Disclosure
    table_class = DisclosureTable
    filterset_class = DisclosureFilter
    title: Any = _("执法决定公示")
    export_name = "执法决定公示"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("case")


def public_list(request: HttpRequest) -> HttpResponse:
    """公示 page for the public (no login): published decisions only, with the
    party's personal details masked and no ID number, phone or address."""
    rows = (
        Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED)
        .select_related("case", "unit")
        .only(
            "published_on",
            "decision_on",
            "public_summary",
            "unit__name",
            "case__decision_number",
            "case__title",
            "case__party_type",
            "case__party_name",
            "case__penalty_kind",
            "case__fine_amount",
        )
        .order_by("-published_on", "-pk")
    )
    q = (request.GET.get("q") or "").strip()
    if q:
        rows = rows.filter(Q(case__decision_number__contains=q) | Q(case__title__contains=q))
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "enforcement/public_list.html",
        {"page": page, "q": q, "title": _g("行政执法决定公示")},
    )


# ---------------------------------------------------------------------------
# Complaints
# ---------------------------------------------------------------------------


class ComplaintList(ScopedListView):
    model = EnforcementComplaint
    table_class = ComplaintTable
    filterset_class = ComplaintFilter
    title: Any = _("执法投诉")
    export_name = "执法投诉"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("case")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("enforcement:complaint_create")
        return ctx


class ComplaintDetail(ActionDetailView):
    model = EnforcementComplaint
    template_name = "enforcement/complaint_detail.html"
    actions = actions.COMPLAINT_ACTIONS
    action_url = "enforcement:complaint_action"
    fields = [
        "received_on",
        "complainant",
        "conduct",
        "content",
        "status",
        "investigation",
        "finding",
        "reply",
        "replied_on",
    ]

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("case", "officer__person")


class ComplaintCreate(RecordCreateView):
    model = EnforcementComplaint
    form_class = forms.ComplaintForm
    title: Any = _("登记执法投诉")

    def persist(self, instance: EnforcementComplaint, form: Any) -> EnforcementComplaint:
        return workflow.register_complaint(instance, by=self.request.user)


@login_required
def complaint_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    return run_action(
        request,
        EnforcementComplaint,
        pk,
        action,
        actions.COMPLAINT_ACTIONS,
        ComplaintDetail,
        done=DONE,
    )
