"""A run of many workflow steps in one transaction (a ledger import of 10^4
rows): what every step would read again, and cannot change during the run,
is read once.

    with batch.run():
        for row in rows:
            workflow.register(..., by=user)

Inside `run()` `memo(key, compute)` keeps `compute()`'s answer for the rest
of the run; outside it calls `compute()` every time, so a request or a
single step behaves exactly as without it. What is memoised is what the run
itself never writes: the work calendar's fingerprint, rule settings, a
unit's township, whether a unit is in the importer's scope, the users a unit's
clocks remind. The audit chain's head is kept too (core.models.audit), but
only while the savepoint that wrote it stands.

A run also holds off the garbage collector's full collections: it makes
about a million objects that live until it ends (the rows parsed, the
batch's values), and each full collection walks every one of them — 2 s
of CPU in a 10^4-row ledger's preview and commit (7 to 10 collections).
The young generations are still collected, so cycles a run leaves behind
(a refused row's exception and its frames) are freed as before.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("fazhi_batch_memo", default=None)

# Runs under way in this process (threads), and the collector's thresholds
# before the first of them: the last to end puts them back.
_runs = 0
_runs_lock = threading.Lock()
_threshold: tuple[int, ...] = ()
NO_FULL_COLLECTION = 1_000_000_000


@contextlib.contextmanager
def run() -> Iterator[None]:
    """Memoise for the duration of the block (nested blocks share the outer
    one), with no full garbage collection meanwhile (see the module)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    _hold_full_collections()
    try:
        yield
    finally:
        _release_full_collections()
        _memo.reset(token)


def _hold_full_collections() -> None:
    global _runs, _threshold
    with _runs_lock:
        if _runs == 0:
            _threshold = gc.get_threshold()
            if len(_threshold) >= 3:
                gc.set_threshold(_threshold[0], _threshold[1], NO_FULL_COLLECTION)
        _runs += 1


def _release_full_collections() -> None:
    global _runs
    with _runs_lock:
        _runs -= 1
        if _runs == 0 and len(_threshold) >= 3:
            gc.set_threshold(*_threshold)


def active() -> bool:
    return _memo.get() is not None


def memo(key: Hashable, compute: Callable[[], T]) -> T:
    store = _memo.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]  # type: ignore[no-any-return]


def put(key: Hashable, value: Any) -> None:
    store = _memo.get()
    if store is not None:
        store[key] = value


def peek(key: Hashable) -> Any:
    store = _memo.get()
    return None if store is None else store.get(key)


@contextlib.contextmanager
def one_savepoint(using: str = "default") -> Iterator[None]:
    """Within the block, nested `transaction.atomic()` blocks take no savepoint
    of their own: the enclosing one (a ledger row's) is the unit that is kept
    or rolled back whole. An error inside a nested block still marks the
    transaction for rollback (Django's `savepoint=False` semantics), so a
    caught error cannot let a half-done step through: the enclosing savepoint
    must be rolled back before anything else runs. Saves two statements per
    nested block (a row of five workflow steps nests about twenty).

    Why Django's private `_savepoint_allowed` and not a public switch (issue
    16 looked for one, Django 5.2): none exists for "no savepoints below this
    block". `atomic(savepoint=False)` is decided at each call site, and the
    nested blocks here are the workflow steps' own (about two hundred
    `transaction.atomic` in fazhi, each also called alone by a page, where it
    must keep its savepoint) and Django's (`get_or_create`, `update_or_create`,
    related managers). `connection.features.uses_savepoints` would do it on
    PostgreSQL, but SQLite's wrapper ignores it (its `_savepoint_allowed`
    returns `in_atomic_block`), and it is backend metadata, not a runtime
    switch either. `Atomic.__enter__`, `savepoint()`, `savepoint_commit()`
    and `savepoint_rollback()` all ask `connection._savepoint_allowed()`;
    shadowing it on this one connection object (connections are per thread)
    for the block, and removing the shadow in `finally`, turns exactly those
    nested savepoints off and nothing outside the block.

    What it costs: `get_or_create`'s recovery from a racing insert (an
    IntegrityError caught inside its own savepoint) becomes a refusal of the
    row, which the import reports. If a Django upgrade renames the method,
    the check below fails loudly instead of the import silently taking its
    savepoints again (tests/core/test_batch.py)."""
    from django.db import connections

    connection = connections[using]
    if not callable(getattr(connection, "_savepoint_allowed", None)):
        raise RuntimeError("Django no longer has connection._savepoint_allowed (core.batch)")
    # An attribute on this connection object shadows the backend's method.
    setattr(connection, "_savepoint_allowed", lambda: False)  # noqa: B010
    try:
        yield
    finally:
        delattr(connection, "_savepoint_allowed")
