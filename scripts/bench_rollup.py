"""The province roll-up over a synthetic province (`manage.py make_province`),
timed in a fresh process, every statement with it (docs/performance.md,
"The cold province roll-up at 10^6 petitions").

    DATABASE_URL=postgres://…/province python scripts/bench_rollup.py 2025 [--headline]
        [--snapshots] [--explain N] [--figures out.json] [--at-once N]

Without --snapshots the year's IndicatorSnapshot rows are deleted inside a
transaction rolled back at the end, so every township is computed from its
records ("cold": a fresh process; the server's buffers stay as they are).
Inside that transaction the roll-up reads with one connection; with no
snapshots to set aside there is none, and it reads with
`figures.CONNECTIONS_AT_ONCE` (--at-once N to choose; 1 = one connection).
The statements of every connection are timed: SQL is their sum.
--explain N runs EXPLAIN ANALYZE on the N slowest statements; --figures
writes every cell and total, to compare two versions of the code."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from typing import Any

import django

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("year", type=int)
    parser.add_argument("--headline", action="store_true")
    parser.add_argument("--snapshots", action="store_true")
    parser.add_argument("--explain", type=int, default=0)
    parser.add_argument("--figures", default="")
    parser.add_argument("--at-once", type=int, default=0)
    args = parser.parse_args()
    sys.path.insert(0, ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    django.setup()
    from django.db import connection, transaction
    from django.db.backends.signals import connection_created

    from fazhi.core import builders
    from fazhi.core.models import OrgUnit
    from fazhi.reports import figures, queries
    from fazhi.reports.figures import numeric_keys
    from fazhi.reports.models import IndicatorSnapshot

    root = OrgUnit.objects.get(parent=None, division_code=builders.ROOT_CODE)
    towns = list(queries.child_townships(root))
    keys = queries.headline_keys() if args.headline else numeric_keys()
    stmts: list[tuple[float, str, Any]] = []

    def timer(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            stmts.append((time.perf_counter() - t, sql, params))

    def time_new(sender: Any, connection: Any, **kwargs: Any) -> None:
        # The roll-up's helper threads open their own connections.
        connection.execute_wrappers.append(timer)

    connection_created.connect(time_new)
    if args.at_once:
        figures.CONNECTIONS_AT_ONCE = args.at_once
    set_aside = not args.snapshots and IndicatorSnapshot.objects.filter(year=args.year).exists()
    try:
        with transaction.atomic() if set_aside else contextlib.nullcontext():
            if set_aside:
                n = IndicatorSnapshot.objects.filter(year=args.year).delete()[0]
                print(f"({n} snapshots of {args.year} set aside)")
            for run in ("cold", "warm"):
                stmts.clear()
                cpu, wall = time.process_time(), time.perf_counter()
                with connection.execute_wrapper(timer):
                    table = queries.rollup(root, args.year, units=towns, keys=keys).table()
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                sql = sum(s[0] for s in stmts)
                print(
                    f"{run}: {len(towns)} townships, {len(keys)} figures:"
                    f" wall {wall * 1000:.0f} ms, python CPU {cpu * 1000:.0f} ms,"
                    f" {len(stmts)} queries, SQL {sql * 1000:.0f} ms,"
                    f" load {os.getloadavg()[0]:.2f}"
                )
                if run == "cold" and args.figures:
                    cells = {
                        row["key"]: [
                            None if v is None else [v.value, v.text, v.has_records]
                            for v in row["cells"]
                        ]
                        + [row["total"]]
                        for row in table
                    }
                    with open(args.figures, "w") as out:
                        json.dump(cells, out, default=str, sort_keys=True)
            with connection.cursor() as cursor:
                for t, sql_text, params in sorted(stmts, key=lambda s: -s[0])[: args.explain]:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql_text, params)
                    print(f"=== {t * 1000:.0f} ms: {sql_text[:120]}")
                    print("\n".join(r[0] for r in cursor.fetchall()))
            raise _Rollback
    except _Rollback:
        pass


if __name__ == "__main__":
    main()
