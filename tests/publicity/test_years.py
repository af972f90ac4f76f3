"""Publicity pages open on the latest year with activities, not on the
calendar year (issue 15 item 9: a first look showed every village as a gap)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core import years
from fazhi.publicity import views
from tests.factories import World

from .helpers import activity

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "_today", lambda: TODAY)
    monkeypatch.setattr(years, "_today", lambda: TODAY)


def test_coverage_opens_on_the_latest_year_with_activities(world: World) -> None:
    activity(world, date=dt.date(2024, 3, 10), title="赶集日普法")
    r = world.client(world.owner).get(reverse("publicity:coverage"))
    assert r.status_code == 200
    assert r.context["period"].label == "2024年"
    assert r.context["cov"].activity_count == 1
    body = r.content.decode()
    assert '<option value="2024" selected>2024年</option>' in body
    # The picker still offers the current year.
    assert '<option value="2026">2026年</option>' in body
    # An explicit year is kept.
    r = world.client(world.owner).get(reverse("publicity:coverage"), {"year": 2026})
    assert r.context["period"].label == "2026年"
    assert r.context["cov"].activity_count == 0
