"""Benchmark of the mediation module (called by `make bench`).

At scale 1 it builds a synthetic province with 10^6 disputes and 5×10^5
mediation cases (set-based `bulk_create`, inside one transaction that is
rolled back at the end, so the database is left as it was) and times:

* the filtered dispute ledger page (target p95 ≤ 150 ms),
* the ledger's Excel export of 10^4 rows (target ≤ 5 s),
* all mediation indicators for one township-year (target ≤ 200 ms).

Run it at a small scale to check it works; the targets apply to PostgreSQL
at scale 1.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from typing import Any

from openpyxl import load_workbook

from fazhi.core.bench import analyze, bulk_units, logged_in, measure, rolled_back
from fazhi.core.indicators import REGISTRY, Period
from fazhi.core.models import OrgUnit, Person, User
from fazhi.core.roles import Role

from .models import (
    Agreement,
    CaseMediator,
    CommitteeLevel,
    Dispute,
    DisputeCategory,
    DisputeParty,
    MediationCase,
    MediationCommittee,
    Mediator,
)

BATCH = 5000
YEAR = 2024
VILLAGES_PER_TOWNSHIP = 5


def _units(n_townships: int) -> tuple[OrgUnit, list[OrgUnit], list[OrgUnit]]:
    root = OrgUnit(name="基准测试县", kind=OrgUnit.Kind.COUNTY)
    root.save()
    townships = bulk_units(
        [
            OrgUnit(
                name=f"基准乡{i}",
                kind=OrgUnit.Kind.TOWNSHIP,
                parent=root,
                abbreviation=f"基{i}",
                ethnic_minority="瑶族",
            )
            for i in range(n_townships)
        ]
    )
    villages = bulk_units(
        [
            OrgUnit(name=f"村{j}", kind=OrgUnit.Kind.VILLAGE, parent=t)
            for t in townships
            for j in range(VILLAGES_PER_TOWNSHIP)
        ],
        batch_size=BATCH,
    )
    return root, townships, villages


def build(scale: float, rng: random.Random) -> dict[str, Any]:
    n_disputes = max(50, int(1_000_000 * scale))
    n_cases = max(25, int(500_000 * scale))
    n_townships = max(2, int(2_000 * scale))
    root, townships, villages = _units(n_townships)
    units = [*townships, *villages]
    committees = MediationCommittee.objects.bulk_create(
        [
            MediationCommittee(
                unit=u,
                name=f"{u.name}{u.pk}人民调解委员会",
                level=CommitteeLevel.TOWNSHIP
                if u.kind == OrgUnit.Kind.TOWNSHIP
                else CommitteeLevel.VILLAGE,
                established_on=dt.date(2020, 1, 1),
            )
            for u in units
        ],
        batch_size=BATCH,
    )
    committee_of = {c.unit_id: c for c in committees}
    people = Person.objects.bulk_create(
        [Person(unit=u, name=f"调解员{u.pk}") for u in units], batch_size=BATCH
    )
    mediators = Mediator.objects.bulk_create(
        [
            Mediator(
                unit=p.unit,
                person=p,
                committee=committee_of[p.unit_id],
                full_time=True,
                appointed_on=dt.date(2021, 1, 1),
            )
            for p in people
        ],
        batch_size=BATCH,
    )
    mediator_of = {m.committee_id: m for m in mediators}
    pool = Person.objects.bulk_create(
        [
            Person(unit=rng.choice(villages), name=f"当事人{i}")
            for i in range(max(100, n_disputes // 50))
        ],
        batch_size=BATCH,
    )
    categories = list(DisputeCategory.objects.all())
    start = dt.date(YEAR, 1, 1)
    risks = [Dispute.Risk.LOW] * 7 + [Dispute.Risk.MEDIUM] * 2 + [Dispute.Risk.HIGH]
    statuses = [Dispute.Status.RESOLVED] * 8 + [Dispute.Status.REGISTERED, Dispute.Status.MEDIATING]
    for offset in range(0, n_disputes, BATCH):
        rows = []
        for i in range(offset, min(n_disputes, offset + BATCH)):
            found = start + dt.timedelta(days=rng.randrange(366))
            status = rng.choice(statuses)
            rows.append(
                Dispute(
                    unit=rng.choice(villages),
                    number=f"基纠〔{YEAR}〕{i + 1}号",
                    title=f"纠纷{i}",
                    category=rng.choice(categories),
                    facts="基准测试",
                    source=Dispute.Source.SCREENING,
                    found_on=found,
                    risk_level=rng.choice(risks),
                    risk_reason="基准",
                    status=status,
                    resolved_on=found + dt.timedelta(days=10)
                    if status == Dispute.Status.RESOLVED
                    else None,
                )
            )
        created = Dispute.objects.bulk_create(rows)
        parties = []
        for d in created:
            a, b = rng.sample(pool, 2)
            parties += [
                DisputeParty(dispute=d, person=a, role=DisputeParty.Role.APPLICANT),
                DisputeParty(dispute=d, person=b, role=DisputeParty.Role.RESPONDENT),
            ]
        DisputeParty.objects.bulk_create(parties, batch_size=BATCH)
        # The first n_cases disputes were mediated.
        remaining = n_cases - offset
        if remaining > 0:
            cases = []
            for d in created[:remaining]:
                committee = committee_of[d.unit_id]
                accepted = d.found_on + dt.timedelta(days=1)
                agreed = d.status == Dispute.Status.RESOLVED
                cases.append(
                    MediationCase(
                        unit=d.unit,
                        dispute=d,
                        committee=committee,
                        start=MediationCase.Start.EX_OFFICIO,
                        applied_on=d.found_on,
                        accepted_on=accepted,
                        number=f"调{d.pk}",
                        status=MediationCase.Status.AGREED
                        if agreed
                        else MediationCase.Status.MEDIATING,
                        concluded_on=accepted + dt.timedelta(days=9) if agreed else None,
                    )
                )
            cases = MediationCase.objects.bulk_create(cases)
            CaseMediator.objects.bulk_create(
                [
                    CaseMediator(
                        case=c, mediator=mediator_of[c.committee_id], assigned_on=c.applied_on
                    )
                    for c in cases
                ],
                batch_size=BATCH,
            )
            Agreement.objects.bulk_create(
                [
                    Agreement(
                        case=c,
                        form=Agreement.Form.ORAL,
                        dated=c.concluded_on,
                        terms="基准",
                        effective_on=c.concluded_on,
                    )
                    for c in cases
                    if c.concluded_on
                ],
                batch_size=BATCH,
            )
    return {"root": root, "townships": townships, "n_disputes": n_disputes, "n_cases": n_cases}


def run(scale: float) -> list[dict[str, Any]]:
    rng = random.Random(20241231)
    rows: list[dict[str, Any]] = []
    with rolled_back():
        data = build(scale, rng)
        township = data["townships"][0]
        clerk = User.objects.create(
            username="bench-sifasuo", role=Role.JUDICIAL_OFFICE, home_unit=township
        )
        county = User.objects.create(
            username="bench-county", role=Role.COUNTY_SUPERVISOR, home_unit=data["root"]
        )
        analyze()
        client = logged_in(clerk, HTTP_HOST="localhost")
        village = township.children.first()
        ledger = "/mediation/disputes/"
        params = {
            "unit_tree": village.pk if village else township.pk,
            "risk_level": "high",
            "status": "resolved",
            "found_on_min": f"{YEAR}-03-01",
            "found_on_max": f"{YEAR}-10-31",
        }

        def filtered() -> None:
            assert client.get(ledger, params).status_code == 200

        median, p95 = measure(filtered, 20)
        n = Dispute.objects.in_unit(township).count()
        rows.append(
            {
                "name": "mediation: filtered dispute ledger (one township's scope)",
                "n": n,
                "median_ms": round(median, 1),
                "p95_ms": round(p95, 1),
                "target": "p95 ≤ 150 ms",
            }
        )

        # Export: a county-wide date range holding about 10^4 disputes.
        total = data["n_disputes"]
        days = max(1, min(366, math.ceil(366 * 10_000 / total)))
        # DateFromToRangeFilter with DateRangeWidget: the suffixes are _after/_before.
        export_params = {
            "found_on_after": f"{YEAR}-01-01",
            "found_on_before": (dt.date(YEAR, 1, 1) + dt.timedelta(days=days - 1)).isoformat(),
            "export": "xlsx",
        }
        exported = Dispute.objects.filter(
            found_on__gte=export_params["found_on_after"],
            found_on__lte=export_params["found_on_before"],
        ).count()
        county_client = logged_in(county, HTTP_HOST="localhost")

        # Check once, outside the timing, that the export holds exactly the filtered rows.
        response = county_client.get(ledger, export_params)
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        written = sum(1 for _ in sheet.iter_rows()) - 2  # minus the title and header rows
        if written != exported:
            raise RuntimeError(f"export wrote {written} rows, expected {exported}")

        def export() -> None:
            assert county_client.get(ledger, export_params).status_code == 200

        median, p95 = measure(export, 3, warmup=0)
        rows.append(
            {
                "name": "mediation: ledger export to Excel",
                "n": exported,
                "median_ms": round(median, 1),
                "p95_ms": round(p95, 1),
                "target": "≤ 5000 ms for 10^4 rows",
            }
        )

        period = Period.year(YEAR)

        keys = [k for k in REGISTRY if k.startswith("mediation.")]

        def indicators() -> None:
            for key in keys:
                REGISTRY[key].compute(township, period)

        median, p95 = measure(indicators, 20)
        rows.append(
            {
                "name": "mediation: indicators for one township-year",
                "n": n,
                "median_ms": round(median, 1),
                "p95_ms": round(p95, 1),
                "target": "≤ 200 ms",
            }
        )
    return rows
