"""Documents (Word, PDF) and traceability: what changed since the freeze,
the records behind a figure, a unit's indicators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit
from fazhi.core.dbrouter import replica_reads
from fazhi.core.documents import DOCX_MIME
from fazhi.core.i18n import shown
from fazhi.core.models import Clock
from fazhi.core.scope import get_visible_or_404, units_visible_to

from .. import documents, figures, queries
from ..models import AnnualReport
from ._common import file_response

# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(AnnualReport, request.user, pk=pk)
    audit.record(
        report, by=request.user, action="download", note=gettext_noop("下载年度报告 Word 版")
    )
    return file_response(documents.report_docx(report), DOCX_MIME, f"{report.title}.docx")


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(AnnualReport, request.user, pk=pk)
    try:
        pdf = documents.docx_to_pdf(documents.report_docx(report))
    except documents.PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(report)
    audit.record(
        report, by=request.user, action="download", note=gettext_noop("下载年度报告 PDF 版")
    )
    return file_response(pdf, "application/pdf", f"{report.title}.pdf")


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


def record_text(obj: Any) -> str:
    """How a record behind a figure is named: a clock by its stored label in
    the reader's language and its due date, another record as it names itself
    (stored Chinese words in it, a choice's label, shown translated)."""
    if isinstance(obj, Clock):
        return f"{shown(obj.label)} {obj.due_date or ''}".strip()
    return shown(str(obj))


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
        if not visible.ordered:
            # A model without a default order (training attendance, hearings)
            # would page in whatever order the database picks: a record could
            # show on two pages and another on none.
            visible = visible.order_by("pk")
        total = qs.count()
        page = Paginator(visible, RECORDS_PAGE).get_page(request.GET.get("page"))
        hidden = page.paginator.count < total
        rows = page
        for obj in page:
            obj.fz_text = record_text(obj)
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
            "can_write": getattr(request.user, "can_write", False),
            "title": _("%(label)s（%(unit)s %(year)s年）的记录")
            % {"label": figures.label_of(key), "unit": unit.name, "year": year},
        },
    )


@login_required
@replica_reads  # figures only: the replica's lag is acceptable here
def unit_indicators(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    """Drill-down from the roll-up: a unit's figures beside last year's."""
    unit = get_object_or_404(units_visible_to(request.user), pk=unit_pk)
    keys = figures.numeric_keys()
    # As the roll-up shows the unit: its frozen report's figures, if any.
    current, report = queries.stated_values(unit, year, keys)
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
            "report": report,
            "title": _("%(unit)s %(year)s年指标") % {"unit": unit.name, "year": year},
        },
    )
