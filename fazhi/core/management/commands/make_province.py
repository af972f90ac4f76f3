"""`manage.py make_province --townships N --years Y [--seed S]` (issue 19): a
persistent synthetic province — counties of 20 townships, villages, people,
accounts and Y years of records in every module (each app's builder,
core.builders) — COMMITTED, for `make bench-http` and `make load`.

Set-based (COPY on PostgreSQL, bulk_create elsewhere), a transaction per
chunk of townships with a progress marker per township, so an interrupted
run resumes where it stopped (same seed: a township's random source is
seeded from the seed and its position, so the result is the same). Refuses
a database holding any unit outside the synthetic root."""

from __future__ import annotations

import collections
import datetime as dt
import gc
import multiprocessing
import queue
import random
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import batch, builders
from fazhi.core.bench import bulk_units
from fazhi.core.cli import Command as BaseCommand
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role

PROGRESS_TABLE = "fazhi_synthetic_progress"
# The definitions of the indexes a run dropped to write faster (`defer_indexes`),
# kept until they are built again: a run interrupted in between builds them
# when it resumes.
INDEX_TABLE = "fazhi_synthetic_indexes"
# Below this many townships to write, building ~160 indexes again costs about
# what writing without them saves (docs/performance.md, "Building the province").
DEFER_INDEXES_FROM = 50
TOWNSHIPS_PER_COUNTY = 20


class Command(BaseCommand):
    help = gettext_lazy(
        "生成并提交一个合成省份（测试数据）：县、乡镇、村、人员、账号和各模块多年记录"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--townships", type=int, required=True)
        parser.add_argument("--years", type=int, default=2)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--villages", type=int, default=10, help=_("每个乡镇的村数"))
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=_("每乡镇每年记录数的倍数（1.0 约 250 件信访）"),
        )
        parser.add_argument("--chunk", type=int, default=5, help=_("每个事务写入的乡镇数"))
        parser.add_argument("--today", default="", help=_("YYYY-MM-DD；默认今天"))
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help=_("并行写入的进程数（仅 PostgreSQL）；1 时各行 id 与单进程运行完全相同"),
        )
        parser.add_argument(
            "--indexes",
            choices=("auto", "defer", "keep"),
            default="auto",
            help=_(
                "defer：写入前删除非唯一索引、写完后重建（仅 PostgreSQL，中断后续跑时重建）；"
                "auto：待写乡镇不少于 50 个时 defer"
            ),
        )

    def handle(self, *args: Any, **o: Any) -> None:
        if o["townships"] < 1 or o["years"] < 1:
            raise CommandError(_("--townships 与 --years 须为正整数"))
        today = dt.date.fromisoformat(o["today"]) if o["today"] else timezone.localdate()
        years = list(range(today.year - o["years"] + 1, today.year + 1))
        refuse_real_data()
        ensure_progress_table()
        root, townships = province(o["townships"], o["villages"])
        done = finished_townships()
        todo = [(i, t) for i, t in enumerate(townships) if t.pk not in done]
        villages: dict[int, list[OrgUnit]] = {}
        for v in OrgUnit.objects.filter(
            kind=OrgUnit.Kind.VILLAGE, path__startswith=root.path
        ).order_by("path"):
            villages.setdefault(v.parent_id or 0, []).append(v)
        steps = builders.discover()
        # What Django and the apps made at start-up lives to the end: out of
        # the collector's reach, a full collection walks only the chunk's rows
        # (and the chunks hold them off, `Run.build`).
        gc.freeze()
        try:
            self.write(root, townships, todo, villages, years, today, steps, o)
        finally:
            gc.unfreeze()

    def write(
        self,
        root: OrgUnit,
        townships: list[OrgUnit],
        todo: list[tuple[int, OrgUnit]],
        villages: dict[int, list[OrgUnit]],
        years: list[int],
        today: dt.date,
        steps: list[builders.Builder],
        o: dict[str, Any],
    ) -> None:
        seasons = builders.Seasons(today)
        self.stdout.write(
            _(
                "合成省：%(townships)s 个乡镇，%(done)s 个已完成；"
                "年份 %(first)s–%(last)s；构建器 %(builders)s"
            )
            % {
                "townships": len(townships),
                "done": len(townships) - len(todo),
                "first": years[0],
                "last": years[-1],
                "builders": ", ".join(b.label for b in steps),
            }
        )
        rows, t0 = 0, time.perf_counter()
        chunks = [todo[i : i + o["chunk"]] for i in range(0, len(todo), o["chunk"])]
        run = Run(villages, years, today, seasons, o["seed"], o["scale"], steps)
        jobs = o["jobs"] if connection.vendor == "postgresql" else 1
        # Our own transactions (not inside a caller's, a test's), on PostgreSQL.
        own = connection.vendor == "postgresql" and not connection.in_atomic_block
        parallel = jobs > 1 and own
        done_n = 0
        # The first chunk here, alone: it creates the reference rows every
        # township reads (which two processes would race to), and shows the
        # tables the builders write.
        if chunks:
            rows += run.build(chunks[0])
            done_n += len(chunks[0])
            self.progress(done_n, len(todo), rows, time.perf_counter() - t0)
        if o["indexes"] == "defer" or (o["indexes"] == "auto" and len(todo) >= DEFER_INDEXES_FROM):
            defer_indexes(builders.written)
        rest = chunks[1:]
        if parallel and rest:
            # Two cores: while one process waits on PostgreSQL's COPY, the
            # other builds its rows. Each township's rows are what one process
            # would write (its own seeded random source); only the ids
            # interleave between processes.
            builders.password_hash()  # once, before the fork
            global _run
            _run = run
            connections.close_all()  # each process opens its own
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for n, written in pool.imap_unordered(_build_chunk, rest):
                    rows += written
                    done_n += n
                    self.progress(done_n, len(todo), rows, time.perf_counter() - t0)
        elif own and rest:
            # One process, two cores: a thread writes a chunk (its COPYs and
            # its markers, one transaction, on a connection of its own) while
            # the next is built here. The same rows and ids as building and
            # writing in turn: the ids are taken here, in the same order.
            with Writer(connection.alias) as writer:
                for chunk in rest:
                    written, tables = run.gather(chunk)
                    writer.put([unit.pk for _index, unit in chunk], tables)
                    rows += written
                    done_n += len(chunk)
                    self.progress(done_n, len(todo), rows, time.perf_counter() - t0)
        else:
            for chunk in rest:
                rows += run.build(chunk)
                done_n += len(chunk)
                self.progress(done_n, len(todo), rows, time.perf_counter() - t0)
        t1 = time.perf_counter()
        # Each table analysed as soon as its indexes are built, beside the
        # other indexes' builds (a database-wide ANALYZE after them was a
        # tail of its own: 7.9 s at 200 x 2, load 10).
        analysed: set[str] = set()
        rebuilt = restore_indexes(max(jobs, 2), analysed)
        if rebuilt:
            self.stdout.write(
                "\n"
                + _("重建索引 %(n)s 个，%(elapsed)s 秒")
                % {"n": rebuilt, "elapsed": f"{time.perf_counter() - t1:.1f}"}
            )
        if connection.vendor == "postgresql" and (todo or rebuilt):
            analyse_rest(analysed)
        elapsed = time.perf_counter() - t0
        summary = _(
            "完成：%(rows)s 行，%(elapsed)s 秒，%(rate)s 行/秒；"
            "账号 syn-<乡镇id>-clerk / -leader，syn-<县id>-supervisor，密码 %(password)s"
        ) % {
            "rows": f"{rows:,}",
            "elapsed": f"{elapsed:.1f}",
            "rate": f"{rows / max(elapsed, 1e-9):,.0f}",
            "password": builders.PASSWORD,
        }
        self.stdout.write(f"\n{summary}")

    def progress(self, done: int, total: int, rows: int, elapsed: float) -> None:
        width = 30
        filled = width * done // max(total, 1)
        rate = rows / max(elapsed, 1e-9)
        counts = _("%(done)s/%(total)s 乡镇 %(rows)s 行 %(rate)s 行/秒") % {
            "done": done,
            "total": total,
            "rows": f"{rows:,}",
            "rate": f"{rate:,.0f}",
        }
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {counts}"
        self.stdout.write(line, ending="")
        if not sys.stdout.isatty():
            self.stdout.write("")


@dataclass
class Run:
    """What every township of a run shares; `build` writes a chunk of
    townships in one transaction, each marked done with it."""

    villages: dict[int, list[OrgUnit]]
    years: list[int]
    today: dt.date
    seasons: builders.Seasons
    seed: int
    scale: float
    steps: list[builders.Builder]
    shared: dict[str, Any] = field(default_factory=dict)  # Township.once

    def build(self, chunk: list[tuple[int, OrgUnit]]) -> int:
        """Build and write `chunk`, in one transaction."""
        rows = 0
        # Only in a transaction of our own (not inside a caller's, e.g. a test's).
        own = connection.vendor == "postgresql" and not connection.in_atomic_block
        superuser = own and is_superuser()
        # One COPY per table per chunk (builders.batch); core.batch.run: a
        # value's blind index computed once a chunk (a petitioner repeats a
        # villager's numbers), and no full garbage collection while the
        # chunk's rows are alive (3.6 s of 15 collections at 200 x 2, load 8).
        with transaction.atomic(), builders.batch(), batch.run():
            if own:
                with connection.cursor() as cursor:
                    for statement in chunk_settings(superuser):
                        cursor.execute(statement)
            for index, unit in chunk:
                rows += self.township(index, unit)
                mark_done(unit.pk)
        return rows

    def gather(self, chunk: list[tuple[int, OrgUnit]]) -> tuple[int, builders.Tables]:
        """Build `chunk` and give its rows, ids taken, for a `Writer`."""
        rows = 0
        with builders.gather() as tables, batch.run():
            for index, unit in chunk:
                rows += self.township(index, unit)
        return rows, tables

    def township(self, index: int, unit: OrgUnit) -> int:
        t = builders.Township(
            unit=unit,
            villages=self.villages.get(unit.pk, []) or [unit],
            years=self.years,
            today=self.today,
            rng=random.Random(f"{self.seed}-{index}"),  # synthetic, not security
            seasons=self.seasons,
            scale=self.scale,
            index=index,
            shared=self.shared,
        )
        return sum(b.build(t) for b in self.steps)


def chunk_settings(superuser: bool) -> list[str]:
    """A chunk's transaction settings. A chunk lost in a crash is written
    again by the resumed run (its townships are not marked done): no need to
    wait for the WAL flush at each commit. As a superuser: synthetic rows
    need no change-capture history, and their keys are right by
    construction (as pg_restore --disable-triggers): triggers off for the
    transaction."""
    out = ["SET LOCAL synchronous_commit = off"]
    if superuser:
        out.append("SET LOCAL session_replication_role = replica")
    return out


class Writer:
    """Writes built chunks in a thread, on a connection of its own: a
    chunk's COPYs and its townships' markers in one transaction, as
    `Run.build` writes them. `put` waits while a chunk is still queued (one
    being written, one waiting); an error of the thread is raised by the
    next `put` or on leaving the block."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.queue: queue.Queue[tuple[list[int], builders.Tables] | None] = queue.Queue(1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self.work, name="make_province-writer")

    def __enter__(self) -> Writer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._put(None)
        self.thread.join()
        if self.error is not None and exc[0] is None:
            raise self.error

    def put(self, townships: list[int], tables: builders.Tables) -> None:
        self._put((townships, tables))
        if self.error is not None:
            raise self.error

    def _put(self, item: tuple[list[int], builders.Tables] | None) -> None:
        while self.thread.is_alive():
            try:
                self.queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def work(self) -> None:
        conn = connections.create_connection(self.alias)
        try:
            conn.ensure_connection()
            pg = conn.connection
            with pg.cursor() as cursor:
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                row = cursor.fetchone()
            settings = chunk_settings(bool(row and row[0]))
            while (item := self.queue.get()) is not None:
                townships, tables = item
                with pg.transaction(), pg.cursor() as cursor:
                    for statement in settings:
                        cursor.execute(statement)
                    for (_alias, target), values in tables.items():
                        builders.copy_rows(cursor, target, values)
                    cursor.executemany(
                        f"INSERT INTO {PROGRESS_TABLE} (township_id, done_at) VALUES (%s, %s)",  # noqa: S608
                        [(pk, timezone.now().isoformat()) for pk in townships],
                    )
        except BaseException as e:  # raised in the main thread
            self.error = e
        finally:
            conn.close()


_run: Run | None = None  # the run a --jobs process works for (set before the fork)


def _build_chunk(chunk: list[tuple[int, OrgUnit]]) -> tuple[int, int]:
    assert _run is not None
    return len(chunk), _run.build(chunk)


def refuse_real_data() -> None:
    root = OrgUnit.objects.filter(parent=None, division_code=builders.ROOT_CODE).first()
    others = OrgUnit.objects.all()
    if root is not None:
        others = others.exclude(path__startswith=root.path)
    if others.exists():
        raise CommandError(
            _(
                "数据库中有合成省以外的单位（真实或演示数据），拒绝写入合成数据。"
                "请使用一个空数据库。"
            )
        )


def province(n_townships: int, n_villages: int) -> tuple[OrgUnit, list[OrgUnit]]:
    """The synthetic root, counties, townships and villages; built once, in
    one transaction, and found again on a resumed run."""
    root = OrgUnit.objects.filter(parent=None, division_code=builders.ROOT_CODE).first()
    if root is not None:
        townships = list(
            OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP, path__startswith=root.path).order_by(
                "path"
            )
        )
        if len(townships) != n_townships:
            raise CommandError(
                _("已有的合成省有 %(found)s 个乡镇，与 --townships %(asked)s 不符")
                % {"found": len(townships), "asked": n_townships}
            )
        return root, townships
    with transaction.atomic():
        root = OrgUnit(
            name=builders.ROOT_NAME, kind=OrgUnit.Kind.COUNTY, division_code=builders.ROOT_CODE
        )
        root.save()
        n_counties = -(-n_townships // TOWNSHIPS_PER_COUNTY)
        counties = bulk_units(
            [
                OrgUnit(name=f"合成县{c + 1}", kind=OrgUnit.Kind.COUNTY, parent=root)
                for c in range(n_counties)
            ]
        )
        townships = bulk_units(
            [
                OrgUnit(
                    name=f"合成县{i // TOWNSHIPS_PER_COUNTY + 1}第{i % TOWNSHIPS_PER_COUNTY + 1}乡",
                    kind=OrgUnit.Kind.TOWNSHIP,
                    parent=counties[i // TOWNSHIPS_PER_COUNTY],
                    abbreviation=f"合{i + 1}",
                )
                for i in range(n_townships)
            ]
        )
        bulk_units(
            [
                OrgUnit(name=f"{t.name}{v + 1}村", kind=OrgUnit.Kind.VILLAGE, parent=t)
                for t in townships
                for v in range(n_villages)
            ]
        )
        User.objects.bulk_create(
            [
                User(
                    username=f"syn-{c.pk}-supervisor",
                    role=Role.COUNTY_SUPERVISOR,
                    home_unit=c,
                    password=builders.password_hash(),
                )
                for c in counties
            ]
        )
    return root, sorted(townships, key=lambda t: t.path)


def defer_indexes(written: Iterable[str] | None = None) -> None:
    """Drop the non-unique indexes of the application's tables for the build
    (PostgreSQL), their definitions kept in INDEX_TABLE for `restore_indexes`.
    COPY into a table without them costs the server about half the CPU, and
    a CREATE INDEX after (one sort) is cheaper than 10^6 insertions into a
    b-tree in random order. Unique indexes and the primary keys stay: they
    are constraints. Not inside a caller's transaction (a test's).

    `written`: only these tables' (the run's first chunk's, written with
    their indexes): 420 of the 583 indexes are on tables no builder writes,
    each a DROP and a CREATE (2.6 s at load 9) for nothing."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = set(connection.introspection.django_table_names(only_existing=True))
    if written is not None:
        tables &= set(written)
    if not tables:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {INDEX_TABLE} "
            "(name text PRIMARY KEY, tablename text NOT NULL, definition text NOT NULL)"
        )
        # Not an index a constraint owns (an exclusion constraint), nor one
        # being built or broken (indisvalid).
        cursor.execute(
            f"""
            INSERT INTO {INDEX_TABLE} (name, tablename, definition)
            SELECT ic.relname, c.relname, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_class c ON c.oid = i.indrelid
             WHERE c.relnamespace = current_schema()::regnamespace
               AND c.relname = ANY(%s)
               AND NOT i.indisunique AND NOT i.indisprimary AND i.indisvalid
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ON CONFLICT (name) DO NOTHING
            RETURNING name
            """,  # noqa: S608
            [sorted(tables)],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")


def restore_indexes(jobs: int, analysed: set[str] | None = None) -> int:
    """Build again the indexes `defer_indexes` dropped (this run's or an
    interrupted one's), `jobs` at a time, the largest tables first; each is
    crossed off INDEX_TABLE once built, and the table goes with the last.
    With `analysed`, a table is analysed as soon as its last index is built
    (beside the other builds) and its name added to the set."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [INDEX_TABLE])
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(
            f"SELECT x.name, x.definition, x.tablename FROM {INDEX_TABLE} x "  # noqa: S608
            "LEFT JOIN pg_class c ON c.relname = x.tablename "
            "AND c.relnamespace = current_schema()::regnamespace "
            "ORDER BY pg_relation_size(c.oid) DESC NULLS LAST, x.name"
        )
        todo = cursor.fetchall()
    # (index name, its definition, its table) or (None, ANALYZE, its table);
    # popleft() takes the largest first, and a table's ANALYZE comes next.
    pending: collections.deque[tuple[str | None, str, str]] = collections.deque(todo)
    left = collections.Counter(table for _name, _definition, table in todo)
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work() -> None:
        # A connection of this thread's own (Django's are per thread).
        conn = connections.create_connection(connection.alias)
        try:
            with conn.cursor() as cursor:
                # Sorting in memory: one sort run per index instead of merges.
                cursor.execute("SET maintenance_work_mem = '512MB'")
                # What is lost in a crash is built again on the resumed run.
                cursor.execute("SET synchronous_commit = off")
                while not errors:
                    with lock:
                        if not pending:
                            return
                        name, definition, table = pending.popleft()
                    if name is None:
                        cursor.execute(definition)
                        continue
                    cursor.execute(
                        definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1)
                    )
                    cursor.execute(f"DELETE FROM {INDEX_TABLE} WHERE name = %s", [name])  # noqa: S608
                    with lock:
                        left[table] -= 1
                        if analysed is not None and not left[table]:
                            analysed.add(table)
                            analyse = f"ANALYZE {conn.ops.quote_name(table)}"
                            pending.appendleft((None, analyse, table))
        except BaseException as e:  # handed to the main thread
            errors.append(e)
        finally:
            conn.close()

    threads = [threading.Thread(target=work) for _ in range(max(1, jobs))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {INDEX_TABLE}")
    return len(todo)


def analyse_rest(analysed: set[str]) -> None:
    """ANALYZE every table of the schema `restore_indexes` did not analyse
    (all of them when it analysed none), in one statement."""
    with connection.cursor() as cursor:
        if not analysed:
            cursor.execute("ANALYZE")
            return
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
            "AND relkind IN ('r', 'p', 'm') ORDER BY relname"
        )
        rest = [name for (name,) in cursor.fetchall() if name not in analysed]
        if rest:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(n) for n in rest))


def ensure_progress_table() -> None:
    # A plain table, not a model: it belongs to the generator's runs, not to
    # the application, and leaves no migration behind.
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {PROGRESS_TABLE} "
            "(township_id bigint PRIMARY KEY, done_at varchar(40) NOT NULL)"
        )


def finished_townships() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT township_id FROM {PROGRESS_TABLE}")  # noqa: S608
        return {r[0] for r in cursor.fetchall()}


def mark_done(township_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PROGRESS_TABLE} (township_id, done_at) VALUES (%s, %s)",  # noqa: S608
            [township_id, timezone.now().isoformat()],
        )


def is_superuser() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])
