"""Which year a year picker opens on: the latest year with records.

A page that shows one year of work (publicity coverage, the county roll-up,
the leaders' duties, the OGI report tables) opens on the latest year in
which the records it shows exist in the user's scope, not on the calendar
year: in January, or on a platform whose records are from an earlier year, the
current year would show only zeros and every unit as a gap.

Each domain app registers where its records are dated (a model and its date
or year field) under a dotted key ("publicity.activities"); a page asks for
the keys it shows ("publicity" means every "publicity.*" source). core never
imports a domain app: the apps call `register` from their registry.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Max, Min, Subquery, Value
from django.utils import timezone

from .models import OrgUnit

FIRST_YEAR = 2000  # the earliest year a picker accepts


@dataclass(frozen=True)
class YearSource:
    key: str
    model: type[models.Model]  # a scoped model (its manager has visible_to)
    field: str  # a DateField, or a year (PositiveSmallIntegerField)


SOURCES: dict[str, YearSource] = {}


def register(key: str, model: type[models.Model], field: str) -> None:
    """Declare that `model`'s records are dated by `field` for pickers asking
    for `key` or one of its dotted prefixes."""
    SOURCES[key] = YearSource(key=key, model=model, field=field)


def _today() -> dt.date:
    return timezone.localdate()


def judged_year(today: dt.date) -> int:
    """The year a yearly target is judged for on `today`: in the first
    quarter the year just ended (no quarter of this year is complete yet and
    the annual report on the year just ended is written then), else this
    year. The leaders' dashboard's training card
    (enforcement.queries.training_standing) judges it, and the training-hours
    page opens on it, so the two show one year."""
    return today.year - 1 if today.month <= 3 else today.year


def _matching(keys: tuple[str, ...]) -> list[YearSource]:
    if not keys:
        return list(SOURCES.values())
    return [
        s for s in SOURCES.values() if any(s.key == k or s.key.startswith(k + ".") for k in keys)
    ]


def _is_date(source: YearSource) -> bool:
    return isinstance(source.model._meta.get_field(source.field), models.DateField)


def _bound(qs: models.QuerySet[Any], field: str, fn: type[Min] | type[Max]) -> Subquery:
    """MIN or MAX of `field` over `qs` as a scalar sub-select."""
    grouped = qs.order_by().annotate(_all=Value(1)).values("_all")
    return Subquery(grouped.annotate(v=fn(field)).values("v")[:1])


def span(user: Any, *keys: str, today: dt.date | None = None) -> tuple[int, int] | None:
    """The first and last year with records of `keys` visible to `user`, up to
    the current year (a plan's future deadline is not a year of work), or None
    when there are none. One query: a MIN and a MAX sub-select per source,
    each an index lookup."""
    today = today or _today()
    sources = _matching(keys)
    if not sources:
        return None
    bounds: dict[str, Subquery] = {}
    for i, source in enumerate(sources):
        qs = source.model.objects.visible_to(user)  # type: ignore[attr-defined]
        limit = today if _is_date(source) else today.year
        qs = qs.filter(**{f"{source.field}__lte": limit})
        bounds[f"lo{i}"] = _bound(qs, source.field, Min)
        bounds[f"hi{i}"] = _bound(qs, source.field, Max)
    # Any one-row table would do as the FROM of the sub-selects; records
    # exist only where units do.
    row = OrgUnit.objects.order_by().annotate(**bounds).values(*bounds).first()
    found = [_year_of(v) for v in (row or {}).values() if v is not None]
    return (min(found), max(found)) if found else None


def _year_of(value: Any) -> int:
    return value.year if isinstance(value, dt.date) else int(value)


def picker(user: Any, *keys: str, today: dt.date | None = None) -> tuple[int, list[int]]:
    """The latest year with records of `keys` in `user`'s scope (the current
    year when there are none), and the years a picker offers, newest first:
    the current year down to the first year with records."""
    today = today or _today()
    found = span(user, *keys, today=today)
    if found is None:
        return today.year, [today.year]
    return found[1], list(range(today.year, min(found[0], today.year) - 1, -1))


def latest(user: Any, *keys: str, today: dt.date | None = None) -> int:
    return picker(user, *keys, today=today)[0]


def from_request(
    request: Any,
    *keys: str,
    param: str = "year",
    today: dt.date | None = None,
    last: int | None = None,
) -> tuple[int, list[int]]:
    """The year `?year=` asks for (FIRST_YEAR..`last`, default the current
    year), else the latest year with records of `keys` for the user; and the
    years to offer (the asked one included)."""
    default, offered = picker(request.user, *keys, today=today)
    last = (today or _today()).year if last is None else last
    raw = str(request.GET.get(param, "")).strip()
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= last:
        year = int(raw)
        return year, offered if year in offered else sorted({*offered, year}, reverse=True)
    return default, offered
