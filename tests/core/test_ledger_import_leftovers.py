"""Ledger import (core.ledger_import), what a walk of it left (issue 17):

- an over-long cell is refused in words a clerk reads: the column as the
  file names it, its limit and the cell's length (not Django's
  “确保该值不超过…（它已有…）”);
- the result file's own columns (导入结果, 导入说明, 导入记录) never collide
  with the file's (a 信访台账's 处理结果/办理结果), and a result file imported
  again gives way to this run's outcome instead of a second set.

A kind of the test's own (a roster of people through core.workflow, whose
full_clean checks the lengths) keeps this about the engine, not one module."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from openpyxl import Workbook

from fazhi.core import workflow
from fazhi.core.ledger_import import engine
from fazhi.core.ledger_import.registry import Column, Context, LedgerKind
from fazhi.core.models import Person
from tests.factories import World

pytestmark = pytest.mark.django_db


def _create(values: dict[str, Any], ctx: Context) -> Person:
    return workflow.create_record(
        Person(unit=ctx.unit, name=values["name"], title=values.get("title") or ""), by=ctx.by
    )


KIND = LedgerKind(
    name="leftover_people",
    label="人员名册",
    columns=(
        Column("name", "姓名", ("人员姓名",), required=True),
        Column("title", "职务"),
    ),
    create=_create,
    key_fields=("name",),
    list_url="core:person_list",
)


def _xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _run(world: World, rows: list[list[Any]], **kw: Any) -> engine.Report:
    return engine.run(
        KIND, "名册.xlsx", _xlsx(rows), unit=world.township, by=world.owner, dry_run=True, **kw
    )


def test_an_over_long_cell_is_refused_naming_the_column_and_the_limit(world: World) -> None:
    report = _run(world, [["人员姓名", "职务"], ["盘" * 51, "村民"], ["赵永明", "乡长"]])
    long, fine = report.rows
    assert long.outcome == engine.REFUSED and fine.outcome == engine.CREATED
    (reason,) = long.reasons
    # The file's own header (人员姓名), the limit and the cell's length.
    assert reason == "【人员姓名】最多50个字，本格有51个字，请删减后再导入"
    assert "确保" not in reason and "Ensure" not in reason


def test_the_over_long_reason_reads_in_english_on_the_english_page(world: World) -> None:
    from django.utils import translation

    from fazhi.core.i18n import shown

    report = _run(world, [["姓名", "职务"], ["盘" * 60, "村民"]])
    with translation.override("en"):
        text = shown(report.rows[0].reasons[0])
    # The column as the English page names it, the limit and the length.
    assert text == "[Name] at most 50 characters, this cell has 60; shorten it and import again"


def _headers(data: bytes) -> list[str]:
    return [str(c) for c in engine.read_back(data)[0]]


def test_result_columns_never_collide_with_the_files_own(world: World) -> None:
    """A 信访台账 has its own 处理结果 (unmapped here) beside the names: the
    result file keeps it and adds 导入结果/导入说明/导入记录 after it."""
    report = _run(
        world, [["姓名", "职务", "处理结果", "原因"], ["盘石生", "村民", "已化解", "邻里纠纷"]]
    )
    data = engine.export_report(report)
    headers = _headers(data)
    assert headers == ["姓名", "职务", "处理结果", "原因", "导入结果", "导入说明", "导入记录"]
    assert len(set(headers)) == len(headers)
    row = engine.read_back(data)[1]
    assert row[:4] == ["盘石生", "村民", "已化解", "邻里纠纷"] and row[4] == "新建"


def test_a_result_file_imported_again_gives_way_to_this_run(world: World) -> None:
    first = engine.export_report(_run(world, [["姓名", "职务"], ["盘" * 51, "村民"]]))
    assert _headers(first) == ["姓名", "职务", "导入结果", "导入说明", "导入记录"]
    # The clerk corrects the name in the result file and imports it again.
    rows = [list(r) for r in engine.read_back(first)]
    rows[1][0] = "盘石生"
    second_report = _run(world, rows)
    assert second_report.rows[0].outcome == engine.CREATED
    second = engine.export_report(second_report)
    assert _headers(second) == ["姓名", "职务", "导入结果", "导入说明", "导入记录"]
    assert engine.read_back(second)[1][2] == "新建"


def test_a_ledger_column_named_like_ours_keeps_its_place(world: World) -> None:
    """A column the kind maps (the ledger's own data) named 导入结果: kept, and
    this run's outcome columns marked 本次."""
    kind = LedgerKind(
        name="leftover_people2",
        label="人员名册",
        columns=(Column("name", "姓名", required=True), Column("title", "职务", ("导入结果",))),
        create=_create,
        key_fields=("name",),
        list_url="core:person_list",
    )
    report = engine.run(
        kind,
        "名册.xlsx",
        _xlsx([["姓名", "导入结果"], ["盘石生", "村民"]]),
        unit=world.township,
        by=world.owner,
        dry_run=True,
    )
    headers = _headers(engine.export_report(report))
    assert headers == ["姓名", "导入结果", "导入结果（本次）", "导入说明", "导入记录"]


def test_the_mediation_sample_with_its_own_result_column(world: World) -> None:
    """The 2023 排查台账 (.xls) has its own 处理结果 (the dispute's outcome,
    read into 化解情况): its result file had that header twice."""
    from fazhi.mediation.ledger import KIND as DISPUTES

    sample = next(p for p in DISPUTES.samples if p.suffix == ".xls")
    report = engine.run(
        DISPUTES,
        sample.name,
        sample.read_bytes(),
        unit=world.township,
        by=world.owner,
        dry_run=True,
    )
    assert "处理结果" in report.labels and report.mapping["处理结果"]
    headers = _headers(engine.export_report(report))
    assert len(set(headers)) == len(headers)
    assert headers.count("处理结果") == 1 and headers[-3:] == ["导入结果", "导入说明", "导入记录"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps a longer value in a varchar column"
)
def test_a_value_the_database_finds_too_long_is_a_refused_row(world: World) -> None:
    """The petition register saves without full_clean: PostgreSQL refused the
    201-character 信访事由 and the whole file failed. Now that row is refused
    naming the column and the limit; the others are imported."""
    from fazhi.petitions.ledger import KIND as PETITIONS

    header = ["姓名", "来访日期", "信访形式", "信访类别", "信访事由", "反映问题"]
    rows = [
        header,
        ["盘石生", "2024-03-05", "来访", "申诉求决类", "事" * 201, "要求调处。"],
        ["赵永明", "2024-03-06", "来访", "申诉求决类", "宅基地", "要求调处。"],
    ]
    report = engine.run(
        PETITIONS, "信访.xlsx", _xlsx(rows), unit=world.township, by=world.owner, dry_run=True
    )
    long, fine = report.rows
    assert long.outcome == engine.REFUSED, long.reasons
    assert long.reasons == ["【信访事由】最多200个字，本格有201个字，请删减后再导入"]
    assert fine.outcome == engine.CREATED, fine.reasons
