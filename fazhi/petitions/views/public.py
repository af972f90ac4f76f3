"""Public pages: no login, nothing personal (submit, track by code, rota)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from fazhi.core import clocks
from fazhi.core import steps as core_steps
from fazhi.core.actions import put_errors
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role

from .. import forms, queries
from .. import workflow as wf
from ..models import (
    Petition,
)


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
                received_on=core_steps.today(),
                petitioners=[
                    wf.PetitionerData(d["name"], d["id_number"], d["phone"], d["address"])
                ],
                by=None,
                via_public=True,
            )
        except ValidationError as exc:
            put_errors(form, exc)
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
    # The 暂定 mark a citizen sees too: a due date on the provisional calendar
    # is never shown as final (docs: DESIGN "Statutory clocks").
    handling_due_provisional: int | None
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
    clock = clocks.clock(p, "petitions.handling")
    steps = [(c.on, str(c.get_to_stage_display())) for c in p.stage_changes.order_by("on", "pk")]
    return PublicStatus(
        number=p.number,
        channel=p.get_channel_display(),
        category=p.get_category_display(),
        stage=p.get_stage_display(),
        received_on=p.received_on,
        decided_on=p.decided_on,
        handling_due=clock.due_date if clock else None,
        handling_due_provisional=clock.shown_provisional_year if clock else None,
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
    today = core_steps.today()
    since = dt.date(today.year, 1, 1) if request.GET.get("year") != "next" else today
    duties = queries.public_rota(since)
    return render(
        request, "petitions/public/rota.html", {"duties": duties, "title": _("领导接访日安排")}
    )
