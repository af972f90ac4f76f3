"""Home-page panels. A domain app registers one panel from its registry.py
(`register(key, title, build)`), so core never imports a domain app, like the
menu (core.navigation) and the daily jobs (core.daily).

`build(user, today)` returns the panel's figures: counts in the user's scope
(`visible_to(user)`), computed set-based in a query or two (aggregates with
filtered Counts, never a loop over records). Return an empty list to hide
the panel for this user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .clocks import counts_own_work
from .dbrouter import using_replica
from .models import OrgUnit, scope_prefix


@dataclass(frozen=True)
class Figure:
    label: Any
    value: int
    url: str = ""
    # "danger" / "warning": highlighted while the value is not zero.
    tone: str = ""


Build = Callable[[Any, dt.date], Sequence[Figure]]


@dataclass(frozen=True)
class Panel:
    key: str
    title: Any
    build: Build
    order: int
    roles: frozenset[str] | None


_panels: dict[str, Panel] = {}


def register(key: str, title: Any, build: Build, *, order: int = 50, roles: Any = None) -> None:
    _panels[key] = Panel(key, title, build, order, frozenset(roles) if roles else None)


def panels_for(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """The panels this user sees, in order, each with its figures."""
    if scope_prefix(user) is None:  # administrators have no data scope
        return []
    out = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if panel.roles and not (user.is_superuser or user.role in panel.roles):
            continue
        with using_replica():  # counts only: the replica's lag is acceptable
            figures = list(panel.build(user, today))
        if figures:
            out.append({"key": panel.key, "title": panel.title, "figures": figures})
    return out


# Whose work a count covers, by the unit at the top of the user's scope.
SCOPE_WORDS = {
    OrgUnit.Kind.COUNTY: gettext_lazy("本县"),
    OrgUnit.Kind.TOWNSHIP: gettext_lazy("本乡镇"),
    OrgUnit.Kind.VILLAGE: gettext_lazy("本村"),
    OrgUnit.Kind.COMMUNITY: gettext_lazy("本社区"),
}


def whose(user: Any) -> Any:
    """Whose work the 工作台's counts cover, in words: 我经办的 for a role
    whose work is the cases assigned to them (core.clocks.in_work_of), else
    the user's scope (本乡镇 for a township's leader and offices, 本村, 本县)."""
    if counts_own_work(user):
        return gettext_lazy("我经办的")
    unit = getattr(user, "home_unit", None)
    # An office works for its township (User.scope_path): its parent is
    # already read by the scope.
    if unit is not None and unit.kind == OrgUnit.Kind.DEPARTMENT and unit.parent_id:
        unit = unit.parent
    kind = getattr(unit, "kind", None)
    return SCOPE_WORDS.get(kind, gettext_lazy("本单位"))  # type: ignore[arg-type]


def overdue_label(user: Any) -> str:
    """A module panel's 已超期事项 (core.clocks.overdue_matters), saying whose."""
    return _("已超期事项（%(whose)s）") % {"whose": whose(user)}


def workload(
    qs: QuerySet[Any],
    *,
    active: Q,
    overdue: Q,
    mine: Q,
    overdue_matters: int,
    labels: tuple[Any, Any, Any, Any],
    url: str,
    overdue_url: str = "",
) -> list[Figure]:
    """The four figures most panels show: the matters `active` (in progress,
    not done) in `qs` (the user's scope), the module's 已超期事项
    (`overdue_matters`, from core.clocks.overdue_matters: the leaders'
    dashboard's row for the module, whatever stage the matters are in), the
    user's own active ones (`mine`) and those of them `overdue`. One
    aggregate query over `qs`. `labels` name them in that order."""
    n = qs.aggregate(
        open=Count("pk", filter=active),
        mine=Count("pk", filter=active & mine),
        mine_overdue=Count("pk", filter=active & mine & overdue),
    )
    return [
        Figure(labels[0], n["open"], url),
        Figure(labels[1], overdue_matters, overdue_url, tone="danger"),
        Figure(labels[2], n["mine"]),
        Figure(labels[3], n["mine_overdue"], tone="danger"),
    ]
