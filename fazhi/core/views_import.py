"""The ledger import pages (issue 18): per kind, upload a file into a unit of
one's scope, check the column mapping, preview every row's outcome, commit;
the result downloadable as .xlsx. A long file runs as a Celery task (REDIS_URL)
with a progress bar; without Redis it runs inline."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import ledger_import
from .errors import RuleViolation
from .ledger_import import engine
from .ledger_import.reading import EXTENSIONS
from .ledger_import.registry import LedgerKind
from .ledger_import.tasks import progress_of, run_job
from .models import ImportJob, OrgUnit
from .scope import units_visible_to

logger = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024
PREVIEW_ROWS = 2000  # the page shows these; the result file holds every row


def may_import(kind: LedgerKind, user: Any) -> bool:
    if not getattr(user, "can_write", False):
        return False
    return kind.writer_roles is None or user.is_superuser or user.role in kind.writer_roles


def _kind_or_404(name: str, user: Any) -> LedgerKind:
    kind = ledger_import.get(name)
    if kind is None or not may_import(kind, user):
        raise Http404
    return kind


def _job_or_404(request: HttpRequest, pk: int) -> ImportJob:
    # Only the uploader sees a job: the file holds personal data.
    job = (
        ImportJob.objects.filter(pk=pk, created_by_id=request.user.pk)
        .select_related("unit")
        .first()
    )
    if job is None:
        raise Http404
    return job


class UploadForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("导入到单位"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=gettext_lazy("台账文件"),
        help_text=gettext_lazy("Excel（.xlsx、.xls）或 CSV（GBK 或 UTF-8）文件，20MB 以内"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            units_visible_to(user).exclude(kind=OrgUnit.Kind.DEPARTMENT).order_by("path")
        )
        field.widget.attrs["class"] = "form-select"
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": ",".join(EXTENSIONS)}
        )

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("只能导入 .xlsx、.xls 或 .csv 文件。"))
        if f.size > MAX_BYTES:
            raise forms.ValidationError(_("文件超过20MB，请分成几个文件导入。"))
        return f


@login_required
def start(request: HttpRequest, kind: str) -> HttpResponse:
    k = _kind_or_404(kind, request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            engine.check_access(k, unit, request.user)
            _rows, _header, mapping = engine.prepare(k, upload.name, data, unit)
        except RuleViolation as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            job = ImportJob(
                kind=k.name,
                unit=unit,
                filename=Path(upload.name).name[:200],
                data=data,
                created_by_id=int(request.user.pk or 0),
            )
            job.set_columns(mapping.items())
            job.save()
            return redirect("core:import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by_id=request.user.pk, kind=k.name)[:10]
    return render(
        request,
        "core/import/start.html",
        {"kind": k, "form": form, "title": _("导入%(label)s") % {"label": k.label}, "jobs": jobs},
    )


@login_required
def sample(request: HttpRequest, kind: str, index: int) -> FileResponse:
    k = _kind_or_404(kind, request.user)
    if not 0 <= index < len(k.samples):
        raise Http404
    file = k.samples[index]
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name)


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    j = _job_or_404(request, pk)
    k = _kind_or_404(j.kind, request.user)
    J = ImportJob.Status
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "preview" and j.status in (J.UPLOADED, J.PREVIEWED, J.FAILED):
            valid = {c.key for c in k.columns}
            chosen = [request.POST.get(f"map-{i}") or "" for i in range(len(j.mapping))]
            j.set_columns(
                (label, key if key in valid else "")
                for (label, _old), key in zip(j.columns(), chosen, strict=True)
            )
            j.status, j.report, j.error = J.PREVIEWING, {}, ""
            j.save(update_fields=["mapping", "status", "report", "error", "updated_at"])
            _start(j.pk, dry_run=True)
        elif action == "commit" and j.status == J.PREVIEWED:
            ImportJob.objects.filter(pk=j.pk).update(status=J.COMMITTING)
            _start(j.pk, dry_run=False)
        return redirect("core:import_job", pk=j.pk)
    j.refresh_from_db()
    report = dict(j.report or {})
    if report.get("rows"):
        report["shown"] = report["rows"][:PREVIEW_ROWS]
    labels = {c.key: c.label for c in k.columns}
    mapping_rows = [
        {"index": i, "label": label, "key": key, "required": key and k.column(key).required}
        for i, (label, key) in enumerate(j.columns())
    ]
    missing = engine.missing_required(k, dict(j.columns()))
    return render(
        request,
        "core/import/job.html",
        {
            "title": _("导入%(label)s") % {"label": k.label},
            "kind": k,
            "job": j,
            "report": report,
            "columns": k.columns,
            "labels": labels,
            "mapping_rows": mapping_rows,
            "missing": missing,
            "running": j.status in (J.PREVIEWING, J.COMMITTING),
            "list_url": reverse(k.list_url),
        },
    )


def _start(pk: int, *, dry_run: bool) -> None:
    """On a worker (REDIS_URL) or inline. Inline, a failure has already been
    written on the job (rolled back, nothing saved): the page shows it."""
    try:
        run_job.delay(pk, dry_run)
    except Exception:
        logger.exception("ledger import job %s failed", pk)


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    j = _job_or_404(request, pk)
    done, total = progress_of(j.pk) or (j.done, j.total)
    return JsonResponse({"status": j.status, "done": done, "total": total})


@login_required
def job_result(request: HttpRequest, pk: int) -> HttpResponse:
    j = _job_or_404(request, pk)
    if not j.report:
        raise Http404
    response = HttpResponse(
        engine.result_xlsx(j.report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = _("%(name)s_导入结果.xlsx") % {"name": Path(j.filename).stem}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


@require_POST
@login_required
def job_delete(request: HttpRequest, pk: int) -> HttpResponse:
    j = _job_or_404(request, pk)
    kind = j.kind
    j.delete()
    return redirect("core:import_start", kind=kind)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


urlpatterns = [
    path("import/job/<int:pk>/", job, name="import_job"),
    path("import/job/<int:pk>/status/", job_status, name="import_status"),
    path("import/job/<int:pk>/result.xlsx", job_result, name="import_result"),
    path("import/job/<int:pk>/delete/", job_delete, name="import_delete"),
    path("import/<str:kind>/", start, name="import_start"),
    path("import/<str:kind>/sample/<int:index>/", sample, name="import_sample"),
]
