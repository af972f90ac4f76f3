"""The leaders' dashboard, its clock and record lists, and the county roll-up."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import years
from fazhi.core.dbrouter import replica_reads
from fazhi.core.models import OrgUnit
from fazhi.core.scope import units_visible_to

from .. import dashboard as dash
from .. import queries
from .records import record_text

# ---------------------------------------------------------------------------
# Dashboard and roll-up
# ---------------------------------------------------------------------------


@login_required
@replica_reads  # figures only: the replica's lag is acceptable here
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= today.year:
        year = int(raw)
    else:
        year = dash.default_year(request.user, today)
    ctx = dash.build(request.user, year, today)
    ctx["title"] = _("领导驾驶舱")
    ctx["years"] = range(today.year, 2019, -1)
    # The three administrators see no records: nothing to show, said in words.
    status = 200 if ctx["unit"] is not None else 403
    return render(request, "reports/dashboard.html", ctx, status=status)


@login_required
@replica_reads  # figures only: the replica's lag is acceptable here
def dashboard_clocks(request: HttpRequest) -> HttpResponse:
    """The clocks (or records) behind a bar of the dashboard."""
    today = timezone.localdate()
    try:
        qs, words = dash.clock_list(request.user, request.GET, today)
    except ValueError:
        return render(
            request,
            "reports/dashboard_clocks.html",
            {"title": _("办理时限"), "error": _("链接的筛选条件有误，请从领导驾驶舱重新进入。")},
            status=400,
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/dashboard_clocks.html",
        {
            "title": _("办理时限"),
            "words": words,
            "page": page,
            "today": today,
            "query": query.urlencode(),
            "per_record": request.GET.get("per") == "record",
        },
    )


@login_required
@replica_reads  # figures only: the replica's lag is acceptable here
def dashboard_watched(request: HttpRequest, key: str) -> HttpResponse:
    """The records behind a card of the dashboard's first row, in the
    viewer's scope, as the card counts them."""
    today = timezone.localdate()
    found = dash.watched_records(request.user, key, today)
    if found is None:
        raise Http404
    watch, qs, words = found
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for obj in page:
        obj.fz_text = record_text(obj)
        obj.fz_detail = watch.detail(obj)
    return render(
        request,
        "reports/dashboard_watched.html",
        {
            "title": str(watch.label),
            "words": words,
            "watch": watch,
            "page": page,
            "detail_label": watch.detail_label,
        },
    )


def _rollup_year(request: HttpRequest) -> tuple[int, list[int]]:
    """The roll-up opens on the latest year a township in scope has a report
    for (the figures it sums are the reports'), else on the latest year with
    any records (core.years)."""
    keys: tuple[str, ...] = ("reports",) if years.span(request.user, "reports") else ()
    return years.from_request(request, *keys)


@login_required
@replica_reads  # figures only: the replica's lag is acceptable here
def rollup(request: HttpRequest) -> HttpResponse:
    year, year_choices = _rollup_year(request)
    visible = units_visible_to(request.user)
    counties = list(visible.filter(kind=OrgUnit.Kind.COUNTY).order_by("path"))
    raw = request.GET.get("unit", "")
    if raw.isdigit():
        root = get_object_or_404(visible, pk=int(raw))
    elif counties:
        root = counties[0]
    else:
        home = getattr(request.user, "home_unit", None)
        if home is None or not visible.filter(pk=home.pk).exists():
            raise Http404
        root = home
    townships = list(queries.child_townships(root).filter(pk__in=visible.values("pk")))
    # Headline figures by default (?all=1 shows every one). Townships without
    # a snapshot are computed from their records together: a grouped query
    # per figure, however many townships.
    show_all = request.GET.get("all") == "1"
    keys = None if show_all else queries.headline_keys()
    table = queries.rollup(root, year, units=townships, keys=keys)
    return render(
        request,
        "reports/rollup.html",
        {
            "root": root,
            "year": year,
            "years": year_choices,
            "counties": counties,
            "table": table.table(),
            "units": table.units,
            "live": table.live,
            "reported": table.reported,
            "show_all": show_all,
            "title": _("%(unit)s %(year)s年指标汇总") % {"unit": root.name, "year": year},
        },
    )
