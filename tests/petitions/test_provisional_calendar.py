"""A petition accepted in December: its 60-day clock reaches a year whose
State Council notice is not entered yet, runs on the provisional calendar
(core.workdays), says 暂定 on the detail page, the ledger and the API, and
turns final (moved where the notice moves it, the clerk told) once the system
administrator enters the notice (core.calendar_entry)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core import calendar_entry, clocks, steps
from fazhi.core.models import AuditEvent, Reminder
from fazhi.core.roles import Role
from fazhi.petitions import rules
from fazhi.petitions import workflow as wf
from tests.core.test_calendar_entry import NOTICE_2027
from tests.factories import UserFactory

from .conftest import Leaders

pytestmark = pytest.mark.django_db
D = dt.date
NOTE = "暂定（2027年放假安排未公布）"


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Pin the workflow's today (a date cannot lie in the future)."""

    def _pin(day: dt.date) -> None:
        monkeypatch.setattr(steps, "today", lambda: day)
        monkeypatch.setattr(clocks, "_today", lambda: day)

    return _pin


def _accepted(register: Any, leaders: Leaders, on: dt.date, today: Any) -> Any:
    today(on)
    p = register(received_on=on)
    return wf.accept(p, by=leaders.clerk, on=on)


def _handling(p: Any) -> Any:
    [clock] = [c for c in clocks.clocks_for(p) if c.kind == rules.CLOCK_HANDLING]
    return clock


def test_accepted_on_2026_12_04_gets_a_provisional_due_date(
    register: Any, leaders: Leaders, world: Any, today: Any
) -> None:
    p = _accepted(register, leaders, D(2026, 12, 4), today)
    clock = _handling(p)
    # Day 60 is Tue 2027-02-02, a working day on the provisional calendar.
    assert (clock.due_date, clock.provisional_year) == (D(2027, 2, 2), 2027)
    assert clock.explanation[-1].startswith(NOTE)
    c = world.client(leaders.clerk)
    detail = c.get(f"/petitions/{p.pk}/").content.decode()
    assert "2027-02-02" in detail and NOTE in detail
    ledger = c.get("/petitions/").content.decode()
    assert NOTE in ledger
    api = c.get(f"/api/v1/petitions/{p.pk}/").json()
    assert api["handling_due"] == "2027-02-02"
    assert api["handling_due_provisional"] == NOTE


def test_the_public_tracking_page_marks_the_provisional_due_date(
    register: Any, leaders: Leaders, today: Any
) -> None:
    """A citizen tracking a petition accepted in December saw 办理期限 2027-02-02
    as final: the date is a guess until the 2027 notice is entered."""
    from django.test import Client

    p = _accepted(register, leaders, D(2026, 12, 4), today)
    html = Client().get(f"/petitions/public/track/?code={p.query_code}").content.decode()
    assert "2027-02-02" in html and NOTE in html


def test_accepted_on_2027_12_20_runs_into_2028(register: Any, leaders: Leaders, today: Any) -> None:
    clock = _handling(_accepted(register, leaders, D(2027, 12, 20), today))
    # Day 60 is Fri 2028-02-18; both 2027 and 2028 are provisional.
    assert (clock.due_date, clock.provisional_year) == (D(2028, 2, 18), 2027)
    assert "2027年、2028年按《全国年节及纪念日放假办法》" in clock.explanation[-1]


def test_entering_the_2027_notice_makes_the_due_dates_official_and_tells_the_clerk(
    register: Any,
    leaders: Leaders,
    world: Any,
    today: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    staying = _handling(_accepted(register, leaders, D(2026, 12, 4), today))
    # 60 days from 2026-12-08: Sat 2027-02-06 inside the provisional 春节
    # (2-5..2-8) -> Tue 2-9; the notice's 春节 (2-5..2-13) -> Mon 2-15.
    moving_petition = _accepted(register, leaders, D(2026, 12, 8), today)
    moving = _handling(moving_petition)
    into_2028 = _handling(_accepted(register, leaders, D(2027, 12, 20), today))
    assert moving.due_date == D(2027, 2, 9)
    Reminder.objects.all().delete()

    sysadmin = UserFactory(role=Role.SYSTEM_ADMIN, home_unit=world.township)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_entry.enter_year(calendar_entry.read(2027, NOTICE_2027), by=sysadmin)

    for clock in (staying, moving, into_2028):
        clock.refresh_from_db()
    assert (staying.due_date, staying.provisional_year) == (D(2027, 2, 2), None)
    assert (moving.due_date, moving.provisional_year) == (D(2027, 2, 15), None)
    # Still provisional: 2028 is not entered.
    assert (into_2028.due_date, into_2028.provisional_year) == (D(2028, 2, 18), 2028)

    event = AuditEvent.objects.get(object_id=str(moving.pk), note__contains="2027年放假安排")
    assert event.changes["due_date"] == ["2027-02-09", "2027-02-15"]
    titles = list(Reminder.objects.filter(user=leaders.clerk).values_list("title", flat=True))
    assert len(titles) == 1 and "由 2027-02-09 调整为 2027-02-15" in titles[0]

    detail = world.client(leaders.clerk).get(f"/petitions/{moving_petition.pk}/").content.decode()
    assert "2027-02-15" in detail and NOTE not in detail
