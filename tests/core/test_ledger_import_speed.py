"""The ledger import's cost per row (issue 18: 10^4 rows previewed and
committed on 2 cores): the queries grow by a bounded number per row, what
every row would read again is read once per file (core.batch), and the
shortcuts keep the rules — the audit chain stays intact when rows are
refused and rolled back, a refused row's person is not reused by a later
row, and the progress reaches the page's poll while the run goes on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core import auditchain, batch
from fazhi.core.ledger_import import engine, tasks
from fazhi.core.models import AuditEvent, ImportJob, OrgUnit, Person, RecordLink
from fazhi.core.validators import id_check_digit
from fazhi.core.workflow import create_record
from fazhi.petitions.ledger import KIND
from fazhi.petitions.models import Petition, Stage
from tests.factories import World

pytestmark = pytest.mark.django_db

HEADER = (
    "序号,姓名,身份证号码,联系电话,村（社区）,来访日期,信访类别,反映问题,"
    "受理日期,答复日期,办结日期,办理结果,是否化解"
)


def _id(i: int) -> str:
    first17 = f"431127{1950 + i % 50}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return first17 + id_check_digit(first17)


def _row(i: int, *, resolved: str = "", closed: bool = True) -> str:
    received = dt.date(2024, 1, 2) + dt.timedelta(days=i % 300)
    done = [received + dt.timedelta(days=d) for d in (2, 30, 35)]
    dates = [d.isoformat() for d in done] if closed else ["", "", ""]
    village = ("荆竹村", "紫良村委会")[i % 2]
    return (
        f"{i + 1},群众{i},{_id(i)},139{i:08d},{village},{received.isoformat()},建议意见类,"
        f"建议第{i}号：村组道路维护,{','.join(dates)},已答复并落实,{resolved}"
    )


def _ledger(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def _queries(world: World, n: int) -> int:
    """Statements a preview of `n` rows runs (counted by a wrapper: the debug
    query log keeps only the last 9,000)."""
    data = _ledger([_row(i) for i in range(n)])
    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        report = engine.run(
            KIND, "ledger.csv", data, unit=world.township, by=world.owner, dry_run=True
        )
    assert report.counts()[engine.CREATED] == n
    return count


# Each row is five workflow steps (register, accept, reply with service,
# close) with their audit rows, clocks and history: 52 statements on SQLite
# and PostgreSQL. Before core.batch it was about 97, and 120 with every nested
# step taking its own savepoint; 63 before the import created its ImportedRow
# without a lookup, a stopped clock read its events once and was found and
# locked in one query, a direct matter's acceptance stopped looking for an
# objection clock it cannot have, and a step kept its caller's unit.
PER_ROW = 58


def test_queries_grow_by_a_bounded_number_per_row(world: World, monkeypatch: Any) -> None:
    # The per-row path's cost: these closed matters would otherwise go to the
    # set-based path (tests/petitions/test_ledger_import_batch.py bounds it).
    monkeypatch.setattr(KIND, "batch", None)
    fifty = _queries(world, 50)
    hundred = _queries(world, 100)
    print(f"{connection.vendor}: 50 rows {fifty} statements, 100 rows {hundred}")
    assert hundred <= 100 * PER_ROW + 100, hundred
    # The second fifty rows cost no more than the first: what is read once
    # per file (units, scope, settings, calendar, the audit head) stays once.
    assert hundred - fifty <= fifty + 20, (fifty, hundred)
    assert (hundred - fifty) / 50 <= PER_ROW


def test_file_reads_units_people_and_calendar_once(world: World) -> None:
    data = _ledger([_row(i) for i in range(20)])
    # A commit: a preview's batch writes no audit rows, so reads no head.
    with CaptureQueriesContext(connection) as ctx:
        engine.run(KIND, "ledger.csv", data, unit=world.township, by=world.owner, dry_run=False)
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum('FROM "core_calendarday"' in s and "SUM(LENGTH" in s for s in sql) <= 1
    assert sum('"core_setting"' in s for s in sql) <= 2  # two settings, one unit each
    # The file's ID numbers in one look-up, none per row.
    assert sum('FROM "core_person"' in s and "id_number_index" in s for s in sql) == 1
    # The audit chain's head read once, not per audit row.
    heads = [s for s in sql if s.startswith('SELECT "core_auditevent"."hash"')]
    assert len(heads) == 1


def test_audit_chain_intact_after_refused_rows(world: World) -> None:
    """A refused row wrote audit rows before its refusal; its savepoint rolls
    them back, and the next row chains to the last row still there."""
    rows = [_row(0), _row(1, resolved="是", closed=False), _row(2), _row(3)]
    report = engine.run(
        KIND, "ledger.csv", _ledger(rows), unit=world.township, by=world.owner, dry_run=False
    )
    outcomes = [r.outcome for r in report.rows]
    assert outcomes == [engine.CREATED, engine.REFUSED, engine.CREATED, engine.CREATED]
    assert "【是否化解】" in report.rows[1].reasons[0] or "化解" in report.rows[1].reasons[0]
    assert auditchain.verify().ok
    assert Petition.objects.filter(stage=Stage.CLOSED).count() == 3


def test_refused_rows_person_not_reused(world: World) -> None:
    """Row 2 creates a person, then is refused: the person goes with it; row 3
    names the same ID number and gets a person that exists."""
    same = _row(5, resolved="是", closed=False)
    again = _row(5).replace("建议第5号", "建议第5号（续）")
    report = engine.run(
        KIND, "ledger.csv", _ledger([_row(0), same, again]), unit=world.township,
        by=world.owner, dry_run=False,
    )  # fmt: skip
    assert [r.outcome for r in report.rows] == [engine.CREATED, engine.REFUSED, engine.CREATED]
    person_ids = set(RecordLink.objects.values_list("to_id", flat=True))
    assert person_ids <= set(Person.objects.values_list("pk", flat=True))
    assert Person.objects.filter(name="群众5").count() == 1


def test_audit_head_forgotten_when_its_savepoint_rolls_back(world: World) -> None:
    with batch.run(), transaction.atomic():
        create_record(Person(unit=world.township, name="甲"), by=world.owner)  # head remembered
        try:
            with transaction.atomic():
                create_record(Person(unit=world.township, name="乙"), by=world.owner)
                raise ValueError("refused")
        except ValueError:
            pass
        create_record(Person(unit=world.township, name="丙"), by=world.owner)
    assert auditchain.verify().ok
    assert list(AuditEvent.objects.order_by("pk").values_list("object_repr", flat=True))[-2:] == [
        "甲",
        "丙",
    ]


def test_batch_memo_only_inside_run(world: World) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert batch.memo("k", compute) == 1 and batch.memo("k", compute) == 2
    with batch.run():
        assert batch.memo("k", compute) == 3 and batch.memo("k", compute) == 3
    assert not batch.active()
    # A unit's township outside a run is read afresh (a moved unit is seen).
    assert world.village.township() == world.township
    with batch.run():
        assert world.village.township() == world.township
        with CaptureQueriesContext(connection) as ctx:
            world.village.township()
        assert not ctx.captured_queries


def test_progress_reaches_the_status_poll_inline_and_via_celery(
    world: World, monkeypatch: Any, settings: Any
) -> None:
    """The Celery task (eager here, as without Redis; a worker runs the same
    code) writes the progress to the cache every PROGRESS_EVERY rows; the
    page's status poll reads it while the run's transaction is still open."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 10)
    data = _ledger([_row(i) for i in range(25)])
    job = ImportJob.objects.create(
        kind="petitions",
        unit=world.township,
        created_by=world.owner,
        filename="ledger.csv",
        data=data,
        mapping={},
    )
    client = world.client(world.owner)
    status_url = reverse("core:import_status", args=[job.pk])
    seen: list[tuple[int, int]] = []
    real_set = cache.set

    def spy(key: str, value: Any, *args: Any, **kwargs: Any) -> None:
        real_set(key, value, *args, **kwargs)
        if key == tasks.progress_key(job.pk):
            answer = client.get(status_url).json()
            seen.append((answer["done"], answer["total"]))

    monkeypatch.setattr(tasks.cache, "set", spy)
    tasks.run_job.delay(job.pk, True)  # the preview, as the page starts it
    assert seen == [(10, 25), (20, 25), (25, 25)]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    seen.clear()
    tasks.run_job.apply_async((job.pk, False))
    assert seen[-1] == (25, 25) and len(seen) == 3
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Petition.objects.count() == 25
    assert OrgUnit.objects.get(pk=world.township.pk)  # nothing else disturbed
