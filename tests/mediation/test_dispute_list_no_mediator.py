"""The dispute ledger's 调解员 cell of a dispute no mediator took (settled on the
spot, or not yet in mediation) reads —, as the row's other empty cells
(涉及金额 —), where it was left blank; the Excel export keeps it empty."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .conftest import Med

pytestmark = pytest.mark.django_db


def test_a_dispute_without_mediator_reads_a_dash(med: Med, world) -> None:
    client = world.client(world.owner)
    body = client.get(reverse("mediation:dispute_list")).content.decode()
    row = body.split(med.dispute.title)[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("</td>")[0].strip() for c in row.split("<td")[1:]]
    assert "" not in cells
    assert cells[-2] == "—"  # 调解员, before 化解/终结日期
    export = client.get(reverse("mediation:dispute_list"), {"export": "xlsx", "reason": "核对台账"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    header = list(rows[1])
    line = next(r for r in rows[2:] if med.dispute.title in r)
    assert line[header.index("调解员")] in (None, "")
