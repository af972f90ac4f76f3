"""The statutory-clock service: every state change stores the due date and
its explanation, writes a ClockEvent and an audit row, and refuses what the
rules forbid. State filters run in SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import clocks
from fazhi.core.errors import RuleViolation
from fazhi.core.models import AuditEvent, CalendarDay, CalendarYear, Clock, ClockEvent, OrgUnit
from fazhi.core.workdays import CalendarMissing
from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def township() -> OrgUnit:
    return OrgUnitFactory(name="湘江源瑶族乡")


@pytest.fixture
def user(township: OrgUnit) -> Any:
    return UserFactory(home_unit=township)


@pytest.fixture
def target(township: OrgUnit) -> OrgUnit:
    # Any saved record can carry a clock; an org unit is the simplest one.
    return OrgUnitFactory(name="荆竹村", parent=township, kind=OrgUnit.Kind.VILLAGE)


def petition_clock(target: OrgUnit, township: OrgUnit, user: Any, **kw: Any) -> Clock:
    """信访工作条例第三十四条: 60 days from acceptance, +≤30 on approval."""
    args: dict[str, Any] = {
        "kind": "petition.handle",
        "label": "信访事项办理",
        "start_date": D(2024, 8, 4),
        "length": 60,
        "unit": "calendar",
        "unit_org": township,
        "legal_basis": "信访工作条例第三十四条",
        "by": user,
    }
    args.update(kw)
    return clocks.start(target, **args)


def ogi_clock(target: OrgUnit, township: OrgUnit, user: Any, **kw: Any) -> Clock:
    """政府信息公开条例第三十三条: reply within 20 working days of receipt."""
    args: dict[str, Any] = {
        "kind": "ogi.reply",
        "label": "政府信息公开答复",
        "start_date": D(2024, 9, 20),
        "length": 20,
        "unit": "working",
        "unit_org": township,
        "legal_basis": "政府信息公开条例第三十三条",
        "by": user,
    }
    args.update(kw)
    return clocks.start(target, **args)


# --- start ---------------------------------------------------------------------


def test_start_stores_due_date_explanation_and_event(
    target: OrgUnit, township: OrgUnit, user: Any
) -> None:
    clock = petition_clock(target, township, user, recipients=[user], url="/petitions/1/")
    clock.refresh_from_db()
    # Day 60 is 10-3 (National Day) -> 10-8 (民法典第二百零三条).
    assert clock.due_date == D(2024, 10, 8)
    assert clock.status == Clock.Status.RUNNING
    assert clock.unit == township
    assert clock.target == target
    assert clock.explanation[0] == "期限60日"
    assert "民法典第二百零三条" in clock.explanation[-1]
    assert list(clock.recipients.all()) == [user]
    [event] = clock.events.all()
    assert (event.kind, event.on, event.days, event.by) == (
        ClockEvent.Kind.START,
        D(2024, 8, 4),
        60,
        user,
    )


def test_start_before_the_calendar_is_refused_and_writes_nothing(
    target: OrgUnit, township: OrgUnit, user: Any
) -> None:
    with pytest.raises(CalendarMissing, match="2019年"):
        ogi_clock(target, township, user, start_date=D(2019, 12, 20))
    assert not Clock.objects.exists()


def test_start_into_a_year_without_notice_is_provisional(
    target: OrgUnit, township: OrgUnit, user: Any
) -> None:
    clock = ogi_clock(target, township, user, start_date=D(2026, 12, 20))
    clock.refresh_from_db()
    assert clock.provisional_year == 2027
    assert clock.provisional
    assert clock.provisional_note == "暂定（2027年放假安排未公布）"
    assert clock.explanation[-1].startswith("暂定（2027年放假安排未公布）")


def test_one_unfinished_clock_per_kind(target: OrgUnit, township: OrgUnit, user: Any) -> None:
    first = petition_clock(target, township, user)
    with pytest.raises(RuleViolation, match="未完成"):
        petition_clock(target, township, user)
    clocks.stop(first, on=D(2024, 9, 1), by=user)
    second = petition_clock(target, township, user, start_date=D(2024, 9, 2))
    assert clocks.clock(target, "petition.handle") == second
    assert list(clocks.clocks_for(target)) == [first, second]
    assert clocks.clock(target, "ogi.reply") is None


def test_clock_lookup_prefers_the_unfinished_clock(
    target: OrgUnit, township: OrgUnit, user: Any
) -> None:
    finished = petition_clock(target, township, user, start_date=D(2024, 9, 1))
    clocks.stop(finished, on=D(2024, 9, 2), by=user)
    # Entered later but starting earlier (e.g. a back-dated acceptance).
    running = petition_clock(target, township, user, start_date=D(2024, 8, 20))
    assert clocks.clock(target, "petition.handle") == running


def test_bad_start_arguments(target: OrgUnit, township: OrgUnit, user: Any) -> None:
    with pytest.raises(RuleViolation):
        petition_clock(target, township, user, unit="weeks")
    with pytest.raises(RuleViolation):
        petition_clock(target, township, user, length=-1)
    with pytest.raises(RuleViolation):
        petition_clock(target, township, user, label=" ")


# --- pause / resume ----------------------------------------------------------------


def test_pause_and_resume_move_the_due_date(target: OrgUnit, township: OrgUnit, user: Any) -> None:
    clock = ogi_clock(target, township, user)
    assert clock.due_date == D(2024, 10, 23)
    # Third-party consultation (政府信息公开条例第三十二条) from Thu 10-10 to Tue 10-15.
    clocks.pause(clock, on=D(2024, 10, 10), reason="征求第三方意见", by=user)
    assert clock.status == Clock.Status.PAUSED
    assert clock.due_date is None
    assert "尚余" in clock.explanation[-1]
    clocks.resume(clock, on=D(2024, 10, 15), by=user)
    clock.refresh_from_db()
    assert clock.status == Clock.Status.RUNNING
    # Excluded working days: 10-10, 10-11, Sat 10-12 (make-up), 10-14 -> due
    # moves four working days on: 10-24, 25, 28, 29.
    assert clock.due_date == D(2024, 10, 29)
    assert "2024-10-10 至 2024-10-14 期限中止，不计入" in clock.explanation
    kinds = list(clock.events.values_list("kind", flat=True))
    assert kinds == [ClockEvent.Kind.START, ClockEvent.Kind.PAUSE, ClockEvent.Kind.RESUME]
    pause_event = clock.events.get(kind=ClockEvent.Kind.PAUSE)
    assert pause_event.reason == "征求第三方意见"
    audits = AuditEvent.objects.filter(object_id=str(clock.pk), action="transition")
    assert audits.count() == 2
    assert audits.filter(note__contains="征求第三方意见").exists()


def test_pause_needs_a_reason_and_a_running_period(
    target: OrgUnit, township: OrgUnit, user: Any
) -> None:
    clock = ogi_clock(target, township, user)
    with pytest.raises(RuleViolation) as info:
        clocks.pause(clock, on=D(2024, 10, 10), reason="  ", by=user)
    assert info.value.field == "reason"
    with pytest.raises(RuleViolation, match="届满"):
        clocks.pause(clock, on=D(2024, 10, 24), reason="听证", by=user)
    with pytest.raises(RuleViolation, match="起算日"):
        clocks.pause(clock, on=D(2024, 9, 1), reason="听证", by=user)
    with pytest.raises(RuleViolation, match="已中止"):
        clocks.resume(clock, on=D(2024, 10, 11), by=user)
    clocks.pause(clock, on=D(2024, 10, 23), reason="听证", by=user)  # the last day may still pause
    with pytest.raises(RuleViolation, match="计时中"):
        clocks.pause(clock, on=D(2024, 10, 23), reason="听证", by=user)
    with pytest.raises(RuleViolation, match="早于"):
        clocks.resume(clock, on=D(2024, 10, 22), by=user)
    assert clock.events.count() == 2


# --- extend ---------------------------------------------------------------------------


def test_extend_moves_due_date_and_records_approver(
    target: OrgUnit, township: OrgUnit, user: Any
) -> None:
    clock = petition_clock(target, township, user)
    clocks.extend(
        clock,
        days=30,
        reason="情况复杂",
        approver="乡长 李四",
        legal_basis="信访工作条例第三十四条",
        by=user,
        max_days=30,
        on=D(2024, 9, 30),
    )
    clock.refresh_from_db()
    # 8-4 + 90 days = 11-2, a Saturday -> Mon 11-4.
    assert clock.extension_days == 30
    assert clock.due_date == D(2024, 11, 4)
    assert clock.explanation[0] == "期限60日，延长30日，合计90日"
    event = clock.events.get(kind=ClockEvent.Kind.EXTEND)
    assert (event.days, event.approver, event.reason) == (30, "乡长 李四", "情况复杂")
    assert AuditEvent.objects.filter(object_id=str(clock.pk), note__contains="李四").exists()


def test_extension_beyond_max_days_is_refused(
    target: OrgUnit, township: OrgUnit, user: Any
) -> None:
    clock = petition_clock(target, township, user)
    basis = "信访工作条例第三十四条"
    with pytest.raises(RuleViolation) as info:
        clocks.extend(
            clock, days=31, reason="复杂", approver="乡长", legal_basis=basis, by=user, max_days=30
        )
    assert info.value.field == "days"
    assert info.value.rule == basis
    assert "不得超过30日" in info.value.messages[0]
    # The cap is on the total: 20 + 20 > 30.
    clocks.extend(
        clock, days=20, reason="复杂", approver="乡长", legal_basis=basis, by=user, max_days=30
    )
    with pytest.raises(RuleViolation, match="已延长20日"):
        clocks.extend(
            clock, days=20, reason="复杂", approver="乡长", legal_basis=basis, by=user, max_days=30
        )
    clock.refresh_from_db()
    assert clock.extension_days == 20
    assert clock.events.filter(kind=ClockEvent.Kind.EXTEND).count() == 1


def test_extension_needs_reason_and_approver(target: OrgUnit, township: OrgUnit, user: Any) -> None:
    clock = ogi_clock(target, township, user)
    basis = "政府信息公开条例第三十三条"
    with pytest.raises(RuleViolation) as info:
        clocks.extend(clock, days=5, reason="", approver="主任", legal_basis=basis, by=user)
    assert info.value.field == "reason"
    with pytest.raises(RuleViolation) as info:
        clocks.extend(clock, days=5, reason="数量大", approver=" ", legal_basis=basis, by=user)
    assert info.value.field == "approver"
    with pytest.raises(RuleViolation) as info:
        clocks.extend(clock, days=0, reason="数量大", approver="主任", legal_basis=basis, by=user)
    assert info.value.field == "days"
    # Working-day clock: the extension is in working days (Art 33: +≤20 WD).
    clocks.extend(
        clock, days=20, reason="数量大", approver="主任", legal_basis=basis, by=user, max_days=20
    )
    assert clock.due_date == D(2024, 11, 20)


# --- stop -------------------------------------------------------------------------------


def test_stop_on_time_and_late(target: OrgUnit, township: OrgUnit, user: Any) -> None:
    on_time = clocks.stop(petition_clock(target, township, user), on=D(2024, 10, 8), by=user)
    assert on_time.status == Clock.Status.STOPPED
    assert on_time.stopped_on == D(2024, 10, 8)
    assert on_time.on_time is True
    assert on_time.events.filter(kind=ClockEvent.Kind.STOP).count() == 1
    late = clocks.stop(ogi_clock(target, township, user), on=D(2024, 10, 24), by=user)
    assert late.on_time is False
    assert AuditEvent.objects.filter(object_id=str(late.pk), note="超期办结").exists()
    with pytest.raises(RuleViolation, match="已办结"):
        clocks.stop(late, on=D(2024, 10, 25), by=user)
    with pytest.raises(RuleViolation, match="已办结"):
        clocks.extend(late, days=1, reason="x", approver="y", legal_basis="", by=user)


def test_stop_while_paused_ends_the_pause(target: OrgUnit, township: OrgUnit, user: Any) -> None:
    clock = ogi_clock(target, township, user)
    clocks.pause(clock, on=D(2024, 10, 21), reason="补正", by=user)
    clocks.stop(clock, on=D(2024, 11, 1), by=user)
    # 10-21..10-31 excluded; 10-21, 22, 23 were days 18-20 -> 11-1, 4, 5.
    assert clock.due_date == D(2024, 11, 5)
    assert clock.on_time is True


def test_recompute_follows_calendar_corrections(
    target: OrgUnit, township: OrgUnit, user: Any
) -> None:
    clock = ogi_clock(target, township, user)
    assert clock.due_date == D(2024, 10, 23)
    # Suppose the administrator records 10-22 as a holiday: one working day more.
    CalendarDay.objects.create(date=D(2024, 10, 22), kind=CalendarDay.Kind.HOLIDAY, name="测试")
    clocks.recompute(clock)
    assert clock.due_date == D(2024, 10, 24)
    assert Clock.objects.get(pk=clock.pk).due_date == D(2024, 10, 24)


# --- the calendar cache ------------------------------------------------------------------


def test_load_calendar_sees_a_new_year_and_its_removal() -> None:
    assert not clocks.load_calendar().knows(2027)
    CalendarDay.objects.create(date=D(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    # Days alone do not make a year known: the year row comes last.
    assert not clocks.load_calendar().knows(2027)
    CalendarYear.objects.create(year=2027, source="国务院办公厅通知", note="测试")
    calendar = clocks.load_calendar()
    assert calendar.knows(2027)
    assert calendar.is_rest_day(D(2027, 1, 1))
    assert calendar.name(D(2027, 1, 1)) == "元旦"
    assert clocks.load_calendar(years=[2027]).years == {2027}
    CalendarYear.objects.filter(year=2027).delete()
    assert not clocks.load_calendar().knows(2027)


def test_load_calendar_costs_one_query_when_unchanged() -> None:
    clocks.load_calendar()
    with CaptureQueriesContext(connection) as ctx:
        clocks.load_calendar()
    assert len(ctx.captured_queries) == 1


# --- state -------------------------------------------------------------------------------

TODAY = D(2024, 10, 8)  # Tue; +3 working days: 10-9, 10-10, 10-11


@pytest.fixture
def board(township: OrgUnit, user: Any) -> dict[str, Clock]:
    """One clock per state on TODAY, set up through the service, then pinned
    to exact due dates so each boundary is tested."""
    made: dict[str, Clock] = {}

    def make(name: str, due: dt.date, **kw: Any) -> Clock:
        target = OrgUnitFactory(parent=township, kind=OrgUnit.Kind.VILLAGE)
        clock = petition_clock(target, township, user, start_date=D(2024, 8, 1), length=1)
        Clock.objects.filter(pk=clock.pk).update(due_date=due, **kw)
        clock.refresh_from_db()
        made[name] = clock
        return clock

    make("overdue", D(2024, 10, 7))
    make("due_today", TODAY)
    make("due_soon_edge", D(2024, 10, 11))
    make("on_time", D(2024, 10, 12))  # make-up Saturday: 4th working day
    make("paused", D(2024, 10, 9), status=Clock.Status.PAUSED)
    make("done_on_time", D(2024, 10, 8), status=Clock.Status.STOPPED, stopped_on=D(2024, 10, 8))
    make("done_late", D(2024, 10, 8), status=Clock.Status.STOPPED, stopped_on=D(2024, 10, 9))
    return made


EXPECTED = {
    "overdue": "overdue",
    "due_today": "due_soon",
    "due_soon_edge": "due_soon",
    "on_time": "on_time",
    "paused": "paused",
    "done_on_time": "done_on_time",
    "done_late": "done_late",
}


def test_state_in_python(board: dict[str, Clock]) -> None:
    calendar = clocks.load_calendar()
    assert {name: clocks.state(c, TODAY, calendar) for name, c in board.items()} == EXPECTED


def test_filter_state_in_sql_matches_python(board: dict[str, Clock]) -> None:
    calendar = clocks.load_calendar()
    names = {c.pk: name for name, c in board.items()}
    for state in clocks.STATES:
        qs = clocks.filter_state(Clock.objects.all(), state, TODAY, calendar)
        with CaptureQueriesContext(connection) as ctx:
            got = {names[pk] for pk in qs.values_list("pk", flat=True)}
        assert len(ctx.captured_queries) == 1
        assert got == {name for name, s in EXPECTED.items() if s == state}, state


def test_annotate_state_in_sql_matches_python(board: dict[str, Clock]) -> None:
    calendar = clocks.load_calendar()
    qs = clocks.annotate_state(Clock.objects.all(), TODAY, calendar)
    with CaptureQueriesContext(connection) as ctx:
        rows = dict(qs.values_list("pk", "clock_state"))
    assert len(ctx.captured_queries) == 1
    assert {name: rows[c.pk] for name, c in board.items()} == EXPECTED


def test_filter_state_rejects_unknown_state() -> None:
    with pytest.raises(ValueError, match="未知的时限状态"):
        clocks.filter_state(Clock.objects.all(), "late", TODAY)


def test_filter_state_composes_with_scope(board: dict[str, Clock], user: Any) -> None:
    outsider_unit = OrgUnitFactory(name="另一乡")
    visible = Clock.objects.visible_to(user)
    assert clocks.filter_state(visible, "overdue", TODAY).count() == 1
    assert clocks.filter_state(Clock.objects.in_unit(outsider_unit), "overdue", TODAY).count() == 0


def test_holders_in_state_are_the_records_of_the_users_scope(
    board: dict[str, Clock], township: OrgUnit, user: Any
) -> None:
    """The ids of the records whose clock is in a state, for `pk__in`; a
    user's call only looks at clocks of their scope."""
    elsewhere = OrgUnitFactory(name="另一乡")
    stranger = UserFactory(home_unit=elsewhere)
    far_target = OrgUnitFactory(parent=elsewhere, kind=OrgUnit.Kind.VILLAGE)
    far = petition_clock(far_target, elsewhere, stranger, start_date=D(2024, 8, 1), length=1)
    Clock.objects.filter(pk=far.pk).update(due_date=D(2024, 10, 7))
    overdue_target = board["overdue"].object_id

    def holders(**kw: Any) -> set[int]:
        ids = clocks.holders_in_state(OrgUnit, "overdue", TODAY, **kw)
        return set(OrgUnit.objects.filter(pk__in=ids).values_list("pk", flat=True))

    assert holders() == {overdue_target, far_target.pk}
    assert holders(user=user) == {overdue_target}
    assert holders(user=stranger) == {far_target.pk}
    assert holders(user=user, kinds=["ogi.reply"]) == set()
    assert holders(user=user, kinds=["petition.handle"]) == {overdue_target}


def test_modules_add_clock_recipients_through_core() -> None:
    """Who a clock reminds is set with clocks.add_recipients (skips empty
    handlers, one place to change), never by touching the M2M directly."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "fazhi"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path != root / "core" / "clocks.py" and "recipients.add(" in path.read_text("utf-8")
    ]
    assert offenders == []


def test_period_reads_as_words_in_either_language() -> None:
    """A clock's period on the detail pages: “15日”, “20工作日” in Chinese, and
    “15 days”, “20 working days” in English (the templates wrote the number and
    the unit side by side, which read “15days”)."""
    from django.utils import translation

    calendar = Clock(length=15, day_unit="calendar")
    working = Clock(length=20, day_unit="working")
    with translation.override("zh-hans"):
        assert (calendar.period, working.period) == ("15日", "20工作日")
    with translation.override("en"):
        assert (calendar.period, working.period) == ("15 days", "20 working days")
