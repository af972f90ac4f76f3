"""The ledger import caps a text cell as the forms and the API cap the text
(core.inputs, 50f3791): NOTE 2,000 for a note or a reason, RECORD 10,000 for a
record's account (反映问题, 协议内容 …), by the column's key or the limit its
kind declares. A cell past its cap refuses its row, naming the column as the
file names it, the limit and the cell's length; the other rows are taken.
Before, a 10,001-character 反映问题 was imported whole (no model check caps a
TextField), where the petition's form refused it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from fazhi.core import inputs
from fazhi.core.ledger_import import engine
from fazhi.core.ledger_import.registry import Column, Context, LedgerKind
from fazhi.core.models import Person
from tests.factories import World

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "来访日期", "信访形式", "信访类别", "信访事由", "反映问题"]


def _xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _petitions(world: World, rows: list[list[Any]]) -> engine.Report:
    from fazhi.petitions.ledger import KIND as PETITIONS

    return engine.run(
        PETITIONS, "信访.xlsx", _xlsx(rows), unit=world.township, by=world.owner, dry_run=True
    )


def test_a_record_text_past_its_cap_refuses_its_row(world: World) -> None:
    report = _petitions(
        world,
        [
            HEADER,
            ["盘石生", "2024-03-05", "来访", "申诉求决类", "宅基地", "问" * (inputs.RECORD + 1)],
            ["赵永明", "2024-03-06", "来访", "申诉求决类", "宅基地", "问" * inputs.RECORD],
        ],
    )
    long, full = report.rows
    assert (long.line, long.outcome) == (2, engine.REFUSED)
    assert long.reasons == ["【反映问题】最多10000个字，本格有10001个字，请删减后再导入"]
    assert full.outcome == engine.CREATED, full.reasons


def test_the_column_is_named_as_the_file_names_it(world: World) -> None:
    header = [*HEADER[:-1], "主要诉求"]
    report = _petitions(
        world,
        [header, ["盘石生", "2024-03-05", "来访", "申诉求决类", "宅基地", "问" * 10_001]],
    )
    (row,) = report.rows
    assert row.outcome == engine.REFUSED
    assert row.reasons == ["【主要诉求】最多10000个字，本格有10001个字，请删减后再导入"]


def _create(values: dict[str, Any], ctx: Context) -> Person:
    from fazhi.core import workflow

    return workflow.create_record(
        Person(unit=ctx.unit, name=values["name"], note=values.get("note") or ""), by=ctx.by
    )


ROSTER = LedgerKind(
    name="capped_people",
    label="人员名册",
    columns=(Column("name", "姓名", required=True), Column("note", "备注")),
    create=_create,
    key_fields=("name",),
    list_url="core:person_list",
)

DECLARED = LedgerKind(
    name="capped_people_declared",
    label="人员名册",
    columns=(Column("name", "姓名", required=True), Column("note", "备注", limit=30)),
    create=_create,
    key_fields=("name",),
    list_url="core:person_list",
)


@given(length=st.integers(min_value=inputs.NOTE - 3, max_value=inputs.NOTE + 3))
@settings(
    max_examples=7,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_a_note_is_capped_at_the_forms_cap(world: World, length: int) -> None:
    report = engine.run(
        ROSTER,
        "名册.xlsx",
        _xlsx([["姓名", "备注"], ["盘石生", "注" * length]]),
        unit=world.township,
        by=world.owner,
        dry_run=True,
    )
    (row,) = report.rows
    if length > inputs.NOTE:
        assert row.outcome == engine.REFUSED
        assert row.reasons == [f"【备注】最多2000个字，本格有{length}个字，请删减后再导入"]
    else:
        assert row.outcome == engine.CREATED, row.reasons


def test_a_kind_declares_a_columns_cap(world: World) -> None:
    report = engine.run(
        DECLARED,
        "名册.xlsx",
        _xlsx([["姓名", "备注"], ["盘石生", "注" * 31], ["赵永明", "注" * 30]]),
        unit=world.township,
        by=world.owner,
        dry_run=True,
    )
    long, fine = report.rows
    assert long.reasons == ["【备注】最多30个字，本格有31个字，请删减后再导入"]
    assert fine.outcome == engine.CREATED, fine.reasons
