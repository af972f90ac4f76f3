"""core.steps.start_clock: a record's clock, held by its holder's unit and
linked to the holder's page."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import steps
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db


def test_start_clock_is_held_by_the_holders_unit_and_links_to_its_page(world: World) -> None:
    holder = PersonFactory(unit=world.other_township)
    target = PersonFactory(unit=world.township)
    clock = steps.start_clock(
        target,
        kind="t.kind",
        label="测试",
        start_date=dt.date(2024, 3, 4),
        length=10,
        unit="calendar",
        by=world.owner,
        holder=holder,
    )
    assert (clock.unit, clock.url) == (world.other_township, holder.get_absolute_url())
    assert steps.running_clock(target, "t.kind") == clock
