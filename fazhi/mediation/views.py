"""Pages: ledgers (list + filter + Excel export), detail pages with their
workflow steps as POST forms, create/edit forms, the overview and the list of
units that missed a screening round. Views are thin: forms check the shape,
`workflow.py` the rules; out-of-scope records are 404."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from fazhi.core import actions as core_actions
from fazhi.core import audit, clocks, documents, links, pii
from fazhi.core.listing import (
    RecordCreateView,
    RecordUpdateView,
    ScopedDetailView,
    ScopedListView,
    xlsx_response,
)
from fazhi.core.models import AuditEvent, Clock
from fazhi.core.scope import get_visible_or_404, units_visible_to

from . import actions, filters, forms, queries, rules, tables, workflow
from .models import (
    CaseMediator,
    Dispute,
    DisputeCategory,
    DisputeParty,
    MediationCase,
    MediationCommittee,
    Mediator,
    Screening,
)

APP_DIR = Path(__file__).resolve().parent


def _can_write(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "can_write", False))


def conclusion_due(column: str = "due_date") -> Subquery:
    """The stored due date of the case's one-month clock (or another of its
    columns: `provisional_year`, the year a 暂定 due date rests on), in SQL."""
    ct = ContentType.objects.get_for_model(MediationCase)
    return Subquery(
        Clock.objects.filter(content_type=ct, object_id=OuterRef("pk"), kind=rules.CLOCK_CONCLUSION)
        .order_by("-start_date", "-pk")
        .values(column)[:1]
    )


# ---------------------------------------------------------------------------
# Overview
# ---------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The mediation dashboard: high-risk disputes still open, cases whose
    clocks are overdue or due soon, missed screening rounds, committees whose
    composition or term needs attention."""
    user = request.user
    today = timezone.localdate()
    disputes = Dispute.objects.visible_to(user)
    high_risk = (
        queries.high_risk_open(disputes)
        .select_related("unit", "category")
        .order_by("found_on")[:50]
    )
    ct = ContentType.objects.get_for_model(MediationCase)
    case_clocks = (
        Clock.objects.visible_to(user)
        .filter(content_type=ct, status=Clock.Status.RUNNING)
        .select_related("unit")
        .order_by("due_date")
    )
    soon = today + dt.timedelta(days=7)
    due = [c for c in case_clocks.filter(due_date__lte=soon)[:50]]
    committees = list(
        queries.committees_in_office(
            MediationCommittee.objects.visible_to(user), today
        ).select_related("unit")
    )
    warnings = [(c, queries.composition_warnings(c, today)) for c in committees]
    scope = getattr(user, "scope_unit", None)
    missed: list[queries.MissedRound] = []
    if scope is not None:
        missed = queries.missed_rounds(
            queries.screening_units(scope), today - dt.timedelta(days=35), today
        )
    counts = disputes.aggregate(
        open=Count("pk", filter=Q(status__in=Dispute.OPEN_STATUSES)),
        high=Count("pk", filter=Q(status__in=Dispute.OPEN_STATUSES, risk_level=Dispute.Risk.HIGH)),
    )
    return render(
        request,
        "mediation/overview.html",
        {
            "title": _("矛盾纠纷调处工作概览"),
            "high_risk": high_risk,
            "due": due,
            "today": today,
            "warnings": [(c, w) for c, w in warnings if w],
            "missed": missed,
            "counts": counts,
            "open_cases": MediationCase.objects.visible_to(user)
            .filter(status__in=MediationCase.OPEN_STATUSES)
            .count(),
        },
    )


# ---------------------------------------------------------------------------
# Generic detail + actions
# ---------------------------------------------------------------------------


class ActionDetailView(core_actions.ActionDetailView):
    """A detail page offering the record's workflow steps (actions.ACTIONS_FOR)
    as POST forms. The inputs are not prefixed: a page posts the same names as
    the API."""

    prefixed = False

    def get_actions(self) -> dict[str, actions.Action]:
        return actions.ACTIONS_FOR[self.model]


def _created_case(obj: Any, result: Any, user: Any) -> Any:
    """Escalation and a new application lead to the case they created, when
    the user sees it (a village cadre hands a case up to the township, whose
    records they do not see: they stay on their own case)."""
    created = isinstance(result, MediationCase) and not (
        isinstance(obj, MediationCase) and result.pk == obj.pk
    )
    if created and MediationCase.objects.visible_to(user).filter(pk=result.pk).exists():
        return result
    return obj


# Steps on one party: a refusal shows the party's own page again.
PARTY_STEPS = ("party_edit", "party_remove")


def run_action(
    request: HttpRequest, model: type[Any], pk: int, name: str, detail: type[ActionDetailView]
) -> HttpResponse:
    return core_actions.run_action(
        request,
        model,
        pk,
        name,
        actions.ACTIONS_FOR[model],
        detail,
        target=lambda obj, result: _created_case(obj, result, request.user),
        refused=_party_refused if model is Dispute and name in PARTY_STEPS else None,
    )


# ---------------------------------------------------------------------------
# Disputes
# ---------------------------------------------------------------------------


def dispute_list_queryset(qs: QuerySet[Dispute]) -> QuerySet[Dispute]:
    return qs.select_related("unit", "category").prefetch_related(
        Prefetch(
            "parties", queryset=DisputeParty.objects.select_related("person").order_by("role", "pk")
        ),
        Prefetch(
            "cases",
            queryset=MediationCase.objects.order_by("pk").prefetch_related(
                Prefetch(
                    "assignments", queryset=CaseMediator.objects.select_related("mediator__person")
                )
            ),
        ),
    )


LEDGER_CHUNK = 2000


def ledger_rows(qs: QuerySet[Dispute]) -> Iterator[tuple[Any, ...]]:
    """One tuple per dispute in the columns of DisputeTable, read as values in
    chunks (parties and mediators one query per chunk each): no model
    instances or lazy labels per row, so 10^4 rows export in seconds."""
    labels = {
        name: {value: str(label) for value, label in choices}
        for name, choices in (
            ("source", Dispute.Source.choices),
            ("risk_level", Dispute.Risk.choices),
            ("status", Dispute.Status.choices),
        )
    }
    rows = qs.prefetch_related(None).values_list(
        "pk",
        "number",
        "found_on",
        "unit__name",
        "title",
        "category__name",
        "amount",
        "source",
        "risk_level",
        "status",
        "resolved_on",
    )
    chunk: list[tuple[Any, ...]] = []
    for row in rows.iterator(chunk_size=LEDGER_CHUNK):
        chunk.append(row)
        if len(chunk) >= LEDGER_CHUNK:
            yield from _ledger_chunk(chunk, labels)
            chunk = []
    if chunk:
        yield from _ledger_chunk(chunk, labels)


def _ledger_chunk(
    chunk: list[tuple[Any, ...]], labels: dict[str, dict[Any, str]]
) -> Iterator[tuple[Any, ...]]:
    ids = [row[0] for row in chunk]
    parties: dict[int, list[str]] = defaultdict(list)
    for dispute_id, name in (
        DisputeParty.objects.filter(dispute_id__in=ids)
        .order_by("dispute_id", "role", "pk")
        .values_list("dispute_id", "person__name")
    ):
        parties[dispute_id].append(name)
    mediators: dict[int, dict[str, None]] = defaultdict(dict)
    for dispute_id, name in (
        CaseMediator.objects.filter(case__dispute_id__in=ids)
        .order_by("case_id", "pk")
        .values_list("case__dispute_id", "mediator__person__name")
    ):
        mediators[dispute_id][name] = None
    for pk, number, found, unit, title, category, amount, source, risk, status, resolved in chunk:
        yield (
            number,
            found,
            unit,
            title,
            "、".join(parties[pk]),
            category,
            float(amount) if amount is not None else None,
            labels["source"].get(source, source),
            labels["risk_level"].get(risk, risk),
            labels["status"].get(status, status),
            "、".join(mediators[pk]),
            resolved,
        )


class DisputeList(ScopedListView):
    model = Dispute
    table_class = tables.DisputeTable
    filterset_class = filters.DisputeFilter
    title: Any = _("矛盾纠纷台账")
    export_name = "矛盾纠纷排查调处台账"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if _can_write(self.request):
            ctx["create_url"] = reverse("mediation:dispute_create")
        return ctx

    def optimize(self, qs: QuerySet[Dispute]) -> QuerySet[Dispute]:
        return dispute_list_queryset(qs)

    def export(self) -> HttpResponse:
        """The 台账 export, written row by row from the filtered queryset: the
        same columns as the page, without per-cell table rendering (10^4 rows
        must export within seconds)."""
        filterset = self.get_filterset(self.get_filterset_class())
        qs = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        qs = qs.order_by("-found_on", "-pk")
        header = [str(c.header) for c in tables.DisputeTable(Dispute.objects.none()).columns]
        name = self.export_name
        AuditEvent.objects.create(
            actor=self.request.user,
            actor_name=getattr(self.request.user, "display_name", ""),
            action=AuditEvent.Action.EXPORT,
            object_repr=name,
            unit=getattr(self.request.user, "home_unit", None),
            note=f"导出“{name}” {qs.count()} 条，条件：{self.request.GET.urlencode()}",
        )
        stamp = timezone.localdate().strftime("%Y%m%d")
        return xlsx_response(name, header, ledger_rows(qs), f"{name}台账-{stamp}.xlsx")


class DisputeDetail(ActionDetailView):
    model = Dispute
    template_name = "mediation/dispute_detail.html"
    action_url = "mediation:dispute_action"
    fields = [
        "number",
        "unit",
        "category",
        "facts",
        "amount",
        "source",
        "screening",
        "found_on",
        "risk_level",
        "risk_reason",
        "status",
        "resolved_on",
        "outcome_note",
    ]

    def optimize(self, qs: QuerySet[Dispute]) -> QuerySet[Dispute]:
        return qs.select_related("unit", "category", "screening")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        ctx["parties"] = [
            {
                "party": p,
                "id_number": pii.display(p.person, "id_number", user),
                "phone": pii.display(p.person, "phone", user),
            }
            for p in obj.parties.select_related("person")
        ]
        ctx["parties_editable"] = _can_write(self.request) and not workflow.parties_frozen(obj)
        ctx["cases"] = obj.cases.select_related("committee").order_by("applied_on", "pk")
        ctx["link_panels"] = links.panels(obj, user)  # linked petitions (core.RecordLink)
        ctx["edit_url"] = (
            reverse("mediation:dispute_edit", args=[obj.pk]) if _can_write(self.request) else ""
        )
        return ctx


def _party_page(
    request: HttpRequest,
    dispute: Dispute,
    party: DisputeParty,
    bound: tuple[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """更正当事人: the party's particulars in a form filled from the record,
    and the button that removes a party entered by mistake."""
    user = request.user
    steps = actions.DISPUTE_ACTIONS
    forms_by_step: dict[str, Any] = {}
    for name in PARTY_STEPS:
        if bound is not None and bound[0] == name:
            forms_by_step[name] = bound[1]
        else:
            initial = (
                forms.PartyEditForm.initial_for(party, user)
                if name == "party_edit"
                else {"party": party.pk}
            )
            forms_by_step[name] = steps[name].form(user=user, record=dispute, initial=initial)
    edit = forms_by_step["party_edit"]
    edit.placeholders(party, user)
    return render(
        request,
        "mediation/party_edit.html",
        {
            "title": _("更正当事人：%(name)s") % {"name": party.person.name},
            "dispute": dispute,
            "party": party,
            "edit_form": edit,
            "remove_form": forms_by_step["party_remove"],
            "edit_url": reverse("mediation:dispute_action", args=[dispute.pk, "party_edit"]),
            "remove_url": reverse("mediation:dispute_action", args=[dispute.pk, "party_remove"]),
            "frozen": workflow.parties_frozen(dispute),
        },
        status=status,
    )


def _party_refused(
    request: HttpRequest, obj: Any, action: core_actions.Action, form: Any
) -> HttpResponse:
    party = obj.parties.select_related("person").filter(pk=request.POST.get("party")).first()
    if party is None:  # the party is gone: the dispute, with the refusal
        return core_actions.show_detail_again(DisputeDetail)(request, obj, action, form)
    return _party_page(request, obj, party, bound=(action.name, form), status=400)


@login_required
def party_edit(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    dispute = get_visible_or_404(Dispute, request.user, pk=pk)
    party = get_object_or_404(dispute.parties.select_related("person"), pk=party_pk)
    if not _can_write(request):
        raise PermissionDenied(_("您的角色为只读。"))
    return _party_page(request, dispute, party)


@login_required
def dispute_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    return run_action(request, Dispute, pk, action, DisputeDetail)


def _ledger_unit(user: Any) -> Any:
    """The unit a user's screening rounds and disputes belong to: their
    village or township; an office's staff work for its township."""
    unit = getattr(user, "home_unit", None)
    if unit is None:
        return None
    if unit.kind not in (unit.Kind.TOWNSHIP, unit.Kind.VILLAGE, unit.Kind.COMMUNITY):
        return unit.township() or unit
    return unit


def _ledger_initial(user: Any) -> dict[str, Any]:
    unit = _ledger_unit(user)
    return {"unit": unit.pk} if unit is not None else {}


class DisputeCreate(RecordCreateView):
    model = Dispute
    form_class = forms.DisputeForm
    title: Any = _("登记矛盾纠纷")

    def get_initial(self) -> dict[str, Any]:
        initial = _ledger_initial(self.request.user)
        initial.update(found_on=timezone.localdate(), source=Dispute.Source.SCREENING)
        screening = self.request.GET.get("screening")
        if screening and screening.isdigit():
            found = Screening.objects.visible_to(self.request.user).filter(pk=screening).first()
            if found is not None:
                initial.update(screening=found, unit=found.unit, found_on=found.screened_on)
        return initial

    success_message = _("已登记。")

    def persist(self, instance: Dispute, form: Any) -> Dispute:
        return workflow.register_dispute(instance, parties=form.parties(), by=self.request.user)

    def apply_rule_error(self, form: Any, exc: ValidationError) -> HttpResponse:
        if not hasattr(exc, "error_dict"):
            return super().apply_rule_error(form, exc)
        # A party's error from the workflow names the party's field.
        for field, errors in exc.message_dict.items():
            for error in errors:
                target = field if field in form.fields else None
                if target is None and f"party1_{field}" in form.fields:
                    target = f"party2_{field}" if "当事人2" in error else f"party1_{field}"
                form.add_error(target, error)
        return self.form_invalid(form)


class DisputeUpdate(RecordUpdateView):
    model = Dispute
    form_class = forms.DisputeForm
    title: Any = _("编辑矛盾纠纷")

    def persist(
        self, instance: Dispute, form: Any, *, version: int | None, before: dict[str, Any]
    ) -> Dispute:
        return workflow.update_dispute(
            instance, by=self.request.user, version=version, before=before
        )


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------


def case_list_queryset(qs: QuerySet[MediationCase]) -> QuerySet[MediationCase]:
    return (
        qs.select_related("committee", "dispute__category", "agreement")
        .annotate(
            conclusion_due=conclusion_due(),
            conclusion_provisional_year=conclusion_due("provisional_year"),
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
    export_name = "人民调解案件登记台账"

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
        ctx["parties"] = case.dispute.parties.select_related("person")
        return ctx


@login_required
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    return run_action(request, MediationCase, pk, action, CaseDetail)


def agreement_document(case: MediationCase, user: Any) -> documents.Document:
    """调解协议书 with the contents of 人民调解法第二十九条. Full ID numbers only
    for roles that may see personal data."""
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
        id_number = pii.display(p, "id_number", user) or "—"
        address = pii.display(p, "address", user) or "—"
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


@login_required
def agreement_docx(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_visible_or_404(MediationCase, request.user, pk=pk)
    agreement = getattr(case, "agreement", None)
    if agreement is None or agreement.form != agreement.Form.WRITTEN:
        raise Http404
    data = documents.render(
        agreement_document(case, request.user),
        name="mediation_agreement",
        unit=case.committee.unit,
        search=[APP_DIR / "doc_templates"],
    )
    audit.record(case, by=request.user, action=AuditEvent.Action.DOWNLOAD, note="下载调解协议书")
    response = HttpResponse(data, content_type=documents.DOCX_MIME)
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(f'调解协议书-{case.number}.docx')}"
    )
    return response


# ---------------------------------------------------------------------------
# Screening rounds
# ---------------------------------------------------------------------------


class ScreeningList(ScopedListView):
    model = Screening
    table_class = tables.ScreeningTable
    filterset_class = filters.ScreeningFilter
    title: Any = _("矛盾纠纷排查记录")
    export_name = "矛盾纠纷排查记录"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if _can_write(self.request):
            ctx["create_url"] = reverse("mediation:screening_create")
        return ctx

    def optimize(self, qs: QuerySet[Screening]) -> QuerySet[Screening]:
        return (
            qs.select_related("unit")
            .annotate(n_disputes=Count("disputes"))
            .order_by("-screened_on", "-pk")
        )


class ScreeningDetail(ScopedDetailView):
    model = Screening
    template_name = "mediation/screening_detail.html"
    fields = ["unit", "screened_on", "screeners", "scope", "note"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["disputes"] = self.object.disputes.select_related("category")
        ctx["can_write"] = _can_write(self.request)
        return ctx


class ScreeningCreate(RecordCreateView):
    model = Screening
    form_class = forms.ScreeningForm
    title: Any = _("登记排查")

    def get_initial(self) -> dict[str, Any]:
        initial = _ledger_initial(self.request.user)
        initial["screened_on"] = timezone.localdate()
        initial["screeners"] = getattr(self.request.user, "display_name", "")
        return initial

    success_message = _("已登记。")

    def persist(self, instance: Screening, form: Any) -> Screening:
        return workflow.record_screening(instance, by=self.request.user)


SEARCH_DATE = re.compile(r"^(\d{4})(?:\s*[-./年]\s*(\d{1,2}))?(?:\s*[-./月]\s*(\d{1,2}))?\s*日?$")


@login_required
def screening_options(request: HttpRequest) -> HttpResponse:
    """The 排查轮次 options matching a search (htmx, beside the drop-down):
    by date ("2024", "2024-03", "2024.3.5", "2024年3月") or by unit, scope or
    screeners; the user's rounds only, at most SCREENING_SEARCH_LIMIT."""
    q = (request.GET.get("screening_q") or request.GET.get("q") or "").strip()[:50]
    qs = Screening.objects.visible_to(request.user).select_related("unit")
    match = SEARCH_DATE.match(q)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        qs = qs.filter(screened_on__year=year)
        if month:
            qs = qs.filter(screened_on__month=month)
        if day:
            qs = qs.filter(screened_on__day=day)
    elif q:
        qs = qs.filter(Q(unit__name__contains=q) | Q(scope__contains=q) | Q(screeners__contains=q))
    limit = forms.SCREENING_SEARCH_LIMIT
    found = list(qs.order_by("-screened_on", "-pk")[: limit + 1])
    return render(
        request,
        "mediation/screening_options.html",
        {
            "options": [(s.pk, forms.screening_label(s)) for s in found[:limit]],
            "more": len(found) > limit,
            "limit": limit,
        },
    )


@login_required
def screening_missed(request: HttpRequest) -> HttpResponse:
    """Units that held no screening round in a week/month they had to."""
    today = timezone.localdate()
    try:
        start = (
            dt.date.fromisoformat(request.GET.get("start", ""))
            if request.GET.get("start")
            else today - dt.timedelta(days=90)
        )
        end = dt.date.fromisoformat(request.GET.get("end", "")) if request.GET.get("end") else today
    except ValueError:
        start, end = today - dt.timedelta(days=90), today
    end = min(end, today)
    units = (
        units_visible_to(request.user)
        .filter(kind__in=["township", "village", "community"])
        .order_by("path")
    )
    rows = queries.missed_rounds(units, start, end)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "未按期排查单位",
            ["单位", "排查频次", "期间开始", "期间结束"],
            [(r.unit.name, r.frequency_label, r.period_start, r.period_end) for r in rows],
            f"未按期排查单位-{today:%Y%m%d}.xlsx",
        )
    return render(
        request,
        "mediation/screening_missed.html",
        {
            "title": _("未按期排查的单位"),
            "rows": rows,
            "start": start,
            "end": end,
        },
    )


# ---------------------------------------------------------------------------
# Committees and mediators
# ---------------------------------------------------------------------------


class CommitteeList(ScopedListView):
    model = MediationCommittee
    table_class = tables.CommitteeTable
    filterset_class = filters.CommitteeFilter
    title: Any = _("人民调解委员会")
    export_name = "人民调解委员会名册"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if _can_write(self.request):
            ctx["create_url"] = reverse("mediation:committee_create")
        return ctx

    def optimize(self, qs: QuerySet[MediationCommittee]) -> QuerySet[MediationCommittee]:
        return (
            qs.select_related("unit")
            .annotate(
                n_members=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
                n_mediators=Count(
                    "mediators", filter=Q(mediators__left_on__isnull=True), distinct=True
                ),
            )
            .order_by("unit__path", "name")
        )


class CommitteeDetail(ActionDetailView):
    model = MediationCommittee
    template_name = "mediation/committee_detail.html"
    action_url = "mediation:committee_action"
    fields = [
        "name",
        "unit",
        "level",
        "established_on",
        "dissolved_on",
        "term_start",
        "term_end",
        "address",
        "phone",
        "note",
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx["warnings"] = queries.composition_warnings(obj)
        ctx["members"] = obj.members.select_related("person").order_by("left_on", "position", "pk")
        ctx["mediators"] = obj.mediators.select_related("person")
        ctx["edit_url"] = (
            reverse("mediation:committee_edit", args=[obj.pk]) if _can_write(self.request) else ""
        )
        return ctx


@login_required
def committee_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    return run_action(request, MediationCommittee, pk, action, CommitteeDetail)


class CommitteeCreate(RecordCreateView):
    model = MediationCommittee
    form_class = forms.CommitteeForm
    title: Any = _("新增人民调解委员会")

    def persist(self, instance: MediationCommittee, form: Any) -> MediationCommittee:
        return workflow.create_committee(instance, by=self.request.user)


class CommitteeUpdate(RecordUpdateView):
    model = MediationCommittee
    form_class = forms.CommitteeForm
    title: Any = _("编辑人民调解委员会")

    def persist(
        self,
        instance: MediationCommittee,
        form: Any,
        *,
        version: int | None,
        before: dict[str, Any],
    ) -> MediationCommittee:
        return workflow.update_committee(
            instance, by=self.request.user, version=version, before=before
        )


class MediatorList(ScopedListView):
    model = Mediator
    table_class = tables.MediatorTable
    filterset_class = filters.MediatorFilter
    title: Any = _("人民调解员")
    export_name = "人民调解员名册"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if _can_write(self.request):
            ctx["create_url"] = reverse("mediation:mediator_create")
        return ctx

    def optimize(self, qs: QuerySet[Mediator]) -> QuerySet[Mediator]:
        return (
            qs.select_related("person", "committee")
            .annotate(n_cases=Count("assignments"))
            .order_by("committee", "pk")
        )


class MediatorDetail(ActionDetailView):
    model = Mediator
    template_name = "mediation/mediator_detail.html"
    action_url = "mediation:mediator_action"
    fields = ["person", "committee", "full_time", "appointed_on", "left_on", "note"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["trainings"] = self.object.trainings.all()
        ctx["cases"] = (
            MediationCase.objects.visible_to(self.request.user)
            .filter(assignments__mediator=self.object)
            .select_related("dispute")
        )
        ctx["edit_url"] = (
            reverse("mediation:mediator_edit", args=[self.object.pk])
            if _can_write(self.request)
            else ""
        )
        return ctx


@login_required
def mediator_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    return run_action(request, Mediator, pk, action, MediatorDetail)


class MediatorCreate(RecordCreateView):
    model = Mediator
    form_class = forms.MediatorForm
    title: Any = _("聘任人民调解员")

    def persist(self, instance: Mediator, form: Any) -> Mediator:
        return workflow.appoint_mediator(instance, by=self.request.user)


class MediatorUpdate(RecordUpdateView):
    model = Mediator
    form_class = forms.MediatorForm
    title: Any = _("编辑人民调解员")

    def persist(
        self, instance: Mediator, form: Any, *, version: int | None, before: dict[str, Any]
    ) -> Mediator:
        return workflow.update_mediator(
            instance, by=self.request.user, version=version, before=before
        )


# ---------------------------------------------------------------------------
# Dispute categories (data)
# ---------------------------------------------------------------------------


def _may_edit_categories(user: Any) -> bool:
    return bool(
        user.is_superuser or getattr(user, "role", "") in ("judicial_office", "township_leader")
    )


@login_required
def category_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mediation/category_list.html",
        {
            "title": _("纠纷类型"),
            "categories": DisputeCategory.objects.all(),
            "can_edit": _may_edit_categories(request.user),
        },
    )


class CategoryEdit(LoginRequiredMixin, FormView):
    template_name = "core/form.html"
    form_class = forms.CategoryForm
    title: Any = _("纠纷类型")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not _may_edit_categories(request.user):
            raise PermissionDenied(_("只有司法所或乡镇领导可以维护纠纷类型。"))
        self.object = (
            get_object_or_404(DisputeCategory, pk=kwargs["pk"]) if "pk" in kwargs else None
        )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        return ctx

    def form_valid(self, form: Any) -> HttpResponse:
        before = audit.snapshot(self.object) if self.object else {}
        obj = form.save()
        audit.record(
            obj,
            by=self.request.user,
            action="update" if before else "create",
            changes=audit.diff(before, audit.snapshot(obj)),
        )
        return HttpResponseRedirect(reverse("mediation:category_list"))
