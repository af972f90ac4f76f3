"""Build the migrated template databases that `make test`'s pytest workers copy
(tests/db_template.py says why).

    python scripts/test_templates.py [--sqlite FILE] [--postgres URL]

`--sqlite FILE`: a SQLite file, replaced. `--postgres URL`: the database named in
the URL is dropped and created again on that server. Each is migrated with
`manage.py migrate` as the tests' settings have it (the caller passes the
tests' environment), then stamped with the fingerprint of the migration files
it was built from. The two are built side by side.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
STAMP = """
from django.db import connection
from tests.db_template import FINGERPRINT_TABLE, fingerprint
with connection.cursor() as cursor:
    cursor.execute(f"CREATE TABLE {FINGERPRINT_TABLE} (digest varchar(64) NOT NULL)")
    cursor.execute(f"INSERT INTO {FINGERPRINT_TABLE} (digest) VALUES (%s)", [fingerprint()])
"""


def _manage(url: str, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DATABASE_URL=url)
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    return subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603  (our manage.py)


def _recreate_postgres(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _build(urls: list[str]) -> int:
    started = time.monotonic()
    running = [(url, _manage(url, "migrate", "--noinput", "--verbosity", "0")) for url in urls]
    failed = 0
    for url, process in running:
        if process.wait() != 0:
            print(f"test template {url}: migrate failed", file=sys.stderr)
            failed += 1
            continue
        stamp = _manage(url, "shell", "--verbosity", "0", "-c", STAMP)
        if stamp.wait() != 0:
            print(f"test template {url}: could not stamp it", file=sys.stderr)
            failed += 1
            continue
        print(f"test template {url}: migrated in {time.monotonic() - started:.1f} s")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", type=Path, help="the SQLite template file")
    parser.add_argument("--postgres", help="the PostgreSQL template database's URL")
    options = parser.parse_args()
    urls = []
    if options.sqlite:
        options.sqlite.parent.mkdir(parents=True, exist_ok=True)
        options.sqlite.unlink(missing_ok=True)
        urls.append(f"sqlite:///{options.sqlite.resolve()}")
    if options.postgres:
        _recreate_postgres(options.postgres)
        urls.append(options.postgres)
    return 1 if _build(urls) else 0


if __name__ == "__main__":
    sys.exit(main())
