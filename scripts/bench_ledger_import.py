"""Benchmark (issue 18): a ledger of N petitions (default 10^4, every one a
closed historic matter: registered, accepted, answered, served, closed on its
recorded dates) previewed and committed through `core.ledger_import`.

    FAZHI_VAR_DIR=/tmp/bench-import python scripts/bench_ledger_import.py [N]

Uses whatever database the settings name (SQLite under FAZHI_VAR_DIR by
default, DATABASE_URL for PostgreSQL), migrates it and builds the demo
township's core; prints the times for docs/performance.md."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")


def ledger(n: int) -> bytes:
    from openpyxl import Workbook

    from fazhi.core.validators import id_check_digit

    wb = Workbook()
    ws = wb.active
    ws.append(["湘江源瑶族乡信访事项登记台账"])
    ws.append(
        [
            "序号",
            "姓名",
            "身份证号码",
            "联系电话",
            "村（社区）",
            "来访日期",
            "信访形式",
            "信访类别",
            "反映问题",
            "受理日期",
            "答复日期",
            "办结日期",
            "办理结果",
        ]
    )
    villages = ["荆竹村", "紫良村委会", "坪源村", "大桥村", "源桐村"]
    start = dt.date(2021, 1, 4)
    for i in range(n):
        first17 = f"431127{1950 + i % 50}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        received = start + dt.timedelta(days=i % 1000)
        ws.append(
            [
                i + 1,
                f"群众{i}",
                first17 + id_check_digit(first17),
                f"139{i:08d}",
                villages[i % 5],
                received.strftime("%Y.%m.%d"),
                "来访",
                "建议意见类",
                f"建议第{i}号：村组道路维护",
                received + dt.timedelta(days=2),
                received + dt.timedelta(days=30 + i % 40),
                received + dt.timedelta(days=35 + i % 40),
                "已答复并落实",
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from fazhi.core.demo import build_core
    from fazhi.core.ledger_import import engine
    from fazhi.petitions.ledger import KIND

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    world = build_core()
    data = ledger(n)
    print(f"{connection.vendor}, {n} rows, file {len(data) // 1024} KiB, load {os.getloadavg()}")
    committing = _time_commits(connection)
    for dry_run in (True, False):
        committing.clear()
        s0 = _server_cpu(connection)
        t0, c0 = time.perf_counter(), time.process_time()
        report = engine.run(
            KIND, "bench.xlsx", data, unit=world.township, by=world.users["admin"], dry_run=dry_run
        )
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        server = _server_cpu(connection) - s0
        what = "preview" if dry_run else "commit"
        print(
            f"{what}: {took:.1f} s wall, {cpu:.1f} s CPU ({n / cpu:.1f} rows per CPU second)"
            + (f", database server {server:.1f} s CPU" if connection.vendor == "postgresql" else "")
            + f" {report.counts()} load {os.getloadavg()}",
            flush=True,
        )
        if committing and connection.vendor == "postgresql":
            # The first is the file's transaction; then the on-commit
            # callbacks' own (the registration notices).
            (wall, server), rest = committing[0], committing[1:]
            print(
                f"  the file's COMMIT (its deferred FK checks): {wall:.2f} s wall,"
                f" {server:.2f} s server CPU; {len(rest)} on-commit COMMITs"
                f" {sum(w for w, _ in rest):.2f} s wall, {sum(c for _, c in rest):.2f} s server CPU"
            )


def _time_commits(connection: Any) -> list[tuple[float, float]]:
    """The wall and server CPU time of each COMMIT from now on (on
    PostgreSQL the deferred foreign-key checks of the whole file run
    there), by shadowing this connection object's `_commit`."""
    times: list[tuple[float, float]] = []
    real = connection._commit

    def timed() -> None:
        s0, t0 = _server_cpu(connection), time.perf_counter()
        real()
        times.append((time.perf_counter() - t0, _server_cpu(connection) - s0))

    connection._commit = timed
    return times


def _server_cpu(connection: Any) -> float:
    """The CPU time of this connection's PostgreSQL backend (its inserts,
    triggers, indexes and constraint checks: the other half of an import's
    work on PostgreSQL), read from /proc when the server runs on this
    machine; 0 otherwise."""
    pid = _backend_pid(connection)
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


_pids: dict[int, int] = {}


def _backend_pid(connection: Any) -> int | None:
    """Its backend's process id on PostgreSQL (asked once), else None."""
    if connection.vendor != "postgresql":
        return None
    if id(connection.connection) not in _pids:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _pids[id(connection.connection)] = cursor.fetchone()[0]
    return _pids[id(connection.connection)]


if __name__ == "__main__":
    main()
