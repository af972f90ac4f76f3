"""The report's page keeps each time limit's due date whole: in the side
column (a third of the office screen) it broke at a hyphen, 截止 2025-03- /
03 (found walking the demo)."""

from __future__ import annotations

import re

import pytest

from fazhi.reports import workflow
from tests.factories import World

from .conftest import FakeIndicators, add_people

pytestmark = pytest.mark.django_db


def test_a_clock_due_date_stays_on_one_line(world: World, leadership, fake: FakeIndicators) -> None:
    fake.count("mediation.committees", "committee")
    add_people(world.township, "committee", 6)
    report = workflow.generate_draft(world.township, 2024, by=world.owner)
    html = world.client(world.owner).get(f"/reports/{report.pk}/").content.decode()
    lines = re.findall(r'data-testid="clock">(.*?)(?:<details|</div>)', html, re.S)
    assert lines
    for line in lines:
        day = re.search(r"\d{4}-\d{2}-\d{2}", line)
        assert day, line
        assert re.search(rf'<span class="text-nowrap">[^<]*{day.group(0)}</span>', line), line
