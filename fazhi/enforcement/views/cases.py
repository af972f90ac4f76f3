"""Pages of enforcement cases: the ledger, the case page with its steps, new
cases (ordinary, summary, inspection), the decision and the case file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, clocks, pii, reasons
from fazhi.core.actions import ActionDetailView, run_action, with_files
from fazhi.core.documents import DOCX_MIME
from fazhi.core.i18n import chinese, stored
from fazhi.core.listing import RecordCreateView, ScopedListView
from fazhi.core.models import Clock
from fazhi.core.scope import get_visible_or_404

from .. import actions, forms, workflow
from ..documents import case_file_zip, decision_docx
from ..filters import (
    CaseFilter,
)
from ..models import (
    Disclosure,
    EnforcementCase,
    Evidence,
    InvestigationStep,
    Officer,
)
from ..tables import (
    CaseTable,
)


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
    export_name = _("执法案件")
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
        # Masked for every role, "显示" for a PII role (core.templatetags.pii_tags).
        ctx["pii_fields"] = [
            ("id_number", _g("身份证号码/统一社会信用代码")),
            ("phone", _g("联系电话")),
            ("address", _g("住址/住所")),
        ]
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


# What the decision and the case file hold in full: the decision names the
# party with their ID number and address (the case file holds the decision, and
# the evidence files hold whatever they hold).
CASE_FILE_PII = ("party_name", "id_number", "phone", "address")
DECISION_PII = ("party_name", "id_number", "address")


def _export_with_reason(
    request: HttpRequest, case: EnforcementCase, fields: tuple[str, ...], note: str
) -> str | HttpResponse:
    """The reason for a document holding the party's personal data in full
    (PIPL 第六条, core.reasons: the page for a browser, `?reason=` for a
    script), written into the export audit event with the fields; or the
    reason page to return. Every role that may open the case is asked: the
    document is the same for all of them."""
    what = _g("导出含完整个人信息的“%(name)s”") % {"name": str(case)}
    asked = reasons.ask(request, title=str(case), what=what)
    if isinstance(asked, HttpResponse):
        return asked
    names = [
        chinese(getattr(EnforcementCase._meta.get_field(f), "verbose_name", f)) for f in fields
    ]
    audit.record(
        case,
        by=request.user,
        action="export",
        changes={pii.FIELDS: names, pii.REASON: asked},
        note=note + stored(gettext_noop("；含完整个人信息，理由：%(reason)s"), reason=asked),
    )
    return asked


@login_required
def case_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """The penalty decision (.docx): it names the party with their ID number
    and address (《行政处罚法》第五十九条), so it leaves only with a reason."""
    case = get_visible_or_404(EnforcementCase, request.user, pk=pk)
    if not case.decision_number:
        raise Http404
    asked = _export_with_reason(request, case, DECISION_PII, gettext_noop("下载行政处罚决定书"))
    if isinstance(asked, HttpResponse):
        return asked
    response = HttpResponse(decision_docx(case), content_type=DOCX_MIME)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(case.decision_number)}.docx"
    )
    return response


@login_required
def case_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The full-process case file (.zip). It holds the party's personal data in
    full, so like every full-PII export it leaves only with a reason
    (core.reasons; PIPL 第六条), written into its export audit event. The
    reason page posts back here; `?reason=` for scripts."""
    case = get_visible_or_404(EnforcementCase, request.user, pk=pk)
    asked = _export_with_reason(
        request, case, CASE_FILE_PII, gettext_noop("导出案卷（全过程记录）")
    )
    if isinstance(asked, HttpResponse):
        return asked
    response = HttpResponse(case_file_zip(case), content_type="application/zip")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(case.number or str(case.pk))}.zip"
    )
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
