"""The governance home page, this year's plan, the leaders' first-responsible
duties, the OGI annual report tables and the disclosure catalogue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from fazhi.core import clocks, years
from fazhi.core.dashboard import overdue_label
from fazhi.core.i18n import stored
from fazhi.core.listing import ScopedListView, xlsx_response
from fazhi.core.models import AuditEvent, Clock, LeadershipGroup, OrgUnit
from fazhi.core.scope import units_visible_to

from .. import queries
from .. import workflow as wf
from ..filters import OverdueMattersFilter
from ..models import DisclosureCatalogueItem
from ..tables import OverdueClockTable


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """依法行政: what a township clerk needs first — this year's plan, the open
    matters and those past their limit, the nearest time limits, and every
    register of the module."""
    from ..registry import MENU

    today = timezone.localdate()
    bench = queries.workbench(request.user, today)
    for c in bench.clocks:
        c.state_label = clocks.STATE_LABELS[c.clock_state]
    home = getattr(request.user, "scope_unit", None)
    return render(
        request,
        "governance/index.html",
        {
            "title": _g("依法行政"),
            "bench": bench,
            "today": today,
            "home": home,
            "can_plan": bool(
                getattr(request.user, "can_write", False)
                and home is not None
                and home.kind == OrgUnit.Kind.TOWNSHIP
            ),
            "sections": [
                {"label": label, "links": [(name, reverse(url)) for name, url in entries]}
                for _key, label, _order, entries in MENU
            ],
        },
    )


class OverdueList(ScopedListView):
    """已超期事项: the governance matters past a time limit (tasks, documents,
    disclosure requests, rectifications … in no one ledger), one row a
    matter: exactly those the 工作台's governance panel counts
    (core.clocks.overdue_matters over the same clocks, the user's work), so
    its figure links here."""

    model = Clock
    table_class = OverdueClockTable
    filterset_class = OverdueMattersFilter

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        # 已超期事项（本乡镇） / （我经办的）: the panel's own words.
        self.title = overdue_label(request.user)
        self.export_name = self.title

    def scoped_queryset(self) -> QuerySet[Clock]:
        today = timezone.localdate()
        return clocks.one_per_record(clocks.overdue_clocks(self.request.user, today, "governance"))

    def optimize(self, qs: QuerySet[Clock]) -> QuerySet[Clock]:
        return qs.select_related("unit").order_by("due_date", "pk")


@login_required
@require_POST
def plan_for_year(request: HttpRequest) -> HttpResponse:
    """制定本年度工作方案: the township's plan for the current year (the step
    returns the existing one if it was made already)."""
    home = getattr(request.user, "scope_unit", None)
    if home is None:
        raise Http404
    try:
        plan = wf.add_year_plan(home, timezone.localdate().year, by=request.user)
    except ValidationError as exc:
        for e in exc.messages:
            messages.error(request, e)
        return redirect("governance:index")
    messages.success(
        request, _g("已建立%(year)s年工作方案，请补充方案内容并分解任务。") % {"year": plan.year}
    )
    return redirect(plan)


# ---------------------------------------------------------------------------
# First-responsible duties, OGI report tables, catalogue
# ---------------------------------------------------------------------------


def _year(request: HttpRequest, *keys: str) -> tuple[int, list[int]]:
    """The year asked for, else the latest year with records of `keys`
    (core.years), and the years the picker offers."""
    return years.from_request(request, *keys, last=2100)


@login_required
def leaders(request: HttpRequest) -> HttpResponse:
    """第一责任人职责: one row per leadership-group member, for the report."""
    year, offered = _year(request, "governance.plans", "governance.meetings")
    groups = (
        LeadershipGroup.objects.visible_to(request.user)
        .select_related("unit")
        .order_by("unit__path", "pk")
    )
    sections = [
        {"group": g, "rows": queries.first_responsible_duties(g, year, request.user)}
        for g in groups[:20]
    ]
    return render(
        request,
        "governance/leaders.html",
        {
            "title": _g("履行推进法治建设第一责任人职责"),
            "year": year,
            "years": offered,
            "sections": sections,
        },
    )


@login_required
def ogi_report(request: HttpRequest) -> HttpResponse:
    """The yearly OGI report tables in the national format, from the records."""
    year, offered = _year(request, "governance.requests", "governance.documents")
    units = units_visible_to(request.user).filter(
        kind__in=[OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.COUNTY]
    )
    raw = request.GET.get("unit", "")
    unit = units.filter(pk=int(raw)).first() if raw.isdigit() else None
    unit = unit or getattr(request.user, "home_unit", None)
    if unit is None or not units_visible_to(request.user).filter(pk=unit.pk).exists():
        raise Http404
    t = queries.ogi_tables(unit, year)
    if request.GET.get("export") == "xlsx":
        header = [_g("项目"), *[str(label) for _k, label in t.columns]]
        rows = [[r["label"], *r["values"]] for r in t.requests]
        audit_unit = unit
        AuditEvent.objects.create(
            actor=request.user,
            actor_name=request.user.display_name,  # type: ignore[union-attr]
            action=AuditEvent.Action.EXPORT,
            object_repr=stored(gettext_noop("政府信息公开年度报告表")),
            unit=audit_unit,
            note=stored(gettext_noop("%(unit)s %(year)s年"), unit=unit.name, year=year),
        )
        return xlsx_response(
            _g("%(year)s年政府信息公开申请办理情况") % {"year": year},
            header,
            rows,
            _g("%(unit)s%(year)s年政府信息公开年度报告表.xlsx") % {"unit": unit.name, "year": year},
        )
    return render(
        request,
        "governance/ogi_report.html",
        {
            "title": _g("政府信息公开工作年度报告表"),
            "t": t,
            "year": year,
            "years": offered,
            "units": units,
            "unit": unit,
            "case_columns": queries.CASE_COLUMNS,
        },
    )


@login_required
@require_POST
def load_catalogue(request: HttpRequest) -> HttpResponse:
    unit = getattr(request.user, "home_unit", None)
    try:
        n = wf.load_standard_catalogue(unit, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        for e in exc.messages:
            messages.error(request, e)
        return redirect("governance:proactive_list")
    messages.success(request, _g("已导入主动公开目录事项 %(n)d 项。") % {"n": n})
    return redirect("governance:catalogue_items")


@login_required
def catalogue_items(request: HttpRequest) -> HttpResponse:
    items = (
        DisclosureCatalogueItem.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(n=Count("disclosures", filter=Q(disclosures__status="published")))
        .order_by("unit__path", "order", "pk")
    )
    return render(
        request,
        "governance/catalogue_items.html",
        {
            "title": _g("主动公开目录"),
            "items": items[:500],
            "can_write": getattr(request.user, "can_write", False),
        },
    )
