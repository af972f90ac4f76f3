"""Plan and plan item pages: ledgers, details, edit, and the 印发 / 年终总结 /
suggested campaign / cancel / reopen steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from fazhi.core import steps
from fazhi.core.actions import step_done
from fazhi.core.clocks import load_calendar
from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedListView
from fazhi.core.models import OrgUnit
from fazhi.core.workdays import provisional_note

from .. import filters, tables, workflow
from .. import forms as pforms
from ..models import PlanItem, PublicityActivity, PublicityPlan
from ._common import Detail, refused, simple_persist, writable_or_404


def _item_persist(self: Any, instance: PlanItem, form: Any, **kw: Any) -> Model:
    data = form.cleaned_data
    return workflow.save_plan_item(
        instance,
        by=self.request.user,
        target_sectors=list(data["target_sectors"]),
        target_units=list(data.get("target_units") or []),
        **kw,
    )


# ---------------------------------------------------------------------------
# Plans and plan items
# ---------------------------------------------------------------------------


class PlanList(ScopedListView):
    model = PublicityPlan
    table_class = tables.PlanTable
    filterset_class = filters.PlanFilter
    title: Any = _("普法工作计划")
    export_name = _("普法工作计划")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:plan_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return (
            qs.select_related("unit")
            .annotate(
                n_items=Count("items"),
                n_done=Count("items", filter=Q(items__status=PlanItem.Status.DONE)),
            )
            .order_by("-start_year", "kind", "pk")
        )


class PlanDetail(Detail):
    edit_url_name = "publicity:plan_edit"
    model = PublicityPlan
    template_name = "publicity/plan_detail.html"
    fields = [
        "kind",
        "start_year",
        "end_year",
        "unit",
        "parent",
        "status",
        "adopted_on",
        "doc_no",
        "summary",
        "review",
    ]

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("unit", "parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        plan = self.object
        items = (
            plan.items.select_related("topic", "lead_unit", "campaign")
            .prefetch_related("target_sectors")
            .annotate(
                n_activities=Count(
                    "activities", filter=Q(activities__status=PublicityActivity.Status.HELD)
                )
            )
        )
        ctx["items"] = items
        ctx["today"] = steps.today()
        # (campaign, date, the 暂定 words when a festival's date waits for the notice)
        suggested = (
            workflow.suggested_campaigns(plan) if plan.kind == PublicityPlan.Kind.ANNUAL else []
        )
        tentative = (
            provisional_note(plan.start_year)
            if suggested and load_calendar().is_provisional(plan.start_year)
            else ""
        )
        ctx["suggestions"] = [
            (campaign, when, tentative if when and campaign.holiday_name else "")
            for campaign, when in suggested
        ]
        ctx["adopt_form"] = pforms.AdoptForm(initial={"adopted_on": steps.today()})
        ctx["close_form"] = pforms.CloseForm()
        ctx["transitions"] = workflow.status_history(plan)
        ctx["lead_units"] = pforms.township_units(self.request.user).filter(
            kind=OrgUnit.Kind.DEPARTMENT
        )
        return ctx


class PlanCreate(RecordCreateView):
    model = PublicityPlan
    form_class = pforms.PlanForm
    title: Any = _("制定普法工作计划")
    persist = simple_persist(workflow.save_plan)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        year = steps.today().year
        # A default the clerk may change: the plan's own title, kept in Chinese
        # whoever drafts it (the township's words, like a typed title).
        title = gettext_noop("%(year)s年普法依法治理工作计划") % {"year": year}
        initial.update(start_year=year, end_year=year, title=title)
        # A plan is the township's (or the village's), not an office's: a
        # judicial-office clerk drafts the township's plan.
        scope = getattr(self.request.user, "scope_unit", None)
        if scope is not None:
            initial["unit"] = scope.pk
        return initial


class PlanUpdate(RecordUpdateView):
    model = PublicityPlan
    form_class = pforms.PlanForm
    title: Any = _("编辑普法工作计划")
    persist = simple_persist(workflow.save_plan)


@login_required
@require_POST
def plan_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    plan = writable_or_404(request, PublicityPlan, pk)
    form = pforms.AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _g("印发日期格式不正确，请按 2024-01-15 的格式填写。"))
        return redirect(plan)
    try:
        workflow.adopt_plan(
            plan,
            by=request.user,
            adopted_on=form.cleaned_data["adopted_on"],
            doc_no=form.cleaned_data.get("doc_no") or "",
        )
        step_done(request, _g("印发"))
    except ValidationError as exc:
        refused(request, exc)
    return redirect(plan)


@login_required
@require_POST
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = writable_or_404(request, PublicityPlan, pk)
    try:
        workflow.close_plan(plan, by=request.user, review=request.POST.get("review", ""))
        step_done(request, _g("年终总结"))
    except ValidationError as exc:
        refused(request, exc)
    return redirect(plan)


@login_required
@require_POST
def plan_add_campaigns(request: HttpRequest, pk: int) -> HttpResponse:
    plan = writable_or_404(request, PublicityPlan, pk)
    from .models import Campaign

    ids = [int(x) for x in request.POST.getlist("campaign") if x.isdigit()]
    lead_pk = request.POST.get("lead_unit", "")
    lead = (
        pforms.township_units(request.user).filter(pk=int(lead_pk)).first()
        if lead_pk.isdigit()
        else None
    )
    if not ids or lead is None:
        messages.error(request, _g("请选择主题宣传日和牵头单位。"))
        return redirect(plan)
    try:
        created = workflow.add_campaign_items(
            plan, Campaign.objects.filter(pk__in=ids), by=request.user, lead_unit=lead
        )
        messages.success(request, _g("已加入%(n)d个主题宣传项目。") % {"n": len(created)})
    except ValidationError as exc:
        refused(request, exc)
    return redirect(plan)


class PlanItemList(ScopedListView):
    model = PlanItem
    table_class = tables.PlanItemTable
    filterset_class = filters.PlanItemFilter
    title: Any = _("普法计划项目")
    export_name = _("普法计划项目")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:item_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("plan", "topic", "lead_unit").prefetch_related("target_sectors")


class PlanItemDetail(Detail):
    edit_url_name = "publicity:item_edit"
    model = PlanItem
    template_name = "publicity/item_detail.html"
    fields = [
        "plan",
        "topic",
        "campaign",
        "planned_month",
        "lead_unit",
        "budget",
        "status",
        "done_on",
        "cancel_reason",
        "unit",
    ]

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("plan", "topic", "campaign", "lead_unit", "unit").prefetch_related(
            "target_sectors", "target_units"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["activities"] = self.object.activities.visible_to(self.request.user).select_related(
            "unit"
        )
        ctx["overdue"] = self.object.is_overdue(steps.today())
        ctx["reason_form"] = pforms.ReasonForm()
        ctx["transitions"] = workflow.status_history(self.object)
        return ctx


class PlanItemCreate(RecordCreateView):
    model = PlanItem
    form_class = pforms.PlanItemForm
    title: Any = _("新增计划项目")
    persist = _item_persist

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        plan = self.request.GET.get("plan", "")
        if plan.isdigit():
            initial["plan"] = int(plan)
        return initial


class PlanItemUpdate(RecordUpdateView):
    model = PlanItem
    form_class = pforms.PlanItemForm
    title: Any = _("编辑计划项目")
    persist = _item_persist


@login_required
@require_POST
def item_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    item = writable_or_404(request, PlanItem, pk)
    try:
        workflow.cancel_plan_item(item, by=request.user, reason=request.POST.get("reason", ""))
        step_done(request, _g("取消项目"))
    except ValidationError as exc:
        refused(request, exc)
    return redirect(item)


@login_required
@require_POST
def item_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    item = writable_or_404(request, PlanItem, pk)
    try:
        workflow.reopen_plan_item(item, by=request.user)
        step_done(request, _g("恢复项目"))
    except ValidationError as exc:
        refused(request, exc)
    return redirect(item)
