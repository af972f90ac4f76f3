"""Database-level change capture (django-pghistory) for the tables that hold
citizens' matters: petitions and petitioners, disputes and their parties,
enforcement cases (the party is on the case), disclosure requests and people.

The application's audit trail (`core.audit`, `AuditEvent`) says who did what
and why, through the workflow. These snapshots are taken by PostgreSQL
triggers, so a bulk `QuerySet.update()`, a raw `UPDATE` through a cursor or a
statement typed into psql leaves a row too (GB/T 22239-2019 8.1.4.3 安全审计:
the trail covers every change of important data, not only those the
application meant to make). On SQLite pgtrigger installs nothing: the snapshot
tables exist and stay empty.

`tracked()` is the one configuration every tracked model uses; the snapshot
model is `<Model>History` in the model's app, reached as `obj.db_history`.
`ChangeContextMiddleware` links the snapshots a request causes to its user and
path (pghistory's context table), on PostgreSQL only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pghistory
import pghistory.middleware
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.http import HttpRequest, HttpResponse

M = TypeVar("M", bound=type[models.Model])

# Snapshots of personal data are personal data: the retention job (core.retention)
# deletes a record's earlier snapshots when it anonymises the record, so the
# snapshot tables are not append-only (the audit table is).
RELATED_NAME = "db_history"


def tracked(model_name: str) -> Callable[[M], M]:
    """Insert, update and delete snapshots of the whole row into `model_name`."""
    return pghistory.track(  # type: ignore[no-any-return]
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        model_name=model_name,
        obj_field=pghistory.ObjForeignKey(related_name=RELATED_NAME, db_constraint=False),
    )


def snapshots(obj: models.Model) -> models.QuerySet[Any]:
    """The record's snapshot rows, oldest first (empty on SQLite)."""
    return getattr(obj, RELATED_NAME).order_by("pgh_id")  # type: ignore[no-any-return]


def forget(model: type[models.Model], pks: list[Any]) -> int:
    """Delete the snapshots of these records (called when they are anonymised,
    after their anonymised row is written): the earlier snapshots still hold
    the names and numbers the anonymisation removed."""
    event_model = _event_model(model)
    if event_model is None or not pks:
        return 0
    count, _detail = event_model._default_manager.filter(pgh_obj_id__in=pks).delete()
    return int(count)


def _event_model(model: type[models.Model]) -> type[models.Model] | None:
    related = getattr(model, RELATED_NAME, None)
    rel = getattr(related, "rel", None)
    return getattr(rel, "related_model", None)


class ChangeContextMiddleware:
    """Writes on PostgreSQL carry the request's user and path into pghistory's
    context, so a snapshot names who caused it. Only requests that write
    (POST, PUT, PATCH, DELETE); on SQLite nothing (the context is injected as
    a PostgreSQL `set_config` before each statement)."""

    METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.inner = pghistory.middleware.HistoryMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if connection.vendor != "postgresql" or request.method not in self.METHODS:
            return self.get_response(request)
        return self.inner(request)  # type: ignore[no-any-return]


def settle_trigger_settings(using: str = DEFAULT_DB_ALIAS) -> None:
    """For a transaction that writes thousands of tracked rows (a ledger
    import): make pgtrigger's `pgtrigger.ignore` setting known to this
    transaction (an empty list) unless it is set already. Every pgtrigger
    trigger reads it inside an exception block, and reading a setting never
    made fails: the block's subtransaction is rolled back, and PostgreSQL
    rolls one back by scanning every after-trigger event the transaction has
    queued (each written row's deferred foreign-key checks), so the time grew
    with the square of the rows. `_pgh_attach_context()`, pghistory's half of
    the same, reads its settings without an exception block since core
    migration 0013. Transaction-scoped: it holds behind PgBouncer's
    transaction pooling, and `pgtrigger.ignore()` still sets its own list."""
    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', '{}', true) "
            "WHERE COALESCE(current_setting('pgtrigger.ignore', true), '') = ''"
        )
