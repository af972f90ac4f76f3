"""Counting statutory periods: pure date arithmetic over a work calendar.

Nothing here touches the database: `core.clocks.load_calendar` builds the
`WorkCalendar` from the CalendarYear/CalendarDay tables and stores the results
on each Clock. Keeping the arithmetic pure lets it be checked exhaustively
(tests/core/test_workdays.py) and reused by the deadline calculator.

Day-counting rules (LAW.md §0.1):

* The start day is not counted; counting begins the next day (民法典第二百零一条),
  unless a rule says the start day counts (`count_start=True`).
* A period in calendar days whose last day is a rest day (法定休假日: a weekend
  or an official holiday) ends on the next working day (民法典第二百零三条).
  A make-up working Saturday/Sunday (调休上班日) is a working day, so no roll.
* A period in working days (工作日) counts only working days: weekdays that are
  not official holidays, plus make-up working weekend days (行政处罚法第八十五条,
  行政复议法第八十八条, 行政强制法第六十九条, 政府信息公开条例).
* A pause (中止) excludes days from counting. A pause is the half-open interval
  [from, to): the day the clock is paused does not count, counting resumes on
  `to` itself (the clock runs again that day). A same-day pause and resume
  therefore excludes nothing, and a pause of k days shifts a calendar-day due
  date by at most k days.
* An extension (延长) adds days in the clock's own unit to its length; the
  roll-forward of Art 203 applies once, to the last day of the extended period.

A year whose State Council notice is not entered yet is **provisional**
(LAW.md §0.1 "Provisional calendar"): from `WorkCalendar.provisional_from` on,
a year missing from `years` is counted with the statutory holidays of
《全国年节及纪念日放假办法》 (as amended, in force 2025-01-01, Art 2: 元旦 1 day,
春节 4 days from 除夕, 清明 1, 劳动节 1–2 May, 端午 1, 中秋 1, 国庆 1–3 Oct),
weekends as rest and no make-up working days. The lunar dates come from the
maintained `holidays` library. A due date that depended on such a year says so
(`Due.provisional_year`, and a closing step), because the notice usually adds
rest days and make-up working weekend days and so may move it.

A year before `provisional_from` (before the first entered year, or before the
2025 law) is never guessed: reaching it raises `CalendarMissing`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

Unit = Literal["calendar", "working"]
CALENDAR: Unit = "calendar"
WORKING: Unit = "working"
UNITS: tuple[Unit, ...] = (CALENDAR, WORKING)

Pause = tuple[dt.date, dt.date | None]

# Stored in explanations in Chinese; core.i18n.shown translates them on a page.
WEEKDAYS = (
    gettext_noop("星期一"),
    gettext_noop("星期二"),
    gettext_noop("星期三"),
    gettext_noop("星期四"),
    gettext_noop("星期五"),
    gettext_noop("星期六"),
    gettext_noop("星期日"),
)
ONE_DAY = dt.timedelta(days=1)

# Articles quoted in the explanation so a clerk can look the rule up.
ART_201 = "民法典第二百零一条"
ART_203 = "民法典第二百零三条"


# 《全国年节及纪念日放假办法》 as amended by the State Council in 2024-11, in
# force 2025-01-01: the provisional calendar follows it, so no year before 2025
# is ever computed provisionally (the 2013 text had 11 days, not 13).
PROVISIONAL_LAW = "《全国年节及纪念日放假办法》"
PROVISIONAL_LAW_FROM = 2025
# The lunar-date library's range (holidays.China); beyond it nothing is guessed.
PROVISIONAL_LAST_YEAR = 2099

# holidays.China names (English) of the statutory days of Art 2; anything else
# it lists (the "Day off (substituted from …)" days it knows from past notices)
# is not statutory and is left out of the provisional calendar.
_STATUTORY_NAMES = {
    "New Year's Day": gettext_noop("元旦"),
    "Chinese New Year's Eve": gettext_noop("春节"),
    "Chinese New Year (Spring Festival)": gettext_noop("春节"),
    "Tomb-Sweeping Day": gettext_noop("清明节"),
    "Labor Day": gettext_noop("劳动节"),
    "Dragon Boat Festival": gettext_noop("端午节"),
    "Mid-Autumn Festival": gettext_noop("中秋节"),
    "National Day": gettext_noop("国庆节"),
}


class CalendarMissing(ValidationError):
    """`year` lies before the first year the work calendar holds (or before the
    law the provisional calendar follows), so a working day in that year (or
    whether a last day there is a holiday) cannot be decided: the past is
    never guessed."""

    def __init__(self, year: int, first_year: int | None = None) -> None:
        self.year = year
        self.first_year = first_year
        since = (
            gettext("工作日历自%(year)s年起") % {"year": first_year}
            if first_year
            else gettext("工作日历尚无任何年度")
        )
        super().__init__(
            gettext(
                "%(year)s年的节假日安排尚未录入工作日历（%(since)s），无法计算该年的工作日。"
                "请系统管理员在“工作日历”中录入%(year)s年的放假安排后再试。"
            )
            % {"year": year, "since": since},
            code="calendar_missing",
        )


def provisional_note(year: int, last: int | None = None) -> str:
    """The words shown beside a due date computed on a provisional year
    (in the request's language; stored explanations stay Chinese).

    `last`: the due date's year. A long period started in December of a year
    whose successor is not entered can reach two unpublished years; both are
    named, since entering the first notice alone leaves the date provisional."""
    if last is not None and last > year:
        return gettext("暂定（%(first)s—%(last)s年放假安排未公布）") % {"first": year, "last": last}
    return gettext("暂定（%(year)s年放假安排未公布）") % {"year": year}


def _provisional_step(year: int, last: int | None = None) -> str:
    if last is not None and last > year:
        return gettext_noop("暂定（%(first)s—%(last)s年放假安排未公布）") % {
            "first": year,
            "last": last,
        }
    return gettext_noop("暂定（%(year)s年放假安排未公布）") % {"year": year}


@functools.lru_cache(maxsize=256)
def statutory_holidays(year: int) -> Mapping[dt.date, str]:
    """{date: Chinese name} of the statutory holidays of `year` under
    《全国年节及纪念日放假办法》 Art 2 (as amended, in force 2025): 13 days,
    lunar dates from the `holidays` library. No make-up days, no extra rest
    days: those only the State Council's annual notice decides."""
    import holidays

    found = holidays.country_holidays("CN", years=year, observed=False)
    days: dict[dt.date, str] = {}
    for day, label in sorted(found.items()):
        names = [_STATUTORY_NAMES[n] for n in str(label).split("; ") if n in _STATUTORY_NAMES]
        if names:
            days[day] = "、".join(dict.fromkeys(names))
    return days


class ClockPaused(ValidationError):
    """The period is paused with no resume date, so its due date is not yet
    determined. `counted` days had run before the pause, `remaining` are left;
    `steps` explain the count so far (stored on the clock while it is paused)."""

    def __init__(
        self, paused_on: dt.date, *, counted: int, remaining: int, steps: list[str]
    ) -> None:
        self.paused_on = paused_on
        self.counted = counted
        self.remaining = remaining
        self.steps = steps
        super().__init__(
            gettext("期限自 %(on)s 起中止，尚未恢复计算，截止日待恢复后确定。")
            % {"on": paused_on.isoformat()},
            code="clock_paused",
        )


def weekday_name(d: dt.date) -> str:
    return WEEKDAYS[d.weekday()]


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _iso_wd(d: dt.date) -> str:
    return f"{d.isoformat()}（{weekday_name(d)}）"


class WorkCalendar:
    """Official holidays and make-up workdays of the years whose schedule is known.

    `holidays` are days off by the State Council's notice (including the
    weekend days inside a holiday block), `workdays` the make-up working
    weekend days (调休上班日), `years` the years whose schedule is complete,
    `names` an optional holiday name per date ("国庆节") used in explanations.

    `provisional_from`: from this year on, a year not in `years` is counted
    on the provisional calendar (`statutory_holidays`, weekends, no make-up
    days) instead of refused; None (the default) refuses every unknown year.
    """

    __slots__ = ("holidays", "names", "provisional_from", "workdays", "years")

    def __init__(
        self,
        holidays: Iterable[dt.date] = (),
        workdays: Iterable[dt.date] = (),
        years: Iterable[int] = (),
        names: Mapping[dt.date, str] | None = None,
        provisional_from: int | None = None,
    ) -> None:
        self.holidays: frozenset[dt.date] = frozenset(holidays)
        self.workdays: frozenset[dt.date] = frozenset(workdays)
        self.years: frozenset[int] = frozenset(years)
        self.names: Mapping[dt.date, str] = dict(names or {})
        if provisional_from is not None:
            provisional_from = max(provisional_from, PROVISIONAL_LAW_FROM)
        self.provisional_from: int | None = provisional_from
        both = self.holidays & self.workdays
        if both:
            first = min(both)
            raise ValueError(
                gettext("%(date)s 不能同时是节假日和调休上班日。") % {"date": first.isoformat()}
            )

    def __repr__(self) -> str:
        years = ",".join(str(y) for y in sorted(self.years))
        counts = f"holidays={len(self.holidays)} workdays={len(self.workdays)}"
        return f"<WorkCalendar years={years} {counts} provisional_from={self.provisional_from}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        mine = (self.holidays, self.workdays, self.years, dict(self.names), self.provisional_from)
        return mine == (
            other.holidays,
            other.workdays,
            other.years,
            dict(other.names),
            other.provisional_from,
        )

    def __hash__(self) -> int:
        return hash((self.holidays, self.workdays, self.years, self.provisional_from))

    def knows(self, year: int) -> bool:
        """The year's notice is entered (its schedule is final)."""
        return year in self.years

    def is_provisional(self, year: int) -> bool:
        """The year is counted on the provisional calendar (no notice entered)."""
        return (
            year not in self.years
            and self.provisional_from is not None
            and self.provisional_from <= year <= PROVISIONAL_LAST_YEAR
        )

    def can_count(self, year: int) -> bool:
        """Working days of the year can be decided, finally or provisionally."""
        return year in self.years or self.is_provisional(year)

    def first_year(self) -> int | None:
        return min(self.years) if self.years else None

    def check(self, d: dt.date) -> None:
        if not self.can_count(d.year):
            raise CalendarMissing(d.year, self.first_year())

    def _holiday(self, d: dt.date) -> bool:
        if d.year in self.years:
            return d in self.holidays
        return d in statutory_holidays(d.year)

    def is_working_day(self, d: dt.date) -> bool:
        """A weekday that is not an official holiday, or a make-up workday."""
        self.check(d)
        if d in self.workdays:
            return True
        if self._holiday(d):
            return False
        return d.weekday() < 5

    def is_rest_day(self, d: dt.date) -> bool:
        """A weekend day or official holiday (法定休假日), unless a make-up workday."""
        return not self.is_working_day(d)

    def is_holiday(self, d: dt.date) -> bool:
        self.check(d)
        return self._holiday(d)

    def is_makeup_workday(self, d: dt.date) -> bool:
        self.check(d)
        return d in self.workdays

    def name(self, d: dt.date) -> str:
        if d.year not in self.years and self.is_provisional(d.year):
            return statutory_holidays(d.year).get(d, "")
        return self.names.get(d, "")

    def provisional_years(self, first: dt.date, last: dt.date) -> list[int]:
        """The provisional years among those of the days first..last."""
        return [y for y in range(first.year, last.year + 1) if self.is_provisional(y)]

    def restricted(self, years: Iterable[int]) -> WorkCalendar:
        """The same calendar knowing only `years` (and the days in them)."""
        keep = self.years & frozenset(years)
        return WorkCalendar(
            holidays=(d for d in self.holidays if d.year in keep),
            workdays=(d for d in self.workdays if d.year in keep),
            years=keep,
            names={d: n for d, n in self.names.items() if d.year in keep},
            provisional_from=self.provisional_from,
        )


@dataclass(frozen=True)
class Due:
    """A due date and the steps that explain it, in words a clerk can check.

    `provisional_year`: the first year counted on the provisional calendar
    (no notice entered) between the start and the due date, else None: the
    date may still move when that year's notice is entered."""

    date: dt.date
    steps: list[str]
    provisional_year: int | None = None

    @property
    def provisional(self) -> bool:
        return self.provisional_year is not None

    @property
    def provisional_last_year(self) -> int | None:
        """The last provisional year the period reaches: the due date's."""
        return self.date.year if self.provisional_year else None

    @property
    def provisional_note(self) -> str:
        if not self.provisional_year:
            return ""
        return provisional_note(self.provisional_year, self.date.year)


def _check_unit(unit: str) -> Unit:
    if unit == CALENDAR:
        return CALENDAR
    if unit == WORKING:
        return WORKING
    raise ValueError(
        gettext("未知的计算单位 %(unit)s，应为 calendar（日）或 working（工作日）。")
        % {"unit": repr(unit)}
    )


def _normalise_pauses(pauses: Iterable[Pause]) -> list[Pause]:
    spans: list[Pause] = []
    for begin, end in pauses:
        if end is not None and end < begin:
            raise ValueError(
                gettext("中止区间有误：恢复日 %(end)s 早于中止日 %(begin)s。")
                % {"end": _iso(end), "begin": _iso(begin)}
            )
        spans.append((begin, end))
    return sorted(spans, key=lambda s: s[0])


def _pause_state(day: dt.date, spans: Sequence[Pause]) -> tuple[bool, dt.date | None]:
    """(is the day paused, start of the open pause covering it if any)."""
    for begin, end in spans:
        if begin <= day and (end is None or day < end):
            return True, (begin if end is None else None)
    return False, None


class _Skips:
    """Collects excluded days and renders runs of them as one line each, so a
    seven-day National Day break reads as one line, not seven."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.lines: list[str] = []
        self._kind = ""
        self._first: dt.date | None = None
        self._last: dt.date | None = None

    def add(self, day: dt.date, kind: str) -> None:
        if self._last is not None and kind == self._kind and day == self._last + ONE_DAY:
            self._last = day
            return
        self.flush()
        self._kind, self._first, self._last = kind, day, day

    def flush(self) -> None:
        if self._first is None or self._last is None:
            return
        first, last = self._first, self._last
        # A single day carries its weekday, so a clerk sees why it is a rest day.
        if self._kind == "pause":
            if first == last:
                line = gettext_noop("%(day)s期限中止，不计入") % {"day": _iso_wd(first)}
            else:
                line = gettext_noop("%(first)s 至 %(last)s 期限中止，不计入") % {
                    "first": _iso(first),
                    "last": _iso(last),
                }
        elif first == last:
            line = gettext_noop("%(day)s%(reason)s，不计入") % {
                "day": _iso_wd(first),
                "reason": self.rest_reason(first, last),
            }
        else:
            line = gettext_noop("%(first)s 至 %(last)s %(reason)s，不计入") % {
                "first": _iso(first),
                "last": _iso(last),
                "reason": self.rest_reason(first, last),
            }
        self.lines.append(line)
        self._first = self._last = None

    def rest_reason(self, first: dt.date, last: dt.date) -> str:
        names: list[str] = []
        day = first
        while day <= last:
            if self.calendar.is_holiday(day):
                name = self.calendar.name(day) or gettext_noop("法定节假日")
                if name not in names:
                    names.append(name)
            day += ONE_DAY
        if names:
            return gettext_noop("%(names)s放假") % {"names": "、".join(names)}
        return gettext_noop("周末休息")


def _rest_run_end(day: dt.date, calendar: WorkCalendar) -> dt.date:
    """The last rest day of the run of rest days starting at `day`."""
    end = day
    while calendar.is_rest_day(end + ONE_DAY):
        end += ONE_DAY
    return end


def due_date(
    start: dt.date,
    length: int,
    unit: str,
    calendar: WorkCalendar,
    *,
    count_start: bool = False,
    pauses: Iterable[Pause] = (),
    extension_days: int = 0,
) -> Due:
    """The last day of a period of `length` (+ `extension_days`) days in `unit`
    ("calendar" or "working") starting on `start`, with the rules of LAW.md §0.1.

    `pauses` are (from, to) intervals, `to` exclusive, during which days do not
    count. If a pause has no end (`to` is None) and the period had not run in
    full before it began, the due date is undetermined and `ClockPaused` is
    raised (it carries the days counted and remaining). `CalendarMissing` is
    raised when a day whose status matters lies in a year the calendar lacks.
    Length 0 means the start day itself, moved to the next working day if it
    is a rest day.
    """
    unit = _check_unit(unit)
    if length < 0 or extension_days < 0:
        raise ValueError(gettext("期限和延长天数不能为负数。"))
    spans = _normalise_pauses(pauses)
    total = length + extension_days
    working = unit == WORKING
    figures = {"length": length, "extension_days": extension_days, "total": total}

    steps: list[str] = []
    if extension_days and working:
        steps.append(
            gettext_noop(
                "期限%(length)s个工作日，延长%(extension_days)s个工作日，合计%(total)s个工作日"
            )
            % figures
        )
    elif extension_days:
        steps.append(
            gettext_noop("期限%(length)s日，延长%(extension_days)s日，合计%(total)s日") % figures
        )
    elif working:
        steps.append(gettext_noop("期限%(total)s个工作日") % figures)
    else:
        steps.append(gettext_noop("期限%(total)s日") % figures)

    if total == 0:
        steps.append(
            gettext_noop("起算日 %(start)s，期限为0，以起算日当天为最后一日")
            % {"start": _iso_wd(start)}
        )
        return _finish(start, start, 0, unit, calendar, steps)

    skips = _Skips(calendar)
    counted = 0
    first_counted: dt.date | None = None
    day = start if count_start else start + ONE_DAY
    while True:
        paused, open_from = _pause_state(day, spans)
        if open_from is not None:
            skips.flush()
            steps[1:1] = [_start_step(start, count_start, unit, first_counted)]
            steps.extend(skips.lines)
            paused_figures = {
                "on": _iso(open_from),
                "counted": counted,
                "remaining_days": total - counted,
            }
            steps.append(
                (
                    gettext_noop(
                        "自 %(on)s 起期限中止，尚未恢复；中止前已计%(counted)s个工作日，"
                        "尚余%(remaining_days)s个工作日，恢复计算后重新确定截止日"
                    )
                    if working
                    else gettext_noop(
                        "自 %(on)s 起期限中止，尚未恢复；中止前已计%(counted)s日，"
                        "尚余%(remaining_days)s日，恢复计算后重新确定截止日"
                    )
                )
                % paused_figures
            )
            raise ClockPaused(open_from, counted=counted, remaining=total - counted, steps=steps)
        if paused:
            skips.add(day, "pause")
        elif working and not calendar.is_working_day(day):
            skips.add(day, "rest")
        else:
            counted += 1
            if first_counted is None:
                first_counted = day
            if working and day in calendar.workdays:
                skips.flush()
                name = calendar.name(day)
                what = (
                    gettext_noop("%(name)s调休上班日") % {"name": name}
                    if name
                    else gettext_noop("调休上班日")
                )
                skips.lines.append(
                    gettext_noop("%(day)s为%(what)s，计为第%(counted)s个工作日")
                    % {"day": _iso_wd(day), "what": what, "counted": counted}
                )
            if counted == total:
                break
        day += ONE_DAY
    skips.flush()
    steps.insert(1, _start_step(start, count_start, unit, first_counted))
    steps.extend(skips.lines)
    return _finish(start, day, total, unit, calendar, steps)


def _start_step(start: dt.date, count_start: bool, unit: Unit, first: dt.date | None) -> str:
    values = {"start": _iso_wd(start), "rule": ART_201}
    if unit == WORKING:
        if first:
            values["first"] = _iso_wd(first)
            if count_start:
                return (
                    gettext_noop("起算日 %(start)s依规定计入期限，第1个工作日为 %(first)s") % values
                )
            return (
                gettext_noop(
                    "起算日 %(start)s不计入，自次日起计算（%(rule)s），第1个工作日为 %(first)s"
                )
                % values
            )
        if count_start:
            return gettext_noop("起算日 %(start)s依规定计入期限") % values
        return gettext_noop("起算日 %(start)s不计入，自次日起计算（%(rule)s）") % values
    if count_start:
        return gettext_noop("起算日 %(start)s依规定计入期限，为第1日") % values
    values["first"] = _iso(start + ONE_DAY)
    return gettext_noop("起算日 %(start)s不计入，第1日为 %(first)s（%(rule)s）") % values


def _finish(
    start: dt.date, last: dt.date, total: int, unit: Unit, calendar: WorkCalendar, steps: list[str]
) -> Due:
    """Apply Art 203 to the last counted day and write the closing step."""
    due = _last_day(last, total, unit, calendar, steps)
    years = calendar.provisional_years(start, due)
    if not years:
        return Due(due, steps)
    listed = "、".join(gettext_noop("%(year)s年") % {"year": y} for y in years)
    note = _provisional_step(years[0], years[-1])
    steps.append(
        gettext_noop(
            "%(note)s：%(years)s按%(law)s规定的法定节假日和周末暂定计算，"
            "未含调休；录入国务院放假安排后重新计算"
        )
        % {"note": note, "years": listed, "law": PROVISIONAL_LAW}
    )
    return Due(due, steps, provisional_year=years[0])


def _last_day(
    last: dt.date, total: int, unit: Unit, calendar: WorkCalendar, steps: list[str]
) -> dt.date:
    if total == 0:
        ordinal = gettext_noop("最后一日")
    elif unit == WORKING:
        ordinal = gettext_noop("第%(total)s个工作日") % {"total": total}
    else:
        ordinal = gettext_noop("第%(total)s日") % {"total": total}
    if calendar.is_working_day(last):
        steps.append(
            gettext_noop("%(ordinal)s为 %(day)s，截止日 %(due)s")
            % {"ordinal": ordinal, "day": _iso_wd(last), "due": _iso(last)}
        )
        return last
    # Only reachable for calendar-day periods and length 0: a working-day
    # count always ends on a working day.
    run_end = _rest_run_end(last, calendar)
    due = run_end + ONE_DAY
    reason = _Skips(calendar).rest_reason(last, run_end)
    values = {
        "ordinal": ordinal,
        "day": _iso_wd(last),
        "reason": reason,
        "due": _iso_wd(due),
        "rule": ART_203,
    }
    if run_end != last:
        values["through"] = _iso(run_end)
        steps.append(
            gettext_noop(
                "%(ordinal)s为 %(day)s，适逢%(reason)s（至 %(through)s），"
                "顺延至下一个工作日，截止日 %(due)s（%(rule)s）"
            )
            % values
        )
    else:
        steps.append(
            gettext_noop(
                "%(ordinal)s为 %(day)s，适逢%(reason)s，"
                "顺延至下一个工作日，截止日 %(due)s（%(rule)s）"
            )
            % values
        )
    return due


def due_date_or_none(
    start: dt.date,
    length: int,
    unit: str,
    calendar: WorkCalendar,
    *,
    count_start: bool = False,
    pauses: Iterable[Pause] = (),
    extension_days: int = 0,
) -> Due | None:
    """`due_date`, but None while an open pause leaves the due date undetermined."""
    try:
        return due_date(
            start,
            length,
            unit,
            calendar,
            count_start=count_start,
            pauses=pauses,
            extension_days=extension_days,
        )
    except ClockPaused:
        return None


def next_working_day(d: dt.date, calendar: WorkCalendar) -> dt.date:
    """`d` if it is a working day, else the first working day after it."""
    while not calendar.is_working_day(d):
        d += ONE_DAY
    return d


def add_working_days(d: dt.date, n: int, calendar: WorkCalendar) -> dt.date:
    """The n-th working day after `d` (`d` itself not counted); `d` when n is 0."""
    if n < 0:
        raise ValueError(gettext("工作日数不能为负数。"))
    counted = 0
    while counted < n:
        d += ONE_DAY
        if calendar.is_working_day(d):
            counted += 1
    return d


def working_days_between(a: dt.date, b: dt.date, calendar: WorkCalendar) -> int:
    """Working days in (a, b]: `a` excluded as a start day is, `b` included.
    Negative when b is before a, so between(a, b) == -between(b, a)."""
    if b < a:
        return -working_days_between(b, a, calendar)
    count = 0
    day = a + ONE_DAY
    while day <= b:
        if calendar.is_working_day(day):
            count += 1
        day += ONE_DAY
    return count


def due_soon_threshold(today: dt.date, calendar: WorkCalendar, n: int) -> dt.date:
    """The date n working days after `today`: a clock due on or before it (and
    not before today) is "due soon".

    The window runs on into a provisional year (as the clocks' due dates do),
    and stops before a year that cannot be counted at all rather than guess
    it: no clock can be due there (its due date could not have been
    computed), so capping the window misclassifies nothing.
    """
    if n < 0:
        raise ValueError(gettext("工作日数不能为负数。"))
    if not calendar.can_count(today.year):
        return today
    counted = 0
    day = today
    while counted < n:
        nxt = day + ONE_DAY
        if not calendar.can_count(nxt.year):
            return day
        day = nxt
        if calendar.is_working_day(day):
            counted += 1
    return day
