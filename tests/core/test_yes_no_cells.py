"""A yes/no cell of a ledger page reads 是/否, as its export does.

Walking the demo in January 2027, the petition ledger's 重复 column showed ✘
on nearly every row (a cross, read as 错, for a petition that is simply not a
repeat) and ✔ on the repeats, the people register's 干部 column ✘ for every
villager, while each page's Excel export said 是/否. core.tables.YesNoColumn
is the page's yes/no cell: model boolean fields pick it up, and the modules'
explicit yes/no columns are one."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from tests.factories import PersonFactory, World
from tests.petitions.conftest import Leaders, leaders, make_petition  # noqa: F401

pytestmark = pytest.mark.django_db


def cells(body: str, column: str) -> list[str]:
    """The texts of one column of a ledger page's table."""
    table = body.split("<table")[1].split("</table>")[0]
    head, rows = table.split("</thead>")
    heads = [re.sub(r"<[^>]*>", "", h) for h in re.findall(r"<th[ >].*?</th>", head)]
    index = next(i for i, h in enumerate(heads) if column in h)
    out = []
    for row in re.findall(r"<tr[ >].*?</tr>", rows, flags=re.S):
        tds = re.findall(r"<td[ >].*?</td>", row, flags=re.S)
        out.append(re.sub(r"<[^>]*>", "", tds[index]).strip())
    return out


def test_the_people_register_says_yes_or_no(world: World) -> None:
    PersonFactory(name="干部甲", unit=world.township, is_cadre=True)
    PersonFactory(name="村民乙", unit=world.village, is_cadre=False)
    for user in (world.owner, world.colleague):
        body = world.client(user).get("/people/?sort=name").content.decode()
        assert "✘" not in body and "✔" not in body
        assert sorted(cells(body, "干部")) == ["否", "是"], cells(body, "干部")
    export = world.client(world.owner).get("/people/?export=xlsx&reason=核对台账")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert {"是", "否"} <= {r[-1] for r in rows}  # the page and its export agree
    outsider = world.client(world.outsider).get("/people/").content.decode()
    assert "干部甲" not in outsider


def test_the_petition_ledgers_repeat_column_says_yes_or_no(
    world: World,
    leaders: Leaders,  # noqa: F811
) -> None:
    make_petition(leaders.clerk, leaders.office)
    body = world.client(leaders.clerk).get("/petitions/").content.decode()
    assert "✘" not in body and "✔" not in body
    assert cells(body, "重复") == ["否"]
