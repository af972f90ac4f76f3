"""The dispute ledger: list and Excel export, the dispute page with its steps,
the party correction page, registering and editing a dispute."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core import actions as core_actions
from fazhi.core import links
from fazhi.core.i18n import chinese, stored
from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedListView, xlsx_response
from fazhi.core.models import AuditEvent
from fazhi.core.scope import get_visible_or_404

from .. import actions, filters, forms, tables, workflow
from ..models import CaseMediator, Dispute, DisputeParty, MediationCase, Screening
from ._common import ActionDetailView, _can_write, _ledger_initial, run_action


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
    export_name = _("矛盾纠纷排查调处台账")

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
            object_repr=chinese(name)[:200],
            unit=getattr(self.request.user, "home_unit", None),
            note=stored(
                gettext_noop("导出“%(name)s” %(count)d 条，条件：%(conditions)s"),
                name=name,
                count=qs.count(),
                conditions=self.request.GET.urlencode(),
            ),
        )
        stamp = timezone.localdate().strftime("%Y%m%d")
        filename = _g("%(name)s台账-%(date)s.xlsx") % {"name": name, "date": stamp}
        return xlsx_response(str(name), header, ledger_rows(qs), filename)


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
        # Each party's ID number and phone masked for every role; a PII role
        # shows one by "显示" (core.templatetags.pii_tags, audited with a reason).
        ctx["parties"] = [{"party": p} for p in obj.parties.select_related("person")]
        ctx["parties_editable"] = _can_write(self.request) and not workflow.parties_frozen(obj)
        ctx["cases"] = obj.cases.select_related("committee").order_by("applied_on", "pk")
        ctx["link_panels"] = links.panels(obj, user)  # linked petitions (core.RecordLink)
        ctx["edit_url"] = (
            reverse("mediation:dispute_edit", args=[obj.pk]) if _can_write(self.request) else ""
        )
        return ctx


# Steps on one party: a refusal shows the party's own page again.
PARTY_STEPS = ("party_edit", "party_remove")


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
    refused = _party_refused if action in PARTY_STEPS else None
    return run_action(request, Dispute, pk, action, DisputeDetail, refused=refused)


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
                    second = _("当事人%(n)s") % {"n": 2}
                    target = f"party2_{field}" if second in error else f"party1_{field}"
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
