"""Pages of officers and their certificates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fazhi.core.actions import ActionDetailView, run_action
from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedDetailView, ScopedListView
from fazhi.core.scope import get_visible_or_404

from .. import actions, forms, queries, workflow
from ..filters import (
    CertificateFilter,
    OfficerFilter,
)
from ..models import (
    Certificate,
    ExamRegistration,
    Officer,
)
from ..tables import (
    CertificateTable,
    OfficerTable,
)
from ._common import _can_write, _step


class OfficerList(ScopedListView):
    model = Officer
    table_class = OfficerTable
    filterset_class = OfficerFilter
    title: Any = _("行政执法人员")
    export_name = _("行政执法人员")

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
        _g("发证"),
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
    export_name = _("行政执法证")

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
        request, Certificate, pk, action, actions.CERTIFICATE_ACTIONS, CertificateDetail
    )
