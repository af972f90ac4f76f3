"""Pages of complaints about enforcement conduct."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.actions import ActionDetailView, run_action
from fazhi.core.listing import RecordCreateView, ScopedListView

from .. import actions, forms, workflow
from ..filters import (
    ComplaintFilter,
)
from ..models import (
    EnforcementComplaint,
)
from ..tables import (
    ComplaintTable,
)


class ComplaintList(ScopedListView):
    model = EnforcementComplaint
    table_class = ComplaintTable
    filterset_class = ComplaintFilter
    title: Any = _("执法投诉")
    export_name = _("执法投诉")

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
    )
