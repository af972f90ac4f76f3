"""The set-based path of the 信访台账 import (issue 18, `workflow.register_many`):
the benchmark's closed historic matters, and a ledger mixing them with rows
only the per-row steps take (a rating, a matter still open, a refusal),
write exactly what the per-row path writes — records, numbers, repeats,
clocks met or missed, audit changes, search entries, reminders; a row the
batch cannot take goes to the per-row path and is refused naming its
column; a failure half-way leaves nothing; importing again writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core import auditchain, bulk
from fazhi.core.ledger_import import engine
from fazhi.core.models import (
    AuditEvent,
    Clock,
    ClockEvent,
    ImportedRow,
    NumberSequence,
    Person,
    RecordLink,
    Reminder,
    SearchEntry,
)
from fazhi.core.validators import id_check_digit
from fazhi.petitions import ledger_batch
from fazhi.petitions.ledger import KIND
from fazhi.petitions.models import Petition, Petitioner, StageChange
from fazhi.petitions.workflow import historic
from tests.factories import World
from tests.petitions.test_ledger_import_result import _changes, written

pytestmark = pytest.mark.django_db

HEADER = (
    "序号,姓名,身份证号码,联系电话,村（社区）,来访日期,信访形式,信访类别,反映问题,受理日期,"
    "答复日期,送达日期,办结日期,办理结果,处理意见,法律政策依据,是否化解,满意度"
)


def _id(i: int) -> str:
    first17 = f"431127{1950 + i % 50}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return first17 + id_check_digit(first17)


def bench_row(i: int) -> list[str]:
    """A row as scripts/bench_ledger_import.py writes it: a closed suggestion."""
    received = dt.date(2021, 1, 4) + dt.timedelta(days=i % 1000)
    return [
        str(i + 1),
        f"群众{i}",
        _id(i),
        f"139{i:08d}",
        ["荆竹村", "紫良村委会"][i % 2],
        received.strftime("%Y.%m.%d"),
        "来访",
        "建议意见类",
        f"建议第{i}号：村组道路维护",
        (received + dt.timedelta(days=2)).isoformat(),
        (received + dt.timedelta(days=30 + i % 40)).isoformat(),
        "",
        (received + dt.timedelta(days=35 + i % 40)).isoformat(),
        "已答复并落实",
        "",
        "",
        "",
        "",
    ]


def _csv(rows: list[list[str]]) -> bytes:
    return ("\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n").encode("utf-8")


def mixed_rows() -> list[list[str]]:
    """Closed matters the batch takes (claims, late answers, repeats by ID
    number, by name and phone and in near-identical words, a missing
    category, a second person of one ID number) between rows for the
    per-row steps (a rating, a matter still open, a refused claim)."""
    day = dt.date(2024, 3, 1)

    def d(n: int) -> str:
        return (day + dt.timedelta(days=n)).isoformat()

    return [
        ["1", "王德华", _id(1), "13807461201", "荆竹村", d(0), "来访", "申诉求决类",
         "反映承包地被邻组占用，要求恢复边界", d(3), d(40), d(41), d(45), "经丈量恢复边界",
         "予以支持", "《农村土地承包法》第三十一条", "", ""],
        ["2", "李秀英", "", "13900000002", "紫良村委会", d(1), "来信", "建议意见类",
         "建议在村口增设路灯", d(2), d(90), "", d(95), "已安装路灯", "", "", "否", ""],
        ["3", "王德华", _id(1), "13807461201", "荆竹村", d(5), "来访", "申诉求决类",
         "再次反映承包地被邻组占用，要求恢复边界", d(6), d(20), "", d(21), "已答复",
         "解释说明", "《农村土地承包法》", "", ""],
        ["4", "赵国强", _id(4), "", "荆竹村", d(6), "来访", "建议意见类", "建议修缮村道",
         d(7), d(30), "", d(31), "已修缮", "", "", "", "满意"],
        ["5", "李秀英", "", "13900000002", "紫良村委会", d(8), "来电", "建议意见类",
         "建议在村口增设路灯！", d(9), d(30), "", d(32), "已答复", "", "", "", ""],
        ["6", "陈桂兰", "", "", "紫良村委会", d(9), "来访", "", "反映宅基地审批久拖未办",
         "", "", "", "", "", "", "", "", ""],
        ["7", "无名", "", "", "荆竹村", d(10), "来信", "建议意见类", "建议在村口增设路灯。",
         d(11), d(15), "", d(16), "已答复", "", "", "", ""],
        ["8", "刘建军", _id(8), "", "荆竹村", d(11), "来访", "申诉求决类", "要求补发补贴",
         d(12), d(20), "", d(22), "已答复", "", "", "", ""],
        ["9", "孙丽", _id(9), "", "荆竹村", d(12), "来访", "", "反映村道积水",
         d(13), d(14), "", d(15), "已疏通", "", "", "", ""],
        ["10", "孙丽", _id(9), "", "紫良村委会", d(13), "来访", "建议意见类", "建议修排水沟",
         d(14), d(100), d(101), d(102), "已修", "", "", "是", ""],
    ]  # fmt: skip


def _extra() -> dict[str, Any]:
    """What `written()` leaves out: persons' audit changes, events' actors,
    reminders, numbering counters, import rows, counts."""
    person_type = ContentType.objects.get_for_model(Person)
    return {
        "persons": sorted(
            (p.name, p.id_number, p.phone, p.unit.name, p.created_by_id)
            for p in Person.objects.all()
        ),
        "person_audit": sorted(
            (e.action, e.note, str(_changes(e.changes)), e.actor_id)
            for e in AuditEvent.objects.filter(content_type=person_type)
        ),
        "actors": sorted(
            {(e.actor_id, e.actor_name, e.ip) for e in AuditEvent.objects.all()}, key=str
        ),
        # Each audit row's record, as it reads and where it is filed (the
        # batch makes a clock's rows from values, not from a Clock).
        "audit_records": sorted(
            (e.content_type_id, e.object_repr, e.unit_id, e.action, e.note)
            for e in AuditEvent.objects.all()
        ),
        "stage_by": sorted({s.by_id for s in StageChange.objects.all()}, key=str),
        "clock_events": sorted(
            (e.clock.label, e.kind, e.on, e.days, e.legal_basis, e.by_id)
            for e in ClockEvent.objects.select_related("clock")
        ),
        "clocks": sorted(
            (c.label, c.explanation, c.provisional_year, c.url.count("/"), c.count_start)
            for c in Clock.objects.all()
        ),
        "petitioners": sorted(
            (p.petition.number, p.name, p.id_number, p.phone, p.address)
            for p in Petitioner.objects.select_related("petition")
        ),
        "reminders": sorted(
            (r.user_id, r.key.split(":")[0], r.title, r.kind, r.clock_id, r.due_date, r.read_at)
            for r in Reminder.objects.all()
        ),
        "reminder_links": all(
            r.url == Petition.objects.get(pk=r.key.split(":")[1]).get_absolute_url()
            for r in Reminder.objects.filter(key__endswith=":registered")
        ),
        "numbers": sorted(NumberSequence.objects.values_list("kind", "year", "last_value")),
        "links": sorted(RecordLink.objects.values_list("kind", "note", "created_by_id")),
        "imported": sorted(ImportedRow.objects.values_list("key", "content_hash")),
        "counts": {
            m.__name__: m.objects.count()
            for m in (
                Petition,
                Petitioner,
                StageChange,
                Clock,
                ClockEvent,
                AuditEvent,
                Person,
                RecordLink,
                ImportedRow,
                SearchEntry,
                Reminder,
            )
        },
    }


@contextmanager
def _per_row(on: bool) -> Iterator[None]:
    batch = KIND.batch
    if on:
        KIND.batch = None
    try:
        yield
    finally:
        KIND.batch = batch


def _import(world: World, data: bytes, *, per_row: bool, capture: Any) -> tuple[Any, Any]:
    """Import and read back everything written, then roll it back (so the
    other path starts from the same database). The commit's callbacks (the
    search index, the reminders) are run before reading."""
    with transaction.atomic():
        with capture() as callbacks, _per_row(per_row):
            report = engine.run(
                KIND, "ledger.csv", data, unit=world.township, by=world.owner, dry_run=False
            )
        for callback in callbacks:
            callback()
        assert auditchain.verify().ok
        seen = (
            [(r.line, r.outcome, r.reasons, r.warnings, r.record) for r in report.rows],
            written(),
            _extra(),
        )
        transaction.set_rollback(True)
    return report, seen


def _taken(monkeypatch: Any) -> list[int]:
    """How many rows each call of register_many wrote."""
    calls: list[int] = []
    real = ledger_batch.register_many

    def spy(matters: Any, **kwargs: Any) -> Any:
        calls.append(len(matters))
        return real(matters, **kwargs)

    monkeypatch.setattr(ledger_batch, "register_many", spy)
    return calls


def test_benchmark_rows_write_the_same_both_ways(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    data = _csv([bench_row(i) for i in range(60)])
    taken = _taken(monkeypatch)
    _report, batch = _import(world, data, per_row=False, capture=django_capture_on_commit_callbacks)
    assert sum(taken) == 60
    _report, rows = _import(world, data, per_row=True, capture=django_capture_on_commit_callbacks)
    assert sum(taken) == 60  # the per-row run took none
    assert batch == rows


def test_mixed_ledger_writes_the_same_both_ways(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    data = _csv(mixed_rows())
    taken = _taken(monkeypatch)
    report, batch = _import(world, data, per_row=False, capture=django_capture_on_commit_callbacks)
    # Rows 1–3, 5, 7 and 9–10 in four runs between the per-row rows 4
    # (rated), 6 (still open) and 8 (refused: a claim's opinion incomplete).
    assert taken == [3, 1, 1, 2], taken
    _report, rows = _import(world, data, per_row=True, capture=django_capture_on_commit_callbacks)
    assert batch == rows
    by_line = {r.line - 1: r for r in report.rows}
    assert [r.outcome for r in report.rows].count(engine.CREATED) == 9
    assert by_line[8].outcome == engine.REFUSED
    assert by_line[8].reasons[0].startswith("【处理意见】"), by_line[8].reasons
    # The repeats the per-row path finds (by ID number, by name and phone, in
    # near-identical words), found among the batch's own earlier rows too.
    petitions = batch[1]
    repeats = {n: p["repeat_of"] for n, p in petitions.items() if p["is_repeat"]}
    assert repeats == {
        "湘源信〔2024〕3号": "湘源信〔2024〕1号",
        "湘源信〔2024〕5号": "湘源信〔2024〕2号",
        "湘源信〔2024〕7号": "湘源信〔2024〕5号",
        "湘源信〔2024〕9号": "湘源信〔2024〕8号",
    }, repeats
    late = [c["met"] for p in petitions.values() for c in p["clocks"]]
    assert late.count(False) == 2  # rows 2 and 10 answered after the 60 days


def test_row_the_batch_cannot_take_is_refused_naming_its_column(
    world: World, monkeypatch: Any
) -> None:
    rows = [bench_row(0), bench_row(1), bench_row(2)]
    rows[1][7] = "申诉求决类"  # a claim's opinion needs 处理意见 and 法律政策依据
    taken = _taken(monkeypatch)
    report = engine.run(
        KIND, "ledger.csv", _csv(rows), unit=world.township, by=world.owner, dry_run=False
    )
    assert [r.outcome for r in report.rows] == [engine.CREATED, engine.REFUSED, engine.CREATED]
    assert report.rows[1].reasons[0].startswith("【处理意见】"), report.rows[1].reasons
    assert taken == [1, 1]
    assert Petition.objects.count() == 2 and auditchain.verify().ok
    numbers = sorted(Petition.objects.values_list("number", flat=True))
    assert numbers == ["湘源信〔2021〕1号", "湘源信〔2021〕2号"]


def test_failure_half_way_leaves_nothing(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 10)
    before = _extra()["counts"]
    calls: list[int] = []
    real = historic._remind

    def fail_second(written: Any, by: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real(written, by)

    monkeypatch.setattr(historic, "_remind", fail_second)
    with pytest.raises(RuntimeError):
        engine.run(
            KIND,
            "ledger.csv",
            _csv([bench_row(i) for i in range(25)]),
            unit=world.township,
            by=world.owner,
            dry_run=False,
        )
    assert len(calls) == 2  # the first ten rows were written, then rolled back
    assert _extra()["counts"] == before
    assert not NumberSequence.objects.exists() or all(
        n == 0 for n in NumberSequence.objects.values_list("last_value", flat=True)
    )


def test_import_again_writes_nothing(world: World, django_capture_on_commit_callbacks: Any) -> None:
    data = _csv(mixed_rows())
    with django_capture_on_commit_callbacks(execute=True):
        engine.run(KIND, "ledger.csv", data, unit=world.township, by=world.owner, dry_run=False)
    before = (written(), _extra())
    with django_capture_on_commit_callbacks(execute=True):
        again = engine.run(
            KIND, "ledger.csv", data, unit=world.township, by=world.owner, dry_run=False
        )
    assert again.counts()[engine.DUPLICATE] == 9
    assert again.counts()[engine.REFUSED] == 1
    assert (written(), _extra()) == before


def test_batch_statements_do_not_grow_per_row(world: World) -> None:
    """The batch reads and writes set by set: a row costs a fraction of a
    statement (its share of the bulk inserts), not the 52 of the per-row steps."""

    def statements(n: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            report = engine.run(
                KIND,
                "ledger.csv",
                _csv([bench_row(i) for i in range(n)]),
                unit=world.township,
                by=world.owner,
                dry_run=True,
            )
        assert report.counts()[engine.CREATED] == n
        return len(ctx.captured_queries)

    fifty, two_hundred = statements(50), statements(200)
    assert two_hundred - fifty <= 150 // 2, (fifty, two_hundred)


def _closed_matters() -> list[list[str]]:
    """250 closed matters (past a progress flush at 200) with a repeat by ID
    number after the flush and a person known only by name and phone twice."""
    rows = [bench_row(i) for i in range(250)]
    again = bench_row(3)
    again[0], again[8] = "9001", "再次建议第3号：村组道路维护"
    rows.insert(230, again)
    for n, i in ((9002, 20), (9003, 21)):
        nameless = bench_row(i)
        nameless[0], nameless[1], nameless[2], nameless[3] = str(n), "无证群众", "", "13700000001"
        rows.insert(150 + i, nameless)
    return rows


def test_a_preview_of_closed_matters_writes_no_record_and_gives_the_same_outcomes(
    world: World, monkeypatch: Any
) -> None:
    """A preview whose last rows are all the batch's: nothing after them
    reads the people, petitions or petitioners, so none is written (issue
    18: 2-3 s of a 10^4-row preview on PostgreSQL), and every row's outcome,
    reasons, warnings and number are those of a preview writing them (as
    before) and of the commit."""
    data = _csv(_closed_matters())
    skipped = {Petition, Petitioner, Person}
    inserted: set[Any] = set()
    real_insert = bulk.insert

    def spy(model: Any, rows: Any, **kwargs: Any) -> Any:
        inserted.add(model)  # COPY on PostgreSQL: not in the query log
        return real_insert(model, rows, **kwargs)

    monkeypatch.setattr(bulk, "insert", spy)

    def preview() -> tuple[list[Any], set[Any], list[int]]:
        ticks: list[int] = []
        inserted.clear()
        report = engine.run(
            KIND,
            "ledger.csv",
            data,
            unit=world.township,
            by=world.owner,
            dry_run=True,
            progress=lambda n, total: ticks.append(n),
        )
        rows = [(r.line, r.outcome, r.reasons, r.warnings, r.record) for r in report.rows]
        return rows, inserted & skipped, ticks

    rows, written_now, ticks = preview()
    assert written_now == set()
    assert ticks == [200, len(rows)]  # the progress bar still moves
    real = ledger_batch.ClosedMatters.create_many

    def as_before(self: Any, plans: Any, ctxs: Any, *, last: bool = False) -> Any:
        return real(self, plans, ctxs)

    monkeypatch.setattr(ledger_batch.ClosedMatters, "create_many", as_before)
    before, inserted_before, _ticks = preview()
    assert inserted_before == skipped
    assert rows == before
    assert Petition.objects.count() == 0 and Person.objects.filter(name="无证群众").count() == 0
    report = engine.run(
        KIND, "ledger.csv", data, unit=world.township, by=world.owner, dry_run=False
    )
    assert [(r.line, r.outcome, r.reasons, r.warnings, r.record) for r in report.rows] == rows
    assert {r[1] for r in rows} == {engine.CREATED}
    assert Petition.objects.filter(repeat_of__isnull=False).exists()


def test_a_preview_writes_the_batch_before_a_row_by_row_row_after_it(world: World) -> None:
    """A per-row row after the batch's rows (here a matter still open at the
    end) reads the earlier petitions for its repeats and numbers: the preview
    still writes them first, and numbers it as the commit does."""
    rows = _closed_matters()
    still_open = bench_row(3)
    still_open[0], still_open[8] = "9100", "又一次建议第3号：村组道路维护"
    still_open[9:13] = ["", "", "", ""]
    rows.append(still_open)
    data = _csv(rows)
    preview = engine.run(KIND, "ledger.csv", data, unit=world.township, by=world.owner)
    commit = engine.run(
        KIND, "ledger.csv", data, unit=world.township, by=world.owner, dry_run=False
    )
    seen = [(r.line, r.outcome, r.reasons, r.warnings, r.record) for r in preview.rows]
    assert seen == [(r.line, r.outcome, r.reasons, r.warnings, r.record) for r in commit.rows]
    assert Petition.objects.get(number=commit.rows[-1].record).repeat_of is not None
