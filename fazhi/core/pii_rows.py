"""Encrypted columns walked row by row, in batches, through plain SQL: the
migrations that encrypt existing rows (and decrypt them when reversed) and
`manage.py rotate_pii_key`.

Plain SQL because both work on the stored token itself (is it plaintext yet?
which key version wrote it?), which the ORM hides behind
`EncryptedCharField.from_db_value`. Only the named columns and the
`<field>_index` companions are written; no save(), no signal, no audit event:
re-encoding a value is not a change of the record (docs/security.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection as default_connection
from django.db import transaction

from . import crypto
from .fields import INDEX_SUFFIX, BlindIndexField, EncryptedCharField

BATCH = 500


@dataclass(frozen=True)
class Target:
    """One table's encrypted columns and, for each, the blind-index kind of its
    companion column (None: no index)."""

    table: str
    pk: str
    columns: dict[str, str | None]

    @property
    def label(self) -> str:
        return self.table


def targets() -> list[Target]:
    """Every table with an EncryptedCharField in the current models."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        enc = [f for f in opts.concrete_fields if isinstance(f, EncryptedCharField)]
        if not enc:
            continue
        indexed = {f.source: f.kind for f in opts.concrete_fields if isinstance(f, BlindIndexField)}
        found.append(
            Target(
                table=opts.db_table,
                pk=opts.pk.column,
                columns={f.column: indexed.get(f.name) for f in enc},
            )
        )
    return sorted(found, key=lambda t: t.table)


def _batches(
    target: Target, conn: Any, *, lock: bool = False, batch: int = BATCH
) -> Iterator[list[tuple[Any, ...]]]:
    qn = conn.ops.quote_name
    cols = ", ".join(qn(c) for c in target.columns)
    sql = (
        f"SELECT {qn(target.pk)}, {cols} FROM {qn(target.table)} "  # noqa: S608 (names quoted)
        f"WHERE {qn(target.pk)} > %s ORDER BY {qn(target.pk)} LIMIT %s"
    )
    if lock and conn.features.has_select_for_update_skip_locked:
        # Rows a running request holds are skipped, not waited for: the next
        # run picks them up (the command says how many are left).
        sql += " FOR UPDATE SKIP LOCKED"
    last: Any = 0
    while True:
        with conn.cursor() as cur:
            cur.execute(sql, [last, batch])
            rows = cur.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _update(target: Target, conn: Any, pk: Any, values: dict[str, str]) -> None:
    qn = conn.ops.quote_name
    sets = ", ".join(f"{qn(c)} = %s" for c in values)
    with conn.cursor() as cur:
        cur.execute(
            f"UPDATE {qn(target.table)} SET {sets} WHERE {qn(target.pk)} = %s",  # noqa: S608
            [*values.values(), pk],
        )


def _rewrite(
    target: Target,
    conn: Any,
    change: Callable[[str, str | None, str], dict[str, str]],
    *,
    lock: bool = False,
    batch: int = BATCH,
    per_batch: Callable[[int], None] | None = None,
) -> int:
    """Apply `change(column, kind, stored)` to every non-blank stored value;
    each batch in its own transaction. Returns the number of rows written."""
    written = 0
    batches = _batches(target, conn, lock=lock, batch=batch)
    while True:
        with transaction.atomic(using=conn.alias):
            rows = next(batches, None)
            if rows is None:
                break
            for pk, *stored in rows:
                values: dict[str, str] = {}
                for (column, kind), value in zip(target.columns.items(), stored, strict=True):
                    if value:
                        values.update(change(column, kind, value))
                if values:
                    _update(target, conn, pk, values)
                    written += 1
        if per_batch:
            per_batch(written)
    return written


# --- migrations -----------------------------------------------------------------


def _encrypt_value(column: str, kind: str | None, stored: str) -> dict[str, str]:
    if crypto.is_token(stored):
        return {}
    out = {column: crypto.encrypt(stored)}
    if kind:
        out[column + INDEX_SUFFIX] = crypto.blind_index(kind, stored)
    return out


def _decrypt_value(column: str, kind: str | None, stored: str) -> dict[str, str]:
    if not crypto.is_token(stored):
        return {}
    out = {column: crypto.decrypt(stored)}
    if kind:
        out[column + INDEX_SUFFIX] = ""
    return out


def encrypt_existing(app_label: str, model_name: str, columns: dict[str, str | None]) -> Any:
    """A RunPython operation that encrypts the plaintext left in `columns`
    (column → blind-index kind or None) and fills the index columns, in
    batches; reversed, it decrypts them again. Rows already encrypted are
    skipped, so it can run again after an interruption."""
    from django.db import migrations

    def target(apps: Any) -> Target:
        model = apps.get_model(app_label, model_name)
        return Target(table=model._meta.db_table, pk=model._meta.pk.column, columns=columns)

    def forward(apps: Any, schema_editor: Any) -> None:
        _rewrite(target(apps), schema_editor.connection, _encrypt_value)

    def backward(apps: Any, schema_editor: Any) -> None:
        _rewrite(target(apps), schema_editor.connection, _decrypt_value)

    return migrations.RunPython(forward, backward, elidable=False)


# --- rotation -------------------------------------------------------------------


def census(conn: Any = None) -> dict[str, Counter[int]]:
    """For each table, how many stored values each key version wrote
    (0: plaintext still in the column)."""
    conn = conn or default_connection
    result: dict[str, Counter[int]] = {}
    for target in targets():
        counts: Counter[int] = Counter()
        for rows in _batches(target, conn, batch=2000):
            for _pk, *stored in rows:
                for value in stored:
                    if value:
                        counts[crypto.token_version(value) or 0] += 1
        result[target.table] = counts
    return result


def rotate(
    conn: Any = None,
    *,
    batch: int = BATCH,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Re-encrypt every value written under an older key version with the
    current key, batch by batch (each its own transaction, rows that a request
    holds skipped on PostgreSQL). Plaintext left in a column (a row written
    before the migration by hand) is encrypted too, its index filled.
    Returns the rows written per table; running it again writes nothing."""
    conn = conn or default_connection
    current = crypto.keyring().current

    def change(column: str, kind: str | None, stored: str) -> dict[str, str]:
        version = crypto.token_version(stored)
        if version is None:
            return _encrypt_value(column, kind, stored)
        if version == current:
            return {}
        return {column: crypto.encrypt(crypto.decrypt(stored))}

    written: dict[str, int] = {}
    for target in targets():

        def report(n: int, table: str = target.table) -> None:
            if progress:
                progress(table, n)

        written[target.table] = _rewrite(
            target, conn, change, lock=True, batch=batch, per_batch=report
        )
    return written


def values_to_rotate(conn: Any = None) -> dict[str, int]:
    current = crypto.keyring().current
    return {
        table: sum(n for version, n in counts.items() if version != current)
        for table, counts in census(conn).items()
    }


__all__ = ["BATCH", "Target", "census", "encrypt_existing", "rotate", "targets", "values_to_rotate"]
