"""Pure date and money arithmetic of enforcement (no database)."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from . import rules


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day `years` later; a 29 February with no counterpart
    ends on the last day of the month (民法典第二百零二条)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later (or earlier when negative), month
    end when there is none (民法典第二百零二条)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def limitation_end(act_date: dt.date, extended: bool) -> dt.date:
    """The last day on which the act may still be discovered (《行政处罚法》
    第三十六条: 2 years, 5 for the categories named there). The start day is not
    counted (民法典第二百零一条), so an act on 2022-03-01 may be discovered up to
    and including 2024-03-01."""
    years = rules.LIMITATION_YEARS_EXTENDED if extended else rules.LIMITATION_YEARS
    return add_years(act_date, years)


def certificate_expiry(issued_on: dt.date, validity_years: int) -> dt.date:
    """A certificate valid for N years from its issue date runs to the day
    before the anniversary (2022-11-01 → 2027-10-31, LAW.md §4)."""
    return add_years(issued_on, validity_years) - dt.timedelta(days=1)


CENT = Decimal("0.01")


def surcharge(fine: Decimal, due_on: dt.date | None, paid_on: dt.date) -> Decimal:
    """Late-payment surcharge (《行政处罚法》第七十二条第一项): 3% of the fine for
    each day after the due date, never more than the fine itself."""
    if due_on is None or paid_on <= due_on or fine <= 0:
        return Decimal("0.00")
    days = (paid_on - due_on).days
    amount = (fine * rules.SURCHARGE_RATE_PER_DAY * days).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(amount, fine.quantize(CENT))
