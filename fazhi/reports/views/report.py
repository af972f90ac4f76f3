"""The report's own pages: list, create, detail, section edit, the review
actions and the shortcomings (section 二). Every state change goes through
`workflow`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.core.actions import put_errors
from fazhi.core.listing import ScopedDetailView, ScopedListView
from fazhi.core.scope import get_visible_or_404

from .. import deadlines, documents, figures, queries, workflow
from .. import render as text
from ..filters import ReportFilter
from ..forms import (
    AcceptForm,
    CreateReportForm,
    PublishForm,
    ReturnForm,
    SectionForm,
    ShortcomingForm,
    SubmitForm,
)
from ..models import AnnualReport, ReportSection, Shortcoming
from ..tables import ReportTable
from ._common import show_refusal

# ---------------------------------------------------------------------------
# List, create, detail
# ---------------------------------------------------------------------------


class ReportList(ScopedListView):
    model = AnnualReport
    table_class = ReportTable
    filterset_class = ReportFilter
    title = gettext_lazy("法治政府建设年度报告")  # type: ignore[assignment]
    export_name = gettext_lazy("法治政府建设年度报告")

    def optimize(self, qs: QuerySet[AnnualReport]) -> QuerySet[AnnualReport]:
        return queries.with_deadlines(qs.select_related("unit"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("reports:create")
        return ctx


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_("您的角色为只读。"))
    form = CreateReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report = workflow.generate_draft(
                form.cleaned_data["unit"], form.cleaned_data["year"], by=request.user
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("已根据记录生成报告草稿。"))
            return redirect(report)
    return render(request, "core/form.html", {"form": form, "title": _("生成年度报告草稿")})


class ReportDetail(ScopedDetailView):
    model = AnnualReport
    template_name = "reports/report_detail.html"

    def optimize(self, qs: QuerySet[AnnualReport]) -> QuerySet[AnnualReport]:
        return queries.with_deadlines(qs.select_related("unit", "frozen_by"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        with figures.memo():  # the text and the year-over-year table share figures
            return self._context(**kwargs)

    def _context(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        report: AnnualReport = self.object
        user = self.request.user
        sections = queries.report_sections(report)
        blocks = queries.render_report(report, sections=sections)
        ctx["blocks"] = link_figures(blocks, report.unit_id, report.year)
        ctx["sections"] = {s.key: s for s in sections}
        ctx["excluded"] = [s for s in sections if not s.included]
        shortcomings = list(report.shortcomings.exclude(status=Shortcoming.Status.DISCARDED))
        stated = stated_shortcomings(report, shortcomings)
        for item in shortcomings:
            item.stated = stated[item.pk]  # type: ignore[attr-defined]
        ctx["shortcomings"] = shortcomings
        ctx["warnings"] = workflow.mandatory_warnings(report) if report.is_editable else []
        # A year's report drafted, frozen or sent before the year is out (the
        # last week of December): its figures leave out what comes after.
        year_end = dt.date(report.year, 12, 31)
        today = timezone.localdate()
        ctx["days_left"] = (year_end - today).days + 1 if today <= year_end else 0
        ctx["frozen_early"] = bool(
            report.frozen_at and timezone.localdate(report.frozen_at) <= year_end
        )
        ctx["transitions"] = report.transitions.select_related("by")
        ctx["can_edit"] = report.is_editable and workflow.can_write(report, user)
        ctx["can_publish"] = report.status == AnnualReport.Status.ACCEPTED and workflow.can_write(
            report, user
        )
        ctx["can_review"] = report.status == AnnualReport.Status.SUBMITTED and workflow.can_review(
            report, user
        )
        # An accepted report not yet public can still be returned by the county.
        ctx["can_return"] = ctx["can_review"] or (
            report.status == AnnualReport.Status.ACCEPTED and workflow.can_review(report, user)
        )
        # What keeps the county from accepting, or the township from publishing,
        # said beside the button before it is pressed (the step refuses it too).
        ctx["unfinished"] = (
            workflow.unfinished_text(report, blocks)
            if ctx["can_review"] or ctx["can_publish"]
            else []
        )
        ctx["yoy"] = queries.year_over_year(report)
        ctx["pdf_available"] = documents.pdf_converter() is not None
        ctx["pdf_reason"] = documents.PDF_ABSENT_REASON
        ctx["clocks"] = _report_clocks(report)
        # The 期限 box says when a deadline was met, and marks it 暂定 only
        # where its clock does (Clock.settled_early: submitted in December
        # against a date counted on next year's provisional calendar).
        by_kind = {c.kind: c for c in ctx["clocks"]}
        ctx["submit_clock"] = by_kind.get(deadlines.CLOCK_SUBMIT)
        ctx["publish_clock"] = by_kind.get(deadlines.CLOCK_PUBLISH)
        ctx["submit_form"] = SubmitForm()
        ctx["return_form"] = ReturnForm()
        ctx["accept_form"] = AcceptForm()
        ctx["publish_form"] = PublishForm()
        ctx["shortcoming_form"] = ShortcomingForm()
        return ctx


# The problems as the report states them (queries.stated_shortcomings); kept
# under this name for the callers that read it from the view.
stated_shortcomings = queries.stated_shortcomings


def link_figures(blocks: list[text.Block], unit_pk: int, year: int) -> list[text.Block]:
    """Point each figure at the page listing its records (scope applied there)."""
    for block in blocks:
        for paragraph in block.paragraphs:
            for seg in paragraph:
                if seg.key:
                    seg.url = reverse(
                        "reports:figure_records",
                        args=[unit_pk, year - 1 if seg.prev else year, seg.key],
                    )
    return blocks


def _report_clocks(report: AnnualReport) -> list[Any]:
    from fazhi.core import clocks

    return list(clocks.clocks_for(report))


@login_required
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_visible_or_404(ReportSection, request.user, pk=pk)
    report = section.report
    form = SectionForm(request.POST or None, instance=section, initial={"version": section.version})
    if request.method == "POST" and form.is_valid():
        try:
            workflow.edit_section(
                section,
                by=request.user,
                version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
                title=form.cleaned_data["title"],
                included=form.cleaned_data["included"],
                order=form.cleaned_data["order"],
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            typed = text.typed_numbers(form.cleaned_data["text"])
            if typed:
                messages.warning(
                    request,
                    _("正文中直接输入了数字 %(n)s，这些数字无法追溯到记录，建议改用指标占位。")
                    % {"n": "、".join(typed)},
                )
            messages.success(request, _("已保存。"))
            return redirect(report)
    sources = [
        {
            "key": key,
            "label": figures.label_of(key),
            "value": value,
        }
        for key, value in queries.live_values(report.unit, report.year, queries.all_keys()).items()
    ]
    return render(
        request,
        "reports/section_edit.html",
        {
            "form": form,
            "section": section,
            "report": report,
            "title": _("编辑章节：%(t)s") % {"t": section.title or section.get_level_display()},
            "sources": sources,
        },
    )


ACTIONS = {
    "freeze",
    "regenerate",
    "regenerate_all",
    "propose",
    "submit",
    "return",
    "accept",
    "publish",
}


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = get_visible_or_404(AnnualReport, request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    user = request.user
    try:
        if action == "freeze":
            workflow.freeze(report, by=user)
            messages.success(request, _("已冻结指标数据。"))
        elif action in ("regenerate", "regenerate_all"):
            workflow.regenerate_draft(report, by=user, keep_edits=action == "regenerate")
            messages.success(request, _("已根据最新记录重新生成草稿。"))
        elif action == "propose":
            created = workflow.propose_shortcomings(report, by=user)
            messages.success(
                request, _("根据数据提出问题 %(n)d 条，请逐条确认。") % {"n": len(created)}
            )
        elif action == "submit":
            submit_form = SubmitForm(request.POST)
            submit_form.is_valid()
            workflow.submit(
                report, by=user, missing_reason=submit_form.cleaned_data.get("missing_reason", "")
            )
            messages.success(request, _("已报送县级审核。"))
        elif action == "return":
            return_form = ReturnForm(request.POST)
            return_form.is_valid()
            workflow.return_report(report, by=user, comment=request.POST.get("comment", ""))
            messages.success(request, _("已退回。"))
        elif action == "accept":
            workflow.accept(report, by=user, note=request.POST.get("note", ""))
            messages.success(request, _("已审核通过。"))
        elif action == "publish":
            workflow.publish(
                report, by=user, secrecy_reviewed=request.POST.get("secrecy_reviewed") == "on"
            )
            messages.success(request, _("已向社会公开。"))
    except ValidationError as exc:
        show_refusal(request, exc)
    return redirect(report)


@login_required
@require_POST
def shortcoming_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = get_visible_or_404(AnnualReport, request.user, pk=pk)
    try:
        if action == "add":
            form = ShortcomingForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"text": [_("请填写存在的问题。")]})
            workflow.add_shortcoming(
                report,
                by=request.user,
                text=form.cleaned_data["text"],
                cause=form.cleaned_data["cause"],
            )
        elif action in ("accept", "discard"):
            item = get_object_or_404(Shortcoming, report=report, pk=request.POST.get("item"))
            workflow.decide_shortcoming(
                item,
                by=request.user,
                accept=action == "accept",
                text=request.POST.get("text"),
                cause=request.POST.get("cause"),
            )
        else:
            raise Http404
    except ValidationError as exc:
        show_refusal(request, exc)
    return HttpResponseRedirect(report.get_absolute_url() + "#shortcomings")
