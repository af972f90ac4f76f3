"""Pages of the annual report: list, draft and edit, review actions, documents,
the records behind a figure, the public page, the leaders' dashboard and the
county roll-up. Every state change goes through `workflow`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.core import audit, years
from fazhi.core.documents import DOCX_MIME
from fazhi.core.listing import ScopedDetailView, ScopedListView
from fazhi.core.models import OrgUnit
from fazhi.core.scope import get_visible_or_404, units_visible_to

from . import dashboard as dash
from . import documents, figures, queries, workflow
from . import render as text
from .filters import ReportFilter
from .forms import (
    AcceptForm,
    CreateReportForm,
    PublishForm,
    ReturnForm,
    SectionForm,
    ShortcomingForm,
    SubmitForm,
    TemplateSectionForm,
)
from .models import AnnualReport, ReportSection, ReportTemplate, Shortcoming, TemplateSection
from .tables import ReportTable


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for field, errs in exc.message_dict.items():
        for err in errs:
            prefix = "" if field in ("__all__", "non_field_errors") else f"{field}："
            messages.error(request, f"{prefix}{err}")


def _file(content: bytes, mime: str, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# ---------------------------------------------------------------------------
# List, create, detail
# ---------------------------------------------------------------------------


class ReportList(ScopedListView):
    model = AnnualReport
    table_class = ReportTable
    filterset_class = ReportFilter
    title = gettext_lazy("法治政府建设年度报告")  # type: ignore[assignment]
    export_name = "法治政府建设年度报告"

    def optimize(self, qs: QuerySet[AnnualReport]) -> QuerySet[AnnualReport]:
        return qs.select_related("unit")

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
            for field, errs in exc.message_dict.items():
                for err in errs:
                    form.add_error(field if field in form.fields else None, err)
        else:
            messages.success(request, _("已根据记录生成报告草稿。"))
            return redirect(report)
    return render(request, "core/form.html", {"form": form, "title": _("生成年度报告草稿")})


class ReportDetail(ScopedDetailView):
    model = AnnualReport
    template_name = "reports/report_detail.html"

    def optimize(self, qs: QuerySet[AnnualReport]) -> QuerySet[AnnualReport]:
        return qs.select_related("unit", "frozen_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        with figures.memo():  # the text and the year-over-year table share figures
            return self._context(**kwargs)

    def _context(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        report: AnnualReport = self.object
        user = self.request.user
        sections = queries.report_sections(report)
        ctx["blocks"] = link_figures(
            queries.render_report(report, sections=sections), report.unit_id, report.year
        )
        ctx["sections"] = {s.key: s for s in sections}
        ctx["excluded"] = [s for s in sections if not s.included]
        ctx["shortcomings"] = report.shortcomings.exclude(status=Shortcoming.Status.DISCARDED)
        ctx["warnings"] = workflow.mandatory_warnings(report) if report.is_editable else []
        ctx["transitions"] = report.transitions.select_related("by")
        ctx["can_edit"] = report.is_editable and workflow.can_write(report, user)
        ctx["can_publish"] = report.status == AnnualReport.Status.ACCEPTED and workflow.can_write(
            report, user
        )
        ctx["can_review"] = report.status == AnnualReport.Status.SUBMITTED and workflow.can_review(
            report, user
        )
        ctx["yoy"] = queries.year_over_year(report)
        ctx["pdf_available"] = documents.pdf_converter() is not None
        ctx["pdf_reason"] = documents.PDF_ABSENT_REASON
        ctx["clocks"] = _report_clocks(report)
        ctx["submit_form"] = SubmitForm()
        ctx["return_form"] = ReturnForm()
        ctx["accept_form"] = AcceptForm()
        ctx["publish_form"] = PublishForm()
        ctx["shortcoming_form"] = ShortcomingForm()
        return ctx


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
            for field, errs in exc.message_dict.items():
                for err in errs:
                    form.add_error(field if field in form.fields else None, err)
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
            "title": _("编辑章节：%(t)s") % {"t": section.title or section.key},
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
        _errors(request, exc)
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
        _errors(request, exc)
    return HttpResponseRedirect(report.get_absolute_url() + "#shortcomings")


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(AnnualReport, request.user, pk=pk)
    audit.record(report, by=request.user, action="download", note="下载年度报告 Word 版")
    return _file(documents.report_docx(report), DOCX_MIME, f"{report.title}.docx")


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(AnnualReport, request.user, pk=pk)
    try:
        pdf = documents.docx_to_pdf(documents.report_docx(report))
    except documents.PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(report)
    audit.record(report, by=request.user, action="download", note="下载年度报告 PDF 版")
    return _file(pdf, "application/pdf", f"{report.title}.pdf")


# ---------------------------------------------------------------------------
# Traceability: what changed since the freeze; the records behind a figure
# ---------------------------------------------------------------------------


@login_required
def report_changes(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(AnnualReport, request.user, pk=pk)
    rows = queries.changes_since_freeze(report) if report.is_frozen else []
    return render(
        request,
        "reports/changes.html",
        {
            "report": report,
            "rows": rows,
            "title": _("冻结后的数据变化：%(t)s") % {"t": report.title},
        },
    )


RECORDS_PAGE = 50


@login_required
def figure_records(request: HttpRequest, unit_pk: int, year: int, key: str) -> HttpResponse:
    """The records behind a figure, in the viewer's scope: the indicator's
    rows intersected with what `visible_to(user)` lets them see."""
    unit = get_object_or_404(units_visible_to(request.user), pk=unit_pk)
    if not figures.is_known(key):
        raise Http404
    lister = figures.records_for(key)
    value = queries.value_of(unit, year, key)
    rows: Any = []
    hidden = False
    if lister is not None:
        qs = lister(unit, queries.period(year))
        model = qs.model
        manager = model._default_manager
        if hasattr(manager, "visible_to"):
            visible = qs.filter(pk__in=manager.visible_to(request.user).values("pk"))
        else:
            visible = qs.none()
        if any(f.name == "unit" for f in model._meta.concrete_fields):
            visible = visible.select_related("unit")
        total = qs.count()
        page = Paginator(visible, RECORDS_PAGE).get_page(request.GET.get("page"))
        hidden = page.paginator.count < total
        rows = page
    return render(
        request,
        "reports/figure_records.html",
        {
            "unit": unit,
            "year": year,
            "key": key,
            "value": value,
            "label": figures.label_of(key),
            "rows": rows,
            "has_lister": lister is not None,
            "hidden": hidden,
            "title": _("%(label)s（%(unit)s %(year)s年）的记录")
            % {"label": figures.label_of(key), "unit": unit.name, "year": year},
        },
    )


@login_required
def unit_indicators(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    """Drill-down from the roll-up: a unit's figures beside last year's."""
    unit = get_object_or_404(units_visible_to(request.user), pk=unit_pk)
    keys = figures.numeric_keys()
    current = queries.live_values(unit, year, keys)
    prev = queries.prior_values(unit, year, keys)
    rows = [
        queries.Row(k, current[k].label, current[k].unit_label, current[k], prev.get(k))
        for k in keys
    ]
    return render(
        request,
        "reports/unit_indicators.html",
        {
            "unit": unit,
            "year": year,
            "rows": rows,
            "title": _("%(unit)s %(year)s年指标") % {"unit": unit.name, "year": year},
        },
    )


# ---------------------------------------------------------------------------
# Public pages (no login): published reports only
# ---------------------------------------------------------------------------


def _published() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).select_related("unit")


def public_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/public_list.html",
        {
            "reports": _published().order_by("-year", "unit__path"),
            "title": _("法治政府建设年度报告公开"),
        },
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(_published(), pk=pk)
    return render(
        request,
        "reports/public_detail.html",
        {"report": report, "blocks": queries.render_report(report), "title": report.title},
    )


def public_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(_published(), pk=pk)
    return _file(documents.report_docx(report), DOCX_MIME, f"{report.title}.docx")


# ---------------------------------------------------------------------------
# Dashboard and roll-up
# ---------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= today.year:
        year = int(raw)
    else:
        year = dash.default_year(request.user, today)
    ctx = dash.build(request.user, year, today)
    ctx["title"] = _("领导驾驶舱")
    ctx["years"] = range(today.year, 2019, -1)
    # The three administrators see no records: nothing to show, said in words.
    status = 200 if ctx["unit"] is not None else 403
    return render(request, "reports/dashboard.html", ctx, status=status)


@login_required
def dashboard_clocks(request: HttpRequest) -> HttpResponse:
    """The clocks (or records) behind a bar of the dashboard."""
    today = timezone.localdate()
    try:
        qs, words = dash.clock_list(request.user, request.GET, today)
    except ValueError:
        return render(
            request,
            "reports/dashboard_clocks.html",
            {"title": _("办理时限"), "error": _("链接的筛选条件有误，请从领导驾驶舱重新进入。")},
            status=400,
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/dashboard_clocks.html",
        {
            "title": _("办理时限"),
            "words": words,
            "page": page,
            "today": today,
            "query": query.urlencode(),
            "per_record": request.GET.get("per") == "record",
        },
    )


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year - 1


def _rollup_year(request: HttpRequest) -> tuple[int, list[int]]:
    """The roll-up opens on the latest year a township in scope has a report
    for (the figures it sums are the reports'), else on the latest year with
    any records (core.years)."""
    keys: tuple[str, ...] = ("reports",) if years.span(request.user, "reports") else ()
    return years.from_request(request, *keys)


@login_required
def rollup(request: HttpRequest) -> HttpResponse:
    year, year_choices = _rollup_year(request)
    visible = units_visible_to(request.user)
    counties = list(visible.filter(kind=OrgUnit.Kind.COUNTY).order_by("path"))
    raw = request.GET.get("unit", "")
    if raw.isdigit():
        root = get_object_or_404(visible, pk=int(raw))
    elif counties:
        root = counties[0]
    else:
        home = getattr(request.user, "home_unit", None)
        if home is None or not visible.filter(pk=home.pk).exists():
            raise Http404
        root = home
    townships = list(queries.child_townships(root).filter(pk__in=visible.values("pk")))
    # Headline figures by default (?all=1 shows every one). Townships without
    # a snapshot are computed from their records together: a grouped query
    # per figure, however many townships.
    show_all = request.GET.get("all") == "1"
    keys = None if show_all else queries.headline_keys()
    table = queries.rollup(root, year, units=townships, keys=keys)
    return render(
        request,
        "reports/rollup.html",
        {
            "root": root,
            "year": year,
            "years": year_choices,
            "counties": counties,
            "table": table.table(),
            "units": table.units,
            "live": table.live,
            "show_all": show_all,
            "title": _("%(unit)s %(year)s年指标汇总") % {"unit": root.name, "year": year},
        },
    )


# ---------------------------------------------------------------------------
# The unit's template (structure as data)
# ---------------------------------------------------------------------------


def _template_unit(request: HttpRequest) -> OrgUnit:
    home = getattr(request.user, "home_unit", None)
    raw = request.GET.get("unit") or request.POST.get("unit") or ""
    visible = units_visible_to(request.user).filter(kind__in=workflow.REPORTING_KINDS)
    if raw.isdigit():
        return get_object_or_404(visible, pk=int(raw))
    if home is not None and visible.filter(pk=home.pk).exists():
        return home
    unit = visible.order_by("path").first()
    if unit is None:
        raise Http404
    return unit


@login_required
def template_view(request: HttpRequest) -> HttpResponse:
    unit = _template_unit(request)
    if request.method == "POST":
        if not getattr(request.user, "can_write", False):
            raise PermissionDenied(_("您的角色为只读。"))
        workflow.ensure_template(unit, by=request.user)
        messages.success(request, _("已建立本单位报告模板，可逐节修改。"))
        return redirect(f"{reverse('reports:template')}?unit={unit.pk}")
    template, rows = workflow.template_for(unit)
    return render(
        request,
        "reports/template.html",
        {
            "unit": unit,
            "template": template,
            "rows": [
                (row, TemplateSectionForm(instance=row, prefix=f"s{row.pk}") if row.pk else None)
                for row in rows
            ],
            "saved": template.pk is not None,
            "title": _("%(unit)s年度报告模板") % {"unit": unit.name},
        },
    )


@login_required
@require_POST
def template_section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(
        TemplateSection.objects.select_related("template__unit"),
        pk=pk,
        template__in=ReportTemplate.objects.visible_to(request.user),
    )
    form = TemplateSectionForm(request.POST, instance=section, prefix=f"s{section.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.edit_template_section(
                TemplateSection.objects.get(pk=section.pk),
                by=request.user,
                title=data["title"],
                text=data["text"],
                order=data["order"],
                level=data["level"],
                included=data["included"],
                mandatory_item=data["mandatory_item"],
            )
            messages.success(request, _("已保存模板章节。"))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        for field, errs in form.errors.items():
            for err in errs:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}：{err}"
                )
    return redirect(f"{reverse('reports:template')}?unit={section.template.unit_id}")
