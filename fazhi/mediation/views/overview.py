"""The mediation overview: what needs attention first."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Clock

from .. import queries
from ..models import Dispute, MediationCase, MediationCommittee


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The mediation dashboard: high-risk disputes still open, cases whose
    clocks are overdue or due soon, missed screening rounds, committees whose
    composition or term needs attention."""
    user = request.user
    today = timezone.localdate()
    disputes = Dispute.objects.visible_to(user)
    high_risk = (
        queries.high_risk_open(disputes)
        .select_related("unit", "category")
        .order_by("found_on")[:50]
    )
    ct = ContentType.objects.get_for_model(MediationCase)
    case_clocks = (
        Clock.objects.visible_to(user)
        .filter(content_type=ct, status=Clock.Status.RUNNING)
        .select_related("unit")
        .order_by("due_date")
    )
    soon = today + dt.timedelta(days=7)
    due = [c for c in case_clocks.filter(due_date__lte=soon)[:50]]
    committees = list(
        queries.committees_in_office(
            MediationCommittee.objects.visible_to(user), today
        ).select_related("unit")
    )
    warnings = [(c, queries.composition_warnings(c, today)) for c in committees]
    scope = getattr(user, "scope_unit", None)
    missed: list[queries.MissedRound] = []
    if scope is not None:
        missed = queries.missed_rounds(
            queries.screening_units(scope),
            today - dt.timedelta(days=queries.RECENT_SCREENING_DAYS),
            today,
        )
    counts = disputes.aggregate(
        open=Count("pk", filter=Q(status__in=Dispute.OPEN_STATUSES)),
        high=Count("pk", filter=Q(status__in=Dispute.OPEN_STATUSES, risk_level=Dispute.Risk.HIGH)),
    )
    return render(
        request,
        "mediation/overview.html",
        {
            "title": _("矛盾纠纷调处工作概览"),
            "high_risk": high_risk,
            "due": due,
            "today": today,
            "warnings": [(c, w) for c, w in warnings if w],
            "missed": missed,
            "counts": counts,
            "open_cases": MediationCase.objects.visible_to(user)
            .filter(status__in=MediationCase.OPEN_STATUSES)
            .count(),
        },
    )
