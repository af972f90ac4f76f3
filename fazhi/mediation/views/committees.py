"""Committees and mediators: lists, pages with their steps, create and edit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedListView

from .. import filters, forms, queries, tables, workflow
from ..models import MediationCase, MediationCommittee, Mediator
from ._common import ActionDetailView, _can_write, run_action


class CommitteeList(ScopedListView):
    model = MediationCommittee
    table_class = tables.CommitteeTable
    filterset_class = filters.CommitteeFilter
    title: Any = _("人民调解委员会")
    export_name = _("人民调解委员会名册")

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
    export_name = _("人民调解员名册")

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
