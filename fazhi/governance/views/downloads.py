"""Generated documents: the plan, a disclosure reply, a decision's case file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from fazhi.core import audit
from fazhi.core.documents import DOCX_MIME
from fazhi.core.models import AuditEvent
from fazhi.core.scope import get_visible_or_404

from .. import documents
from ..models import DisclosureRequest, MajorDecision, WorkPlan


def _download(
    request: HttpRequest, obj: Any, content: bytes, filename: str, mime: str
) -> HttpResponse:
    from urllib.parse import quote

    audit.record(obj, by=request.user, action=AuditEvent.Action.DOWNLOAD, note=f"下载 {filename}")
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(WorkPlan, request.user, pk=pk)
    return _download(request, plan, documents.plan_document(plan), f"{plan.title}.docx", DOCX_MIME)


@login_required
def request_docx(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_visible_or_404(DisclosureRequest, request.user, pk=pk)
    if req.status != DisclosureRequest.Status.REPLIED:
        raise Http404
    return _download(
        request, req, documents.reply_document(req), f"答复书-{req.code}.docx", DOCX_MIME
    )


@login_required
def decision_zip(request: HttpRequest, pk: int) -> HttpResponse:
    dec = get_visible_or_404(MajorDecision, request.user, pk=pk)
    return _download(
        request,
        dec,
        documents.decision_case_file(dec),
        f"决策案卷-{dec.title}.zip",
        "application/zip",
    )
