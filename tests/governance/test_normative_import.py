"""规范性文件目录 import (issue 18): the sample's rows with the outcomes they
call for (reasons naming the column), documents entered through
`record_catalogue_entry` with their audit rows, a 文号 fazhi holds updated and
never duplicated, a second import changing nothing, one transaction per file,
scope (outsider 404 on the job page, refused into another township), the
command's --dry-run, and the 2024 indicators counting what was imported."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from fazhi.core import ledger_import
from fazhi.core.errors import RuleViolation
from fazhi.core.indicators import Period
from fazhi.core.indicators.registry import compute
from fazhi.core.ledger_import import engine
from fazhi.core.models import AuditEvent, ImportedRow, ImportJob, NumberSequence
from fazhi.governance import ledger as normative_ledger
from fazhi.governance.ledger import KIND
from fazhi.governance.models import NormativeDocument
from fazhi.governance.workflow import catalogue
from tests import ledgers
from tests.factories import World

pytestmark = pytest.mark.django_db

_run = functools.partial(ledgers.run, KIND, name="catalogue.csv")
_by_line = ledgers.by_line

XLSX = KIND.samples[0]
S = NormativeDocument.Status
HEADER = "序号,文件名称,文号,制定机关,发布日期,施行日期,是否经合法性审核,备案情况,报备日期,有效状态"


def test_kind_registered_in_core() -> None:
    assert ledger_import.get("normative") is KIND
    assert XLSX.is_file(), "run scripts/make_sample_ledgers.py"


def test_preview_outcomes_with_reasons_naming_the_column(world: World) -> None:
    report = _run(world, dry_run=True)
    rows = _by_line(report)
    # Title on row 1, header on row 2; the 合计 line under the table is no record.
    assert sorted(rows) == list(range(3, 11))
    created = [3, 4, 5, 6, 7, 9]
    assert [line for line, r in rows.items() if r.outcome == engine.CREATED] == created
    # An effect date before publication: refused, naming 施行日期.
    assert rows[8].outcome == engine.REFUSED
    assert rows[8].reasons[0].startswith("【施行日期】") and "早于发布日期" in rows[8].reasons[0]
    # The same 文号 as row 5 with another title: refused, naming the row.
    assert rows[10].outcome == engine.REFUSED and "第5行" in rows[10].reasons[0]
    # An office fazhi does not hold: imported with a warning.
    assert any("党政综合办公室" in w for w in rows[4].warnings)
    assert any("备案" in w for w in rows[9].warnings) is False  # 未备案: no filing, no warning
    assert not NormativeDocument.objects.exists()
    assert not AuditEvent.objects.filter(note=catalogue.NOTE).exists()


def test_commit_through_the_workflow_with_audit_rows(world: World) -> None:
    report = _run(world, dry_run=False)
    assert report.counts()[engine.CREATED] == 6
    docs = {d.doc_no: d for d in NormativeDocument.objects.all()}
    assert len(docs) == 6
    first = docs["湘源规〔2019〕1号"]
    assert first.status == S.EXPIRED and first.repealed_on == dt.date(2024, 5, 7)
    repealed = docs["湘源规〔2021〕1号"]
    assert repealed.status == S.REPEALED and repealed.repealed_on == dt.date(2024, 6, 30)
    assert repealed.filing_no == "蓝司备〔2021〕12号" and repealed.filed_on == dt.date(2021, 6, 10)
    assert repealed.reviewed_on == dt.date(2021, 5, 20)
    on_time = docs["湘源规〔2024〕1号"]
    assert on_time.filed_on_time is True and on_time.filing_due == dt.date(2024, 3, 6)
    assert on_time.valid_until == dt.date(2029, 3, 20)
    late = docs["湘源规〔2024〕2号"]
    assert late.filed_on_time is False  # 25 days after publication, the period is 15
    unfiled = docs["湘源规〔2024〕4号"]
    assert unfiled.filed_on is None and unfiled.filed_on_time is None
    assert unfiled.published_on == dt.date(2024, 10, 14)  # an Excel serial number
    for doc in docs.values():
        events = AuditEvent.objects.filter(object_id=str(doc.pk), note=catalogue.NOTE)
        assert events.filter(action="create", actor=world.owner).count() == 1
        assert doc.unit == world.township and doc.created_by == world.owner
    # The 文号 are reserved: fazhi's next number of 2024 is 5.
    seq = NumberSequence.objects.get(unit=world.township, kind="normative_document", year=2024)
    assert seq.last_value == 4
    assert ImportedRow.objects.filter(kind="normative").count() == 6


def test_reimport_changes_nothing(world: World) -> None:
    _run(world, dry_run=False)
    events = AuditEvent.objects.count()
    again = _run(world, dry_run=False)
    counts = again.counts()
    assert counts[engine.CREATED] == 0 and counts[engine.UPDATED] == 0
    assert counts[engine.DUPLICATE] == 6
    assert NormativeDocument.objects.count() == 6
    assert AuditEvent.objects.count() == events


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def test_doc_no_present_updates_instead_of_duplicating(world: World) -> None:
    """A document fazhi holds (entered before, without its filing) under the
    same 文号: the catalogue fills the filing and moves it to 废止; nothing is
    duplicated; the update is audited."""
    row = (
        "1,湘江源瑶族乡森林防火责任追究办法,湘源规〔2024〕1号,湘江源瑶族乡人民政府,"
        "2024/2/20,2024/3/21,是,,,有效"
    )
    first = _run(world, dry_run=False, data=_csv(row))
    assert first.counts()[engine.CREATED] == 1
    doc = NormativeDocument.objects.get()
    assert doc.filed_on is None
    later = row.replace(",,,有效", ",已备案,2024-03-01,废止")
    report = _run(world, dry_run=False, data=_csv(later))
    assert report.rows[0].outcome == engine.UPDATED
    doc.refresh_from_db()
    assert NormativeDocument.objects.count() == 1
    assert doc.filed_on == dt.date(2024, 3, 1) and doc.filed_on_time is True
    assert doc.status == S.REPEALED
    assert AuditEvent.objects.filter(object_id=str(doc.pk), action="update").count() == 1
    # The sample then names it again (有效): fazhi's 废止 is not undone.
    report = _run(world, dry_run=True)
    row5 = _by_line(report)[6]
    assert row5.outcome == engine.REFUSED and row5.reasons[0].startswith("【有效状态】")


def test_conflicting_fact_is_refused_naming_the_column(world: World) -> None:
    row = (
        "1,森林防火责任追究办法,湘源规〔2024〕1号,,2024-02-20,2024-03-21,是,已备案,2024-03-01,有效"
    )
    _run(world, dry_run=False, data=_csv(row))
    other = row.replace("2024-02-20", "2024-02-21")
    report = _run(world, dry_run=False, data=_csv(other))
    # Imported before with other content: applied through the workflow, which refuses.
    assert report.rows[0].outcome == engine.REFUSED
    assert report.rows[0].reasons[0].startswith("【发布日期】")
    assert NormativeDocument.objects.get().published_on == dt.date(2024, 2, 20)


def test_one_transaction_per_file(world: World, monkeypatch: Any) -> None:
    real = normative_ledger.record_catalogue_entry
    calls = 0

    def failing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(normative_ledger, "record_catalogue_entry", failing)
    events = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        _run(world, dry_run=False)
    assert not NormativeDocument.objects.exists()
    assert not ImportedRow.objects.exists()
    assert AuditEvent.objects.count() == events
    assert not NumberSequence.objects.filter(kind="normative_document").exists()


def test_scope(world: World) -> None:
    # Another township's clerk cannot import into this township.
    with pytest.raises(RuleViolation):
        _run(world, dry_run=True, by=world.outsider)
    # A village cadre: not a role that keeps this catalogue.
    with pytest.raises(RuleViolation):
        _run(world, dry_run=True, by=world.village_cadre, unit=world.village)
    # A village issues no normative document: every row refused, naming the unit.
    report = _run(world, dry_run=True, unit=world.village)
    assert {r.outcome for r in report.rows} == {engine.REFUSED}
    assert any("乡镇人民政府" in r.reasons[0] for r in report.rows)
    # The job page: the uploader's; an outsider (and a colleague) get 404.
    c = world.client(world.owner)
    with XLSX.open("rb") as f:
        r = c.post(
            reverse("core:import_start", args=["normative"]), {"unit": world.township.pk, "file": f}
        )
    job = ImportJob.objects.get()
    assert r.status_code == 302
    assert c.get(reverse("core:import_job", args=[job.pk])).status_code == 200
    for other in (world.outsider, world.colleague):
        client = world.client(other)
        assert client.get(reverse("core:import_job", args=[job.pk])).status_code == 404
        assert client.get(reverse("core:import_status", args=[job.pk])).status_code == 404


def test_command_dry_run_writes_nothing(world: World, capsys: Any) -> None:
    call_command(
        "import_ledger", "normative", str(XLSX), "--unit", world.township.name,
        "--by", world.owner.username, "--dry-run",
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "预览（未写入）" in out and "新建 6" in out and "拒绝 2" in out
    assert "【施行日期】" in out
    assert not NormativeDocument.objects.exists()
    call_command(
        "import_ledger", "normative", str(XLSX), "--unit", world.township.name,
        "--by", world.owner.username, "--quiet-rows",
    )  # fmt: skip
    assert NormativeDocument.objects.count() == 6


def test_2024_indicators_count_imported_documents(world: World) -> None:
    _run(world, dry_run=False)
    year = Period.year(2024)
    value = compute("governance.normative_documents.filed_on_time", world.township, year)
    assert value == 1  # 湘源规〔2024〕1号; 2号 was late, 4号 not filed
    assert compute("governance.normative_documents.issued", world.township, year) == 3
    assert compute("governance.normative_documents.repealed", world.township, year) == 2


def test_import_button_on_the_document_list(world: World) -> None:
    url = reverse("governance:document_list")
    start = reverse("core:import_start", args=["normative"])
    assert start in world.client(world.owner).get(url).content.decode()
    assert start not in world.client(world.county_user).get(url).content.decode()
