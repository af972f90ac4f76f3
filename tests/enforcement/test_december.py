"""Filing a case in December (issue 15 item 8): the 90-day decision clock
reaches a year whose holiday notice is not entered, and runs on the
provisional calendar instead of refusing the filing."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import clocks, steps
from fazhi.enforcement import workflow

from .conftest import Enf

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_case_filed_on_2026_12_04_gets_a_provisional_decision_due_date(
    enf: Enf, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(steps, "today", lambda: D(2026, 12, 4))
    case = enf.clue(act_date=D(2026, 11, 20), discovered_on=D(2026, 11, 30))
    workflow.file_case(case, on=D(2026, 12, 4), by=enf.by)
    filed = enf.reload(case)
    assert filed.filed_on == D(2026, 12, 4)
    [clock] = [c for c in clocks.clocks_for(filed) if c.due_date and c.due_date.year == 2027]
    # Day 90 is Thu 2027-03-04, a working day on the provisional calendar.
    assert clock.due_date == D(2027, 3, 4)
    assert clock.provisional_year == 2027
