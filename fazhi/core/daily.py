"""The daily job: core's clock scan plus each module's own daily work
(certificate expiry, document expiry reminders …), registered from the
module's AppConfig.ready so core never imports a domain app. Every job must
be idempotent: the scheduler may run it twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

Job = Callable[[dt.date], Any]
_jobs: dict[str, Job] = {}


def register(name: str, job: Job) -> None:
    _jobs[name] = job


def run_all(today: dt.date) -> dict[str, Any]:
    from . import reminders

    results: dict[str, Any] = {"reminders": reminders.scan(today)}
    for name, job in sorted(_jobs.items()):
        results[name] = job(today)
    return results
