"""Activity pages: the ledger, detail, record and edit, and the hold /
cancel / delete steps; attachments of activities and study sessions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fazhi.core import attachments
from fazhi.core.actions import step_done
from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedListView

from .. import filters, tables, workflow
from .. import forms as pforms
from ..models import LawStudy, PlanItem, PublicityActivity
from ._common import Detail, field_label, refused, writable_or_404


def _activity_persist(self: Any, instance: PublicityActivity, form: Any, **kw: Any) -> Model:
    data = form.cleaned_data
    return workflow.save_activity(
        instance,
        by=self.request.user,
        topics=list(data["topics"]),
        sectors=list(data["sectors"]),
        units_reached=list(data["units_reached"]),
        partner_units=list(data.get("partner_units") or []),
        **kw,
    )


# ---------------------------------------------------------------------------
# Activities
# ---------------------------------------------------------------------------


def _activity_qs(qs: QuerySet[PublicityActivity]) -> QuerySet[PublicityActivity]:
    return qs.select_related("unit", "lead_unit", "campaign").prefetch_related("topics", "sectors")


class ActivityList(ScopedListView):
    model = PublicityActivity
    table_class = tables.ActivityTable
    filterset_class = filters.ActivityFilter
    title: Any = _("普法活动")
    export_name = _("普法活动")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if ctx.get("create_url") is None and getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:activity_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return _activity_qs(qs)


class ActivityDetail(Detail):
    edit_url_name = "publicity:activity_edit"
    model = PublicityActivity
    template_name = "publicity/activity_detail.html"
    fields = [
        "date",
        "kind",
        "status",
        "laws",
        "venue",
        "lead_unit",
        "participants",
        "materials",
        "cost",
        "plan_item",
        "campaign",
        "summary",
        "cancel_reason",
        "unit",
    ]

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("unit", "lead_unit", "campaign", "plan_item").prefetch_related(
            "topics", "sectors", "units_reached", "partner_units"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx["hold_form"] = pforms.HoldForm(
            initial={"participants": obj.participants, "materials": obj.materials, "cost": obj.cost}
        )
        ctx["reason_form"] = pforms.ReasonForm()
        ctx["transitions"] = workflow.status_history(obj)
        ctx["can_hold"] = obj.status == PublicityActivity.Status.SCHEDULED
        return ctx


class ActivityCreate(RecordCreateView):
    model = PublicityActivity
    form_class = pforms.ActivityForm
    title: Any = _("登记普法活动")
    persist = _activity_persist

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        item_pk = self.request.GET.get("plan_item", "")
        if item_pk.isdigit():
            item = PlanItem.objects.visible_to(self.request.user).filter(pk=int(item_pk)).first()
            if item is not None:
                initial.update(
                    plan_item=item.pk,
                    topics=[item.topic_id],
                    campaign=item.campaign_id,
                    lead_unit=item.lead_unit_id,
                    sectors=list(item.target_sectors.values_list("code", flat=True)),
                    units_reached=list(item.target_units.values_list("pk", flat=True)),
                    title=item.title,
                )
        return initial


class ActivityUpdate(RecordUpdateView):
    model = PublicityActivity
    form_class = pforms.ActivityForm
    title: Any = _("编辑普法活动")
    persist = _activity_persist


@login_required
@require_POST
def activity_hold(request: HttpRequest, pk: int) -> HttpResponse:
    activity = writable_or_404(request, PublicityActivity, pk)
    form = pforms.HoldForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for e in errors:
                messages.error(request, f"{field_label(field)}：{e}")
        return redirect(activity)
    data = form.cleaned_data
    try:
        workflow.hold_activity(
            activity,
            by=request.user,
            participants=data["participants"],
            materials=data.get("materials") or 0,
            cost=data.get("cost"),
            summary=data.get("summary") or "",
        )
        step_done(request, _g("标记已开展"))
    except ValidationError as exc:
        refused(request, exc)
    return redirect(activity)


@login_required
@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = writable_or_404(request, PublicityActivity, pk)
    try:
        workflow.cancel_activity(activity, by=request.user, reason=request.POST.get("reason", ""))
        step_done(request, _g("取消活动"))
    except ValidationError as exc:
        refused(request, exc)
    return redirect(activity)


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = writable_or_404(request, PublicityActivity, pk)
    try:
        workflow.delete_activity(activity, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        refused(request, exc)
        return redirect(activity)
    messages.success(request, _g("活动已删除。"))
    return redirect("publicity:activity_list")


@login_required
@require_POST
def attach(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Photos and sign-in sheets of an activity or a study session."""
    model: type[Model] = {"activity": PublicityActivity, "study": LawStudy}.get(
        kind, PublicityActivity
    )
    if kind not in ("activity", "study"):
        raise PermissionDenied
    obj = writable_or_404(request, model, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _g("请选择要上传的文件。"))
    else:
        try:
            attachments.attach(
                obj,
                upload,
                unit=obj.unit,
                by=request.user,
                description=request.POST.get("description", "")[:200],
            )
            messages.success(request, _g("附件已上传。"))
        except ValidationError as exc:
            refused(request, exc)
    return redirect(obj)
