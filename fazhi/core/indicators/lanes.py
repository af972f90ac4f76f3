"""Several connections at once for one computation of many figures (a
province roll-up): the figures go in lanes, each lane the figures whose
records are one module's rows (figures share a query only over one table, so
a lane loses none), and a
few threads take the lanes from one queue, each with its own connection.

On two cores PostgreSQL's parallel scan of a big table already keeps both
busy, so this is not for more SQL at once: while one thread waits for a scan
another adds its rows up in Python, and a province roll-up of every figure
is about as much Python (326,000 cells) as SQL."""

from __future__ import annotations

import contextvars
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

T = TypeVar("T")


def may_read_apart() -> bool:
    """True when another connection sees what this one sees: PostgreSQL, and
    no transaction open here (inside one, a test's rows or a change not yet
    committed would be invisible to it)."""
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql" and not any(
        conn.in_atomic_block for conn in connections.all(initialized_only=True)
    )


def by_module(
    keys: Sequence[str], module_of: Callable[[str], str], heavy_first: Sequence[str] = ()
) -> list[list[str]]:
    """Indicator keys by the module whose tables they read (`module_of`),
    the modules named in `heavy_first` first in that order (the lanes that
    take longest should not start last), the others after as they come."""
    lanes: dict[str, list[str]] = {}
    for key in keys:
        lanes.setdefault(module_of(key), []).append(key)
    rank = {name: i for i, name in enumerate(heavy_first)}
    return [lanes[name] for name in sorted(lanes, key=lambda n: rank.get(n, len(rank)))]


def in_lanes(tasks: Sequence[Callable[[], T]], at_once: int) -> list[T]:
    """Each task's result, in the tasks' order; the tasks are taken from one
    queue by this thread and `at_once` - 1 helper threads. A helper runs in a
    copy of this thread's context (the replica preference, a `memo` cache;
    not Django's language, which is per thread: a task sets its own) and on
    its own connection (Django's are per thread), closed when the queue is
    empty. Shared state the tasks read must be read before (`UnitTree.read`)."""
    results: dict[int, T] = {}
    queue = deque(enumerate(tasks))

    def work() -> None:
        while True:
            try:
                i, task = queue.popleft()  # deque.popleft is atomic
            except IndexError:
                return
            results[i] = task()

    def helper() -> None:
        try:
            work()
        finally:
            connections.close_all()  # this thread's connections only

    helpers = max(0, min(at_once, len(tasks)) - 1)
    with ThreadPoolExecutor(max_workers=max(1, helpers)) as pool:
        futures = [pool.submit(contextvars.copy_context().run, helper) for _ in range(helpers)]
        try:
            work()
        finally:
            queue.clear()  # after an error here the helpers stop after their task
            for future in futures:
                future.result()
    return [results[i] for i in range(len(tasks))]
