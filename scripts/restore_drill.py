"""The restore drill (`make restore-drill`; docs/operations.md): a backup is
only as good as its last restore.

1. builds a small database: a scratch PostgreSQL database `fazhi_drill_src`,
   migrated, with the demo township loaded (`manage.py load_demo`);
2. backs it up with `pg_dump -Fc`;
3. restores the dump into a second scratch database `fazhi_drill_dst` with
   `pg_restore`;
4. compares the row count of every table of the two databases;
5. walks the audit chain of the restored database (`manage.py verify_audit`);
6. drops both scratch databases, whatever happened.

Each step prints the time it took; the drill exits non-zero when a count
differs, the chain is broken or a tool fails.

    python scripts/restore_drill.py [postgres://user@host:port/any] [--template DB]

The server is the one in the URL (default: TEST_DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/postgres); the database named in it is
not touched. pg_dump and pg_restore (the PostgreSQL client tools, of the
server's major version or newer) must be on PATH.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "fazhi_drill_src"
TARGET = "fazhi_drill_dst"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
T = TypeVar("T")
# Scratch databases only: a commit does not wait for its WAL flush (a crash
# would lose the last commits of a database the drill drops anyway).
SCRATCH_OPTIONS = "-c synchronous_commit=off"


def url_for(base: str, name: str) -> str:
    return urlsplit(base)._replace(path=f"/{name}").geturl()


def step(title: str, run: Callable[[], T]) -> T:
    started = time.monotonic()
    print(f"--- {title} …", flush=True)
    result = run()
    print(f"    {title}: {time.monotonic() - started:.1f} s", flush=True)
    return result


def recreate(admin: str, name: str, *, drop_only: bool = False, template: str = "") -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if drop_only:
            return
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        conn.execute(create)


def manage(url: str, *args: str) -> str:
    """A management command against one database, as production runs it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "FAZHI_PRODUCTION", "DJANGO_DEBUG", "FAZHI_TEST_DB_NAME"}
    }
    env["DATABASE_URL"] = url
    env["PGOPTIONS"] = SCRATCH_OPTIONS
    done = subprocess.run(  # noqa: S603  (our own manage.py, arguments from this file)
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed ({done.returncode})")
    return done.stdout


def run(*command: str) -> None:
    env = {**os.environ, "PGOPTIONS": SCRATCH_OPTIONS}
    done = subprocess.run(  # noqa: S603  (pg_dump / pg_restore, arguments from this file)
        command, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{command[0]} failed ({done.returncode})")


def row_counts(url: str) -> dict[str, int]:
    """Every table of the public schema and its exact row count."""
    with psycopg.connect(url) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {}
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            row = conn.execute(query).fetchone()
            counts[table] = int(row[0]) if row else 0
        return counts


def compare(source: dict[str, int], target: dict[str, int]) -> None:
    differing = [
        (table, source.get(table), target.get(table))
        for table in sorted(source.keys() | target.keys())
        if source.get(table) != target.get(table)
    ]
    for table, before, after in differing:
        print(f"    {table}: {before} rows backed up, {after} restored")
    if differing:
        raise SystemExit(f"{len(differing)} tables differ after the restore")
    print(f"    {len(source)} tables, {sum(source.values())} rows: every count equal")


@contextmanager
def scratch_databases(admin: str) -> Iterator[None]:
    try:
        yield
    finally:
        for name in (SOURCE, TARGET):
            recreate(admin, name, drop_only=True)
        print(f"--- dropped {SOURCE} and {TARGET}", flush=True)


def main(base: str, template: str = "") -> None:
    """`template`: a migrated database to copy instead of migrating an empty
    one (`make test` passes the tests' template, migrated minutes before by
    the same `manage.py migrate`: a second migrate of every app cost CI about
    100 s of CPU). The migrate below then has nothing left to apply, and
    still fails if the copy is behind the migration files."""
    admin = url_for(base, "postgres")
    source, target = url_for(base, SOURCE), url_for(base, TARGET)
    started = time.monotonic()
    with scratch_databases(admin), tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "fazhi.dump"
        made = f"create {SOURCE}" + (f" from {template}" if template else "")
        step(made, lambda: recreate(admin, SOURCE, template=template))
        step("migrate", lambda: manage(source, "migrate", "--noinput", "-v", "0", "--skip-checks"))
        step("load_demo", lambda: manage(source, "load_demo", "--skip-checks"))
        step("pg_dump -Fc", lambda: run("pg_dump", "-Fc", "--no-owner", "-f", str(dump), source))
        print(f"    backup: {dump.stat().st_size / 1024:.0f} KiB")
        step(f"create {TARGET}", lambda: recreate(admin, TARGET))
        restore = ("pg_restore", "--no-owner", "--exit-on-error", "--jobs", "2", "-d", target)
        step("pg_restore", lambda: run(*restore, str(dump)))
        counts = step("row counts", lambda: (row_counts(source), row_counts(target)))
        compare(*counts)
        chain = step("verify_audit", lambda: manage(target, "verify_audit", "--skip-checks"))
        print(f"    {chain.strip()}")
    print(f"restore drill passed in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--template", default="", help="a migrated database to copy")
    args = parser.parse_args()
    main(args.url, args.template)
