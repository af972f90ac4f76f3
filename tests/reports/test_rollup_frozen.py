"""The county roll-up shows what a township's report states once it is frozen.

Walking the demo on 28 December 2026: the leader submitted the 2026 report
(frozen: 受理登记信访事项 6), the petition office registered one more visit the
same afternoon, and the county supervisor approved the report stating 6 while
the roll-up beside it, and its drill-down, read 7 for the same township and
year. The roll-up now takes a township's figures from its frozen report (as
the year-over-year column already did: queries.prior_values), and says so;
a township without one is computed from its records, marked *, as before."""

from __future__ import annotations

import pytest

from fazhi.reports import workflow
from tests.factories import World

from .conftest import FakeIndicators, add_people

pytestmark = pytest.mark.django_db

KEY = "mediation.committees"


def _row(body: str) -> str:
    return body.split(f'data-key="{KEY}"')[1].split("</tr>")[0]


@pytest.fixture
def frozen(world: World, leadership, fake: FakeIndicators):
    fake.count(KEY, "committee", label="人民调解委员会")
    add_people(world.township, "committee", 3)
    add_people(world.other_township, "committee", 2)
    report = workflow.generate_draft(world.township, 2024, by=world.owner)
    workflow.freeze(report, by=world.owner)
    add_people(world.township, "committee", 4)  # registered after the cut-off
    return report


def test_rollup_shows_the_frozen_report_figures(world: World, frozen) -> None:
    r = world.client(world.county_user).get("/reports/rollup/?year=2024&all=1")
    assert r.status_code == 200
    (row,) = [t for t in r.context["table"] if t["key"] == KEY]
    cells = [c.value for c in row["cells"]]
    units = [u.pk for u in r.context["units"]]
    assert cells[units.index(world.township.pk)] == 3  # the report's 3, not today's 7
    assert cells[units.index(world.other_township.pk)] == 2  # no report: its records
    row = _row(r.content.decode())
    assert ">3<" in row and ">7<" not in row and ">5<" in row  # 合计 3 + 2
    body = r.content.decode()
    assert 'data-testid="rollup-reported"' in body
    assert world.township.pk in r.context["reported"]
    assert world.township.pk not in r.context["live"]
    assert world.other_township.pk in r.context["live"]


def test_drill_down_agrees_with_the_rollup(world: World, frozen) -> None:
    url = f"/reports/indicators/{world.township.pk}/2024/"
    for viewer in (world.county_user, world.owner, world.colleague):
        r = world.client(viewer).get(url)
        assert r.status_code == 200
        row = _row(r.content.decode())
        assert ">3</a>" in row  # 2024 as the roll-up shows it (the fake counts every year alike)
        assert r.context["report"] == frozen
        assert 'data-testid="stated-by-report"' in r.content.decode()
    assert world.client(world.outsider).get(url).status_code == 404


def test_unfrozen_draft_is_computed_from_the_records(
    world: World, leadership, fake: FakeIndicators
) -> None:
    fake.count(KEY, "committee", label="人民调解委员会")
    add_people(world.township, "committee", 3)
    workflow.generate_draft(world.township, 2024, by=world.owner)
    add_people(world.township, "committee", 4)
    r = world.client(world.county_user).get("/reports/rollup/?year=2024&all=1")
    assert ">7<" in _row(r.content.decode())
    assert world.township.pk in r.context["live"] and not r.context["reported"]
    drill = world.client(world.county_user).get(f"/reports/indicators/{world.township.pk}/2024/")
    assert ">7</a>" in _row(drill.content.decode()) and drill.context["report"] is None
