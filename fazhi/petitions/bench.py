"""Benchmark of petitions at the issue's scale × `scale` (10^6 petitions across
a synthetic province of some 2,000 townships, PostgreSQL): the filtered ledger
page (p95 ≤ 150 ms), the daily clock scan (≤ 10 s) and the public tracking
page (p95 ≤ 50 ms).

Synthetic data is bulk-created (set-based, no workflow calls) inside one
transaction that is rolled back at the end, so running the benchmark leaves
the database as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client

from fazhi.core import reminders
from fazhi.core.bench import analyze, get_ok, logged_in, measure, rolled_back
from fazhi.core.models import Clock, OrgUnit, User
from fazhi.core.roles import Role

from . import rules
from .builders import bench_petition, handling_clock
from .models import Petition, Stage

PETITIONS = 1_000_000
TOWNSHIPS = 2_000
BATCH = 5_000
TODAY = dt.date(
    2026, 6, 15
)  # inside the seeded calendar, so the scan has due-soon and overdue clocks


def _province(n_townships: int) -> tuple[list[OrgUnit], User]:
    province = OrgUnit.objects.create(name="基准省", kind=OrgUnit.Kind.COUNTY)
    counties = [
        OrgUnit.objects.create(name=f"基准县{i}", kind=OrgUnit.Kind.COUNTY, parent=province)
        for i in range(max(1, n_townships // 15))
    ]
    townships = [
        OrgUnit.objects.create(
            name=f"基准乡{i}",
            kind=OrgUnit.Kind.TOWNSHIP,
            parent=counties[i % len(counties)],
            abbreviation=f"基{i}",
        )
        for i in range(n_townships)
    ]
    leader = User.objects.create(
        username="bench-petitions", role=Role.TOWNSHIP_LEADER, home_unit=townships[0]
    )
    return townships, leader


def _petitions(
    townships: list[OrgUnit], n: int, rng: random.Random
) -> list[tuple[int, dt.date, str]]:
    """Bulk-create `n` petitions and their 60-day handling clocks; returns
    (pk, acceptance date, query code) of each."""
    stages = [Stage.ACCEPTED] * 3 + [Stage.CLOSED] * 5 + [Stage.REGISTERED, Stage.REPLIED]
    out: list[tuple[int, dt.date, str]] = []
    ct = ContentType.objects.get_for_model(Petition)
    start = TODAY - dt.timedelta(days=400)
    for offset in range(0, n, BATCH):
        rows = []
        for i in range(offset, min(n, offset + BATCH)):
            received = start + dt.timedelta(days=rng.randrange(400))
            unit = townships[i % len(townships)]
            rows.append(bench_petition(i, unit, received, stages[i % len(stages)], "基准", "B"))
        Petition.objects.bulk_create(rows, batch_size=BATCH)
        clocks = []
        for p in rows:
            assert p.decided_on is not None
            if p.stage == Stage.REGISTERED:
                continue
            accepted = p.decided_on
            running = p.stage == Stage.ACCEPTED
            stopped = None if running else accepted + dt.timedelta(days=rng.randrange(20, 70))
            clocks.append(handling_clock(p, ct, stopped))
            out.append((p.pk, accepted, p.query_code))
        Clock.objects.bulk_create(clocks, batch_size=BATCH)
    return out


def _recipients(user: User) -> None:
    """Every running clock of the leader's township reminds the leader (set-based)."""
    through = Clock.recipients.through
    ids = Clock.objects.filter(
        status=Clock.Status.RUNNING, unit=user.home_unit, kind=rules.CLOCK_HANDLING
    ).values_list("pk", flat=True)
    through.objects.bulk_create(
        [through(clock_id=pk, user_id=user.pk) for pk in ids], batch_size=BATCH
    )


def run(scale: float) -> list[dict[str, Any]]:
    n = max(200, int(PETITIONS * scale))
    n_townships = max(2, int(TOWNSHIPS * scale))
    repeats = 20
    rows: list[dict[str, Any]] = []
    rng = random.Random(2024)  # synthetic data, not security
    with rolled_back():
        townships, leader = _province(n_townships)
        created = _petitions(townships, n, rng)
        _recipients(leader)
        analyze()
        client = logged_in(leader)
        url = (
            "/petitions/?stage=accepted&channel=visit&category=claim"
            f"&received_from={TODAY - dt.timedelta(days=365)}&received_to={TODAY}"
            "&clock_state=overdue"
        )
        median, p95 = measure(lambda: get_ok(client, url), repeats)
        rows.append(
            {
                "name": "petitions: filtered ledger page",
                "n": n,
                "median_ms": median,
                "p95_ms": p95,
                "target": "p95 ≤ 150 ms",
            }
        )

        def scan() -> None:
            with transaction.atomic():
                reminders.scan(TODAY)
                transaction.set_rollback(True)  # each repeat posts the same reminders afresh

        median, p95 = measure(scan, 3, warmup=0)
        rows.append(
            {
                "name": "petitions: daily clock scan",
                "n": n,
                "median_ms": median,
                "p95_ms": p95,
                "target": "≤ 10 s",
            }
        )

        public = Client()
        codes = [code for _, _, code in rng.sample(created, min(len(created), repeats))]
        it = iter(codes * 2)
        median, p95 = measure(
            lambda: get_ok(public, f"/petitions/public/track/?code={next(it)}"), len(codes)
        )
        rows.append(
            {
                "name": "petitions: public tracking page",
                "n": n,
                "median_ms": median,
                "p95_ms": p95,
                "target": "p95 ≤ 50 ms",
            }
        )
    return rows
