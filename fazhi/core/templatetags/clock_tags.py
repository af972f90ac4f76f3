"""`{% provisional x %}`: the 暂定 mark beside a due date computed on the
provisional calendar (core.workdays: a year whose State Council notice is not
entered yet). `x` is a Clock, a workdays.Due, or the provisional year itself
(an annotation such as a ledger's `handling_due_provisional`); nothing is
shown for a final due date.

    {% load clock_tags %}
    {{ c.due_date|date:"Y-m-d" }}{% provisional c %}
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fazhi.core.models import Clock
from fazhi.core.workdays import provisional_note

register = template.Library()


def provisional_year(value: Any) -> int | None:
    """The provisional year of a Clock, a Due or a bare year; None if final."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Clock):
        return value.shown_provisional_year
    year = getattr(value, "provisional_year", None)
    if year is None:
        return None
    # A paused clock has no due date to mark.
    if hasattr(value, "due_date") and getattr(value, "due_date", None) is None:
        return None
    return int(year)


def _due_year(value: Any) -> int | None:
    """The year of a Clock's or a Due's date, to name every provisional year up
    to it; unknown for a bare year."""
    due = getattr(value, "due_date", None) or getattr(value, "date", None)
    return due.year if isinstance(due, dt.date) else None


def provisional_html(value: Any) -> SafeString:
    year = provisional_year(value)
    if year is None:
        return SafeString("")
    return format_html(
        # text-wrap: a badge does not wrap, and this one ran a phone's clock table off the screen.
        ' <span class="badge text-bg-warning fw-normal text-wrap" data-testid="provisional"'
        ' title="{}">{}</span>',
        _("国务院该年度放假安排录入后，截止日将重新计算并通知办理人。"),
        provisional_note(year, _due_year(value)),
    )


@register.simple_tag
def provisional(value: Any) -> SafeString:
    return provisional_html(value)
