"""The demo's open petitions are dated from the day the demo is built, so a
demo built in December shows work crossing the year end (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import clocks, demo, steps
from fazhi.petitions import demo as petitions_demo
from fazhi.petitions import rules
from fazhi.petitions.models import Petition, Stage

pytestmark = pytest.mark.django_db
D = dt.date


def _build_on(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> list[Petition]:
    monkeypatch.setattr(clocks, "_today", lambda: day)
    monkeypatch.setattr(steps, "today", lambda: day)
    petitions_demo.build(demo.build_core())
    return list(Petition.objects.filter(title__contains="（").exclude(received_on__year=2024))


def _states(day: dt.date) -> dict[str, str]:
    out = {}
    calendar = clocks.load_calendar()
    for p in Petition.objects.exclude(received_on__year=2024):
        c = clocks.clock(p, rules.CLOCK_HANDLING)
        out[p.title] = clocks.state(c, day, calendar) if c else p.stage
    return out


def test_built_on_2026_12_04_the_open_matters_follow_that_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    today = D(2026, 12, 4)
    live = _build_on(monkeypatch, today)
    assert len(live) == len(petitions_demo.LIVE)
    assert all(p.received_on <= today and p.received_on.year == 2026 for p in live)
    states = sorted(_states(today).values())
    assert states.count("overdue") == 1 and states.count("due_soon") == 1
    assert Stage.REGISTERED in states
    provisional = [
        clocks.clock(p, rules.CLOCK_HANDLING)
        for p in live
        if clocks.clock(p, rules.CLOCK_HANDLING) is not None
    ]
    years = {c.provisional_year for c in provisional if c is not None}
    assert 2027 in years  # accepted a few days ago: 60 days into 2027, 暂定
    # Built again (the same day) nothing is added.
    assert len(_build_on(monkeypatch, today)) == len(live)


def test_built_in_june_nothing_is_provisional(monkeypatch: pytest.MonkeyPatch) -> None:
    live = _build_on(monkeypatch, D(2026, 6, 15))
    for p in live:
        c = clocks.clock(p, rules.CLOCK_HANDLING)
        assert c is None or c.provisional_year is None
