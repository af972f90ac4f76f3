"""Read-replica routing (issue 19, docs/deploy.md "Primary and replica").

When `DATABASE_REPLICA_URL` is set, settings add `DATABASES["replica"]` (a
PostgreSQL streaming replica of the primary) and install `ReplicaRouter`.
Reads go to the replica only where a caller asks for it with
`using_replica()` — dashboards, reports and roll-ups, whose figures may lag
the primary by the replication delay — and never inside a transaction on
the primary: a workflow step (core.steps, always `transaction.atomic`) reads
what it is about to change, and a replica a few hundred milliseconds behind
would let it check a rule against a stale row. Every write goes to the primary.

Routing all reads blindly would send a page's read-after-write (the record
just saved, then the detail page it redirects to) to a replica that has not
replayed it yet; opting in per read keeps those on the primary.

Without a replica configured the router answers "default" everywhere, so
development, tests and a one-server install are unchanged.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_prefer_replica: ContextVar[bool] = ContextVar("fazhi_prefer_replica", default=False)

F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in connections.settings


def read_alias() -> str:
    """The alias a read issued here would use: the replica inside
    `using_replica()` when one is configured and no transaction is open on
    the primary, else the primary."""
    if (
        _prefer_replica.get()
        and replica_configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return REPLICA
    return DEFAULT_DB_ALIAS


@contextlib.contextmanager
def using_replica() -> Iterator[None]:
    """Reads inside go to the replica (when configured and outside a
    transaction on the primary). Nested `transaction.atomic` blocks inside
    still read from the primary."""
    token = _prefer_replica.set(True)
    try:
        yield
    finally:
        _prefer_replica.reset(token)


def replica_reads(view: F) -> F:
    """View decorator: the view's reads go to the replica (`using_replica`).
    For pages that only show figures: dashboards, reports, roll-ups."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with using_replica():
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """settings.DATABASE_ROUTERS when a replica is configured."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        # Always an answer: left to Django, a row read from the replica would
        # pull its related rows from the replica too (the instance hint),
        # even later inside a workflow transaction.
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both aliases hold the same database.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # The replica replays the primary's WAL; it is never migrated itself.
        return db == DEFAULT_DB_ALIAS
