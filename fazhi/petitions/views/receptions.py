"""Reception days (领导接访日), reception records and outreach visits:
plain records through core.workflow, listed and edited in scope."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from fazhi.core.clocks import holiday_name
from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedDetailView, ScopedListView

from .. import forms
from .. import workflow as wf
from ..filters import OutreachVisitFilter, ReceptionDutyFilter, ReceptionFilter
from ..models import (
    OutreachVisit,
    Petition,
    Reception,
    ReceptionDuty,
)
from ..tables import OutreachVisitTable, ReceptionDutyTable, ReceptionTable
from .leaders import user_township


class DutyList(ScopedListView):
    model = ReceptionDuty
    table_class = ReceptionDutyTable
    filterset_class = ReceptionDutyFilter
    title = cast(str, _("领导接访日安排"))
    export_name = _("领导接访日")

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("leader", "unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("petitions:duty_create")
        return ctx


class HolidayWarning:
    """A reception day saved on an official holiday is kept (a township may
    receive on 元旦 by choice) but the clerk is told, as a paper schedule's
    reviewer would: 2027-01-01 是元旦（法定节假日）."""

    request: HttpRequest

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[misc]
        day = form.cleaned_data.get("date")
        if response.status_code == 302 and day is not None:
            holiday = holiday_name(day)
            if holiday:
                messages.warning(
                    self.request,
                    _g("%(date)s 是%(holiday)s（法定节假日），请确认是否在当天安排领导接访。")
                    % {"date": day.isoformat(), "holiday": holiday},
                )
        return response  # type: ignore[no-any-return]


class DutyCreate(HolidayWarning, RecordCreateView):
    model = ReceptionDuty
    form_class = forms.ReceptionDutyForm
    title = cast(str, _("新增接访日"))

    def get_initial(self) -> dict[str, Any]:
        return {"unit": user_township(self.request.user)}


class DutyUpdate(HolidayWarning, RecordUpdateView):
    model = ReceptionDuty
    form_class = forms.ReceptionDutyForm
    title = cast(str, _("编辑接访日"))


class DutyDetail(ScopedDetailView):
    """A reception day: where a saved duty leads, with the receptions held on it."""

    model = ReceptionDuty
    template_name = "petitions/duty_detail.html"
    fields = ["date", "slot", "leader", "place", "topic", "published", "unit"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        duty: ReceptionDuty = self.object
        ctx["title"] = _g("领导接访日 %(date)s %(leader)s") % {
            "date": duty.date.isoformat(),
            "leader": duty.leader.name,
        }
        ctx["holiday"] = holiday_name(duty.date)
        ctx["receptions"] = (
            Reception.objects.visible_to(self.request.user)
            .filter(duty=duty)
            .select_related("leader")
            .annotate(n=Count("petitions"))
        )
        return ctx


class ReceptionList(ScopedListView):
    model = Reception
    table_class = ReceptionTable
    filterset_class = ReceptionFilter
    title = cast(str, _("接访记录"))
    export_name = _("接访记录")

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return (
            qs.select_related("leader")
            .annotate(petition_count=Count("petitions"))
            .order_by("-held_on", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("petitions:reception_create")
        return ctx


class ReceptionCreate(RecordCreateView):
    model = Reception
    form_class = forms.ReceptionForm
    title = cast(str, _("新增接访记录"))

    def get_initial(self) -> dict[str, Any]:
        return {"unit": user_township(self.request.user)}

    def persist(self, instance: Any, form: Any) -> Any:
        return wf.save_reception(instance, by=self.request.user)


class ReceptionUpdate(RecordUpdateView):
    model = Reception
    form_class = forms.ReceptionForm
    title = cast(str, _("编辑接访记录"))

    def persist(
        self, instance: Any, form: Any, *, version: int | None, before: dict[str, Any]
    ) -> Any:
        return wf.save_reception(instance, by=self.request.user, version=version, before=before)


class ReceptionDetail(ScopedDetailView):
    model = Reception
    template_name = "petitions/reception_detail.html"
    fields = ["held_on", "leader", "place", "visitor_count", "summary", "unit"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["petitions"] = Petition.objects.visible_to(self.request.user).filter(
            reception=self.object
        )
        return ctx


class OutreachList(ScopedListView):
    model = OutreachVisit
    table_class = OutreachVisitTable
    filterset_class = OutreachVisitFilter
    title = cast(str, _("下访记录"))
    export_name = _("下访记录")

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return (
            qs.select_related("leader")
            .annotate(petition_count=Count("petitions"))
            .order_by("-visited_on", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("petitions:outreach_create")
        return ctx


class OutreachCreate(RecordCreateView):
    model = OutreachVisit
    form_class = forms.OutreachVisitForm
    title = cast(str, _("新增下访记录"))

    def get_initial(self) -> dict[str, Any]:
        return {"unit": user_township(self.request.user)}


class OutreachUpdate(RecordUpdateView):
    model = OutreachVisit
    form_class = forms.OutreachVisitForm
    title = cast(str, _("编辑下访记录"))


class OutreachDetail(ScopedDetailView):
    model = OutreachVisit
    template_name = "petitions/outreach_detail.html"
    fields = ["visited_on", "leader", "visited_party", "place", "findings", "actions", "unit"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["participants"] = self.object.participants.all()
        ctx["petitions"] = Petition.objects.visible_to(self.request.user).filter(
            outreach_visits=self.object
        )
        return ctx
