"""The training-hours page and the leaders' dashboard count the same people:
the certified enforcement officers, whom the yearly training target applies
to (queries.training_population). Walking the demo on 2 January 2027, the
page listed all 16 officers (uncertified ones too) while the dashboard's
card counted the 12 certified."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core import demo
from fazhi.core.models import User
from fazhi.enforcement import queries
from fazhi.enforcement.models import Officer
from tests.reports.test_dashboard import as_user

pytestmark = pytest.mark.django_db
PROJECT_URLS = True

TODAY = dt.date(2027, 1, 2)


@pytest.fixture
def january(monkeypatch: pytest.MonkeyPatch) -> Any:
    world = demo.build()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return world


def listed(username: str, year: int) -> tuple[dict[str, Any], str]:
    response = as_user(username).get("/enforcement/training/hours/", {"year": year})
    assert response.status_code == 200
    rows = {o.person.name: o.hours for o in response.context["object_list"]}
    return rows, response.content.decode()


def test_the_page_and_the_dashboard_count_the_certified_officers(january: Any) -> None:
    leader = User.objects.get(username="leader")
    standing = queries.training_standing(leader, TODAY)
    assert Officer.objects.visible_to(leader).count() > standing.officers  # some uncertified

    # This year: the page lists the officers the card's progress counts.
    rows, html = listed("leader", 2027)
    assert len(rows) == standing.officers
    assert f"{standing.officers}人，其中{standing.officers}人未达年度目标60学时" in html
    assert "持有执法证的执法人员" in html

    # The year the card judges in January: the page's officers short of the
    # target are the card's, by name and hours.
    assert standing.final and standing.year == 2026
    rows, html = listed("leader", 2026)
    short = {name: hours for name, hours in rows.items() if hours < standing.target}
    assert short == {o.person.name: o.hours for o in standing.behind}
    assert f"其中{len(short)}人未达年度目标" in html
    dashboard = as_user("leader").get("/reports/dashboard/").content.decode()
    assert f"0/{standing.officers}人已满" in dashboard


def test_an_uncertified_officer_is_not_listed_nor_counted(january: Any) -> None:
    leader = User.objects.get(username="leader")
    period = queries.Period.year(2027)
    certified = set(queries.training_population(Officer.objects.visible_to(leader), period))
    outside = Officer.objects.visible_to(leader).exclude(pk__in=[o.pk for o in certified])
    assert outside.exists()
    rows, _ = listed("leader", 2027)
    assert not {o.person.name for o in outside} & set(rows)
    # A village cadre sees no officer of the township: nothing listed, nothing counted.
    rows, html = listed("cun", 2027)
    assert rows == {} and "0人，其中0人" in html
