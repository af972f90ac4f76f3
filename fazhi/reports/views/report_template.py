"""The unit's template (structure as data): its page and section edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core.models import OrgUnit
from fazhi.core.scope import units_visible_to

from .. import workflow
from ..forms import TemplateSectionForm
from ..models import ReportTemplate, TemplateSection
from ._common import show_refusal

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
            show_refusal(request, exc)
    else:
        for field, errs in form.errors.items():
            for err in errs:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}：{err}"
                )
    return redirect(f"{reverse('reports:template')}?unit={section.template.unit_id}")
