"""信访台账 import (issue 18): the sample imports with the outcomes its awkward
rows call for, historic matters closed with their clocks met or missed from
the recorded dates, a second import changes nothing, a failure leaves nothing,
scope is kept (outsider refused, village cadre only into their village)."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core import ledger_import
from fazhi.core.errors import RuleViolation
from fazhi.core.ledger_import import engine
from fazhi.core.models import AuditEvent, Clock, ImportedRow, ImportMapping, Person, RecordLink
from fazhi.petitions import rules
from fazhi.petitions.ledger import KIND
from fazhi.petitions.models import Petition, Stage
from tests import ledgers
from tests.factories import World

pytestmark = pytest.mark.django_db

_run = functools.partial(ledgers.run, KIND)
_by_line = ledgers.by_line

XLSX = KIND.samples[0]
CSV = KIND.samples[1]


def test_kind_registered() -> None:
    assert ledger_import.get("petitions") is KIND


def test_sample_preview_shows_every_row_and_writes_nothing(world: World) -> None:
    report = _run(world, dry_run=True)
    rows = _by_line(report)
    # Title on row 1, header on rows 2–3: data from row 4.
    assert sorted(rows) == list(range(4, 12))
    assert rows[4].outcome == engine.CREATED
    # Loosely named village: matched, with a warning to confirm.
    assert any("荆竹村委会" in w and "荆竹村" in w for w in rows[5].warnings)
    # Wrong check digit: imported with a warning, not refused.
    assert rows[7].outcome == engine.CREATED
    assert any("校验位" in w for w in rows[7].warnings)
    # A number cell: the digits are lost, refused naming the column.
    assert rows[9].outcome == engine.REFUSED
    assert any("身份证号码" in r and "数字" in r for r in rows[9].reasons)
    # 2024.2.30 does not exist: refused naming the column.
    assert rows[11].outcome == engine.REFUSED
    assert any("来访日期" in r and "不存在" in r for r in rows[11].reasons)
    assert report.counts()[engine.CREATED] == 6
    assert not Petition.objects.exists()
    assert not ImportedRow.objects.exists()


def test_commit_then_again_changes_nothing(world: World) -> None:
    report = _run(world, dry_run=False)
    assert report.counts()[engine.CREATED] == 6
    assert Petition.objects.count() == 6
    # The historic closed matter: closed on the recorded date, its handling
    # clock met (answered on 2024-04-20, within 60 days of 2024-03-08).
    first = Petition.objects.get(received_on="2024-03-05")
    assert first.stage == Stage.CLOSED
    assert str(first.closed_on) == "2024-04-25"
    assert first.unit == world.village
    handling = Clock.objects.get(object_id=first.pk, kind=rules.CLOCK_HANDLING)
    assert handling.stopped_on is not None and handling.stopped_on <= handling.due_date
    # Answered 78 days after acceptance: the clock missed.
    late = Petition.objects.get(received_on="2024-04-02")
    late_clock = Clock.objects.get(object_id=late.pk, kind=rules.CLOCK_HANDLING)
    assert late_clock.stopped_on > late_clock.due_date
    # An open matter stays open, accepted.
    assert Petition.objects.get(received_on="2024-05-06").stage == Stage.ACCEPTED
    # Every record has its audit events.
    assert AuditEvent.objects.filter(object_id=str(first.pk)).count() >= 4
    # 王德华 twice (same ID number): one person, linked to both matters.
    wang = Person.objects.filter(name="王德华")
    assert wang.count() == 1
    assert RecordLink.objects.filter(to_id=wang.get().pk, kind="petitioner_person").count() == 2
    # The x check digit stored as X.
    assert Person.objects.get(name="李秀英").id_number.endswith("X")
    again = _run(world, dry_run=False)
    assert again.counts()[engine.CREATED] == 0
    assert again.counts()[engine.DUPLICATE] == 6
    assert Petition.objects.count() == 6


def test_failure_in_commit_leaves_nothing(world: World, monkeypatch: Any) -> None:
    calls = {"n": 0}
    real = KIND.create

    def create(values: dict[str, Any], ctx: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(values, ctx)

    monkeypatch.setattr(KIND, "create", create)
    # Every row through `create` (a failure in the batch path, which takes
    # the closed matters: tests/petitions/test_ledger_import_batch.py).
    monkeypatch.setattr(KIND, "batch", None)
    with pytest.raises(RuntimeError):
        _run(world, dry_run=False)
    assert not Petition.objects.exists()
    assert not ImportedRow.objects.exists()
    assert not Person.objects.filter(name="王德华").exists()


def test_outsider_and_readonly_refused(world: World) -> None:
    with pytest.raises(RuleViolation, match="管辖范围"):
        _run(world, dry_run=True, by=world.outsider)
    with pytest.raises(RuleViolation, match="只读"):
        _run(world, dry_run=True, by=world.county_user)


def test_village_cadre_only_into_their_village(world: World) -> None:
    with pytest.raises(RuleViolation, match="管辖范围"):
        _run(world, dry_run=True, by=world.village_cadre)
    report = _run(world, dry_run=True, by=world.village_cadre, unit=world.village)
    rows = _by_line(report)
    assert rows[4].outcome == engine.CREATED  # 荆竹村
    assert rows[6].outcome == engine.REFUSED  # 紫良村 is not theirs
    assert any("村（社区）" in r for r in rows[6].reasons)


def test_gbk_csv_and_remembered_mapping(world: World) -> None:
    report = _run(world, dry_run=False, path=CSV)
    assert report.counts()[engine.CREATED] == 2
    closed = Petition.objects.get(received_on="2023-11-02")
    assert closed.stage == Stage.CLOSED
    # The clerk maps an unknown header once; the next file gets it again.
    # The clerk chose to leave 问题类别 out once; the next file is offered the same.
    _, _header, mapping = engine.prepare(KIND, CSV.name, CSV.read_bytes(), world.township)
    assert mapping["信访人姓名"] == "name" and mapping["问题类别"] == "category"
    engine.remember_mapping(KIND, world.township, {**mapping, "问题类别": ""}, world.owner)
    assert ImportMapping.objects.get(unit=world.township, kind="petitions").mapping
    _, _header, mapping = engine.prepare(KIND, CSV.name, CSV.read_bytes(), world.township)
    assert mapping["问题类别"] == "" and mapping["信访人姓名"] == "name"


def test_result_file_has_outcome_and_reason(world: World) -> None:
    report = _run(world, dry_run=True)
    rows = engine.read_back(engine.export_report(report))
    # The import's own columns, never the ledger's 处理结果 (办理结果's alias).
    assert rows[0][-3:] == ["导入结果", "导入说明", "导入记录"]
    refused = [r for r in rows[1:] if r[-3] == engine.REFUSED]
    assert len(refused) == 2 and all(r[-2] for r in refused)


def test_command_dry_run_writes_nothing(world: World, capsys: Any) -> None:
    call_command(
        "import_ledger",
        "petitions",
        str(XLSX),
        "--unit",
        str(world.township.pk),
        "--by",
        "owner",
        "--dry-run",
    )
    assert "新建 6" in capsys.readouterr().out
    assert not Petition.objects.exists()
    call_command(
        "import_ledger", "petitions", str(XLSX), "--unit", world.township.name, "--by", "owner"
    )
    assert Petition.objects.count() == 6
    with pytest.raises(CommandError):
        call_command("import_ledger", "nosuch", str(XLSX), "--unit", "x", "--by", "owner")
