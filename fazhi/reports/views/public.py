"""Public pages (no login): published reports only."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from fazhi.core.documents import DOCX_MIME

from .. import documents, queries
from ..models import AnnualReport
from ._common import file_response

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
    return file_response(documents.report_docx(report), DOCX_MIME, f"{report.title}.docx")
