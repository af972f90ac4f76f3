"""Test databases copied from a migrated template instead of migrated per worker.

Migrating an empty database takes about 25 s of one core (Django renders the
migration state of ~90 migrations over ~300 models), and `make test` used to
pay it four times: each pytest-xdist worker of the SQLite pass and of the
PostgreSQL pass. `make test` now migrates one template per database engine
while lint and mypy run (`scripts/test_templates.py`, on the core they leave
idle) and each worker copies it: SQLite through the backup API into its
in-memory database, PostgreSQL with `CREATE DATABASE … TEMPLATE …`. Both
copies are the migrated database as `migrate` left it, data migrations
(the work calendar, reference data), triggers and content types included.

Only when the environment names a template (`FAZHI_TEST_TEMPLATE_SQLITE`, a
file; `FAZHI_TEST_TEMPLATE_POSTGRES`, a database on the test server): a plain
`pytest` migrates as before. The template is built by the same `make test`
run from the same tree, so it cannot be stale; a template built from other
migrations is refused (`scripts/test_templates.py` records a fingerprint of
the migration files in it), and the worker migrates instead.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.backends.base.creation import BaseDatabaseCreation

SQLITE_ENV = "FAZHI_TEST_TEMPLATE_SQLITE"
POSTGRES_ENV = "FAZHI_TEST_TEMPLATE_POSTGRES"
FINGERPRINT_TABLE = "fazhi_test_template"


def fingerprint() -> str:
    """A digest of every installed app's migration files (ours and third
    parties'), names and contents."""
    digest = hashlib.sha256()
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            digest.update(f"{config.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _template_for(creation: BaseDatabaseCreation) -> str | None:
    vendor = creation.connection.vendor
    if vendor == "sqlite" and creation.is_in_memory_db(creation._get_test_db_name()):  # type: ignore[attr-defined]
        return os.environ.get(SQLITE_ENV) or None
    if vendor == "postgresql":
        return os.environ.get(POSTGRES_ENV) or None
    return None


def _stored_fingerprint(cursor: Any) -> str | None:
    try:
        cursor.execute(f"SELECT digest FROM {FINGERPRINT_TABLE}")
    except Exception:
        return None
    row = cursor.fetchone()
    return row[0] if row else None


def _copy_sqlite(creation: BaseDatabaseCreation, template: str) -> bool:
    if not Path(template).is_file():
        return False
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    try:
        if _stored_fingerprint(source.cursor()) != fingerprint():
            return False
        creation.connection.ensure_connection()
        source.backup(creation.connection.connection)
    finally:
        source.close()
    with creation.connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {FINGERPRINT_TABLE}")
    return True


def _copy_postgres(creation: BaseDatabaseCreation, template: str, name: str) -> bool:
    quote = creation.connection.ops.quote_name
    with creation._nodb_cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        if cursor.fetchone() is None:
            return False
    template_connection = creation.connection.copy()
    template_connection.settings_dict["NAME"] = template
    try:
        with template_connection.cursor() as cursor:
            current = _stored_fingerprint(cursor) == fingerprint()
    finally:
        template_connection.close()
    if not current:
        return False
    with creation._nodb_cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
        # Two workers copy at once; PostgreSQL refuses a copy while another
        # session is connected to the template, so wait out a short overlap.
        for attempt in range(20):
            try:
                cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
                break
            except Exception as exc:
                if "being accessed by other users" not in str(exc) or attempt == 19:
                    raise
                time.sleep(0.25)
    with creation.connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {FINGERPRINT_TABLE}")
    return True


_django_create_test_db = BaseDatabaseCreation.create_test_db


def create_test_db(
    self: BaseDatabaseCreation,
    verbosity: int = 1,
    autoclobber: bool = False,
    serialize: bool = True,
    keepdb: bool = False,
) -> str:
    """Django's `create_test_db` with the migrate step replaced by a copy of
    the template, when there is a current one; otherwise Django's own."""
    from django.core.management import call_command

    template = _template_for(self)
    if template is None or keepdb:
        return _django_create_test_db(self, verbosity, autoclobber, serialize, keepdb)
    name = self._get_test_db_name()  # type: ignore[attr-defined]
    self._create_test_db(verbosity, autoclobber, keepdb)  # type: ignore[attr-defined]
    self.connection.close()
    settings.DATABASES[self.connection.alias]["NAME"] = name
    self.connection.settings_dict["NAME"] = name
    if self.connection.vendor == "sqlite":
        copied = _copy_sqlite(self, template)
    else:
        copied = _copy_postgres(self, template, name)
    if not copied:
        print(f"test database template {template} missing or stale: migrating")
        call_command(
            "migrate",
            verbosity=max(verbosity - 1, 0),
            interactive=False,
            database=self.connection.alias,
            run_syncdb=True,
        )
    if serialize:
        self.connection._test_serialized_contents = self.serialize_db_to_string()  # type: ignore[attr-defined]
    call_command("createcachetable", database=self.connection.alias)
    self.connection.ensure_connection()
    return name


def install() -> None:
    if os.environ.get(SQLITE_ENV) or os.environ.get(POSTGRES_ENV):
        BaseDatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign]
