"""The coverage matrix's 合计 counts activities, not cells.

Walking the demo on 28 December 2026, the judicial office held one activity
reaching 荆竹村 and 紫良村 among their villagers and enterprises; the page
said 已开展活动 1 and each village's row read 合计 2 (the row's cells added
up: one activity counted once per sector it reached there)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from fazhi.core.indicators import Period
from fazhi.publicity import queries
from tests.factories import World

from .helpers import activity


def _total(body: str, unit_name: str) -> str:
    matrix = body.split('data-testid="coverage-matrix"')[1].split("</table>")[0]
    row = matrix.split(f">{unit_name}</th>")[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("</td>")[0] for c in row.split("<td")[1:]]
    header = matrix.split("</thead>")[0]
    columns = [h.split(">", 1)[1].split("</th>")[0] for h in header.split("<th")[2:]]
    return cells[columns.index("合计")].strip()


def test_an_activity_reaching_two_sectors_counts_once(world: World) -> None:
    activity(world, reached=[world.village, world.village2], sectors=("village", "enterprise"))
    activity(world, reached=[world.village], sectors=("village",), title="以案释法")
    cov = queries.coverage(world.township, Period.year(2024), today=dt.date(2025, 1, 4))
    rows = {r["unit"].pk: r for r in cov.rows()}
    assert rows[world.village.pk]["total"] == 2
    assert rows[world.village2.pk]["total"] == 1
    assert sum(c["n"] for c in rows[world.village2.pk]["cells"]) == 2  # the cells stay per sector
    for viewer in (world.owner, world.colleague):
        body = world.client(viewer).get(reverse("publicity:coverage"), {"year": 2024}).content
        assert _total(body.decode(), world.village2.name) == "1"
        assert _total(body.decode(), world.village.name) == "2"
    outsider = world.client(world.outsider).get(reverse("publicity:coverage"), {"year": 2024})
    assert world.village2.name not in outsider.content.decode()
