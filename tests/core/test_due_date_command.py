"""The two front ends of the deadline calculation: `manage.py due_date` and
the staff calculator page (core.views_calendar.calculator)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import views as auth_views
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from fazhi.core import views_account
from fazhi.core.management.commands.due_date import Command
from fazhi.core.views_calendar import calculator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("due_date", *args, stdout=out)
    return out.getvalue().splitlines()


# --- manage.py due_date ---------------------------------------------------------


def test_first_line_is_the_iso_due_date() -> None:
    # Received Sat 9-28 + 15 days: day 15 is Sun 10-13 -> Mon 10-14.
    lines = run("2024-09-28", "15", "calendar")
    assert lines[0] == "2024-10-14"
    assert lines[1] == "期限15日"
    assert any("民法典第二百零一条" in line for line in lines)
    assert lines[-1].endswith("（民法典第二百零三条）")


def test_working_days_across_national_day() -> None:
    lines = run("2024-09-30", "5", "working")
    assert lines[0] == "2024-10-12"
    assert "2024-10-01 至 2024-10-07 国庆节放假，不计入" in lines


def test_count_start_option() -> None:
    # Counting Sat 9-28 itself: day 15 is Sat 10-12, a make-up workday.
    assert run("2024-09-28", "15", "calendar", "--count-start")[0] == "2024-10-12"


def test_year_before_the_calendar_fails_with_the_chinese_message() -> None:
    with pytest.raises(CommandError, match="2019年的节假日安排尚未录入工作日历"):
        run("2019-12-20", "15", "working")


def test_year_without_notice_is_provisional() -> None:
    # 12-21..12-31 holds 9 working days, 2027-01-01 (元旦, statutory), then
    # 1-4..1-8 are 10..14 and Mon 1-11 is the 15th.
    lines = run("2026-12-20", "15", "working")
    assert lines[0] == "2027-01-11"
    assert lines[-1].startswith("暂定（2027年放假安排未公布）")


def test_exit_status_is_non_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        # --skip-checks: the exit status is under test, not the other apps' models.
        argv = ["manage.py", "due_date", "--skip-checks", "2019-12-20", "15", "working"]
        Command().run_from_argv(argv)
    assert info.value.code != 0
    assert "2019年" in capsys.readouterr().err


def test_bad_input() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("2024/09/28", "15", "calendar")
    with pytest.raises(CommandError, match="负数"):
        run("2024-09-28", "-1", "calendar")


# --- the calculator page ----------------------------------------------------------


def _home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("home")


# The URL is wired by core's urls.py; this test urlconf gives base.html the
# names it reverses and nothing else, so the page is tested on its own.
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "",
        include(
            (
                [
                    path("", _home, name="home"),
                    path("calendar/calculator/", calculator, name="calculator"),
                    path(
                        "password/", views_account.PasswordChange.as_view(), name="password_change"
                    ),
                    path("session/keepalive/", views_account.keepalive, name="session_keepalive"),
                    # Named only: base.html links them (search box, offline queue,
                    # two factors, the service worker).
                    *[
                        path(f"{name}/", _home, name=name)
                        for name in (
                            "search",
                            "offline_queue",
                            "offline_sync",
                            "service_worker",
                            "two_factor",
                        )
                    ],
                ],
                "core",
            )
        ),
    ),
]

URL = "/calendar/calculator/"


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(UserFactory())
    return client


@override_settings(ROOT_URLCONF=__name__)
def test_calculator_needs_login() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@override_settings(ROOT_URLCONF=__name__)
def test_calculator_empty_form(staff: Client) -> None:
    response = staff.get(URL)
    assert response.status_code == 200
    assert response.context["due"] is None
    assert "计算截止日" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_calculator_shows_due_date_and_steps(staff: Client) -> None:
    response = staff.get(URL, {"start": "2024-09-30", "length": "5", "unit": "working"})
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["due"].date.isoformat() == "2024-10-12"
    assert 'data-testid="due-date">2024-10-12' in body
    assert "2024-10-01 至 2024-10-07 国庆节放假，不计入" in body


@override_settings(ROOT_URLCONF=__name__)
def test_calculator_count_start(staff: Client) -> None:
    params: dict[str, Any] = {"start": "2024-09-28", "length": "15", "unit": "calendar"}
    assert staff.get(URL, params).context["due"].date.isoformat() == "2024-10-14"
    params["count_start"] = "on"
    assert staff.get(URL, params).context["due"].date.isoformat() == "2024-10-12"


@override_settings(ROOT_URLCONF=__name__)
def test_calculator_errors_in_chinese(staff: Client) -> None:
    response = staff.get(URL, {"start": "2019-12-20", "length": "15", "unit": "working"})
    assert response.status_code == 200
    assert response.context["due"] is None
    assert "2019年的节假日安排尚未录入工作日历" in response.content.decode()
    response = staff.get(URL, {"start": "", "length": "-3", "unit": "weeks"})
    body = response.content.decode()
    assert "请填写起算日。" in body
    assert "期限不能为负数。" in body
    assert "计算单位无效。" in body
