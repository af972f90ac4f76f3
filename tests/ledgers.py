"""Running a ledger kind's import in tests, once for every kind's test module
(issue 16: each module wrote its own `_run` and `_by_line`).

    _run = functools.partial(ledgers.run, KIND)
    rows = ledgers.by_line(_run(world, dry_run=True))
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fazhi.core.ledger_import import engine
from tests.factories import World


def run(
    kind: Any,
    world: World,
    path: Path | None = None,
    *,
    dry_run: bool,
    data: bytes | None = None,
    name: str = "ledger.csv",
    by: Any = None,
    unit: Any = None,
) -> engine.Report:
    """Import a file of `kind` into the world's township as its owner (or into
    `unit` as `by`): the kind's first sample unless `path` names another, or
    `data` given as a file called `name`."""
    if data is None:
        path = path or kind.samples[0]
        name, data = path.name, path.read_bytes()
    return engine.run(
        kind, name, data, unit=unit or world.township, by=by or world.owner, dry_run=dry_run
    )


def by_line(report: engine.Report) -> dict[int, engine.RowResult]:
    """The report's rows by their line in the file."""
    return {r.line: r for r in report.rows}
