"""Entering a year's State Council holiday notice (core.calendar_entry and the
calendar page, core.views_calendar): parsing the notice text, the preview of
the clocks that move, the save workflow (recompute, audit, notify), the page's
access rule, the 1 November warning and the system administrator's menu."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fazhi.core import calendar_entry, clocks
from fazhi.core.errors import RuleViolation
from fazhi.core.management.commands.seed_calendar import library_days
from fazhi.core.models import AuditEvent, CalendarDay, CalendarYear, Clock, OrgUnit, Reminder
from fazhi.core.navigation import menu_for
from fazhi.core.roles import Role
from tests.factories import UserFactory, World
from tests.twofactor import verified_client

pytestmark = pytest.mark.django_db
D = dt.date

# The State Council's notice for 2026 (国办发明电〔2025〕7号), items as
# published; chinesecalendar's 2026 data, seeded by migration 0002, is the check.
NOTICE_2026 = """
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""

# A 2027 notice for the tests (not the real one, which is not published when
# this is written): 春节 2-5 (除夕) to 2-13, make-up Saturday 2-20; 国庆 10-1..10-7
# with make-up Sunday 9-26 and Saturday 10-9.
NOTICE_2027 = """
一、元旦：1月1日（周五）放假，与周末连休。
二、春节：2月5日（农历除夕、周五）至13日（周六）放假调休，共9天。2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假。
六、中秋节：9月15日（周三）放假。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""


# --- parsing -------------------------------------------------------------------


def test_the_real_2026_notice_reads_as_the_library_has_it() -> None:
    notice = calendar_entry.read(2026, NOTICE_2026)
    assert notice.errors == [] and notice.warnings == []
    parsed = {day: (kind, name) for day, kind, name in notice.days()}
    assert parsed == library_days(2026)
    assert notice.workdays[D(2026, 2, 28)] == "春节"
    assert notice.holidays[D(2026, 2, 15)] == "春节"


def test_the_usual_wording_of_one_item() -> None:
    text = (
        "一、元旦：1月1日（周五）放假，与周末连休。二、春节：2月15日至23日放假调休，共9天。"
        "2月14日（周六）、2月28日（周六）上班。"
    )
    notice = calendar_entry.parse_notice(text, 2026)
    assert sorted(notice.holidays) == [D(2026, 1, 1)] + [D(2026, 2, d) for d in range(15, 24)]
    assert sorted(notice.workdays) == [D(2026, 2, 14), D(2026, 2, 28)]


def test_a_count_that_does_not_match_is_a_warning() -> None:
    notice = calendar_entry.read(2026, "二、春节：2月15日至22日放假调休，共9天。")
    assert any("共9天，识别出8天" in w for w in notice.warnings)
    assert any("不在放假日中" in w for w in notice.warnings)  # e.g. 清明 missing


def test_errors_name_what_to_fix() -> None:
    assert "未能识别通知正文" in calendar_entry.read(2027, "春节放假九天").errors[0]
    weekday = calendar_entry.read(2027, "二、春节：2月5日至13日放假。2月17日（周三）上班。")
    assert "调休上班日应为周六或周日（2027-02-17 是星期三）" in weekday.errors[0]
    other_year = calendar_entry.read(2027, "", "2026-12-31 放假 元旦")
    assert "不属于2027年" in other_year.errors[0]
    bad_line = calendar_entry.read(2027, "", "2027-02-05 春节")
    assert "第1行" in bad_line.errors[0]
    assert "没有识别出2027年的任何放假日" in calendar_entry.read(2027, "", "").errors[0]


def test_day_by_day_lines_override_the_text() -> None:
    notice = calendar_entry.read(2027, NOTICE_2027, "2027-02-20 放假 春节\n2027-02-27 上班 春节\n")
    assert notice.errors == []
    assert notice.holidays[D(2027, 2, 20)] == "春节"
    assert D(2027, 2, 20) not in notice.workdays
    assert notice.workdays[D(2027, 2, 27)] == "春节"


# --- clocks, preview, save --------------------------------------------------------


@pytest.fixture
def township() -> OrgUnit:
    return OrgUnit.objects.create(name="湘江源瑶族乡", kind=OrgUnit.Kind.TOWNSHIP)


@pytest.fixture
def sysadmin(township: OrgUnit) -> Any:
    return UserFactory(username="sys", role=Role.SYSTEM_ADMIN, home_unit=township, is_staff=True)


def _clock(township: OrgUnit, holder: Any, start: dt.date, length: int, unit: str) -> Clock:
    return clocks.start(
        township,
        kind=f"test.{start}.{length}.{unit}",
        label=f"测试时限 {start}",
        start_date=start,
        length=length,
        unit=unit,
        unit_org=township,
        by=holder,
        recipients=[holder],
        url="/test/",
    )


def test_entering_2027_moves_provisional_clocks_audits_and_notifies(
    township: OrgUnit, sysadmin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    holder = UserFactory(role=Role.PETITION_OFFICE, home_unit=township)
    # 60 days from 2026-12-08: day 60 is Sat 2027-02-06, in the provisional
    # 春节 (2-5..2-8) -> Tue 2-9; with the notice (2-5..2-13) -> Mon 2-15.
    moving = _clock(township, holder, D(2026, 12, 8), 60, "calendar")
    # 60 days from 2026-12-04: Tue 2027-02-02 either way; it only turns final.
    staying = _clock(township, holder, D(2026, 12, 4), 60, "calendar")
    # Within 2026: untouched.
    inside = _clock(township, holder, D(2026, 11, 2), 15, "calendar")
    assert (moving.due_date, moving.provisional_year) == (D(2027, 2, 9), 2027)
    assert (staying.due_date, staying.provisional_year) == (D(2027, 2, 2), 2027)
    assert inside.provisional_year is None

    notice = calendar_entry.read(2027, NOTICE_2027)
    assert notice.errors == []
    moves = {m.clock.pk: m for m in calendar_entry.preview(notice)}
    assert set(moves) == {moving.pk, staying.pk}
    assert (moves[moving.pk].old, moves[moving.pk].new) == (D(2027, 2, 9), D(2027, 2, 15))
    assert moves[moving.pk].moved and not moves[staying.pk].moved
    assert not CalendarYear.objects.filter(year=2027).exists()  # preview saves nothing

    with django_capture_on_commit_callbacks(execute=True):
        done = calendar_entry.enter_year(notice, by=sysadmin, source="国办发明电〔2026〕X号")
    assert done.created and done.notified == 1
    moving.refresh_from_db()
    staying.refresh_from_db()
    assert (moving.due_date, moving.provisional_year) == (D(2027, 2, 15), None)
    assert (staying.due_date, staying.provisional_year) == (D(2027, 2, 2), None)
    assert not any("暂定" in step for step in moving.explanation)
    assert "适逢春节放假（至 2027-02-14）" in moving.explanation[-1]
    assert clocks.load_calendar().knows(2027)
    assert CalendarDay.objects.get(date=D(2027, 2, 20)).kind == CalendarDay.Kind.WORKDAY

    changed = AuditEvent.objects.filter(object_id=str(moving.pk), note__contains="2027年放假安排")
    [event] = changed
    assert event.actor == sysadmin
    assert event.changes["due_date"] == ["2027-02-09", "2027-02-15"]
    assert AuditEvent.objects.filter(object_id="2027", note__startswith="录入2027年").exists()
    [reminder] = Reminder.objects.filter(user=holder)
    assert "由 2027-02-09 调整为 2027-02-15" in reminder.title
    assert reminder.url == "/test/"


def test_entering_is_for_the_system_administrator_and_all_or_nothing(
    township: OrgUnit,
) -> None:
    clerk = UserFactory(role=Role.PETITION_OFFICE, home_unit=township)
    notice = calendar_entry.read(2027, NOTICE_2027)
    with pytest.raises(RuleViolation, match="只有系统管理员"):
        calendar_entry.enter_year(notice, by=clerk)
    sysadmin = UserFactory(role=Role.SYSTEM_ADMIN, home_unit=township)
    bad = calendar_entry.Notice(year=2027, holidays={D(2027, 2, 5): "春节"}, workdays={})
    bad.workdays[D(2027, 2, 17)] = "春节"  # a Wednesday
    with pytest.raises(RuleViolation, match="调休上班日应为周六或周日"):
        calendar_entry.enter_year(bad, by=sysadmin)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_a_correction_of_an_entered_year_replaces_its_days(
    township: OrgUnit, sysadmin: Any
) -> None:
    calendar_entry.enter_year(calendar_entry.read(2027, NOTICE_2027), by=sysadmin)
    corrected = calendar_entry.read(2027, NOTICE_2027, "2027-02-20 放假 春节")
    done = calendar_entry.enter_year(corrected, by=sysadmin)
    assert not done.created
    assert CalendarDay.objects.get(date=D(2027, 2, 20)).kind == CalendarDay.Kind.HOLIDAY
    assert CalendarDay.objects.filter(date__year=2027).count() == len(corrected.days())


# --- the page --------------------------------------------------------------------


def _client(user: Any) -> Client:
    return verified_client(user)


def test_the_calendar_page_is_for_the_system_administrator(
    township: OrgUnit, sysadmin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clocks, "_today", lambda: D(2026, 12, 4))
    clerk = UserFactory(role=Role.PETITION_OFFICE, home_unit=township)
    assert _client(clerk).get("/calendar/").status_code == 403
    assert _client(clerk).get("/calendar/2027/").status_code == 403
    r = _client(sysadmin).get("/calendar/")
    body = r.content.decode()
    assert r.status_code == 200
    assert 'data-testid="calendar-year-2026"' in body and 'data-testid="calendar-year-2027"' in body
    assert "暂定" in body and "已录入" in body
    assert 'href="/calendar/2027/"' in body
    assert _client(sysadmin).get("/calendar/", {"year": "2028"})["Location"] == "/calendar/2028/"


def test_preview_then_save_through_the_page(
    township: OrgUnit, sysadmin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    holder = UserFactory(role=Role.PETITION_OFFICE, home_unit=township)
    moving = _clock(township, holder, D(2026, 12, 8), 60, "calendar")
    c = _client(sysadmin)
    r = c.post("/calendar/2027/", {"text": NOTICE_2027, "action": "preview"})
    body = r.content.decode()
    assert r.status_code == 200
    assert 'data-testid="calendar-days"' in body and "2027-02-20" in body
    assert 'data-testid="calendar-moves"' in body and "2027-02-15" in body
    assert 'data-testid="calendar-save"' in body
    assert not CalendarYear.objects.filter(year=2027).exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/calendar/2027/", {"text": NOTICE_2027, "action": "save"})
    assert r.status_code == 302 and r["Location"] == "/calendar/"
    moving.refresh_from_db()
    assert moving.due_date == D(2027, 2, 15) and moving.provisional_year is None
    # Opening an entered year lists its days for a correction.
    again = c.get("/calendar/2027/").content.decode()
    assert "2027-02-20 上班 春节" in again


def test_the_page_refuses_a_weekday_makeup_day_without_saving(sysadmin: Any) -> None:
    r = _client(sysadmin).post(
        "/calendar/2027/", {"days": "2027-02-05 放假 春节\n2027-02-17 上班 春节", "action": "save"}
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert "调休上班日应为周六或周日（2027-02-17 是星期三）" in body
    assert 'data-testid="calendar-save"' not in body
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_an_empty_form_says_what_to_fill(sysadmin: Any) -> None:
    body = _client(sysadmin).post("/calendar/2027/", {"action": "preview"}).content.decode()
    assert "请粘贴通知原文，或逐日录入放假日和调休上班日。" in body


def test_the_year_table_costs_a_fixed_number_of_queries(
    township: OrgUnit, sysadmin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    monkeypatch.setattr(clocks, "_today", lambda: D(2026, 12, 4))
    holder = UserFactory(role=Role.PETITION_OFFICE, home_unit=township)
    _clock(township, holder, D(2026, 12, 8), 60, "calendar")
    with CaptureQueriesContext(connection) as one:
        calendar_entry.year_rows(D(2026, 12, 4))
    for i in range(5):
        _clock(township, holder, D(2026, 12, 9 + i), 60, "calendar")
    with CaptureQueriesContext(connection) as six:
        rows = calendar_entry.year_rows(D(2026, 12, 4))
    assert len(six.captured_queries) == len(one.captured_queries)
    assert {r["year"]: r["provisional_clocks"] for r in rows}[2027] == 6


# --- home page warning from 1 November, menu -------------------------------------


@pytest.mark.parametrize(
    ("today", "warned"),
    [
        (D(2026, 10, 31), None),
        (D(2026, 11, 1), 2027),
        (D(2026, 12, 31), 2027),
        # 2027 is this year now and still not entered: every clock counts on
        # its provisional days, so the warning stays (it ended on 1 January).
        (D(2027, 1, 1), 2027),
        (D(2027, 1, 4), 2027),
        (D(2027, 11, 2), 2027),  # this year's before next year's
    ],
)
def test_home_warns_the_system_administrator_from_1_november(
    sysadmin: Any, monkeypatch: pytest.MonkeyPatch, today: dt.date, warned: int | None
) -> None:
    monkeypatch.setattr(clocks, "_today", lambda: today)
    r = _client(sysadmin).get("/")
    assert r.status_code == 200
    assert r.context["calendar_missing_year"] == warned
    body = r.content.decode()
    assert ('data-testid="calendar-next-missing"' in body) == (warned is not None)
    if warned:
        assert f'href="/calendar/{warned}/"' in body


def test_no_warning_once_next_year_is_entered(
    sysadmin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clocks, "_today", lambda: D(2026, 11, 20))
    calendar_entry.enter_year(calendar_entry.read(2027, NOTICE_2027), by=sysadmin)
    assert _client(sysadmin).get("/").context["calendar_missing_year"] is None


def test_january_warns_until_this_year_is_entered(
    sysadmin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clocks, "_today", lambda: D(2027, 1, 4))
    client = _client(sysadmin)
    page = client.get("/calendar/").content.decode()
    assert "2027年的放假安排尚未录入。" in page and 'href="/calendar/2027/"' in page
    calendar_entry.enter_year(calendar_entry.read(2027, NOTICE_2027), by=sysadmin)
    assert client.get("/").context["calendar_missing_year"] is None
    assert "放假安排尚未录入" not in client.get("/calendar/").content.decode()
    # November: next year's turn.
    monkeypatch.setattr(clocks, "_today", lambda: D(2027, 11, 1))
    assert client.get("/").context["calendar_missing_year"] == 2028


def test_other_roles_are_not_warned(township: OrgUnit, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clocks, "_today", lambda: D(2026, 12, 4))
    clerk = UserFactory(role=Role.PETITION_OFFICE, home_unit=township)
    assert _client(clerk).get("/").context["calendar_missing_year"] is None


def _menu_urls(user: Any) -> set[str]:
    return {item["url"] for group in menu_for(user) for item in group["items"]}


def test_the_system_administrators_menu_has_users_and_the_calendar_not_business(
    world: World, sysadmin: Any
) -> None:
    urls = _menu_urls(sysadmin)
    assert "/calendar/" in urls
    assert "/admin/core/user/" in urls
    assert "/calendar/calculator/" in urls
    assert not any(u.startswith(("/petitions", "/mediation", "/enforcement")) for u in urls)
    assert "/people/" not in urls
    # A business role keeps its modules and does not get the calendar page.
    business = _menu_urls(world.colleague)
    assert "/calendar/" not in business and "/admin/core/user/" not in business
    assert any(u.startswith("/petitions") for u in business)


def test_calculator_links_a_missing_year_for_the_system_administrator(
    township: OrgUnit, sysadmin: Any
) -> None:
    params = {"start": "2019-12-20", "length": "15", "unit": "working"}
    body = _client(sysadmin).get("/calendar/calculator/", params).content.decode()
    assert "2019年的节假日安排尚未录入工作日历" in body
    assert 'href="/calendar/2019/"' in body
    clerk = UserFactory(role=Role.PETITION_OFFICE, home_unit=township)
    body = _client(clerk).get("/calendar/calculator/", params).content.decode()
    assert "2019年的节假日安排尚未录入工作日历" in body
    assert 'href="/calendar/2019/"' not in body


def test_calculator_marks_a_provisional_due_date(township: OrgUnit) -> None:
    clerk = UserFactory(role=Role.PETITION_OFFICE, home_unit=township)
    params = {"start": "2026-12-04", "length": "60", "unit": "calendar"}
    body = _client(clerk).get("/calendar/calculator/", params).content.decode()
    assert 'data-testid="due-date">2027-02-02' in body
    assert "暂定（2027年放假安排未公布）" in body
    assert 'data-testid="provisional-explained"' in body
