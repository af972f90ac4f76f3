"""The leaders' dashboard in the first days of a year (walking the demo on
4 January 2027): a year with no publicity activity yet says so in words
instead of drawing a grid of blank cells under a 0–1 colour scale."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fazhi.core import demo
from tests.reports.test_dashboard import as_user, chart_data

pytestmark = pytest.mark.django_db
PROJECT_URLS = True

TODAY = dt.date(2027, 1, 4)


@pytest.fixture
def january(monkeypatch: pytest.MonkeyPatch) -> Any:
    world = demo.build()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return world


def test_a_year_without_activities_says_so_instead_of_an_empty_heatmap(january: Any) -> None:
    for username in ("leader", "county", "cun"):
        html = as_user(username).get("/reports/dashboard/?year=2027").content.decode()
        assert 'id="heatmap-data"' not in html and 'data-chart="heatmap"' not in html, username
        assert "2027年尚无已开展的普法活动。" in html, username
    # The demo's year still draws its cells.
    html = as_user("leader").get("/reports/dashboard/?year=2024").content.decode()
    assert any(cell[2] for cell in chart_data(html, "heatmap")["data"])
    assert "尚无已开展的普法活动" not in html
