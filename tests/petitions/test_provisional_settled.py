"""Work done before the provisional year began keeps no 暂定 mark: a petition
accepted on 4 December whose 60-day clock reached 2027 (暂定, the 2027 notice
not entered) and was answered on 28 December was answered on time whatever
that notice says (its due date lies in 2027 either way), so the ledger, the
detail page, the API and the public tracking page stop asking the clerk to
wait for the notice. Answered on 4 January instead, it stays 暂定: the notice
could still move the due date before or after that day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from fazhi.core import steps
from fazhi.core.models import Clock, shown_provisional_year
from fazhi.core.templatetags.clock_tags import provisional_html
from fazhi.petitions import rules

from .conftest import Leaders
from .test_provisional_calendar import NOTE, _accepted, _handling, today  # noqa: F401

pytestmark = pytest.mark.django_db
D = dt.date


def _done(p: Any, on: dt.date, leaders: Leaders, today: Any) -> Clock:  # noqa: F811
    today(on)
    steps.stop_clock(p, rules.CLOCK_HANDLING, on, leaders.clerk)
    return Clock.objects.get(pk=_handling(p).pk)


def _shown(clock: Clock) -> int | None:
    return Clock.objects.annotate(shown=shown_provisional_year()).get(pk=clock.pk).shown


def test_done_on_28_december_drops_the_mark_everywhere(
    register: Any,
    leaders: Leaders,
    world: Any,
    today: Any,  # noqa: F811
) -> None:
    p = _accepted(register, leaders, D(2026, 12, 4), today)
    clock = _done(p, D(2026, 12, 28), leaders, today)
    # The date is still the provisional one, recomputed when the notice comes.
    assert (clock.due_date, clock.provisional_year) == (D(2027, 2, 2), 2027)
    assert clock.settled_early and not clock.provisional
    assert clock.provisional_note == "" and str(provisional_html(clock)) == ""
    assert _shown(clock) is None
    c = world.client(leaders.clerk)
    for url in (f"/petitions/{p.pk}/", "/petitions/"):
        html = c.get(url).content.decode()
        # The badge goes; the calculation's steps still say how the date was counted.
        assert "2027-02-02" in html and 'data-testid="provisional"' not in html, url
    assert c.get(f"/api/v1/petitions/{p.pk}/").json()["handling_due_provisional"] is None
    public = Client().get(f"/petitions/public/track/?code={p.query_code}").content.decode()
    assert NOTE not in public


def test_done_in_the_provisional_year_keeps_the_mark(
    register: Any,
    leaders: Leaders,
    world: Any,
    today: Any,  # noqa: F811
) -> None:
    p = _accepted(register, leaders, D(2026, 12, 4), today)
    clock = _done(p, D(2027, 1, 4), leaders, today)
    assert not clock.settled_early and clock.provisional
    assert clock.provisional_note == NOTE
    assert _shown(clock) == 2027
    c = world.client(leaders.clerk)
    for url in (f"/petitions/{p.pk}/", "/petitions/"):
        assert 'data-testid="provisional"' in c.get(url).content.decode(), url


def test_a_running_clock_keeps_the_mark(register: Any, leaders: Leaders, today: Any) -> None:  # noqa: F811
    p = _accepted(register, leaders, D(2026, 12, 4), today)
    clock = Clock.objects.get(pk=_handling(p).pk)
    assert clock.provisional and _shown(clock) == 2027
