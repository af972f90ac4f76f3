"""Retention (issue 17, PIPL): anonymising the demo township's closed 2024
matters leaves every figure of the 2024 annual report as it was (core.retention
deletes no row and touches no state, date or category)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from fazhi.core import demo, indicators, retention
from fazhi.core.indicators import Period
from fazhi.core.models import Person
from fazhi.petitions.models import Petitioner

pytestmark = pytest.mark.django_db


def test_indicators_unchanged_on_the_demo_township() -> None:
    world = demo.build()
    year = Period.year(2024)
    before = indicators.compute_all(world.township, year)
    county_before = indicators.compute_all(world.county, year)
    # A cutoff after every 2024 matter closed: the demo's closed matters are past.
    result = retention.anonymise(by=AnonymousUser(), before=dt.date(2026, 1, 1))
    assert result.changed["petitions"] > 0 and result.changed["governance.disclosure"] > 0
    assert result.changed["mediation"] > 0 and result.changed["enforcement.cases"] > 0
    assert Petitioner.objects.filter(name="信访人（已匿名）").exists()
    assert Person.objects.filter(name="当事人（已匿名）").exists()
    assert indicators.compute_all(world.township, year) == before
    assert indicators.compute_all(world.county, year) == county_before
