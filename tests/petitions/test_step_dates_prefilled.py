"""A petition's decision and reply forms propose today's date: 受理日期 (and
the 决定日期 of its alternatives, 不予受理 and 转送), and the reply's 答复日期,
are recorded the day they are taken, so the clerk no longer types today in
every one. Dates that may well lie elsewhere stay empty for the clerk to
state: the reply's 送达日期, the close's 办结日期, an objection's 异议日期.
What is posted decides: a post without the date is still refused."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from lxml import html

from fazhi.petitions import workflow
from fazhi.petitions.models import Stage

from .conftest import Leaders

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 28)
# 07:30 in the township is 23:30 UTC of the day before: the form proposes
# the township's date (timezone.localdate), not UTC's.
EARLY_MORNING = dt.datetime(2026, 12, 28, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def _value(page: Any, name: str) -> str | None:
    root = html.fromstring(page.content.decode())
    found = root.xpath(f"//input[@name='{name}']")
    assert found, f"no input {name} on the page"
    return found[0].get("value")


@time_machine.travel(EARLY_MORNING, tick=False)
def test_the_accept_form_proposes_today(register: Any, leaders: Leaders, world: Any) -> None:
    p = register(received_on=dt.date(2026, 12, 21))
    page = world.client(leaders.clerk).get(f"/petitions/{p.pk}/")
    assert page.status_code == 200
    assert _value(page, "accept-on") == TODAY.isoformat()
    assert _value(page, "decline-on") == TODAY.isoformat()
    assert _value(page, "refer-on") == TODAY.isoformat()


@time_machine.travel(EARLY_MORNING, tick=False)
def test_the_reply_form_proposes_today_but_not_its_service(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register(received_on=dt.date(2026, 12, 14))
    workflow.accept(p, by=leaders.clerk, on=dt.date(2026, 12, 15))
    page = world.client(leaders.clerk).get(f"/petitions/{p.pk}/")
    assert page.status_code == 200
    assert _value(page, "reply-on") == TODAY.isoformat()
    assert not _value(page, "reply-served_on")


@time_machine.travel(EARLY_MORNING, tick=False)
def test_a_post_without_the_date_is_still_refused(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register(received_on=dt.date(2026, 12, 21))
    world.client(leaders.clerk).post(
        f"/petitions/{p.pk}/step/accept/", {"version": p.version, "accept-note": "属本机关"}
    )
    p.refresh_from_db()
    assert p.stage == Stage.REGISTERED
