"""A petition matter: its details, clocks and step forms, corrections of
the registered facts and petitioners, attachments and generated documents.
A refusal goes onto the field it names (or above the form, e.g. a missing
holiday calendar for the year a deadline falls in)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from fazhi.core import actions as core_actions
from fazhi.core import audit, links, reasons
from fazhi.core import steps as core_steps
from fazhi.core.actions import put_errors
from fazhi.core.attachments import attach
from fazhi.core.documents import DOCX_MIME
from fazhi.core.i18n import stored
from fazhi.core.reasons import ReasonRequiredMixin
from fazhi.core.scope import get_visible_or_404

from .. import documents, forms, queries
from .. import workflow as wf
from ..actions import STEPS
from ..models import (
    OutreachVisit,
    Petition,
    Petitioner,
)


class PetitionDetail(ReasonRequiredMixin, core_actions.ActionDetailView):
    """The matter's page. An accusation (检举控告类) opens only after the
    reader gives a reason, audited with every read (core.reasons)."""

    model = Petition
    template_name = "petitions/detail.html"
    actions = STEPS
    action_url = "petitions:step"
    prefixed = False  # each step form has its own prefix (StepForm.prefix_name)
    reason_what = _("查阅检举控告类信访事项")

    def reason_required(self, obj: Petition) -> bool:
        return queries.needs_reason(obj)

    def optimize(self, qs: QuerySet[Petition]) -> QuerySet[Petition]:
        return qs.select_related(
            "unit",
            "responsible_unit",
            "owner_leader",
            "handler__person",
            "involved_unit",
            "accused_unit",
            "repeat_of",
            "reception__leader",
            "extension_approver",
        ).prefetch_related("petitioners", "appeals", "stage_changes__by__person")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        p: Petition = self.object
        user = self.request.user
        today = core_steps.today()
        ctx["title"] = f"{p.number} {p.title}"
        ctx["clock_views"] = queries.clock_views(p, today)
        ctx["petitioners_editable"] = getattr(user, "can_write", False) and (
            wf.petitioners_editable(p)
        )
        ctx["documents"] = documents.available(p)
        ctx["repeats"] = (
            Petition.objects.visible_to(user).filter(pk=p.repeat_of_id) if p.repeat_of_id else []
        )
        ctx["later_repeats"] = (
            Petition.objects.visible_to(user).filter(repeat_of=p).only("pk", "number", "title")
        )
        ctx["outreach"] = OutreachVisit.objects.visible_to(user).filter(petitions=p)
        ctx["link_panels"] = links.panels(p, user)  # linked disputes (core.RecordLink)
        return ctx


def _step_page(
    request: HttpRequest,
    petition: Petition,
    step: core_actions.Action,
    form: Any,
    *,
    version: int | str | None = None,
    status: int = 400,
) -> HttpResponse:
    """A step's form on a page of its own. Refused (the default): the form as
    posted, with the rule's message on the field at fault, answered 400, and
    the version the detail page was loaded with. Opened to fill in (交办's
    page, views.assign): `version` the matter's own, `status` 200."""
    return render(
        request,
        "petitions/step.html",
        {
            "form": form,
            "petition": petition,
            "step": step,
            "name": step.name,
            "version": request.POST.get("version", "") if version is None else version,
            "title": f"{petition.number} {step.label}",
        },
        status=status,
    )


@login_required
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Perform one workflow step (POST from the detail page)."""
    return core_actions.run_action(
        request,
        Petition,
        pk,
        name,
        STEPS,
        PetitionDetail,
        extra=core_actions.with_version,
        refused=_step_page,
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the registered facts; a second cadre's stale save is refused."""
    petition = get_visible_or_404(Petition, request.user, pk=pk)
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))
    initial = {
        "title": petition.title,
        "content": petition.content,
        "involved_unit": petition.involved_unit_id,
        "group_size": petition.group_size,
    }
    form = forms.EditForm(
        request.POST or None, initial=initial, user=request.user, petition=petition
    )
    version = request.POST.get("version", str(petition.version))
    if request.method == "POST" and form.is_valid():
        try:
            saved = wf.edit(
                petition,
                by=request.user,
                version=int(version) if version.isdigit() else None,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            if saved.version == petition.version:
                messages.info(request, _g("未作修改。"))
            else:
                messages.success(request, _g("已保存。"))
            return redirect(petition)
    return render(
        request,
        "petitions/form.html",
        {"form": form, "title": _g("编辑 %(n)s") % {"n": petition.number}, "version": version},
    )


@login_required
def petitioner_edit(request: HttpRequest, pk: int, petitioner_pk: int) -> HttpResponse:
    """更正或移除一位信访人: the form filled from the record, posted to the
    petitioner_update / petitioner_remove steps (the workflow decides)."""
    petition = get_visible_or_404(Petition, request.user, pk=pk)
    person = Petitioner.objects.filter(petition=petition, pk=petitioner_pk).first()
    if person is None:
        raise Http404
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))
    edit_form = forms.PetitionerEditForm(user=request.user, record=petition).for_petitioner(person)
    remove_form = forms.PetitionerRemoveForm(
        user=request.user, record=petition, initial={"petitioner": person.pk}
    )
    return render(
        request,
        "petitions/petitioner_edit.html",
        {
            "petition": petition,
            "person": person,
            "editable": wf.petitioners_editable(petition),
            "edit_form": edit_form,
            "remove_form": remove_form if remove_form.offers(person) else None,
            "title": _g("更正信访人 %(name)s（%(n)s）")
            % {"name": person.name, "n": petition.number},
        },
    )


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    petition = get_visible_or_404(Petition, request.user, pk=pk)
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))
    upload_file = request.FILES.get("file")
    if upload_file is None:
        messages.error(request, _g("附件：请选择文件。"))
    else:
        try:
            attach(
                petition,
                upload_file,
                unit=petition.unit,
                by=request.user,
                description=request.POST.get("description", ""),
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _g("附件已上传。"))
    return redirect(petition)


@login_required
def document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A notice or the handling opinion (.docx). Of an accusation (检举控告类)
    it is a read of the matter like its page: with the reason the page was
    given (kept in the session, core.reasons.granted) or asked here (the
    reason page, `?reason=` for scripts), audited as a read with it."""
    petition = get_visible_or_404(Petition, request.user, pk=pk)
    if kind not in dict(documents.available(petition)):
        raise Http404
    if queries.needs_reason(petition):
        reason = reasons.granted(request, petition)
        if reason is None:
            asked = reasons.ask(
                request, title=petition.number, what=str(ReasonRequiredMixin.reason_what)
            )
            if isinstance(asked, HttpResponse):
                return asked
            reason = asked
        reasons.audit_read(petition, by=request.user, reason=reason)
    filename, data = documents.render_docx(petition, kind)
    audit.record(
        petition,
        by=request.user,
        action="download",
        note=stored(gettext_noop("生成文书 %(name)s"), name=filename),
    )
    response = HttpResponse(data, content_type=DOCX_MIME)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
