"""An enforcement case's 立案 form and a complaint's 答复 form propose
today's date (the township's, as petitions' step forms do since 9f5c1ae):
the officer records them the day they are taken. Only the step's own date:
every other date on the page stays for the officer to state. What is
posted decides: a 立案 posted without its date is still refused."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from lxml import html

from fazhi.enforcement import workflow
from fazhi.enforcement.models import EnforcementComplaint

from .conftest import Enf

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 28)
# 07:30 in the township is 23:30 UTC the day before: the township's date.
EARLY_MORNING = dt.datetime(2026, 12, 28, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def _dates(page: Any) -> dict[str, str | None]:
    """Every date input of the page, by name, with its value."""
    root = html.fromstring(page.content.decode())
    return {i.get("name"): i.get("value") for i in root.xpath("//input[@type='date']")}


@time_machine.travel(EARLY_MORNING, tick=False)
def test_the_file_form_proposes_today_and_only_its_own_date(enf: Enf) -> None:
    case = enf.clue(act_date=dt.date(2026, 12, 20), discovered_on=dt.date(2026, 12, 21))
    page = enf.w.client(enf.by).get(case.get_absolute_url())
    assert page.status_code == 200
    dates = _dates(page)
    assert dates.get("file-on") == TODAY.isoformat()
    assert not [n for n, v in dates.items() if v and n != "file-on"]


@time_machine.travel(EARLY_MORNING, tick=False)
def test_a_complaints_answer_proposes_today_and_only_its_own_date(enf: Enf) -> None:
    complaint = workflow.register_complaint(
        EnforcementComplaint(
            unit=enf.w.township,
            received_on=dt.date(2026, 12, 21),
            complainant="李四",
            phone="13987654321",
            conduct="unfair",
            content="执法不公。",
        ),
        by=enf.by,
    )
    workflow.investigate_complaint(complaint, note="", by=enf.by)
    page = enf.w.client(enf.by).get(complaint.get_absolute_url())
    assert page.status_code == 200
    dates = _dates(page)
    assert dates.get("answer-on") == TODAY.isoformat()
    assert not [n for n, v in dates.items() if v and n != "answer-on"]
    # The finding is the officer's to state: a preselected 属实 recorded the
    # complaint as true unless they opened the list.
    root = html.fromstring(page.content.decode())
    # (a browser shows the selected option, else the first).
    values = root.xpath("//select[@name='answer-finding']/option/@value")
    selected = root.xpath("//select[@name='answer-finding']/option[@selected]/@value")
    assert (selected or values[:1]) == [""], (selected, values)


@time_machine.travel(EARLY_MORNING, tick=False)
def test_a_file_posted_without_its_date_is_still_refused(enf: Enf) -> None:
    case = enf.clue(act_date=dt.date(2026, 12, 20), discovered_on=dt.date(2026, 12, 21))
    response = enf.w.client(enf.by).post(
        f"{case.get_absolute_url()}do/file/", {"version": case.version}
    )
    assert response.status_code != 404
    assert enf.reload(case).stage == case.stage
