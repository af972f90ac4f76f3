"""The home page tells the user of their previous successful log-in (time,
address) and the failed attempts on their user name since (issue 17;
docs/security.md "Sessions"), from the audit trail.
Each persona sees their own log-ins only. Time travels with time-machine, so
the audit rows carry the travelled times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from lxml import html as lxml_html

from tests.factories import PASSWORD, World

pytestmark = pytest.mark.django_db

T1 = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)  # 09:30 in Asia/Shanghai
T2 = T1 + dt.timedelta(days=1)
T3 = T1 + dt.timedelta(days=2)


class Clock:
    """One time-machine journey at a time; back to now at the test's end."""

    def __init__(self) -> None:
        self.journey: time_machine.travel | None = None

    def at(self, when: dt.datetime) -> None:
        self.stop()
        self.journey = time_machine.travel(when, tick=False)
        self.journey.start()

    def stop(self) -> None:
        if self.journey is not None:
            self.journey.stop()
            self.journey = None


@pytest.fixture
def clock() -> Iterator[Clock]:
    c = Clock()
    yield c
    c.stop()


def _login(username: str, password: str = PASSWORD, ip: str = "127.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=ip)
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == (302 if password == PASSWORD else 200)
    return client


def _line(client: Client) -> str:
    tree = lxml_html.fromstring(client.get("/").content.decode())
    [line] = tree.xpath("//*[@data-testid='last-login']")
    return " ".join(line.text_content().split())


def test_the_previous_log_in_and_the_failures_since(world: World, clock: Clock) -> None:
    clock.at(T1)
    _login("owner", ip="10.0.0.1").post("/logout/")
    clock.at(T2)
    _login("owner", "wrong-1", ip="203.0.113.9")
    _login("owner", "wrong-2", ip="203.0.113.9")
    _login("colleague", "wrong-3", ip="203.0.113.9")
    clock.at(T3)

    owner = _line(_login("owner", ip="10.0.0.2"))
    assert "上次登录：2026-03-02 09:30，IP地址 10.0.0.1" in owner
    assert "此前有2次" in owner

    # the colleague's own attempt only, and no earlier log-in to show
    colleague = _line(_login("colleague"))
    assert "首次登录" in colleague and "此前有1次" in colleague and "10.0.0.1" not in colleague

    # an outsider: nothing of the others
    outsider = _line(_login("outsider"))
    assert "首次登录" in outsider and "失败" not in outsider


def test_failures_before_the_previous_log_in_are_not_counted_again(
    world: World, clock: Clock
) -> None:
    clock.at(T1)
    _login("owner", "wrong")
    _login("owner", ip="10.0.0.1")
    clock.at(T3)
    line = _line(_login("owner"))
    assert "10.0.0.1" in line and "此后没有登录失败" in line


def test_anonymous_is_sent_to_the_log_in() -> None:
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
