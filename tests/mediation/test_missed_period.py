"""The 未按期排查的单位 page's period (mediation.forms.MissedRoundsForm): a
start on the calendar's first day was a 500 (OverflowError: the rounds of the
week before it were looked up from 0000-12-26), a period of centuries drew
every week since; now a period past a year or backwards is refused, named on
the page in Chinese, and the last 90 days are shown. A period as typed by a
clerk still lists the units that missed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.mediation import queries
from fazhi.mediation.forms import MissedRoundsForm
from fazhi.mediation.views.screenings import units_visible_to

pytestmark = pytest.mark.django_db

URL = reverse("mediation:screening_missed")


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"start": "0001-01-01"}, "最长一年"),
        ({"start": "0001-01-01", "end": "0001-01-02"}, None),
        ({"start": "0001-01-01", "end": "9999-12-31"}, "最长一年"),
        ({"start": "2024-09-15", "end": "2024-09-02"}, "不能晚于"),
        ({"start": "2024-02-30"}, "起"),
        ({"start": "2024.3.5"}, "起"),
    ],
)
def test_a_period_past_a_year_or_backwards_is_named_not_a_500(world, query, words) -> None:
    for export in ({}, {"export": "xlsx"}):
        response = world.client(world.owner).get(URL, {**query, **export})
        assert response.status_code == 200, (query, export)
    page = world.client(world.owner).get(URL, query).content.decode()
    if words:
        assert 'data-testid="refused"' in page and words in page, page


def test_the_calendars_first_week_is_looked_up_without_overflow(world) -> None:
    import datetime as dt

    units = units_visible_to(world.owner)
    rows = queries.missed_rounds(units, dt.date(1, 1, 1), dt.date(1, 1, 14))
    assert {(r.period_start, r.period_end) for r in rows} == {
        (dt.date(1, 1, 1), dt.date(1, 1, 7)),
        (dt.date(1, 1, 8), dt.date(1, 1, 14)),
    }


def test_a_year_is_the_longest_period() -> None:
    assert MissedRoundsForm({"start": "2024-01-01", "end": "2024-12-31"}).is_valid()
    form = MissedRoundsForm({"start": "2023-01-01", "end": "2024-12-31"})
    assert not form.is_valid() and "start" in form.errors
    assert form.refusals()[0].startswith("起")
