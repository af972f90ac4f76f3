"""The leaders' dashboard for the user's scope: what a township leader looks at
first, drawn as charts (ECharts, vendored) whose every bar and cell opens the
records behind it.

- matters in hand per module, month by month (records with a statutory clock
  still running at the month's end, core.Clock);
- clocks overdue and due this week, per module;
- screening rounds held against the rounds due, per unit (mediation's
  `screening_record`);
- publicity coverage, units × sectors (publicity's `coverage`);
- the first row's cards (WATCHED): open work in the user's scope whatever
  year it was received in (high-risk disputes, key cases by owning leader,
  certificates in their renewal window, overdue tasks), and the officers
  behind the yearly training target by a quarter's pace (in the first
  quarter, the year just ended's result). They do not follow the page's
  year; the charts below do.

Every figure is a query over records in `visible_to(user)`, a fixed number of
queries whatever the number of records. Chart data reaches the page through
`json_script`; its labels are made plain `str` here, in the reader's language
(a lazy translation is never handed to the encoder)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Case, CharField, Count, Max, Q, QuerySet, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import clocks as clock_service
from fazhi.core.clocks import count_matters, record_key
from fazhi.core.dashboard import whose
from fazhi.core.i18n import shown
from fazhi.core.indicators import Period
from fazhi.core.models import Clock, OrgUnit
from fazhi.core.models.org import PATH_STEP
from fazhi.core.scope import units_visible_to

from .figures import selector
from .indicators import MODULES


@dataclass(frozen=True)
class Watch:
    """A card of the dashboard's first row: records in the user's scope that
    want a leader's eye today. Open work is counted whatever year it was
    received in (a high-risk dispute found in November is as live on
    4 January) and does not follow the page's year: the year picker is for
    the charts below, the annual report counts a year's records.

    `selector` is a module's documented selector `(user, today) -> QuerySet`,
    already in the user's scope (the training card's gives a TrainingStanding,
    its officers behind); the card's number is its count and the card opens
    its rows (`dashboard_watched`). `detail` names what the list shows
    beside each record (`detail_label`)."""

    key: str
    label: Any
    selector: str
    detail_label: Any
    detail: Callable[[Any], Any]
    tone: str = "danger"


def _on(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def _hours(value: Any) -> str:
    """Hours as a person writes them: 15, 12.5 (not 15.0, 15.00)."""
    return f"{Decimal(value or 0).normalize():f}"


WATCHED: tuple[Watch, ...] = (
    Watch(
        "high-risk-disputes",
        gettext_lazy("高风险矛盾纠纷（未化解）"),
        "fazhi.mediation.queries.high_risk_open_for",
        gettext_lazy("发现/登记日期"),
        lambda d: _on(d.found_on),
    ),
    Watch(
        "key-cases",
        gettext_lazy("在办重点信访案件"),
        "fazhi.petitions.queries.key_cases_open",
        gettext_lazy("包案领导"),
        lambda p: _owner(p),
        tone="",
    ),
    Watch(
        "certificates-expiring",
        gettext_lazy("即将到期的执法证"),
        "fazhi.enforcement.queries.certificates_expiring",
        gettext_lazy("持证人及有效期"),
        lambda c: f"{c.officer} {_on(c.expires_on)}",
        tone="warning-emphasis",
    ),
    Watch(
        "tasks-overdue",
        gettext_lazy("逾期未完成的工作任务"),
        "fazhi.governance.queries.tasks_overdue",
        gettext_lazy("截止日"),
        lambda t: _on(t.due_date),
    ),
    Watch(
        "training",
        gettext_lazy("培训学时未达标的执法人员"),
        "fazhi.enforcement.queries.training_standing",
        gettext_lazy("学时"),
        lambda o: _hours(o.hours),
    ),
)
WATCHES = {w.key: w for w in WATCHED}
OWNER_FIELDS = ("owner_leader", "owner", "leader")
OTHER = "other"


def dashboard_unit(user: Any) -> OrgUnit | None:
    """The unit the dashboard is drawn for: the top of what the user sees.
    An office's staff (司法所, 信访办) work for their whole township and see
    it (`User.scope_path`), so their charts are the township's, as their
    cards are — drawn for the office itself, the screening and coverage
    charts found no village under it and read 没有需要排查的单位."""
    visible = units_visible_to(user)
    scope_path = getattr(user, "scope_path", None)
    path = scope_path() if callable(scope_path) else None
    if path:
        top = visible.filter(path=path).first()
        if top is not None:
            return top
    home = getattr(user, "home_unit", None)
    if home is not None and visible.filter(pk=home.pk).exists():
        return home
    return visible.order_by("depth", "path").first()


def default_year(user: Any, today: dt.date) -> int:
    """The latest year with a clock started in the user's scope (the demo's
    records are from 2024), never after this year."""
    latest = Clock.objects.visible_to(user).aggregate(last=Max("start_date"))["last"]
    return min(latest.year, today.year) if latest else today.year


# ---------------------------------------------------------------------------
# Clocks by module
# ---------------------------------------------------------------------------


def module_q(module: str) -> Q:
    """The clocks of a module: kinds named `petitions.…` or `petition.…`
    (core.clocks.module_q, which the modules' home-page panels count with)."""
    _label, singular = MODULES[module]
    return clock_service.module_q(module, singular)


def _module_case() -> Case:
    return Case(
        *(When(module_q(m), then=Value(m)) for m in MODULES),
        default=Value(OTHER),
        output_field=CharField(),
    )


def module_label(module: str) -> str:
    """The module's name in the reader's language, a plain str (chart JSON)."""
    return str(MODULES[module][0]) if module in MODULES else _("其他")


def _url(name: str) -> str:
    """A module's list page, or "" where this site has no such page (the
    report tests run with the reports' own URLs): the chart then links nowhere."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _day(day: dt.date) -> str:
    return _("%(month)d月%(day)d日") % {"month": day.month, "day": day.day}


def _full_day(day: dt.date) -> str:
    """A date as every page shows one (2026-12-07, fazhi/formats)."""
    return date_format(day)


def _week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def clocks_url(**params: Any) -> str:
    return f"{reverse('reports:dashboard_clocks')}?{urlencode(params)}"


def clock_filter(state: str, today: dt.date) -> Q:
    """The clocks a link of the dashboard stands for: `overdue` (running past
    the due date), `week` (running, due from today to Sunday)."""
    if state == "overdue":
        return clock_service.overdue_q(today)
    if state == "week":
        return Q(status=Clock.Status.RUNNING, due_date__gte=today, due_date__lte=_week_end(today))
    raise ValueError(state)


def open_on(day: dt.date) -> Q:
    """Clocks started by `day` and not finished before its end."""
    return Q(start_date__lte=day) & (~Q(status=Clock.Status.STOPPED) | Q(stopped_on__gt=day))


def clocks_due(user: Any, today: dt.date) -> dict[str, Any]:
    """Matters (distinct records) with a clock overdue, and with one due this
    week, per module, in one grouped query: the home page's 已超期 counts the
    same matters, and each module's panel there its row's
    (`core.clocks.overdue_matters`). Each figure links to those records
    (`per=record`)."""
    rows = (
        Clock.objects.visible_to(user)
        .filter(status=Clock.Status.RUNNING, due_date__lte=_week_end(today))
        .annotate(module=_module_case())
        .values("module")
        .annotate(
            overdue=count_matters(clock_service.overdue_q(today)),
            week=count_matters(Q(due_date__gte=today)),
        )
        .order_by()
    )
    found = {r["module"]: r for r in rows}
    modules = sorted(found, key=lambda m: (-found[m]["overdue"], -found[m]["week"], m))
    return {
        "week_end": _week_end(today),
        "week_end_label": _day(_week_end(today)),
        "rows": [
            {
                "module": m,
                "label": module_label(m),
                "overdue": found[m]["overdue"],
                "week": found[m]["week"],
                "overdue_url": clocks_url(module=m, state="overdue", per="record"),
                "week_url": clocks_url(module=m, state="week", per="record"),
            }
            for m in modules
        ],
    }


def _month_ends(year: int, today: dt.date) -> list[dt.date]:
    """The last day of each month of the year up to today (today for this month)."""
    out = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        if first > today:
            break
        end = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        out.append(min(end, today))
    return out


def open_by_month(user: Any, year: int, today: dt.date) -> dict[str, Any]:
    """Matters in hand per module at each month's end: distinct records with a
    clock still open that day. One grouped query."""
    ends = _month_ends(year, today)
    if not ends:
        return {"months": [], "series": []}
    record = record_key()
    rows = (
        Clock.objects.visible_to(user)
        .filter(open_on(dt.date(year, 1, 1)) | Q(start_date__year=year))
        .annotate(module=_module_case(), record=record)
        .values("module")
        .annotate(
            **{
                f"m{i}": Count("record", distinct=True, filter=open_on(e))
                for i, e in enumerate(ends)
            }
        )
        .order_by()
    )
    series = []
    for row in sorted(
        rows, key=lambda r: list(MODULES).index(r["module"]) if r["module"] in MODULES else 99
    ):
        data = [row[f"m{i}"] for i in range(len(ends))]
        if not any(data):
            continue
        series.append(
            {
                "name": module_label(row["module"]),
                "data": data,
                "links": [
                    clocks_url(module=row["module"], open_on=e.isoformat(), per="record")
                    for e in ends
                ],
            }
        )
    return {"months": [_("%(month)d月") % {"month": e.month} for e in ends], "series": series}


def clock_list(user: Any, params: Any, today: dt.date) -> tuple[QuerySet[Clock], str]:
    """The clocks behind a bar of the dashboard, and what they are in words.
    Unknown parameters answer ValueError (the view says 400). `work=mine`
    (core.clocks.OWN_WORK): only the clocks of the user's work
    (core.clocks.in_work_of), those a 工作台 figure linking here counted."""
    work = params.get("work", "")
    if work not in ("", clock_service.OWN_WORK):
        raise ValueError("work")
    own = work == clock_service.OWN_WORK
    qs = clock_service.in_work_of(user) if own else Clock.objects.visible_to(user)
    words = []
    module = params.get("module", "")
    if module:
        if module == OTHER:
            others = Q()
            for m in MODULES:
                others |= module_q(m)
            qs = qs.exclude(others)
        elif module in MODULES:
            qs = qs.filter(module_q(module))
        else:
            raise ValueError("module")
        words.append(module_label(module))
    state = params.get("state", "")
    day = params.get("open_on", "")
    if state:
        qs = qs.filter(clock_filter(state, today))
        words.append(
            _("已超期")
            if state == "overdue"
            else _("本周到期（%(start)s至%(end)s）")
            % {"start": _day(today), "end": _day(_week_end(today))}
        )
    if day:
        on = dt.date.fromisoformat(day)
        qs = qs.filter(open_on(on))
        words.append(_("%(day)s在办") % {"day": _full_day(on)})
    if own:
        words.append(str(whose(user)))
    if params.get("per") == "record":
        # One row per record (the latest of its clocks among these), as the chart counts.
        first = qs.values("content_type_id", "object_id").annotate(first=Max("pk")).values("first")
        qs = Clock.objects.filter(pk__in=first)
    return qs.select_related("unit").order_by("due_date", "pk"), " · ".join(words)


# ---------------------------------------------------------------------------
# Screening rounds, publicity coverage, watched figures
# ---------------------------------------------------------------------------


def screening(unit: OrgUnit, year: int, today: dt.date) -> dict[str, Any] | None:
    """Rounds held against due per unit: the township's own units, or for a
    county each township with its villages added up."""
    record = selector("fazhi.mediation.queries.screening_record")
    units = selector("fazhi.mediation.queries.screening_units")
    if record is None or units is None:
        return None
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    if start > end:
        return None
    rows: dict[int, dict[str, Any]] = {}
    heads: dict[str, OrgUnit] = {}
    for r in record(units(unit), start, end):
        u = r.unit
        head_path = u.path[: (unit.depth + 2) * (PATH_STEP + 1)]
        head = u if u.depth <= unit.depth + 1 else heads.get(head_path)
        if head is None:
            head = OrgUnit.objects.get(path=head_path)
        heads[head.path] = head
        row = rows.setdefault(head.pk, {"unit": head, "due": 0, "held": 0, "rounds": 0})
        row["due"] += r.due
        row["held"] += r.held
        row["rounds"] += r.rounds
    if not rows:
        return None
    out = list(rows.values())
    if not any(r["due"] or r["rounds"] for r in out):
        # The year's first days, before its first week (or month) has ended:
        # bars of nothing under a 0–1 scale read as a chart that failed.
        return {"empty": True}
    held_url = _url("mediation:screening_list")
    missed_url = _url("mediation:screening_missed")
    return {
        "units": [r["unit"].name for r in out],
        "held": [r["held"] for r in out],
        "missed": [r["due"] - r["held"] for r in out],
        "rounds": [r["rounds"] for r in out],
        "held_links": [
            held_url
            and f"{held_url}?"
            + urlencode(
                {
                    # A unit's own row: its own rounds; a county's township row: with its villages'.
                    ("unit_tree" if r["unit"].depth > unit.depth else "unit"): r["unit"].pk,
                    "screened_on_after": start.isoformat(),
                    "screened_on_before": end.isoformat(),
                }
            )
            for r in out
        ],
        "missed_link": missed_url
        and f"{missed_url}?" + urlencode({"start": start.isoformat(), "end": end.isoformat()}),
    }


def heatmap(unit: OrgUnit, year: int, today: dt.date) -> dict[str, Any] | None:
    """Units × sectors publicity coverage, from the publicity module's documented
    selector `fazhi.publicity.queries.coverage(root, period, today=)`; each cell
    links to the activities held that year reaching that unit in that sector."""
    coverage = selector("fazhi.publicity.queries.coverage")
    if coverage is None:
        return None
    result = coverage(unit, Period.year(year), today=today)
    if not result.units or not result.sectors:
        return None
    if not result.activity_count:
        # A grid of blank cells under a 0–1 scale reads as a chart that failed
        # to draw (the new year's first days, before any activity is held).
        return {"empty": True}
    data: dict[str, Any] = result.heatmap()
    # The sectors' stored names (机关, 企业 …) are their choice labels: shown
    # in the reader's language, as plain text for the chart.
    data["x"] = [shown(name) for name in data["x"]]
    base = _url("publicity:activity_list")
    data["links"] = [
        [
            base
            and f"{base}?"
            + urlencode({"year": year, "status": "held", "reached": u.pk, "sector": s.code})
            for s in result.sectors
        ]
        for u in result.units
    ]
    data["activities"] = result.activity_count
    return data


def _owner(obj: Any) -> str:
    for name in OWNER_FIELDS:
        value = getattr(obj, name, None)
        if value:
            return str(value)
    return _("未指定")


def training_words(standing: Any) -> tuple[str, str]:
    """What the training card's number is, and this year's progress, in words."""
    hours = _hours(standing.expected)
    if standing.final:
        note = _("%(year)s年全年不足%(hours)s学时") % {"year": standing.year, "hours": hours}
    else:
        note = _("按进度至%(day)s应达%(hours)s学时") % {
            "day": _day(standing.as_of),
            "hours": hours,
        }
    if not standing.officers:  # no certified officer in scope (a village): no progress to show
        return note, ""
    progress = _("%(year)s年进度：%(reached)s/%(officers)s人已满%(target)s学时") % {
        "year": standing.progress_year,
        "reached": standing.reached,
        "officers": standing.officers,
        "target": _hours(standing.target),
    }
    return note, progress


def _rows(watch: Watch, user: Any, today: dt.date) -> tuple[QuerySet[Any], str, str] | None:
    """A card's rows in the user's scope, what its number is and the
    progress beside it in words; None while its module does not provide it."""
    rows = selector(watch.selector)
    if rows is None:
        return None
    if watch.key == "training":  # a standing, not rows: the officers behind it
        standing = rows(user, today)
        note, progress = training_words(standing)
        return standing.behind, note, progress
    return rows(user, today), "", ""


def watched(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """The first row's cards (WATCHED). A fixed number of queries: a count
    each, the key cases' owners, the training standing's two."""
    out = []
    for watch in WATCHED:
        found = _rows(watch, user, today)
        if found is None:
            continue
        qs, note, progress = found
        card: dict[str, Any] = {
            "key": watch.key,
            "label": str(watch.label),
            "value": qs.count(),
            "tone": watch.tone,
            "note": note,
            "progress": progress,
            "url": reverse("reports:dashboard_watched", args=[watch.key]),
        }
        if watch.key == "key-cases":
            card["by_owner"] = Counter(_owner(o) for o in qs[:500]).most_common()
        out.append(card)
    return out


def watched_records(user: Any, key: str, today: dt.date) -> tuple[Watch, QuerySet[Any], str] | None:
    """The rows behind a card and what they are in words (the card's note,
    or the day they are counted on); None for a card this site has not."""
    watch = WATCHES.get(key)
    found = _rows(watch, user, today) if watch else None
    if watch is None or found is None:
        return None
    qs, note, _progress = found
    return watch, qs, note or _("截至%(day)s") % {"day": _full_day(today)}


def build(user: Any, year: int, today: dt.date) -> dict[str, Any]:
    unit = dashboard_unit(user)
    if unit is None:
        return {"unit": None, "year": year}
    return {
        "unit": unit,
        "year": year,
        "today": today,
        "due": clocks_due(user, today),
        "open_by_month": open_by_month(user, year, today),
        "screening": screening(unit, year, today),
        "heatmap": heatmap(unit, year, today),
        "watched": watched(user, today),
        "today_label": _full_day(today),
    }
