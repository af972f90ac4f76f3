"""Leaders: the key cases they own and their reception days."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from fazhi.core import clocks
from fazhi.core import steps as core_steps
from fazhi.core.models import OrgUnit
from fazhi.core.models.base import scope_prefix

from .. import queries
from .. import workflow as wf
from ..models import (
    Petition,
    Reception,
    ReceptionDuty,
)


def user_township(user: Any) -> OrgUnit | None:
    """The township of the user's home unit (the reception pages' default unit too)."""
    home = getattr(user, "home_unit", None)
    return wf.township_of(home) if home is not None else None


@login_required
def leaders(request: HttpRequest) -> HttpResponse:
    township = user_township(request.user)
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
    township = user_township(request.user)
    # The three administrators have no scope (三员分立: no case work): their
    # home unit names a township, but a leader's cases are not theirs to open.
    if township is None or scope_prefix(request.user) is None:
        raise Http404
    membership = wf.leaders_of(township).filter(person_id=person_pk).first()
    if membership is None:
        raise Http404
    today = core_steps.today()
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
