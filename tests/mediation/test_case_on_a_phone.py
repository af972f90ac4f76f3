"""A mediation case's time limits on a phone (390 px), as a walk of the demo
found them: the start and due dates broke at a hyphen (2026- / 11-06) and the
state stood one character a line (即 / 将 / 到 / 期)."""

from __future__ import annotations

import re

import pytest

from .conftest import Med

pytestmark = pytest.mark.django_db


def test_the_time_limits_dates_and_state_stay_whole(med: Med) -> None:
    case = med.case()
    html = med.world.client(med.world.owner).get(f"/mediation/cases/{case.pk}/").content.decode()
    table = html.split("办理时限", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>.*?</tr>", table, re.S)
    assert rows
    for row in rows:
        for day in re.findall(r"\d{4}-\d{2}-\d{2}", row):
            assert re.search(rf'class="text-nowrap">{day}<', row), (day, row)
        assert re.search(r'<td class="text-nowrap" data-testid="clock-state">[^<]+</td>', row), row
