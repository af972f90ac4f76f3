"""Per table and per column: row count and md5 of the values of a synthetic
province (`manage.py make_province`), to check that a change to the builders
writes the same rows (docs/performance.md, "Building the province").

    python scripts/province_checksum.py URL            # print the checksums
    python scripts/province_checksum.py URL_A URL_B    # compare two provinces

Build both with the same arguments (`--seed 2026 --today 2026-12-01`) into
fresh databases created from the same migrated template, so sequences, and so
ids, start alike. Left out, since they differ from run to run by design: the
wall-clock timestamps (`timestamp with time zone` columns, the progress
table's `done_at`), the password hashes (a salt per run) and the encrypted PII
columns' tokens (a random nonce per value): their plaintexts are compared,
decrypted with the keys the settings name (FAZHI_PII_KEY_FILE: build both
provinces with the same keys), and so are their blind indexes."""

from __future__ import annotations

import hashlib
import os
import sys

import django
import psycopg
from psycopg import sql

AGG = "md5(coalesce(string_agg(coalesce({c}::text, '\\N'), E'\\x1f' ORDER BY {o}), ''))"
SKIP_COLUMNS = {("core_user", "password"), ("fazhi_synthetic_progress", "done_at")}


def encrypted_columns() -> set[tuple[str, str]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    django.setup()
    from django.apps import apps

    from fazhi.core.fields import EncryptedCharField

    return {
        (m._meta.db_table, f.column)
        for m in apps.get_models()
        for f in m._meta.concrete_fields
        if isinstance(f, EncryptedCharField)
    }


def checksums(
    url: str, skip: set[tuple[str, str]], encrypted: set[tuple[str, str]]
) -> dict[str, tuple[int, str]]:
    from fazhi.core import crypto

    out: dict[str, tuple[int, str]] = {}
    with psycopg.connect(url) as conn:
        # Encrypted columns: the md5 of their plaintexts, decrypted here.
        present = {
            (t, c)
            for t, c in conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public'"
            ).fetchall()
        }
        for table, column in sorted(encrypted & present):
            digest = hashlib.md5()  # noqa: S324 (a checksum, not security)
            n = 0
            query = sql.SQL("SELECT {} FROM {} ORDER BY id").format(
                sql.Identifier(column), sql.Identifier(table)
            )
            for (token,) in conn.execute(query):
                digest.update((crypto.decrypt(token) if token else str(token)).encode() + b"\x1f")
                n += 1
            out[f"{table}.{column} (decrypted)"] = (n, digest.hexdigest())
        cols = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ).fetchall()
        tables: dict[str, list[tuple[str, str]]] = {}
        for table, column, kind in cols:
            tables.setdefault(table, []).append((column, kind))
        for table, columns in tables.items():
            names = [c for c, _ in columns]
            order = (
                sql.SQL("id")
                if "id" in names
                else sql.SQL(", ").join(sql.Identifier(c) for c in names)
            )
            kept = [
                c
                for c, kind in columns
                if (table, c) not in skip and kind != "timestamp with time zone"
            ]
            parts = [sql.SQL("count(*)")] + [
                sql.SQL(AGG).format(c=sql.Identifier(c), o=order) for c in kept
            ]
            row = conn.execute(
                sql.SQL("SELECT {} FROM {}").format(
                    sql.SQL(", ").join(parts), sql.Identifier(table)
                )
            ).fetchone()
            assert row is not None
            out[table] = (row[0], "")
            for c, digest in zip(kept, row[1:], strict=True):
                out[f"{table}.{c}"] = (row[0], digest)
    return out


def main(urls: list[str]) -> int:
    encrypted = encrypted_columns()
    skip = SKIP_COLUMNS | encrypted
    if len(urls) == 1:
        for key, (n, digest) in checksums(urls[0], skip, encrypted).items():
            print(f"{key}\t{n}\t{digest}")
        return 0
    a, b = (checksums(u, skip, encrypted) for u in urls)
    differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    for k in differ:
        print(f"DIFFERS {k}: {a.get(k)} != {b.get(k)}")
    rows = sum(n for k, (n, _) in a.items() if "." not in k)
    print(
        f"{len(a)} tables and columns, {rows:,} rows; "
        f"{len(differ)} differ; left out: the password hashes, every timestamptz column "
        f"and the tokens of {len(encrypted)} encrypted columns (compared decrypted)"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    if not 2 <= len(sys.argv) <= 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
