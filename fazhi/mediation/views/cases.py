"""Mediation cases: list, the case page with its steps, the agreement (调解协议书)
as .docx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Expression, F, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, clocks, documents, pii, reasons
from fazhi.core.i18n import stored
from fazhi.core.listing import ScopedListView
from fazhi.core.models import AuditEvent, Clock, shown_provisional_year
from fazhi.core.scope import get_visible_or_404

from .. import filters, rules, tables, workflow
from ..models import CaseMediator, DisputeParty, MediationCase
from ._common import ActionDetailView, run_action

# The app's directory: a township's own agreement template may sit in its
# doc_templates/ (documents.render searches it after the unit's uploads).
APP_DIR = Path(__file__).resolve().parent.parent


def conclusion_due(column: str | Expression = "due_date") -> Subquery:
    """The stored due date of the case's one-month clock (or another of its
    columns, or an expression over them: `shown_provisional_year()`, the
    year a 暂定 due date rests on), in SQL."""
    ct = ContentType.objects.get_for_model(MediationCase)
    return Subquery(
        Clock.objects.filter(content_type=ct, object_id=OuterRef("pk"), kind=rules.CLOCK_CONCLUSION)
        .order_by("-start_date", "-pk")
        .values(shown=column if isinstance(column, Expression) else F(column))
        .values("shown")[:1]
    )


def case_list_queryset(qs: QuerySet[MediationCase]) -> QuerySet[MediationCase]:
    return (
        qs.select_related("committee", "dispute__category", "agreement")
        .annotate(
            conclusion_due=conclusion_due(),
            conclusion_provisional_year=conclusion_due(shown_provisional_year()),
        )
        .prefetch_related(
            Prefetch(
                "dispute__parties",
                queryset=DisputeParty.objects.select_related("person").order_by("role", "pk"),
            ),
            Prefetch(
                "assignments", queryset=CaseMediator.objects.select_related("mediator__person")
            ),
        )
    )


class CaseList(ScopedListView):
    model = MediationCase
    table_class = tables.CaseTable
    filterset_class = filters.CaseFilter
    title: Any = _("调解案件")
    export_name = _("人民调解案件登记台账")

    def optimize(self, qs: QuerySet[MediationCase]) -> QuerySet[MediationCase]:
        return case_list_queryset(qs)


class CaseDetail(ActionDetailView):
    model = MediationCase
    template_name = "mediation/case_detail.html"
    action_url = "mediation:case_action"
    fields = [
        "number",
        "committee",
        "start",
        "applied_on",
        "applicant",
        "request",
        "status",
        "accepted_on",
        "parties_choice",
        "concluded_on",
        "failure_reason",
        "decline_reason",
        "escalation_reason",
    ]

    def optimize(self, qs: QuerySet[MediationCase]) -> QuerySet[MediationCase]:
        return qs.select_related(
            "committee__unit", "dispute__unit", "dispute__category", "escalated_from"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        case = self.object
        today = timezone.localdate()
        calendar = clocks.load_calendar()
        ctx["clocks"] = [
            (c, clocks.STATE_LABELS[clocks.state(c, today, calendar)])
            for c in clocks.clocks_for(case)
        ]
        ctx["assignments"] = case.assignments.select_related("mediator__person")
        ctx["sessions"] = case.sessions.all()
        ctx["agreement"] = getattr(case, "agreement", None)
        ctx["confirmation"] = (
            getattr(ctx["agreement"], "confirmation", None) if ctx["agreement"] else None
        )
        ctx["window_end"] = (
            workflow.confirmation_window_end(ctx["agreement"]) if ctx["agreement"] else None
        )
        ctx["followups"] = case.followups.all()
        ctx["events"] = case.events.select_related("by")
        ctx["escalated_to"] = (
            MediationCase.objects.visible_to(self.request.user).filter(escalated_from=case).first()
        )
        ctx["parties"] = parties = list(case.dispute.parties.select_related("person"))
        # A written agreement is refused for a party with no ID number (人民调解法
        # 第二十九条): said beside the parties, with the way to correct each,
        # before the mediator fills in the whole agreement to be told so.
        ctx["parties_without_id"] = without_id = (
            [p for p in parties if not p.person.id_number]
            if case.status == MediationCase.Status.MEDIATING and ctx["agreement"] is None
            else []
        )
        if self.bound is not None and self.bound[0] == "agreement":
            _said_beside_the_parties(self.bound[1], without_id)
        return ctx


def _said_beside_the_parties(form: Any, without_id: list[DisputeParty]) -> None:
    """A written agreement refused for a party with no ID number: the refusal
    is the warning already beside that party (with the way to correct it),
    not said a second time above the refused form."""
    said = [workflow.missing_id_number(p.person.name) for p in without_id]
    errors = form.errors.get(NON_FIELD_ERRORS)
    if not said or not errors:
        return
    kept = [e for e in errors if not any(str(e).startswith(s) for s in said)]
    if kept:
        form.errors[NON_FIELD_ERRORS] = form.error_class(kept, error_class="nonfield")
    else:
        del form.errors[NON_FIELD_ERRORS]


@login_required
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    return run_action(request, MediationCase, pk, action, CaseDetail)


def agreement_document(case: MediationCase, user: Any) -> documents.Document:
    """调解协议书 with the contents of 人民调解法第二十九条. Full ID numbers only
    for roles that may see personal data. An official document: Chinese (its
    choice labels too) whatever the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _agreement_document(case, user)


def _agreement_document(case: MediationCase, user: Any) -> documents.Document:
    agreement = case.agreement
    doc = documents.Document(
        title="人民调解协议书",
        doc_no=agreement.number,
        issuer=case.committee.name,
        signature=case.committee.name,
        date=agreement.dated,
    )
    doc.add("一、当事人基本情况", level=1)
    for party in case.dispute.parties.select_related("person"):
        p = party.person
        id_number = pii.for_export(p, "id_number", user) or "—"
        address = pii.for_export(p, "address", user) or "—"
        doc.add(
            f"{party.get_role_display()}：{p.name}，{p.get_gender_display() or '—'}，"
            f"{p.ethnicity or '—'}，身份证号码 {id_number}，住址 {address}。"
        )
    doc.add("二、纠纷主要事实、争议事项", level=1)
    doc.add(agreement.facts)
    doc.add(f"争议事项：{agreement.issues}")
    doc.add("三、各方当事人的责任", level=1)
    doc.add(agreement.responsibilities)
    doc.add("四、经调解，当事人自愿达成如下协议", level=1)
    for line in agreement.terms.splitlines():
        if line.strip():
            doc.add(line.strip())
    doc.add("五、履行方式、地点、期限", level=1)
    deadline = (
        documents.chinese_date(agreement.performance_deadline)
        if agreement.performance_deadline
        else "—"
    )
    doc.add(
        f"履行方式：{agreement.performance_manner}；履行地点：{agreement.performance_place}；履行期限：{deadline}前。"
    )
    doc.add(
        "本协议自各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。"
        "本协议一式三份，当事人各执一份，人民调解委员会留存一份。"
        f"当事人可自协议生效之日起三十日内共同向人民法院申请司法确认（{rules.ART_33}）。"
    )
    names = "　".join(p.person.name for p in case.dispute.parties.select_related("person"))
    doc.add(f"当事人（签名）：{names}")
    mediators = "　".join(
        a.mediator.person.name for a in case.assignments.select_related("mediator__person")
    )
    doc.add(f"人民调解员（签名）：{mediators}")
    doc.add(f"{case.committee.name}（印）")
    return doc


# What the agreement shows in full to a role that may see personal data: each
# party's ID number and address (人民调解法第二十九条 当事人的基本情况).
AGREEMENT_PII = ("id_number", "address")


@login_required
def agreement_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """调解协议书 (.docx). For a role that may see personal data it holds the
    parties' ID numbers and addresses in full, so it leaves only with a reason
    (core.reasons, PIPL 第六条: the page for a browser, `?reason=` for a
    script), written into its export audit event with the fields; a role
    without that right gets them masked and is not asked."""
    case = get_visible_or_404(MediationCase, request.user, pk=pk)
    agreement = getattr(case, "agreement", None)
    if agreement is None or agreement.form != agreement.Form.WRITTEN:
        raise Http404
    reason = ""
    if getattr(request.user, "can_reveal_pii", False):
        what = _g("导出含完整个人信息的“%(name)s”") % {"name": str(case)}
        asked = reasons.ask(request, title=str(case), what=what)
        if isinstance(asked, HttpResponse):
            return asked
        reason = asked
    data = documents.render(
        agreement_document(case, request.user),
        name="mediation_agreement",
        unit=case.committee.unit,
        search=[APP_DIR / "doc_templates"],
    )
    if reason:
        audit.record(
            case,
            by=request.user,
            action=AuditEvent.Action.EXPORT,
            changes={
                pii.FIELDS: [str(pii.LABELS[f]) for f in AGREEMENT_PII],
                pii.REASON: reason,
            },
            note=stored(
                gettext_noop("下载调解协议书；含完整个人信息，理由：%(reason)s"), reason=reason
            ),
        )
    else:
        audit.record(
            case,
            by=request.user,
            action=AuditEvent.Action.DOWNLOAD,
            note=gettext_noop("下载调解协议书"),
        )
    response = HttpResponse(data, content_type=documents.DOCX_MIME)
    from urllib.parse import quote

    filename = _g("调解协议书-%(number)s.docx") % {"number": case.number}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
