"""Working-day arithmetic against the real 2020–2026 State Council schedules.

The calendar comes from the database, seeded by migration 0002 from the
chinesecalendar library, so these tests also check what production uses.
Expected dates were counted by hand from the published notices; each test
says how.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import chinese_calendar
import pytest
from django.contrib.admin import AdminSite
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.admin_calendar import CalendarDayForm, CalendarYearAdmin
from fazhi.core.clocks import load_calendar
from fazhi.core.models import CalendarDay, CalendarYear
from fazhi.core.workdays import (
    CalendarMissing,
    ClockPaused,
    Due,
    WorkCalendar,
    add_working_days,
    due_date,
    due_date_or_none,
    due_soon_threshold,
    next_working_day,
    statutory_holidays,
    working_days_between,
)

# Marking the module makes pytest-django create the test database (seeded by
# the migrations) even when only these tests run; the calendar fixture then
# reads it instead of the developer's database.
pytestmark = pytest.mark.django_db

D = dt.date
ONE = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def cal(django_db_setup: None, django_db_blocker: Any) -> WorkCalendar:
    """The seeded calendar, read once: the tests themselves need no database."""
    with django_db_blocker.unblock():
        calendar = load_calendar()
    assert calendar.years, "calendar not seeded: is the test database set up?"
    return calendar


# --- the calendar itself ----------------------------------------------------


def test_seeded_years_are_2020_to_2026(cal: WorkCalendar) -> None:
    assert set(range(2020, 2027)) <= cal.years
    assert 2027 not in cal.years


def test_seeded_calendar_agrees_with_library_every_day(cal: WorkCalendar) -> None:
    day = D(2020, 1, 1)
    while day <= D(2026, 12, 31):
        assert cal.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += ONE


def test_national_day_2024(cal: WorkCalendar) -> None:
    # 2024 notice: 10-1..10-7 off; Sun 9-29 and Sat 10-12 are make-up workdays.
    assert cal.is_working_day(D(2024, 9, 29))
    assert cal.is_working_day(D(2024, 10, 12))
    assert all(cal.is_rest_day(D(2024, 10, d)) for d in range(1, 8))
    assert cal.is_working_day(D(2024, 10, 8))
    assert cal.is_rest_day(D(2024, 10, 13))  # an ordinary Sunday
    assert cal.name(D(2024, 10, 3)) == "国庆节"


def test_year_before_the_first_entered_is_a_validation_error_naming_it(
    cal: WorkCalendar,
) -> None:
    with pytest.raises(CalendarMissing) as info:
        cal.is_working_day(D(2019, 12, 31))
    assert isinstance(info.value, ValidationError)
    assert info.value.year == 2019
    assert "2019年的节假日安排尚未录入工作日历" in info.value.messages[0]
    assert "自2020年起" in info.value.messages[0]


def test_a_year_after_the_last_entered_is_provisional(cal: WorkCalendar) -> None:
    assert not cal.knows(2027)
    assert cal.is_provisional(2027)
    assert not cal.is_provisional(2026)
    assert not cal.is_provisional(2019)


def test_a_day_cannot_be_both_holiday_and_workday() -> None:
    with pytest.raises(ValueError, match="2024-10-01"):
        WorkCalendar(holidays={D(2024, 10, 1)}, workdays={D(2024, 10, 1)}, years={2024})


# --- calendar-day periods (民法典 Art 201, 203) ------------------------------


def test_15_days_from_receipt_2024_09_28(cal: WorkCalendar) -> None:
    # Day 1 is 9-29, day 15 is Sun 10-13 (an ordinary Sunday: the make-up
    # workday is the Saturday before) -> rolls to Mon 10-14.
    due = due_date(D(2024, 9, 28), 15, "calendar", cal)
    assert due.date == D(2024, 10, 14)
    assert "第1日为 2024-09-29" in due.steps[1]
    assert "民法典第二百零一条" in due.steps[1]
    assert due.steps[-1].startswith("第15日为 2024-10-13（星期日）")
    assert "民法典第二百零三条" in due.steps[-1]
    assert "截止日 2024-10-14" in due.steps[-1]


def test_last_day_in_national_day_rolls_past_the_whole_holiday(cal: WorkCalendar) -> None:
    # 9-18 + 15 days: day 15 is 10-3, inside 10-1..10-7 -> first working day 10-8.
    due = due_date(D(2024, 9, 18), 15, "calendar", cal)
    assert due.date == D(2024, 10, 8)
    assert "国庆节放假" in due.steps[-1]
    assert "至 2024-10-07" in due.steps[-1]


def test_60_day_petition_period_ending_on_a_holiday_rolls_forward(cal: WorkCalendar) -> None:
    # 信访工作条例 Art 34: 60 days from acceptance. Accepted 8-4: day 60 is 10-3.
    due = due_date(D(2024, 8, 4), 60, "calendar", cal)
    assert due.date == D(2024, 10, 8)


def test_calendar_period_ending_on_makeup_saturday_does_not_roll(cal: WorkCalendar) -> None:
    # Counting the start day: day 15 is Sat 10-12, a make-up workday.
    due = due_date(D(2024, 9, 28), 15, "calendar", cal, count_start=True)
    assert due.date == D(2024, 10, 12)
    assert "计入期限" in due.steps[1]


def test_spring_festival_2025_calendar_days(cal: WorkCalendar) -> None:
    # 2025 notice: 1-28..2-4 off. 1-20 + 10 days: day 10 is 1-30 -> 2-5.
    assert due_date(D(2025, 1, 20), 10, "calendar", cal).date == D(2025, 2, 5)


def test_national_day_2026_calendar_days(cal: WorkCalendar) -> None:
    # 2026 (chinesecalendar): 10-1..10-7 off, Sat 10-10 a make-up workday.
    # 9-20 + 15 days: day 15 is 10-5 -> 10-8.
    assert due_date(D(2026, 9, 20), 15, "calendar", cal).date == D(2026, 10, 8)


# --- working-day periods --------------------------------------------------------


def test_5_working_days_across_national_day_2024(cal: WorkCalendar) -> None:
    # From Mon 9-30: 10-1..10-7 off; 10-8, 9, 10, 11 are days 1-4 and the
    # make-up Saturday 10-12 is day 5.
    due = due_date(D(2024, 9, 30), 5, "working", cal)
    assert due.date == D(2024, 10, 12)
    assert "2024-10-01 至 2024-10-07 国庆节放假，不计入" in due.steps
    assert "2024-10-12（星期六）为国庆节调休上班日，计为第5个工作日" in due.steps
    assert due.steps[-1] == "第5个工作日为 2024-10-12（星期六），截止日 2024-10-12"


def test_holiday_block_is_one_step_not_one_per_day(cal: WorkCalendar) -> None:
    due = due_date(D(2024, 9, 28), 15, "working", cal)
    assert sum("国庆节" in s and "放假" in s for s in due.steps) == 1
    assert not any("2024-10-02" in s for s in due.steps)


def test_15_working_days_from_2024_09_28(cal: WorkCalendar) -> None:
    # Sun 9-29 (make-up) 1, 9-30 2, [10-1..10-7 off], 10-8..10-11 3-6,
    # Sat 10-12 (make-up) 7, 10-14..10-18 8-12, 10-21, 22, 23 13-15.
    due = due_date(D(2024, 9, 28), 15, "working", cal)
    assert due.date == D(2024, 10, 23)
    assert "第1个工作日为 2024-09-29（星期日）" in due.steps[1]


def test_ogi_reply_20_working_days(cal: WorkCalendar) -> None:
    # 政府信息公开条例 Art 33: 20 working days from receipt. Received Fri 9-20:
    # 9-23..27 1-5, Sun 9-29 6, 9-30 7, 10-8..11 8-11, Sat 10-12 12,
    # 10-14..18 13-17, 10-21, 22, 23 18-20.
    due = due_date(D(2024, 9, 20), 20, "working", cal)
    assert due.date == D(2024, 10, 23)
    assert working_days_between(D(2024, 9, 20), due.date, cal) == 20


def test_ogi_reply_extended_by_20_working_days(cal: WorkCalendar) -> None:
    # Art 33: extension of at most 20 working days, counted on from 10-23:
    # 10-24..11-20 is 20 working days (no holiday in between).
    due = due_date(D(2024, 9, 20), 20, "working", cal, extension_days=20)
    assert due.date == D(2024, 11, 20)
    assert due.steps[0] == "期限20个工作日，延长20个工作日，合计40个工作日"


def test_spring_festival_2025_working_days(cal: WorkCalendar) -> None:
    # 2025 notice: 1-28..2-4 off; Sun 1-26 and Sat 2-8 make-up workdays.
    # From Fri 1-24: Sun 1-26 1, Mon 1-27 2, 2-5 3, 2-6 4, 2-7 5, Sat 2-8 6.
    assert due_date(D(2025, 1, 24), 5, "working", cal).date == D(2025, 2, 7)
    due = due_date(D(2025, 1, 24), 6, "working", cal)
    assert due.date == D(2025, 2, 8)
    assert "2025-01-28 至 2025-02-04 春节放假，不计入" in due.steps
    assert "2025-01-26（星期日）为春节调休上班日，计为第1个工作日" in due.steps


def test_spring_festival_2026_working_days(cal: WorkCalendar) -> None:
    # 2026 (chinesecalendar): 2-15..2-23 off; Sat 2-14 and Sat 2-28 make-up.
    # From Thu 2-12: Fri 2-13 1, Sat 2-14 2, [2-15..2-23], Tue 2-24 3.
    assert chinese_calendar.is_workday(D(2026, 2, 14))
    assert not chinese_calendar.is_workday(D(2026, 2, 23))
    assert due_date(D(2026, 2, 12), 3, "working", cal).date == D(2026, 2, 24)


def test_national_day_2026_working_days(cal: WorkCalendar) -> None:
    # From Wed 9-30: 10-8 1, 10-9 2, Sat 10-10 (make-up) 3.
    assert due_date(D(2026, 9, 30), 2, "working", cal).date == D(2026, 10, 9)
    assert due_date(D(2026, 9, 30), 3, "working", cal).date == D(2026, 10, 10)


def test_working_period_reaching_2027_is_provisional(cal: WorkCalendar) -> None:
    # 12-21..12-31: 9 working days; 2027-01-01 元旦 (statutory); 1-4..1-8 are
    # the 10th..14th, Mon 1-11 the 15th.
    due = due_date(D(2026, 12, 20), 15, "working", cal)
    assert due.date == D(2027, 1, 11)
    assert due.provisional_year == 2027
    assert due.provisional_note == "暂定（2027年放假安排未公布）"
    assert "2027-01-01 至 2027-01-03 元旦放假，不计入" in due.steps
    assert due.steps[-1].startswith(
        "暂定（2027年放假安排未公布）：2027年按《全国年节及纪念日放假办法》"
    )


def test_working_period_before_the_calendar_raises_calendar_missing(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarMissing) as info:
        due_date(D(2019, 12, 20), 15, "working", cal)
    assert info.value.year == 2019


def test_calendar_period_ending_in_2027_is_provisional(cal: WorkCalendar) -> None:
    # Day 15 is Mon 2027-01-04, a working day on the provisional calendar.
    due = due_date(D(2026, 12, 20), 15, "calendar", cal)
    assert due.date == D(2027, 1, 4)
    assert due.provisional


def test_period_reaching_two_unpublished_years_names_both(cal: WorkCalendar) -> None:
    """A 400-day period started in December 2026 ends in 2028: entering the
    2027 notice alone would leave the date provisional, so both years are named."""
    due = due_date(D(2026, 12, 20), 400, "calendar", cal)
    assert due.date.year == 2028
    assert due.provisional_year == 2027
    assert due.provisional_last_year == 2028
    assert due.provisional_note == "暂定（2027—2028年放假安排未公布）"
    assert due.steps[-1].startswith("暂定（2027—2028年放假安排未公布）：2027年、2028年按")


def test_calendar_period_within_2026_is_final(cal: WorkCalendar) -> None:
    due = due_date(D(2026, 12, 1), 15, "calendar", cal)
    assert due.date == D(2026, 12, 16)
    assert due.provisional_year is None
    assert not any("暂定" in step for step in due.steps)


def test_length_zero(cal: WorkCalendar) -> None:
    assert due_date(D(2024, 10, 8), 0, "working", cal).date == D(2024, 10, 8)
    assert due_date(D(2024, 10, 5), 0, "working", cal).date == D(2024, 10, 8)
    assert due_date(D(2024, 10, 5), 0, "calendar", cal).date == D(2024, 10, 8)


def test_bad_arguments(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="计算单位"):
        due_date(D(2024, 1, 1), 5, "weeks", cal)
    with pytest.raises(ValueError):
        due_date(D(2024, 1, 1), -1, "calendar", cal)
    with pytest.raises(ValueError, match="恢复日"):
        due_date(D(2024, 1, 1), 5, "calendar", cal, pauses=[(D(2024, 1, 5), D(2024, 1, 3))])


# --- pauses (中止) -------------------------------------------------------------


def test_closed_pause_shifts_calendar_due_by_paused_days(cal: WorkCalendar) -> None:
    # Paused 10-2, resumed 10-5: 10-2, 10-3, 10-4 do not count -> day 15 is
    # 10-16 instead of 10-13.
    due = due_date(D(2024, 9, 28), 15, "calendar", cal, pauses=[(D(2024, 10, 2), D(2024, 10, 5))])
    assert due.date == D(2024, 10, 16)
    assert "2024-10-02 至 2024-10-04 期限中止，不计入" in due.steps


def test_same_day_pause_and_resume_changes_nothing(cal: WorkCalendar) -> None:
    plain = due_date(D(2024, 3, 1), 10, "working", cal)
    paused = due_date(D(2024, 3, 1), 10, "working", cal, pauses=[(D(2024, 3, 5), D(2024, 3, 5))])
    assert plain.date == paused.date


def test_open_pause_leaves_due_date_undetermined(cal: WorkCalendar) -> None:
    args = (D(2024, 9, 28), 15, "working", cal)
    with pytest.raises(ClockPaused) as info:
        due_date(*args, pauses=[(D(2024, 10, 10), None)])
    # Counted before 10-10: 9-29, 9-30, 10-8, 10-9.
    assert (info.value.counted, info.value.remaining) == (4, 11)
    assert "尚余11个工作日" in info.value.steps[-1]
    assert due_date_or_none(*args, pauses=[(D(2024, 10, 10), None)]) is None


def test_open_pause_after_the_period_ran_out_does_not_matter(cal: WorkCalendar) -> None:
    due = due_date_or_none(D(2024, 3, 1), 5, "calendar", cal, pauses=[(D(2024, 4, 1), None)])
    assert isinstance(due, Due)
    assert due.date == D(2024, 3, 6)


# --- helpers ----------------------------------------------------------------------


def test_add_and_count_working_days(cal: WorkCalendar) -> None:
    assert add_working_days(D(2024, 9, 30), 5, cal) == D(2024, 10, 12)
    assert add_working_days(D(2024, 9, 30), 0, cal) == D(2024, 9, 30)
    assert working_days_between(D(2024, 9, 30), D(2024, 10, 12), cal) == 5
    assert working_days_between(D(2024, 10, 12), D(2024, 9, 30), cal) == -5
    assert next_working_day(D(2024, 10, 1), cal) == D(2024, 10, 8)


def test_due_soon_threshold(cal: WorkCalendar) -> None:
    # Fri 9-27 + 3 working days: Sun 9-29, Mon 9-30, Tue 10-8.
    assert due_soon_threshold(D(2024, 9, 27), cal, 3) == D(2024, 10, 8)
    assert due_soon_threshold(D(2024, 9, 27), cal, 0) == D(2024, 9, 27)


def test_due_soon_threshold_runs_on_into_a_provisional_year(cal: WorkCalendar) -> None:
    # From Wed 12-30: Thu 12-31, [Fri 2027-01-01 元旦, weekend], Mon 1-4, Tue 1-5.
    assert due_soon_threshold(D(2026, 12, 30), cal, 3) == D(2027, 1, 5)


def test_due_soon_threshold_stops_before_a_year_never_counted(cal: WorkCalendar) -> None:
    assert due_soon_threshold(D(2019, 12, 30), cal, 3) == D(2019, 12, 30)


# --- properties over random dates 2020–2026 ---------------------------------------

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
starts = st.dates(min_value=D(2020, 1, 1), max_value=D(2026, 6, 30))
lengths = st.integers(min_value=1, max_value=90)
units = st.sampled_from(["calendar", "working"])


@st.composite
def pauses(draw: st.DrawFn, start: dt.date) -> list[tuple[dt.date, dt.date | None]]:
    spans = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        begin = start + dt.timedelta(days=draw(st.integers(min_value=0, max_value=60)))
        spans.append(
            (begin, begin + dt.timedelta(days=draw(st.integers(min_value=0, max_value=10))))
        )
    return spans


@PROPS
@given(start=starts, length=st.integers(min_value=0, max_value=90), unit=units, data=st.data())
def test_due_is_never_a_rest_day(
    cal: WorkCalendar, start: dt.date, length: int, unit: str, data: st.DataObject
) -> None:
    spans = data.draw(pauses(start))
    due = due_date(start, length, unit, cal, pauses=spans)
    assert cal.is_working_day(due.date)
    assert due.date >= start
    assert f"截止日 {due.date.isoformat()}" in due.steps[-1]


@PROPS
@given(
    start=starts,
    length=st.integers(min_value=0, max_value=89),
    unit=units,
    count_start=st.booleans(),
)
def test_due_is_monotone_in_length(
    cal: WorkCalendar, start: dt.date, length: int, unit: str, count_start: bool
) -> None:
    shorter = due_date(start, length, unit, cal, count_start=count_start).date
    longer = due_date(start, length + 1, unit, cal, count_start=count_start).date
    assert shorter <= longer
    if unit == "working" and length > 0:
        assert shorter < longer


@PROPS
@given(
    start=starts,
    length=lengths,
    unit=units,
    offset=st.integers(min_value=-5, max_value=120),
    k=st.integers(min_value=0, max_value=30),
)
def test_a_pause_never_makes_the_due_date_earlier(
    cal: WorkCalendar, start: dt.date, length: int, unit: str, offset: int, k: int
) -> None:
    begin = start + dt.timedelta(days=offset)
    plain = due_date(start, length, unit, cal).date
    paused = due_date(start, length, unit, cal, pauses=[(begin, begin + dt.timedelta(days=k))]).date
    assert paused >= plain
    if unit == "calendar" and plain < begin:
        assert paused == plain  # a pause after the period ends changes nothing


@PROPS
@given(start=starts, length=lengths, k=st.integers(min_value=0, max_value=30))
def test_a_calendar_pause_of_k_days_inside_the_period_adds_at_least_k(
    cal: WorkCalendar, start: dt.date, length: int, k: int
) -> None:
    begin = start + ONE  # the first counted day
    plain = due_date(start, length, "calendar", cal)
    paused = due_date(
        start, length, "calendar", cal, pauses=[(begin, begin + dt.timedelta(days=k))]
    )
    # The unrolled last day moves by exactly k; rolling over rest days can add more.
    assert paused.date >= plain.date
    assert paused.date >= start + dt.timedelta(days=length + k)


@PROPS
@given(start=starts, length=lengths)
def test_working_days_between_start_and_due_is_the_length(
    cal: WorkCalendar, start: dt.date, length: int
) -> None:
    due = due_date(start, length, "working", cal).date
    assert working_days_between(start, due, cal) == length
    assert due == add_working_days(start, length, cal)


@PROPS
@given(start=starts, length=lengths, unit=units)
def test_count_start_shifts_by_at_most_one_day_before_rolling(
    cal: WorkCalendar, start: dt.date, length: int, unit: str
) -> None:
    counted = due_date(start, length, unit, cal, count_start=True).date
    plain = due_date(start, length, unit, cal).date
    assert counted <= plain
    if unit == "working":
        # Counting a working start day gains exactly one working day.
        expected = 1 if cal.is_working_day(start) else 0
        assert working_days_between(counted, plain, cal) == expected
    else:
        # The unrolled last day moves back one day: start+length-1 vs start+length.
        assert counted == next_working_day(start + dt.timedelta(days=length - 1), cal)
        assert plain == next_working_day(start + dt.timedelta(days=length), cal)
        assert plain <= next_working_day(counted + ONE, cal)


@PROPS
@given(start=starts, length=lengths, ext=st.integers(min_value=0, max_value=30), unit=units)
def test_extension_equals_a_longer_period(
    cal: WorkCalendar, start: dt.date, length: int, ext: int, unit: str
) -> None:
    assert (
        due_date(start, length, unit, cal, extension_days=ext).date
        == due_date(start, length + ext, unit, cal).date
    )


# --- maintaining the calendar: seed command and admin form ---------------------------


def test_seed_calendar_is_idempotent_and_repairs_a_year() -> None:
    before = sorted(CalendarDay.objects.values_list("date", "kind", "name"))
    CalendarDay.objects.create(date=D(2024, 10, 22), kind=CalendarDay.Kind.HOLIDAY, name="误录")
    out = io.StringIO()
    call_command("seed_calendar", stdout=out)
    assert "2024年：已更新" in out.getvalue()
    assert sorted(CalendarDay.objects.values_list("date", "kind", "name")) == before
    assert CalendarYear.objects.filter(year__range=(2020, 2026)).count() == 7


def test_seed_calendar_leaves_a_hand_entered_year_unless_forced() -> None:
    CalendarYear.objects.filter(year=2026).update(source="国务院办公厅通知（手工录入）")
    CalendarDay.objects.filter(date=D(2026, 10, 10)).delete()
    out = io.StringIO()
    call_command("seed_calendar", "2026", stdout=out)
    assert "已跳过" in out.getvalue()
    assert not CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()
    call_command("seed_calendar", "2026", "--force", stdout=out)
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).kind == CalendarDay.Kind.WORKDAY


def test_seed_calendar_refuses_a_year_the_library_does_not_know() -> None:
    with pytest.raises(CommandError, match="2027"):
        call_command("seed_calendar", "2027", stdout=io.StringIO())


def test_admin_refuses_a_makeup_workday_on_a_weekday() -> None:
    form = CalendarDayForm(data={"date": "2027-10-11", "kind": "workday", "name": "国庆节"})
    assert not form.is_valid()
    assert "调休上班日应为周六或周日" in form.errors["date"][0]
    form = CalendarDayForm(data={"date": "2027-10-09", "kind": "workday", "name": "国庆节"})
    assert form.is_valid(), form.errors


def test_admin_year_list_counts_days_in_one_query(rf: Any) -> None:
    model_admin = CalendarYearAdmin(CalendarYear, AdminSite())
    request = rf.get("/admin/core/calendaryear/")
    with CaptureQueriesContext(connection) as ctx:
        rows = {y.year: y for y in model_admin.get_queryset(request)}
    assert len(ctx.captured_queries) == 1
    year = rows[2024]
    # 2024: make-up workdays 2-4, 2-18, 4-7, 4-28, 5-11, 9-14, 9-29, 10-12.
    assert model_admin.workday_count(year) == 8
    assert (
        model_admin.holiday_count(year)
        == CalendarDay.objects.filter(date__year=2024, kind=CalendarDay.Kind.HOLIDAY).count()
    )


# --- the provisional calendar (years without an entered notice) ------------------


def test_statutory_holidays_2027_follow_the_2025_law() -> None:
    # 《全国年节及纪念日放假办法》 Art 2 as amended (in force 2025): 元旦 1 day,
    # 春节 除夕 + 初一至初三 (除夕 2027 is 2-5), 清明 1, 劳动节 5-1..5-2, 端午 1,
    # 中秋 1, 国庆 10-1..10-3; nothing else, no make-up days.
    days = statutory_holidays(2027)
    assert sorted(days) == [
        D(2027, 1, 1),
        D(2027, 2, 5),
        D(2027, 2, 6),
        D(2027, 2, 7),
        D(2027, 2, 8),
        D(2027, 4, 5),
        D(2027, 5, 1),
        D(2027, 5, 2),
        D(2027, 6, 9),
        D(2027, 9, 15),
        D(2027, 10, 1),
        D(2027, 10, 2),
        D(2027, 10, 3),
    ]
    assert days[D(2027, 2, 5)] == "春节"
    assert days[D(2027, 9, 15)] == "中秋节"


def test_statutory_holidays_leave_out_the_notices_extra_days() -> None:
    # The library also knows 2026's 调休 rest days (e.g. Fri 1-2): not statutory.
    days = statutory_holidays(2026)
    assert D(2026, 1, 2) not in days
    assert len(days) == 13
    # 2028: 中秋 falls on 10-3, inside 国庆: one day, both names.
    assert statutory_holidays(2028)[D(2028, 10, 3)] == "中秋节、国庆节"
    assert len(statutory_holidays(2028)) == 12


def test_statutory_holidays_match_the_entered_2025_and_2026_notices(cal: WorkCalendar) -> None:
    # Every statutory day is a rest day in the real notices (which add more).
    for year in (2025, 2026):
        for day in statutory_holidays(year):
            assert cal.is_rest_day(day), day


def test_provisional_calendar_has_no_makeup_days_and_rests_on_weekends(
    cal: WorkCalendar,
) -> None:
    assert cal.is_rest_day(D(2027, 2, 5))  # 除夕, a Friday
    assert cal.is_working_day(D(2027, 2, 9))  # Tue after 初三
    assert cal.is_rest_day(D(2027, 2, 13))  # an ordinary Saturday: no make-up day
    assert cal.name(D(2027, 10, 2)) == "国庆节"
    assert not cal.is_makeup_workday(D(2027, 2, 20))


def test_provisional_years_before_the_2025_law_are_refused() -> None:
    # A calendar holding only 2020 never guesses 2021–2024 under today's law.
    only_2020 = WorkCalendar(years={2020}, provisional_from=2020)
    assert only_2020.provisional_from == 2025
    with pytest.raises(CalendarMissing):
        only_2020.is_working_day(D(2023, 3, 1))
    assert only_2020.is_working_day(D(2027, 3, 1))


def test_a_period_through_two_provisional_years_names_both() -> None:
    cal_2026 = WorkCalendar(years={2026}, provisional_from=2026)
    # Accepted 2027-12-20, 60 days: day 60 is Fri 2028-02-18.
    due = due_date(D(2027, 12, 20), 60, "calendar", cal_2026)
    assert due.date == D(2028, 2, 18)
    assert due.provisional_year == 2027
    assert "2027年、2028年按《全国年节及纪念日放假办法》" in due.steps[-1]


provisional_starts = st.dates(min_value=D(2026, 7, 1), max_value=D(2028, 12, 31))


@PROPS
@given(start=provisional_starts, length=st.integers(min_value=0, max_value=90), unit=units)
def test_provisional_due_is_a_working_day_and_marked(
    cal: WorkCalendar, start: dt.date, length: int, unit: str
) -> None:
    due = due_date(start, length, unit, cal)
    assert cal.is_working_day(due.date)
    assert due.date >= start
    assert due.provisional == (due.date.year >= 2027)
    if due.provisional:
        first, last = max(start.year, 2027), due.date.year
        years = f"{first}年" if last == first else f"{first}—{last}年"
        assert due.steps[-1].startswith(f"暂定（{years}放假安排未公布）")
        assert f"截止日 {due.date.isoformat()}" in due.steps[-2]
    else:
        assert f"截止日 {due.date.isoformat()}" in due.steps[-1]


@PROPS
@given(start=provisional_starts, length=lengths)
def test_provisional_working_days_between_start_and_due_is_the_length(
    cal: WorkCalendar, start: dt.date, length: int
) -> None:
    due = due_date(start, length, "working", cal).date
    assert working_days_between(start, due, cal) == length
    assert due == add_working_days(start, length, cal)
    assert due_date(start, length + 1, "working", cal).date > due


@PROPS
@given(start=provisional_starts, length=st.integers(min_value=0, max_value=89), unit=units)
def test_provisional_due_is_monotone_in_length(
    cal: WorkCalendar, start: dt.date, length: int, unit: str
) -> None:
    assert due_date(start, length, unit, cal).date <= due_date(start, length + 1, unit, cal).date
