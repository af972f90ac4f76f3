"""The county roll-up opens on the latest year a township has a report for
(else the latest with records), and its 合计 follows the cells: "—" only when
every township shows "—" (issue 15 item 9)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import years
from fazhi.reports import queries, workflow
from fazhi.reports.figures import Value
from tests.factories import World

from .conftest import FakeIndicators, add_people

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(years, "_today", lambda: TODAY)


def test_rollup_opens_on_the_latest_report_year(world: World, leadership, fake) -> None:
    fake.count("mediation.committees", "committee")
    add_people(world.township, "committee", 3)
    workflow.generate_draft(world.township, 2024, by=world.owner)
    r = world.client(world.county_user).get("/reports/rollup/")
    assert r.status_code == 200
    assert r.context["year"] == 2024
    body = r.content.decode()
    assert '<option value="2024" selected>2024年</option>' in body
    assert r.context["years"][0] == 2026
    # Asked for explicitly, another year is kept.
    assert world.client(world.county_user).get("/reports/rollup/?year=2026").context["year"] == 2026


def test_rollup_without_reports_opens_on_the_latest_year_with_records(world: World) -> None:
    from tests.publicity.helpers import activity

    activity(world, date=dt.date(2023, 6, 1))
    r = world.client(world.county_user).get("/reports/rollup/")
    assert r.context["year"] == 2023


def _rollup(world: World, cells: dict[int, Value], key: str) -> queries.Rollup:
    table = queries.Rollup(year=2024, keys=[key], units=[world.township, world.other_township])
    for pk, value in cells.items():
        table.put(pk, key, value)
    return table


def test_total_is_dash_only_when_every_township_is_dash(world: World, fake: FakeIndicators) -> None:
    fake.count("mediation.committees", "committee")
    key = "mediation.committees"
    none = Value(key=key, value=0, has_records=False, registered=True)
    three = Value(key=key, value=3, has_records=True, registered=True)
    zero = Value(key=key, value=0, has_records=True, registered=True)
    all_dash = _rollup(world, {world.township.pk: none, world.other_township.pk: none}, key)
    assert [c.display for c in all_dash.table()[0]["cells"]] == ["", ""]
    assert all_dash.total(key) is None
    mixed = _rollup(world, {world.township.pk: none, world.other_township.pk: three}, key)
    assert mixed.total(key) == 3
    counted_zero = _rollup(world, {world.township.pk: zero}, key)
    assert counted_zero.total(key) == 0


def test_rollup_page_total_reads_dash_beside_dashes(world: World, fake: FakeIndicators) -> None:
    fake.count("mediation.committees", "committee", label="人民调解委员会")
    r = world.client(world.county_user).get("/reports/rollup/?year=2024&all=1")
    body = r.content.decode()
    row = body.split('data-key="mediation.committees"')[1].split("</tr>")[0]
    assert ">0<" not in row and row.count("—") == 3  # two townships and 合计
