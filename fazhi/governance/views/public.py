"""Public pages (no login): published normative documents and disclosures,
the disclosure application and tracking by code."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.views.generic import ListView

from fazhi.core.actions import put_errors
from fazhi.core.models import OrgUnit

from .. import forms as f
from .. import queries
from .. import workflow as wf
from ..models import DisclosureRequest, NormativeDocument, ProactiveDisclosure


def _public_unit(request: HttpRequest) -> OrgUnit | None:
    raw = request.GET.get("unit", "")
    return OrgUnit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None


def _township_choices(unit: OrgUnit | None) -> QuerySet[OrgUnit]:
    """The townships a public page offers: those of the chosen unit's county (a
    public site serves one county; a province has thousands), else all."""
    townships = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).order_by("path")
    if unit is not None and unit.kind == OrgUnit.Kind.TOWNSHIP and unit.parent is not None:
        return townships.filter(path__startswith=unit.parent.path).only("pk", "name", "path")
    if unit is not None and unit.kind == OrgUnit.Kind.COUNTY:
        return townships.filter(path__startswith=unit.path).only("pk", "name", "path")
    return townships


class PublicDocuments(ListView):
    """The township's normative documents in force (现行有效规范性文件)."""

    template_name = "governance/public_documents.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[NormativeDocument]:
        qs = queries.documents_in_force(NormativeDocument.objects.all()).select_related("unit")
        self.unit = _public_unit(self.request)
        if self.unit is not None:
            qs = qs.filter(unit__in_subtree=self.unit.path)
        title = self.request.GET.get("title", "").strip()
        if title:
            qs = qs.filter(title__contains=title)
        return qs.order_by("-published_on", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _g("现行有效行政规范性文件")
        ctx["townships"] = _township_choices(self.unit)
        return ctx


class PublicDisclosures(ListView):
    template_name = "governance/public_disclosures.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[ProactiveDisclosure]:
        qs = ProactiveDisclosure.objects.filter(
            status=ProactiveDisclosure.Status.PUBLISHED
        ).select_related("unit", "item")
        self.unit = _public_unit(self.request)
        if self.unit is not None:
            qs = qs.filter(unit__in_subtree=self.unit.path)
        return qs.order_by("-published_on", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _g("政府信息主动公开")
        ctx["townships"] = _township_choices(self.unit)
        return ctx


def public_apply(request: HttpRequest) -> HttpResponse:
    """依申请公开 submitted by the public; answered with a tracking code."""
    form = f.PublicRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        req = form.save(commit=False)
        req.submitted_on = timezone.localdate()
        try:
            req = wf.submit_public(req)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            return redirect(reverse("governance:public_track") + f"?code={req.code}&new=1")
    return render(
        request, "governance/public_apply.html", {"form": form, "title": _g("政府信息公开申请")}
    )


def public_track(request: HttpRequest) -> HttpResponse:
    """Track a request by its code: status and dates only, no personal data."""
    form = f.TrackForm(request.GET or None)
    found = None
    if form.is_valid():
        found = (
            DisclosureRequest.objects.filter(code=form.cleaned_data["code"].strip().upper())
            .select_related("unit")
            .first()
        )
        if found is None:
            form.add_error("code", _g("未找到该查询码对应的申请，请核对。"))
    return render(
        request,
        "governance/public_track.html",
        {
            "form": form,
            "req": found,
            "new": request.GET.get("new") == "1",
            "title": _g("申请办理进度查询"),
        },
    )
