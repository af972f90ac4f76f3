"""The report's two deadlines, 报送县级 (LAW.md §11.2) and 向社会公开 (§11.3):
the due dates of its two clocks, started with the draft (workflow.drafting).

The report keeps no copy of them. Entering a year's holiday notice recomputes
the clocks (core.calendar_entry), which drive the reminders, the overdue state
and the dashboard; a date stored on the report stayed behind and the report's
page, list and API showed another day than its clock. `AnnualReport.submit_due`
and the others read the clock through `of`; a list loads them with its rows
(`columns`, through queries.with_deadlines).

Nothing here imports the models (they read their deadlines from here).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from fazhi.core import clocks, rulesettings
from fazhi.core.models import Clock, OrgUnit
from fazhi.core.workdays import CalendarMissing, due_date

from . import rules

CLOCK_SUBMIT = "reports.submit"
CLOCK_PUBLISH = "reports.publish"

# Each clock kind: its setting (the "MM-DD" of the year after the reported
# one), and the names its due date and 暂定 year are loaded with a row as.
KINDS: dict[str, tuple[rulesettings.RuleSetting, str, str]] = {
    CLOCK_SUBMIT: (rules.SUBMIT_BY, "submit_clock_due", "submit_clock_provisional"),
    CLOCK_PUBLISH: (rules.PUBLISH_BY, "publish_clock_due", "publish_clock_provisional"),
}


def counted(
    unit: OrgUnit, year: int, setting: rulesettings.RuleSetting
) -> tuple[dt.date, int | None]:
    """A "MM-DD" setting of the year after the reported one, as the clock
    timing it counts it (a period's last day on a rest day moves to the next
    working day: 3月1日 2025 is a Saturday, so 2025-03-03), and the year whose
    holiday notice the date waits for (暂定), else None. A date the work
    calendar does not reach is the set day itself."""
    raw = rulesettings.get(unit, setting.key)
    try:
        month, day = (int(p) for p in str(raw).split("-"))
        nominal = dt.date(year + 1, month, day)
    except (TypeError, ValueError):
        month, day = (int(p) for p in str(setting.default).split("-"))
        nominal = dt.date(year + 1, month, day)
    start = dt.date(year, 12, 31)
    try:
        due = due_date(start, (nominal - start).days, "calendar", clocks.load_calendar())
    except CalendarMissing:
        return nominal, None
    return due.date, due.provisional_year


def deadline(unit: OrgUnit, year: int, setting: rulesettings.RuleSetting) -> dt.date:
    """The due date a report's clock for `setting` is started with (`counted`)."""
    return counted(unit, year, setting)[0]


def _column(model: type[models.Model], kind: str, column: str) -> models.Subquery:
    """A column of the record's clock of `kind`, the clock `core.clocks.clock`
    picks (the unfinished one, else the latest)."""
    finished_last = models.Case(
        models.When(status=Clock.Status.STOPPED, then=models.Value(1)), default=models.Value(0)
    )
    return models.Subquery(
        Clock.objects.filter(
            # By name, in the SQL: building a queryset asks the database
            # nothing (the API's schema is generated without one).
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id=models.OuterRef("pk"),
            kind=kind,
        )
        .order_by(finished_last, "-start_date", "-pk")
        .values(column)[:1]
    )


def columns(model: type[models.Model]) -> dict[str, models.Subquery]:
    """Each clock's due date and 暂定 year as sub-selects of the report's row."""
    out: dict[str, models.Subquery] = {}
    for kind, (_setting, due, provisional) in KINDS.items():
        out[due] = _column(model, kind, "due_date")
        out[provisional] = _column(model, kind, "provisional_year")
    return out


def of(report: Any, kind: str) -> tuple[dt.date, int | None]:
    """The report's deadline of clock `kind` and its 暂定 year (else None).

    Read from the row's `columns` when it was loaded with them, else from
    the clock (one query). A report drafted for a year the work calendar did
    not reach has no clock (workflow._common.start_clock): its date is counted
    now, as a clock would count it."""
    setting, due_name, provisional_name = KINDS[kind]
    loaded = report.__dict__
    if due_name not in loaded:
        found = clocks.clock(report, kind)
        if found is not None and found.due_date is not None:
            return found.due_date, found.provisional_year
        return counted(report.unit, report.year, setting)
    if loaded[due_name] is None:
        # Counted once for the loaded row, not once for each of its cells.
        loaded[due_name], loaded[provisional_name] = counted(report.unit, report.year, setting)
    return loaded[due_name], loaded.get(provisional_name)
