"""Pages: ledgers (filter, export), details with workflow actions, the coverage
matrix with its gaps and heat map, and the cadres' study overview."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fazhi.core import attachments, years
from fazhi.core.indicators import Period
from fazhi.core.listing import (
    RecordCreateView,
    RecordUpdateView,
    ScopedDetailView,
    ScopedListView,
    xlsx_response,
)
from fazhi.core.models import AuditEvent, OrgUnit, Person
from fazhi.core.scope import get_visible_or_404, units_visible_to

from . import filters, queries, tables, workflow
from . import forms as pforms
from .models import (
    CultureSite,
    LawExam,
    LawStudy,
    LegalLiterateVillager,
    ModelVillage,
    PlanItem,
    PublicityActivity,
    PublicityPlan,
)


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------
# Create / edit through the workflow: each page's `persist` (core.listing's
# hook) calls the module's workflow function.
# ---------------------------------------------------------------------------


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


def _item_persist(self: Any, instance: PlanItem, form: Any, **kw: Any) -> Model:
    data = form.cleaned_data
    return workflow.save_plan_item(
        instance,
        by=self.request.user,
        target_sectors=list(data["target_sectors"]),
        target_units=list(data.get("target_units") or []),
        **kw,
    )


def _study_persist(self: Any, instance: LawStudy, form: Any, **kw: Any) -> Model:
    return workflow.save_study(
        instance, by=self.request.user, attendees=list(form.cleaned_data["attendees"]), **kw
    )


def _simple(fn: Any) -> Any:
    def persist(self: Any, instance: Any, form: Any, **kw: Any) -> Model:
        return fn(instance, by=self.request.user, **kw)  # type: ignore[no-any-return, unused-ignore]

    return persist


class Detail(ScopedDetailView):
    """A detail page with an edit link for roles that may write."""

    edit_url_name = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if ctx["can_write"] and self.edit_url_name:
            ctx["edit_url"] = reverse(self.edit_url_name, args=[self.object.pk])
        return ctx


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
    export_name = "普法活动"

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


def _action(request: HttpRequest, model: type[Model], pk: int) -> Any:
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))
    return get_visible_or_404(model, request.user, pk=pk)


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for e in errors:
            messages.error(request, e if field == "__all__" else f"{_label(field)}：{e}")


FIELD_LABELS = {
    "participants": _("参与人数"),
    "materials": _("发放资料份数"),
    "cost": _("经费"),
    "date": _("活动日期"),
    "reason": _("原因"),
    "review": _("年终总结"),
    "adopted_on": _("印发日期"),
    "items": _("工作项目"),
    "status": _("状态"),
    "year": _("年度"),
    "unit": _("单位"),
}


def _label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field))


@login_required
@require_POST
def activity_hold(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _action(request, PublicityActivity, pk)
    form = pforms.HoldForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for e in errors:
                messages.error(request, f"{_label(field)}：{e}")
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
        messages.success(request, _g("已标记为已开展。"))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(activity)


@login_required
@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _action(request, PublicityActivity, pk)
    try:
        workflow.cancel_activity(activity, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _g("活动已取消。"))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(activity)


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _action(request, PublicityActivity, pk)
    try:
        workflow.delete_activity(activity, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _refused(request, exc)
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
    obj = _action(request, model, pk)
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
            _refused(request, exc)
    return redirect(obj)


# ---------------------------------------------------------------------------
# Plans and plan items
# ---------------------------------------------------------------------------


class PlanList(ScopedListView):
    model = PublicityPlan
    table_class = tables.PlanTable
    filterset_class = filters.PlanFilter
    title: Any = _("普法工作计划")
    export_name = "普法工作计划"

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
        ctx["today"] = _today()
        ctx["suggestions"] = (
            workflow.suggested_campaigns(plan) if plan.kind == PublicityPlan.Kind.ANNUAL else []
        )
        ctx["adopt_form"] = pforms.AdoptForm(initial={"adopted_on": _today()})
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
    persist = _simple(workflow.save_plan)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        year = _today().year
        initial.update(start_year=year, end_year=year, title=f"{year}年普法依法治理工作计划")
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
    persist = _simple(workflow.save_plan)


@login_required
@require_POST
def plan_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _action(request, PublicityPlan, pk)
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
        messages.success(request, _g("计划已印发。"))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(plan)


@login_required
@require_POST
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _action(request, PublicityPlan, pk)
    try:
        workflow.close_plan(plan, by=request.user, review=request.POST.get("review", ""))
        messages.success(request, _g("计划已总结。"))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(plan)


@login_required
@require_POST
def plan_add_campaigns(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _action(request, PublicityPlan, pk)
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
        _refused(request, exc)
    return redirect(plan)


class PlanItemList(ScopedListView):
    model = PlanItem
    table_class = tables.PlanItemTable
    filterset_class = filters.PlanItemFilter
    title: Any = _("普法计划项目")
    export_name = "普法计划项目"

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
        ctx["overdue"] = self.object.is_overdue(_today())
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
    item = _action(request, PlanItem, pk)
    try:
        workflow.cancel_plan_item(item, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _g("计划项目已取消。"))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(item)


@login_required
@require_POST
def item_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    item = _action(request, PlanItem, pk)
    try:
        workflow.reopen_plan_item(item, by=request.user)
        messages.success(request, _g("计划项目已恢复。"))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(item)


# ---------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------


class PeriodForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=OrgUnit.objects.none(), required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[
            ("", _("全年")),
            ("1", _("第一季度")),
            ("2", _("第二季度")),
            ("3", _("第三季度")),
            ("4", _("第四季度")),
        ],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units_visible_to(user).exclude(kind=OrgUnit.Kind.DEPARTMENT)
        field.error_messages["invalid_choice"] = _("所选单位不存在或不在您的管辖范围内。")
        # The picker opens on the latest year with activities (core.years),
        # not on a calendar year that may have none yet.
        self.default_year, offered = years.picker(user, "publicity.activities", today=_today())
        asked = str(self.data.get("year", "")) if self.is_bound else ""
        if asked.isdigit() and int(asked) not in offered:
            offered = sorted({*offered, int(asked)}, reverse=True)
        self.fields["year"].initial = self.default_year
        self.fields["year"].widget = forms.Select(
            choices=[(y, _("%(year)s年") % {"year": y}) for y in offered]
        )
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(f.widget, forms.Select)
                else "form-control form-control-sm",
            )

    def period(self) -> Period:
        year = self.cleaned_data.get("year") or self.default_year
        quarter = self.cleaned_data.get("quarter")
        if not quarter:
            return Period.year(year)
        start = dt.date(year, (quarter - 1) * 3 + 1, 1)
        end_month = quarter * 3
        end = dt.date(year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
        return Period(start, end)


def _root_for(user: Any, chosen: OrgUnit | None) -> OrgUnit | None:
    if chosen is not None:
        return chosen
    scope = getattr(user, "scope_unit", None)
    if scope is not None:
        return scope
    return units_visible_to(user).order_by("depth").first()


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Units × sectors reached in a period; the gaps; plan items overdue."""
    form = PeriodForm(request.GET or None, user=request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        root, period = _root_for(request.user, None), Period.year(form.default_year)
    else:
        if not form.is_bound:
            form.is_valid()
        data = getattr(form, "cleaned_data", {})
        root = _root_for(request.user, data.get("unit"))
        period = form.period() if data else Period.year(form.default_year)
    ctx: dict[str, Any] = {
        "title": _g("普法覆盖与死角"),
        "form": form,
        "period": period,
        "root": root,
    }
    if root is not None:
        cov = queries.coverage(root, period, today=_today())
        ctx.update(
            cov=cov,
            rows=cov.rows(),
            gaps=cov.gaps(),
            heatmap=cov.heatmap(),
            rate=cov.rate,
            unreached=[s.name for s in cov.unreached_sectors],
            topics_covered=[t.name for t in cov.topics],
        )
    return render(request, "publicity/coverage.html", ctx, status=status)


# ---------------------------------------------------------------------------
# Sites, villagers, model villages
# ---------------------------------------------------------------------------


class CultureSiteList(ScopedListView):
    model = CultureSite
    table_class = tables.CultureSiteTable
    filterset_class = filters.CultureSiteFilter
    title: Any = _("法治文化阵地")
    export_name = "法治文化阵地"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:site_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("unit")


class CultureSiteDetail(Detail):
    edit_url_name = "publicity:site_edit"
    model = CultureSite
    template_name = "publicity/simple_detail.html"
    fields = [
        "name",
        "kind",
        "unit",
        "location",
        "opened_on",
        "last_refreshed_on",
        "closed_on",
        "note",
    ]


class CultureSiteCreate(RecordCreateView):
    model = CultureSite
    form_class = pforms.CultureSiteForm
    title: Any = _("新增法治文化阵地")
    persist = _simple(workflow.save_culture_site)


class CultureSiteUpdate(RecordUpdateView):
    model = CultureSite
    form_class = pforms.CultureSiteForm
    title: Any = _("编辑法治文化阵地")
    persist = _simple(workflow.save_culture_site)


class VillagerList(ScopedListView):
    model = LegalLiterateVillager
    table_class = tables.VillagerTable
    filterset_class = filters.VillagerFilter
    title: Any = _("法律明白人")
    export_name = "法律明白人"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:villager_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("unit", "person")


class VillagerDetail(Detail):
    edit_url_name = "publicity:villager_edit"
    model = LegalLiterateVillager
    template_name = "publicity/simple_detail.html"
    fields = ["person", "unit", "appointed_on", "ended_on", "training_hours", "note"]


class VillagerCreate(RecordCreateView):
    model = LegalLiterateVillager
    form_class = pforms.VillagerForm
    title: Any = _("新增法律明白人")
    persist = _simple(workflow.save_villager)


class VillagerUpdate(RecordUpdateView):
    model = LegalLiterateVillager
    form_class = pforms.VillagerForm
    title: Any = _("编辑法律明白人")
    persist = _simple(workflow.save_villager)


class ModelVillageList(ScopedListView):
    model = ModelVillage
    table_class = tables.ModelVillageTable
    title: Any = _("民主法治示范村")
    export_name = "民主法治示范村"
    filterset_class = filters.ModelVillageFilter

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:modelvillage_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("unit")


class ModelVillageDetail(Detail):
    edit_url_name = "publicity:modelvillage_edit"
    model = ModelVillage
    template_name = "publicity/simple_detail.html"
    fields = ["unit", "level", "awarded_year", "revoked_year", "document_no"]


class ModelVillageCreate(RecordCreateView):
    model = ModelVillage
    form_class = pforms.ModelVillageForm
    title: Any = _("新增民主法治示范村")
    persist = _simple(workflow.save_model_village)


class ModelVillageUpdate(RecordUpdateView):
    model = ModelVillage
    form_class = pforms.ModelVillageForm
    title: Any = _("编辑民主法治示范村")
    persist = _simple(workflow.save_model_village)


# ---------------------------------------------------------------------------
# Cadres' study, exams, 述法
# ---------------------------------------------------------------------------


class StudyList(ScopedListView):
    model = LawStudy
    table_class = tables.StudyTable
    filterset_class = filters.StudyFilter
    title: Any = _("干部学法")
    export_name = "干部学法"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:study_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return (
            qs.select_related("unit")
            .annotate(n_attendees=Count("attendance"))
            .order_by("-date", "-pk")
        )


class StudyDetail(Detail):
    edit_url_name = "publicity:study_edit"
    model = LawStudy
    template_name = "publicity/study_detail.html"
    fields = ["date", "kind", "title", "laws", "hours", "speaker", "unit"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["attendance"] = self.object.attendance.select_related(
            "person", "person__unit"
        ).order_by("person__unit__path", "person__name")
        return ctx


class StudyCreate(RecordCreateView):
    model = LawStudy
    form_class = pforms.StudyForm
    title: Any = _("登记学法活动")
    persist = _study_persist


class StudyUpdate(RecordUpdateView):
    model = LawStudy
    form_class = pforms.StudyForm
    title: Any = _("编辑学法活动")
    persist = _study_persist


class ExamList(ScopedListView):
    model = LawExam
    table_class = tables.ExamTable
    filterset_class = filters.ExamFilter
    title: Any = _("学法考试")
    export_name = "学法考试成绩"
    template_name = "publicity/exam_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:exam_create")
            ctx["roll_form"] = pforms.ExamRollForm(
                user=self.request.user, initial={"year": _today().year}
            )
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("unit", "person")


class ExamDetail(Detail):
    edit_url_name = "publicity:exam_edit"
    model = LawExam
    template_name = "publicity/simple_detail.html"
    fields = [
        "year",
        "person",
        "unit",
        "sat",
        "exam_date",
        "score",
        "pass_mark",
        "passed",
        "absence_reason",
    ]


class ExamCreate(RecordCreateView):
    model = LawExam
    form_class = pforms.ExamForm
    title: Any = _("登记学法考试")
    persist = _simple(workflow.save_exam)


class ExamUpdate(RecordUpdateView):
    model = LawExam
    form_class = pforms.ExamForm
    title: Any = _("编辑学法考试")
    persist = _simple(workflow.save_exam)


@login_required
@require_POST
def exam_roll(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))
    form = pforms.ExamRollForm(request.POST, user=request.user)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for e in errors:
                messages.error(request, f"{_label(field)}：{e}")
        return redirect("publicity:exam_list")
    try:
        n = workflow.open_exam_roll(
            form.cleaned_data["unit"], form.cleaned_data["year"], by=request.user
        )
        messages.success(request, _g("已将%(n)d名干部列入考试名单。") % {"n": n})
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(reverse("publicity:exam_list") + f"?year={form.cleaned_data['year']}")


@login_required
def cadres(request: HttpRequest) -> HttpResponse:
    """Each cadre's study hours, exam result and 述法 in a year; who has not
    studied or sat the exam stands out. `?export=xlsx` exports the ledger."""
    year, offered = years.from_request(
        request, "publicity.study", "publicity.exams", today=_today(), last=2100
    )
    root = _root_for(request.user, None)
    people = Person.objects.visible_to(request.user)
    rows, note = queries.cadre_rows(people, year, root) if root is not None else ([], "")
    if request.GET.get("export") == "xlsx":
        AuditEvent.objects.create(
            actor=request.user,
            actor_name=getattr(request.user, "display_name", ""),
            action=AuditEvent.Action.EXPORT,
            object_repr="干部学法用法台账",
            unit=getattr(request.user, "home_unit", None),
            note=f"导出“干部学法用法台账” {len(rows)} 条，年度 {year}",
        )
        header = [
            "姓名",
            "单位",
            "职务",
            "学法次数",
            "学法学时",
            "考试",
            "成绩",
            "合格",
            "述法",
            "执法培训学时",
        ]
        body = [
            [
                r.person.name,
                r.person.unit.name,
                r.person.title,
                r.sessions,
                float(r.hours),
                "已参考" if r.sat_exam else ("未参考" if r.exam else "未列入名单"),
                float(r.exam.score) if r.exam and r.exam.score is not None else "",
                ("合格" if r.exam and r.exam.passed else "不合格") if r.sat_exam else "",
                ("已述法" if r.law_report.reported_on else "未述法") if r.law_report else "",
                float(r.enforcement_hours) if r.enforcement_hours is not None else "",
            ]
            for r in rows
        ]
        return xlsx_response(
            f"{year}年干部学法用法台账", header, body, f"{year}年干部学法用法台账.xlsx"
        )
    ctx = {
        "title": _g("干部学法用法台账"),
        "year": year,
        "rows": rows,
        "note": note,
        "not_studied": [r for r in rows if not r.studied],
        "not_sat": [r for r in rows if not r.sat_exam],
        "years": offered,
    }
    return render(request, "publicity/cadres.html", ctx)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return redirect("publicity:activity_list")
