"""Generated documents: the plan, a disclosure reply, a decision's case file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_noop

from fazhi.core import audit
from fazhi.core.documents import DOCX_MIME
from fazhi.core.i18n import stored
from fazhi.core.models import AuditEvent
from fazhi.core.scope import get_visible_or_404

from .. import documents
from ..models import DisclosureRequest, MajorDecision, WorkPlan

FILE = "%(title)s.docx"


def _download(
    request: HttpRequest,
    obj: Any,
    content: bytes,
    name: tuple[str, dict[str, Any]],
    mime: str,
) -> HttpResponse:
    """`name`: the file's name as a message and its values (gettext_noop): the
    download is named in the reader's language, the audit note keeps it in
    Chinese (core.i18n.stored)."""
    from urllib.parse import quote

    message, values = name
    filename = _g(message) % values
    note = stored(gettext_noop("下载 %(name)s"), name=stored(message, **values))
    audit.record(obj, by=request.user, action=AuditEvent.Action.DOWNLOAD, note=note)
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(WorkPlan, request.user, pk=pk)
    return _download(
        request, plan, documents.plan_document(plan), (FILE, {"title": plan.title}), DOCX_MIME
    )


@login_required
def request_docx(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_visible_or_404(DisclosureRequest, request.user, pk=pk)
    if req.status != DisclosureRequest.Status.REPLIED:
        raise Http404
    return _download(
        request,
        req,
        documents.reply_document(req),
        (gettext_noop("答复书-%(code)s.docx"), {"code": req.code}),
        DOCX_MIME,
    )


@login_required
def decision_zip(request: HttpRequest, pk: int) -> HttpResponse:
    dec = get_visible_or_404(MajorDecision, request.user, pk=pk)
    return _download(
        request,
        dec,
        documents.decision_case_file(dec),
        (gettext_noop("决策案卷-%(title)s.zip"), {"title": dec.title}),
        "application/zip",
    )
