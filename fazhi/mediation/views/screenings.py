"""Screening rounds (排查): list, page, new round, the search the dispute form
uses, and the units that missed a round."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.listing import RecordCreateView, ScopedDetailView, ScopedListView, xlsx_response
from fazhi.core.scope import units_visible_to

from .. import filters, forms, queries, tables, workflow
from ..models import Screening
from ._common import _can_write, _ledger_initial


class ScreeningList(ScopedListView):
    model = Screening
    table_class = tables.ScreeningTable
    filterset_class = filters.ScreeningFilter
    title: Any = _("矛盾纠纷排查记录")
    export_name = _("矛盾纠纷排查记录")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if _can_write(self.request):
            ctx["create_url"] = reverse("mediation:screening_create")
        return ctx

    def optimize(self, qs: QuerySet[Screening]) -> QuerySet[Screening]:
        return (
            qs.select_related("unit")
            .annotate(n_disputes=Count("disputes"))
            .order_by("-screened_on", "-pk")
        )


class ScreeningDetail(ScopedDetailView):
    model = Screening
    template_name = "mediation/screening_detail.html"
    fields = ["unit", "screened_on", "screeners", "scope", "note"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["disputes"] = self.object.disputes.select_related("category")
        ctx["can_write"] = _can_write(self.request)
        return ctx


class ScreeningCreate(RecordCreateView):
    model = Screening
    form_class = forms.ScreeningForm
    title: Any = _("登记排查")

    def get_initial(self) -> dict[str, Any]:
        initial = _ledger_initial(self.request.user)
        initial["screened_on"] = timezone.localdate()
        initial["screeners"] = getattr(self.request.user, "display_name", "")
        return initial

    success_message = _("已登记。")

    def persist(self, instance: Screening, form: Any) -> Screening:
        return workflow.record_screening(instance, by=self.request.user)


SEARCH_DATE = re.compile(r"^(\d{4})(?:\s*[-./年]\s*(\d{1,2}))?(?:\s*[-./月]\s*(\d{1,2}))?\s*日?$")


@login_required
def screening_options(request: HttpRequest) -> HttpResponse:
    """The 排查轮次 options matching a search (htmx, beside the drop-down):
    by date ("2024", "2024-03", "2024.3.5", "2024年3月") or by unit, scope or
    screeners; the user's rounds only, at most SCREENING_SEARCH_LIMIT."""
    q = (request.GET.get("screening_q") or request.GET.get("q") or "").strip()[:50]
    qs = Screening.objects.visible_to(request.user).select_related("unit")
    match = SEARCH_DATE.match(q)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        qs = qs.filter(screened_on__year=year)
        if month:
            qs = qs.filter(screened_on__month=month)
        if day:
            qs = qs.filter(screened_on__day=day)
    elif q:
        qs = qs.filter(Q(unit__name__contains=q) | Q(scope__contains=q) | Q(screeners__contains=q))
    limit = forms.SCREENING_SEARCH_LIMIT
    found = list(qs.order_by("-screened_on", "-pk")[: limit + 1])
    return render(
        request,
        "mediation/screening_options.html",
        {
            "options": [(s.pk, forms.screening_label(s)) for s in found[:limit]],
            "more": len(found) > limit,
            "limit": limit,
        },
    )


@login_required
def screening_missed(request: HttpRequest) -> HttpResponse:
    """Units that held no screening round in a week/month they had to."""
    today = timezone.localdate()
    period = forms.MissedRoundsForm(request.GET or None)
    start, end = period.period()
    units = (
        units_visible_to(request.user)
        .filter(kind__in=["township", "village", "community"])
        .order_by("path")
    )
    rows = queries.missed_rounds(units, start, end)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            str(_("未按期排查单位")),
            [str(_("单位")), str(_("排查频次")), str(_("期间开始")), str(_("期间结束"))],
            [(r.unit.name, r.frequency_label, r.period_start, r.period_end) for r in rows],
            str(_("未按期排查单位-%(date)s.xlsx") % {"date": f"{today:%Y%m%d}"}),
        )
    return render(
        request,
        "mediation/screening_missed.html",
        {
            "title": _("未按期排查的单位"),
            "rows": rows,
            "start": start,
            "end": end,
            "refusals": period.refusals(),
        },
    )
