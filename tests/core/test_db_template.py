"""The migrated template that `make test`'s workers copy (tests/db_template.py)
is used only when it was built from the migrations in the tree."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests import db_template


def _template(path: Path, digest: str) -> str:
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE {db_template.FINGERPRINT_TABLE} (digest varchar(64))")
    conn.execute(f"INSERT INTO {db_template.FINGERPRINT_TABLE} VALUES (?)", [digest])
    conn.commit()
    conn.close()
    return str(path)


def test_fingerprint_covers_every_apps_migrations() -> None:
    assert db_template.fingerprint() == db_template.fingerprint()
    assert len(db_template.fingerprint()) == 64


def test_a_template_from_other_migrations_is_refused(tmp_path: Path) -> None:
    stale = _template(tmp_path / "stale.sqlite3", "0" * 64)
    conn = sqlite3.connect(f"file:{stale}?mode=ro", uri=True)
    try:
        assert db_template._stored_fingerprint(conn.cursor()) == "0" * 64
    finally:
        conn.close()
    assert db_template._stored_fingerprint(sqlite3.connect(":memory:").cursor()) is None
    # _copy_sqlite compares before it touches the test database.
    assert db_template._copy_sqlite(None, stale) is False  # type: ignore[arg-type]
    assert db_template._copy_sqlite(None, str(tmp_path / "missing.sqlite3")) is False  # type: ignore[arg-type]
