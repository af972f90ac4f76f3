"""The training-hours page opens on the year the leaders' dashboard judges:
in January it showed the new year (every officer at 0 hours) while the
dashboard's training card judged the year just ended. Both now ask
core.years.judged_year; the page's year switcher still offers any year."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core import years
from fazhi.enforcement import queries

from .conftest import Enf

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = "/enforcement/training/hours/"


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (dt.datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI), 2026),
        # 1 January at 07:30 is still 31 December in UTC: the township's date.
        (dt.datetime(2027, 1, 1, 7, 30, tzinfo=SHANGHAI), 2026),
        (dt.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI), 2026),
        (dt.datetime(2026, 3, 31, 9, 0, tzinfo=SHANGHAI), 2025),
        (dt.datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI), 2026),
    ],
)
def test_the_page_opens_on_the_dashboards_year(enf: Enf, moment: dt.datetime, year: int) -> None:
    with time_machine.travel(moment, tick=False):
        today = moment.date()
        page = enf.w.client(enf.w.colleague).get(URL)
        assert page.status_code == 200
        assert page.context["year"] == year
        assert f"{year}年" in page.context["title"]
        assert queries.training_standing(enf.w.colleague, today).year == year
        assert years.judged_year(today) == year


@time_machine.travel(dt.datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_the_year_switcher_still_opens_another_year(enf: Enf) -> None:
    page = enf.w.client(enf.w.colleague).get(URL, {"year": 2027})
    assert page.status_code == 200
    assert page.context["year"] == 2027
    assert 'name="year"' in page.content.decode()


def _forms(html: str) -> list[str]:
    return re.findall(r"<form\b.*?</form>", html, flags=re.S)


@time_machine.travel(dt.datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_filtering_a_past_year_stays_on_that_year(enf: Enf) -> None:
    """On 2025's page a filter (姓名, 持证情况) kept to 2025: the filter form
    sent no year, so the page fell back to the judged year, 2026, and its
    清除 did too; the year switcher dropped the filters chosen."""
    client = enf.w.client(enf.w.colleague)
    html = client.get(URL, {"year": 2025, "name": "王"}).content.decode()
    year_form, filter_form = _forms(html)[-2:]
    assert 'name="name"' in filter_form
    assert '<input type="hidden" name="year" value="2025">' in filter_form
    assert 'href="?year=2025"' in filter_form  # 清除 keeps the year
    assert '<input type="hidden" name="name" value="王">' in year_form
    # What the filter form submits opens 2025's page.
    filtered = client.get(URL, {"name": "王", "year": "2025"})
    assert filtered.context["year"] == 2025
    # Another list keeps nothing of the kind.
    other = client.get("/enforcement/officers/").content.decode()
    assert 'type="hidden" name="year"' not in other
