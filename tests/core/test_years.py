"""core.years: a year picker opens on the latest year with records in the
user's scope (never a future year, never another township's records)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory

from fazhi.core import years
from tests.factories import World
from tests.publicity.helpers import activity

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 30)


def test_latest_year_is_the_users_own_latest_past_year(world: World) -> None:
    activity(world, date=dt.date(2023, 5, 10))
    activity(world, date=dt.date(2025, 12, 20))  # after "today": not counted yet
    activity(
        world,
        by=world.outsider,
        unit=world.other_township,
        reached=[world.other_township],
        date=dt.date(2025, 3, 1),
    )
    assert years.latest(world.owner, "publicity.activities", today=TODAY) == 2023
    assert years.latest(world.owner, "publicity", today=TODAY) == 2023
    assert years.latest(world.outsider, "publicity.activities", today=TODAY) == 2025
    assert years.latest(world.county_user, "publicity", today=TODAY) == 2025
    # Nothing in scope (a village with no activity of its own): the current year.
    assert years.latest(world.village2_cadre, "publicity", today=TODAY) == 2025
    assert years.picker(world.owner, "publicity", today=TODAY)[1] == [2025, 2024, 2023]
    assert years.picker(world.village2_cadre, "publicity", today=TODAY)[1] == [2025]


def test_from_request_takes_a_valid_year_else_the_latest(world: World) -> None:
    activity(world, date=dt.date(2024, 3, 10))
    rf = RequestFactory()

    def asked(query: str) -> int:
        request = rf.get("/x/" + query)
        request.user = world.owner
        return years.from_request(request, "publicity", today=TODAY)[0]

    assert asked("") == 2024
    assert asked("?year=2021") == 2021
    assert asked("?year=abc") == 2024
    assert asked("?year=2026") == 2024  # beyond the current year
