"""Pages: the ledger, a matter with its clocks and step forms, leaders, reception
days, outreach visits, and the public pages (submit, track, rota)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fazhi.core import actions as core_actions
from fazhi.core import audit, clocks, links
from fazhi.core.attachments import attach
from fazhi.core.documents import DOCX_MIME
from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedDetailView, ScopedListView
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role
from fazhi.core.scope import get_visible_or_404

from . import documents, forms, queries
from . import workflow as wf
from .filters import OutreachVisitFilter, PetitionFilter, ReceptionDutyFilter, ReceptionFilter
from .models import (
    OutreachVisit,
    Petition,
    Petitioner,
    Reception,
    ReceptionDuty,
)
from .steps import STEPS
from .tables import OutreachVisitTable, PetitionTable, ReceptionDutyTable, ReceptionTable


def _today() -> dt.date:
    return timezone.localdate()


# A refusal onto the field it names (or above the form, e.g. a missing
# holiday calendar for the year a deadline falls in).
apply_errors = core_actions.put_errors


# ---------------------------------------------------------------------------
# Ledger
# ---------------------------------------------------------------------------


class PetitionList(ScopedListView):
    model = Petition
    table_class = PetitionTable
    filterset_class = PetitionFilter
    title = cast(str, _("信访台账"))
    export_name = "信访事项"

    def scoped_queryset(self) -> QuerySet[Petition]:
        return queries.ledger(self.request.user, _today())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("petitions:create")
        return ctx


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """登记: staff register a petition from any channel, also on a citizen's behalf."""
    if not getattr(request.user, "can_write", False):
        raise PermissionDenied(_g("您的角色为只读。"))
    initial: dict[str, Any] = {}
    from_reception = request.GET.get("reception", "")
    if from_reception.isdigit():
        # From a reception record: what it already says (来访, its day).
        reception = (
            Reception.objects.visible_to(request.user).filter(pk=int(from_reception)).first()
        )
        if reception is not None:
            initial = {
                "reception": reception.pk,
                "channel": "visit",
                "received_on": reception.held_on,
            }
    form = forms.RegisterForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            petition = wf.register(
                unit=d["unit"],
                channel=d["channel"],
                category=d["category"],
                title=d["title"],
                content=d["content"],
                received_on=d["received_on"],
                petitioners=form.petitioners(),
                by=request.user,
                source=d["source"],
                sending_body=d["sending_body"],
                sending_ref=d["sending_ref"],
                group_size=d["group_size"],
                involved_unit=d["involved_unit"],
                accused_unit=d["accused_unit"],
                reception=d["reception"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _g("已登记，编号 %(number)s。") % {"number": petition.number})
            if petition.is_repeat:
                messages.warning(
                    request, _g("重复信访提示：%(reason)s") % {"reason": petition.repeat_reason}
                )
            return redirect(petition)
    return render(request, "petitions/form.html", {"form": form, "title": _("登记信访事项")})


# ---------------------------------------------------------------------------
# A matter: details, clocks, steps
# ---------------------------------------------------------------------------


class PetitionDetail(core_actions.ActionDetailView):
    model = Petition
    template_name = "petitions/detail.html"
    actions = STEPS
    action_url = "petitions:step"
    prefixed = False  # each step form has its own prefix (StepForm.prefix_name)

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
        today = _today()
        ctx["title"] = f"{p.number} {p.title}"
        ctx["clock_views"] = queries.clock_views(p, today)
        ctx["petitioner_ct"] = ContentType.objects.get_for_model(Petitioner).pk
        ctx["can_reveal"] = getattr(user, "can_reveal_pii", False)
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
    request: HttpRequest, petition: Petition, step: core_actions.Action, form: Any
) -> HttpResponse:
    """A refused step on a page of its own: the form as posted, with the rule's
    message on the field at fault, and the version the detail page was loaded with."""
    return render(
        request,
        "petitions/step.html",
        {
            "form": form,
            "petition": petition,
            "step": step,
            "name": step.name,
            "version": request.POST.get("version", ""),
            "title": f"{petition.number} {step.label}",
        },
        status=400,
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
        done=_("已办理：%(label)s。"),
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
            wf.edit(
                petition,
                by=request.user,
                version=int(version) if version.isdigit() else None,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
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
            "remove_form": remove_form,
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
    petition = get_visible_or_404(Petition, request.user, pk=pk)
    if kind not in dict(documents.available(petition)):
        raise Http404
    filename, data = documents.render_docx(petition, kind)
    audit.record(petition, by=request.user, action="download", note=f"生成文书 {filename}")
    response = HttpResponse(data, content_type=DOCX_MIME)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# ---------------------------------------------------------------------------
# Leaders: key cases they own and their reception days
# ---------------------------------------------------------------------------


def _user_township(user: Any) -> OrgUnit | None:
    home = getattr(user, "home_unit", None)
    return wf.township_of(home) if home is not None else None


@login_required
def leaders(request: HttpRequest) -> HttpResponse:
    township = _user_township(request.user)
    rows = []
    if township is not None:
        members = list(wf.leaders_of(township))
        counts = dict(
            Petition.objects.visible_to(request.user)
            .filter(is_key_case=True, owner_leader__in=[m.person_id for m in members])
            .values_list("owner_leader")
            .annotate(n=Count("pk"))
            .values_list("owner_leader", "n")
        )
        duties = dict(
            ReceptionDuty.objects.visible_to(request.user)
            .filter(leader__in=[m.person_id for m in members])
            .values_list("leader")
            .annotate(n=Count("pk"))
            .values_list("leader", "n")
        )
        rows = [(m, counts.get(m.person_id, 0), duties.get(m.person_id, 0)) for m in members]
    return render(
        request,
        "petitions/leaders.html",
        {"rows": rows, "title": _("包案领导"), "township": township},
    )


@login_required
def leader_detail(request: HttpRequest, person_pk: int) -> HttpResponse:
    township = _user_township(request.user)
    if township is None:
        raise Http404
    membership = wf.leaders_of(township).filter(person_id=person_pk).first()
    if membership is None:
        raise Http404
    today = _today()
    cases = list(queries.key_cases_of(request.user, membership.person, today)[:200])
    for case in cases:
        # The state by its label (正常/已超期 …), never the code the SQL computes.
        case.handling_state_label = clocks.STATE_LABELS.get(case.handling_state, "")  # type: ignore[attr-defined, call-overload]
    duties = (
        ReceptionDuty.objects.visible_to(request.user)
        .filter(leader=membership.person)
        .order_by("-date")[:50]
    )
    receptions = (
        Reception.objects.visible_to(request.user)
        .filter(leader=membership.person)
        .annotate(n=Count("petitions"))
        .order_by("-held_on")[:50]
    )
    post = membership.title or membership.get_leadership_role_display()
    return render(
        request,
        "petitions/leader_detail.html",
        {
            "membership": membership,
            "cases": cases,
            "duties": duties,
            "receptions": receptions,
            "title": f"{membership.person.name}（{post}）",
        },
    )


# ---------------------------------------------------------------------------
# Reception days, receptions, outreach visits
# ---------------------------------------------------------------------------


class DutyList(ScopedListView):
    model = ReceptionDuty
    table_class = ReceptionDutyTable
    filterset_class = ReceptionDutyFilter
    title = cast(str, _("领导接访日安排"))
    export_name = "领导接访日"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("leader", "unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("petitions:duty_create")
        return ctx


class DutyCreate(RecordCreateView):
    model = ReceptionDuty
    form_class = forms.ReceptionDutyForm
    title = cast(str, _("新增接访日"))

    def get_initial(self) -> dict[str, Any]:
        return {"unit": _user_township(self.request.user)}


class DutyUpdate(RecordUpdateView):
    model = ReceptionDuty
    form_class = forms.ReceptionDutyForm
    title = cast(str, _("编辑接访日"))


class DutyDetail(ScopedDetailView):
    """A reception day: where a saved duty leads, with the receptions held on it."""

    model = ReceptionDuty
    template_name = "petitions/duty_detail.html"
    fields = ["date", "slot", "leader", "place", "topic", "published", "unit"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        duty: ReceptionDuty = self.object
        ctx["title"] = _g("领导接访日 %(date)s %(leader)s") % {
            "date": duty.date.isoformat(),
            "leader": duty.leader.name,
        }
        ctx["receptions"] = (
            Reception.objects.visible_to(self.request.user)
            .filter(duty=duty)
            .select_related("leader")
            .annotate(n=Count("petitions"))
        )
        return ctx


class ReceptionList(ScopedListView):
    model = Reception
    table_class = ReceptionTable
    filterset_class = ReceptionFilter
    title = cast(str, _("接访记录"))
    export_name = "接访记录"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return (
            qs.select_related("leader")
            .annotate(petition_count=Count("petitions"))
            .order_by("-held_on", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("petitions:reception_create")
        return ctx


class ReceptionCreate(RecordCreateView):
    model = Reception
    form_class = forms.ReceptionForm
    title = cast(str, _("新增接访记录"))

    def get_initial(self) -> dict[str, Any]:
        return {"unit": _user_township(self.request.user)}

    def persist(self, instance: Any, form: Any) -> Any:
        return wf.save_reception(instance, by=self.request.user)


class ReceptionUpdate(RecordUpdateView):
    model = Reception
    form_class = forms.ReceptionForm
    title = cast(str, _("编辑接访记录"))

    def persist(
        self, instance: Any, form: Any, *, version: int | None, before: dict[str, Any]
    ) -> Any:
        return wf.save_reception(instance, by=self.request.user, version=version, before=before)


class ReceptionDetail(ScopedDetailView):
    model = Reception
    template_name = "petitions/reception_detail.html"
    fields = ["held_on", "leader", "place", "visitor_count", "summary", "unit"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["petitions"] = Petition.objects.visible_to(self.request.user).filter(
            reception=self.object
        )
        return ctx


class OutreachList(ScopedListView):
    model = OutreachVisit
    table_class = OutreachVisitTable
    filterset_class = OutreachVisitFilter
    title = cast(str, _("下访记录"))
    export_name = "下访记录"

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return (
            qs.select_related("leader")
            .annotate(petition_count=Count("petitions"))
            .order_by("-visited_on", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("petitions:outreach_create")
        return ctx


class OutreachCreate(RecordCreateView):
    model = OutreachVisit
    form_class = forms.OutreachVisitForm
    title = cast(str, _("新增下访记录"))

    def get_initial(self) -> dict[str, Any]:
        return {"unit": _user_township(self.request.user)}


class OutreachUpdate(RecordUpdateView):
    model = OutreachVisit
    form_class = forms.OutreachVisitForm
    title = cast(str, _("编辑下访记录"))


class OutreachDetail(ScopedDetailView):
    model = OutreachVisit
    template_name = "petitions/outreach_detail.html"
    fields = ["visited_on", "leader", "visited_party", "place", "findings", "actions", "unit"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["participants"] = self.object.participants.all()
        ctx["petitions"] = Petition.objects.visible_to(self.request.user).filter(
            outreach_visits=self.object
        )
        return ctx


# ---------------------------------------------------------------------------
# Public pages: no login, nothing personal
# ---------------------------------------------------------------------------


def _intake_unit(township: OrgUnit) -> OrgUnit:
    """Online petitions go to the township's petition office (the unit its
    petition-office staff belong to), else to the township itself."""
    office = (
        User.objects.filter(
            role=Role.PETITION_OFFICE, is_active=True, home_unit__path__startswith=township.path
        )
        .select_related("home_unit")
        .order_by("home_unit__depth", "pk")
        .first()
    )
    return office.home_unit if office is not None and office.home_unit is not None else township


def public_submit(request: HttpRequest) -> HttpResponse:
    """网上信访: a citizen submits a petition and receives a query code."""
    form = forms.PublicSubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            petition = wf.register(
                unit=_intake_unit(d["township"]),
                channel="online",
                category=d["category"],
                title=d["title"],
                content=d["content"],
                received_on=_today(),
                petitioners=[
                    wf.PetitionerData(d["name"], d["id_number"], d["phone"], d["address"])
                ],
                by=None,
                via_public=True,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            request.session["petition_submitted"] = petition.query_code
            return redirect("petitions:public_submitted")
    return render(request, "petitions/public/submit.html", {"form": form, "title": _("网上信访")})


def public_submitted(request: HttpRequest) -> HttpResponse:
    code = request.session.get("petition_submitted")
    if not code:
        return redirect("petitions:public_submit")
    return render(
        request, "petitions/public/submitted.html", {"code": code, "title": _("提交成功")}
    )


@dataclass
class PublicStatus:
    """What a citizen sees by query code: stage and dates, nothing personal."""

    number: str
    channel: str
    category: str
    stage: str
    received_on: dt.date
    decided_on: dt.date | None
    handling_due: dt.date | None
    reply_on: dt.date | None
    closed_on: dt.date | None
    steps: list[tuple[dt.date, str]]


def public_status(code: str) -> PublicStatus | None:
    p = (
        Petition.objects.filter(query_code=code)
        .only(
            "pk",
            "number",
            "channel",
            "category",
            "stage",
            "received_on",
            "decided_on",
            "reply_on",
            "closed_on",
        )
        .first()
    )
    if p is None:
        return None
    clock = wf.clocks.clock(p, "petitions.handling")
    steps = [(c.on, str(c.get_to_stage_display())) for c in p.stage_changes.order_by("on", "pk")]
    return PublicStatus(
        number=p.number,
        channel=p.get_channel_display(),
        category=p.get_category_display(),
        stage=p.get_stage_display(),
        received_on=p.received_on,
        decided_on=p.decided_on,
        handling_due=clock.due_date if clock else None,
        reply_on=p.reply_on,
        closed_on=p.closed_on,
        steps=steps,
    )


def public_track(request: HttpRequest) -> HttpResponse:
    form = forms.TrackForm(request.GET or None)
    status = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        status = public_status(form.cleaned_data["code"])
    return render(
        request,
        "petitions/public/track.html",
        {"form": form, "status": status, "searched": searched, "title": _("信访事项办理查询")},
    )


def public_rota(request: HttpRequest) -> HttpResponse:
    today = _today()
    since = dt.date(today.year, 1, 1) if request.GET.get("year") != "next" else today
    duties = queries.public_rota(since)
    return render(
        request, "petitions/public/rota.html", {"duties": duties, "title": _("领导接访日安排")}
    )
