"""The leaders' dashboard for the user's scope: statutory clocks open and
overdue by module, the watched figures other modules register (high-risk
disputes, key cases by owning leader, certificates expiring), the publicity
coverage gaps, and month-by-month trends."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse

from fazhi.core.indicators import REGISTRY, Period
from fazhi.core.models import Clock, OrgUnit
from fazhi.core.scope import units_visible_to

from . import queries
from .figures import evaluate, selector
from .indicators import MODULES, module_of

# Figures shown as cards when their module has registered them.
WATCHED: tuple[tuple[str, str], ...] = (
    ("mediation.disputes.high_risk", "高风险矛盾纠纷"),
    ("petitions.key_cases", "重点信访案件"),
    ("enforcement.certificates.expiring", "即将到期的执法证"),
    ("enforcement.officers.below_training_target", "培训学时未达标的执法人员"),
    ("governance.plan.tasks.overdue", "逾期未完成的工作任务"),
)
# Month-by-month trends of these figures, where registered.
TRENDS: tuple[str, ...] = (
    "petitions.received",
    "mediation.disputes",
    "mediation.cases.accepted",
    "enforcement.cases",
    "publicity.activities",
)
OWNER_FIELDS = ("owner_leader", "owner", "leader")


def dashboard_unit(user: Any) -> OrgUnit | None:
    home = getattr(user, "home_unit", None)
    visible = units_visible_to(user)
    if home is not None and visible.filter(pk=home.pk).exists():
        return home
    return visible.order_by("depth", "path").first()


def clock_summary(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """Open and overdue clocks by module, in two grouped queries."""
    rows = (
        Clock.objects.visible_to(user)
        .exclude(status=Clock.Status.STOPPED)
        .values("kind")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(status=Clock.Status.RUNNING, due_date__lt=today)),
        )
        .order_by()
    )
    opened: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    for row in rows:
        module = module_of(row["kind"])
        opened[module] += row["open"]
        overdue[module] += row["overdue"]
    return [
        {
            "module": module,
            "label": MODULES[module][0] if module in MODULES else module,
            "open": opened[module],
            "overdue": overdue[module],
        }
        for module in sorted(opened, key=lambda m: (-overdue[m], -opened[m], m))
    ]


def _owner(obj: Any) -> str:
    for name in OWNER_FIELDS:
        value = getattr(obj, name, None)
        if value:
            return str(value)
    return "未指定"


def watched(unit: OrgUnit, year: int, user: Any) -> list[dict[str, Any]]:
    out = []
    period = Period.year(year)
    for key, label in WATCHED:
        if key not in REGISTRY:
            continue
        value = evaluate(key, unit, period)
        card: dict[str, Any] = {
            "key": key,
            "label": label,
            "value": value,
            "url": reverse("reports:figure_records", args=[unit.pk, year, key]),
        }
        ind = REGISTRY[key]
        if key == "petitions.key_cases" and ind.records is not None:
            qs = ind.records(unit, period)
            manager = qs.model._default_manager
            if hasattr(manager, "visible_to"):
                qs = qs.filter(pk__in=manager.visible_to(user).values("pk"))
                card["by_owner"] = Counter(_owner(o) for o in qs[:500]).most_common()
        out.append(card)
    return out


def trends(unit: OrgUnit, year: int, user: Any) -> dict[str, Any]:
    """Twelve months of clocks started per module (always available) and of
    the registered trend figures."""
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    series: dict[str, list[int]] = {}
    rows = (
        Clock.objects.visible_to(user)
        .filter(start_date__year=year)
        .annotate(month=TruncMonth("start_date"))
        .values("kind", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        label = f"{MODULES.get(module_of(row['kind']), (module_of(row['kind']),))[0]}时限"
        values = series.setdefault(label, [0] * 12)
        month = row["month"]
        index = (month.month if hasattr(month, "month") else int(str(month)[5:7])) - 1
        values[index] += row["n"]
    for key in TRENDS:
        ind = REGISTRY.get(key)
        if ind is None:
            continue
        values = []
        for m in months:
            end = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            number = ind.compute(unit, Period(m, end))
            values.append(int(number or 0) if isinstance(number, int | float) else 0)
        series[ind.label] = values
    return {
        "months": [f"{m.month}月" for m in months],
        "series": [{"name": name, "type": "line", "data": data} for name, data in series.items()],
    }


def heatmap(unit: OrgUnit, year: int, today: dt.date) -> dict[str, Any] | None:
    """Units × sectors publicity coverage, from the publicity module's documented
    selector `fazhi.publicity.queries.coverage(root, period, today=)`."""
    coverage = selector("fazhi.publicity.queries.coverage")
    if coverage is None:
        return None
    result = coverage(unit, Period.year(year), today=today)
    data: dict[str, Any] = result.heatmap()
    return data


def build(user: Any, year: int, today: dt.date) -> dict[str, Any]:
    unit = dashboard_unit(user)
    if unit is None:
        return {"unit": None, "year": year}
    gaps = queries.value_of(unit, year, "publicity.sectors.unreached")
    heat = heatmap(unit, year, today)
    return {
        "heatmap_json": json.dumps(heat, ensure_ascii=False) if heat else "",
        "unit": unit,
        "year": year,
        "clock_rows": clock_summary(user, today),
        "watched": watched(unit, year, user),
        "gaps": gaps,
        "trend_json": json.dumps(trends(unit, year, user), ensure_ascii=False),
    }
