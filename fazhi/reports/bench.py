"""Benchmark of the annual report (issue: drafting one township ≤ 1 s; the
county roll-up of 20 townships ≤ 2 s; a province roll-up of 2,000 townships
≤ 200 ms from snapshots, ≤ 10 s cold from 10^6 records per module). Run by
`manage.py bench`; never by the tests.

The figures are whatever every module has registered; the records behind
them come from each module's own bench data (run `make bench` for all), plus
the leadership groups generated here. The cold province roll-up over records
loads its own province (the modules' bench builders, plus petitions and
activities made here) in a transaction rolled back at the end."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core.bench import analyze, get_ok, logged_in, measure, rolled_back, row, synthetic_county
from fazhi.core.indicators import REGISTRY, Period, UnitTree, compute_many, record_counts
from fazhi.core.models import (
    Clock,
    GroupMembership,
    LeadershipGroup,
    LeadershipRole,
    OrgUnit,
    Person,
)
from fazhi.core.roles import Role

from . import queries, workflow
from .figures import numeric_keys
from .models import AnnualReport, IndicatorSnapshot

YEAR = 2024
PROVINCE = "基准省"
RECORDS = 1_000_000  # per module at scale 1 (issue #8)
BATCH = 5_000


@transaction.atomic
def _leadership(townships: list[OrgUnit]) -> None:
    have = set(LeadershipGroup.objects.filter(unit__in=townships).values_list("unit_id", flat=True))
    for town in townships:
        if town.pk in have:
            continue
        group = LeadershipGroup.objects.create(
            unit=town, name=f"{town.name}推进依法行政工作领导小组"
        )
        people = Person.objects.bulk_create(
            [Person(unit=town, name=f"{town.name}领导{i}", is_cadre=True) for i in range(6)]
        )
        roles = [
            (GroupMembership.Position.CHAIR, LeadershipRole.PARTY_SECRETARY),
            (GroupMembership.Position.VICE_CHAIR, LeadershipRole.TOWNSHIP_HEAD),
            (GroupMembership.Position.VICE_CHAIR, LeadershipRole.CONGRESS_CHAIR),
        ]
        GroupMembership.objects.bulk_create(
            [
                GroupMembership(
                    group=group,
                    person=p,
                    position=roles[i][0] if i < 3 else GroupMembership.Position.MEMBER,
                    leadership_role=roles[i][1] if i < 3 else "",
                    is_first_responsible=i == 0,
                    order=i,
                )
                for i, p in enumerate(people)
            ]
        )


def _province(n: int) -> tuple[OrgUnit, list[OrgUnit]]:
    """A province root with counties of 20 townships each, n townships in all."""
    root, _ = OrgUnit.objects.get_or_create(
        parent=None, name=PROVINCE, defaults={"kind": OrgUnit.Kind.COUNTY}
    )
    counties: list[OrgUnit] = []
    towns: list[OrgUnit] = []
    for c in range((n + 19) // 20):
        county, _ = OrgUnit.objects.get_or_create(
            parent=root, name=f"{PROVINCE}第{c + 1}县", defaults={"kind": OrgUnit.Kind.COUNTY}
        )
        counties.append(county)
        have = list(OrgUnit.objects.filter(parent=county))
        for i in range(len(have), min(20, n - c * 20)):
            have.append(
                OrgUnit.objects.create(
                    parent=county, name=f"{county.name}第{i + 1}乡", kind=OrgUnit.Kind.TOWNSHIP
                )
            )
        towns.extend(have)
    IndicatorSnapshot.objects.filter(unit__path__startswith=root.path, year=YEAR).delete()
    return root, towns


def _province_snapshots(towns: list[OrgUnit], keys: list[str]) -> None:
    """Every township and county carries a snapshot of every key (a county's
    value is its townships' total, as snapshot_indicators computes it)."""
    rows = [
        IndicatorSnapshot(
            unit=u, year=YEAR, key=k, value=float((u.pk * 7 + j) % 50), has_records=True
        )
        for u in towns
        for j, k in enumerate(keys)
    ]
    totals: dict[tuple[int, str], float] = {}
    by_pk = {t.pk: t for t in towns}
    for r in rows:
        parent = by_pk[r.unit_id].parent_id
        assert parent is not None
        totals[(parent, r.key)] = totals.get((parent, r.key), 0.0) + (r.value or 0)
    rows += [
        IndicatorSnapshot(unit_id=c, year=YEAR, key=k, value=v, has_records=True)
        for (c, k), v in totals.items()
    ]
    IndicatorSnapshot.objects.bulk_create(rows, batch_size=5000)


def run(scale: float) -> list[dict[str, Any]]:
    n_towns = max(2, round(20 * scale))
    county = synthetic_county(townships=n_towns, villages_per_township=max(1, round(10 * scale)))
    _leadership(county.townships)
    town = county.townships[0]
    user = county.user
    if user.role != Role.TOWNSHIP_LEADER:
        user.role = Role.TOWNSHIP_LEADER
        user.save(update_fields=["role"])
    keys = numeric_keys()
    rows = []

    med, p95 = measure(lambda: queries.template_blocks(town, YEAR), repeats=10)
    rows.append(
        row("draft one township (all figures from records)", len(keys), med, p95, "≤ 1000 ms")
    )

    report = AnnualReport.objects.filter(unit=town, year=YEAR).first()
    if report is None:
        report = workflow.generate_draft(town, YEAR, by=user)
    client = logged_in(user)
    med, p95 = measure(lambda: get_ok(client, f"/reports/{report.pk}/"), repeats=10)
    rows.append(
        row("report page (draft, live figures, year over year)", len(keys), med, p95, "≤ 1000 ms")
    )

    IndicatorSnapshot.objects.filter(unit__in=county.townships, year=YEAR).delete()
    headline = queries.headline_keys()
    med, p95 = measure(
        lambda: queries.rollup(county.county, YEAR, units=county.townships, keys=headline),
        repeats=3,
        warmup=1,
    )
    rows.append(
        row(
            f"county roll-up cold, headline figures ({n_towns} townships)",
            n_towns * len(headline),
            med,
            p95,
            "≤ 2000 ms",
        )
    )

    med, p95 = measure(
        lambda: queries.rollup(county.county, YEAR, units=county.townships, keys=keys),
        repeats=3,
        warmup=1,
    )
    rows.append(
        row(
            f"county roll-up cold, every figure ({n_towns} townships)",
            n_towns * len(keys),
            med,
            p95,
            "≤ 2000 ms",
        )
    )

    def snapshot() -> None:
        IndicatorSnapshot.objects.bulk_create(
            queries.compute_snapshots([*county.townships, county.county], YEAR),
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["unit", "year", "key"],
            update_fields=["value", "text", "has_records", "source", "computed_at"],
        )

    med, p95 = measure(snapshot, repeats=1, warmup=0)
    rows.append(row(f"snapshot_indicators ({n_towns} townships)", n_towns, med, p95, "—"))

    med, p95 = measure(
        lambda: queries.rollup(county.county, YEAR, units=county.townships, snapshots_only=True)
    )
    rows.append(
        row(f"county roll-up from snapshots ({n_towns} townships)", n_towns, med, p95, "≤ 200 ms")
    )

    n_province = max(20, round(2000 * scale))
    province, towns = _province(n_province)
    # Cold: every township of the database (the province's and the bench
    # county's, whose records every module's bench made), figures from records.
    everywhere = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP))
    IndicatorSnapshot.objects.filter(unit__in=everywhere, year=YEAR).delete()
    for label, wanted in (("headline figures", headline), ("every figure", keys)):

        def cold(wanted: list[str] = wanted) -> None:
            queries.rollup(province, YEAR, units=everywhere, keys=wanted)

        med, p95 = measure(cold, repeats=1, warmup=0)
        rows.append(
            row(
                f"province roll-up cold, {label} ({len(everywhere)} townships)",
                len(everywhere) * len(wanted),
                med,
                p95,
                "≤ 10000 ms",
            )
        )
    _province_snapshots(towns, keys)
    med, p95 = measure(lambda: queries.summary(province, YEAR), repeats=5, warmup=1)
    rows.append(
        row(
            f"province totals from snapshots ({n_province} townships)",
            n_province * len(keys),
            med,
            p95,
            "≤ 200 ms",
        )
    )
    rows.extend(_records_rollup(scale, keys))
    return rows


# ---------------------------------------------------------------------------
# The province roll-up over records (issue #8)
# ---------------------------------------------------------------------------


def _petitions(townships: list[OrgUnit], n: int, rng: random.Random) -> None:
    """`n` petitions received in YEAR, in every stage, and the handling clocks
    of those accepted (the petitions bench dates its own around a later day,
    outside the report's year)."""
    from fazhi.petitions.builders import bench_petition, handling_clock
    from fazhi.petitions.models import (
        Petition,
        ResponsibleLevel,
        Satisfaction,
        Stage,
    )

    ct = ContentType.objects.get_for_model(Petition)
    stages = Stage.values
    levels, ratings = ResponsibleLevel.values, Satisfaction.values
    start = dt.date(YEAR, 1, 1)
    for offset in range(0, n, BATCH):
        batch = []
        for i in range(offset, min(n, offset + BATCH)):
            received = start + dt.timedelta(days=rng.randrange(330))
            stage = stages[i % len(stages)]
            done = stage in (Stage.REPLIED, Stage.CLOSED, Stage.FINAL)
            replied = received + dt.timedelta(days=rng.randrange(20, 70)) if done else None
            batch.append(
                bench_petition(
                    i,
                    townships[i % len(townships)],
                    received,
                    stage,
                    "汇总",
                    "R",
                    is_repeat=i % 9 == 0,
                    is_key_case=i % 23 == 0,
                    extension_days=30 if i % 7 == 0 else 0,
                    reply_on=replied,
                    resolved=done and i % 2 == 0,
                    responsible_level=levels[i % len(levels)],
                    closed_on=replied if stage == Stage.CLOSED else None,
                    satisfaction=ratings[i % len(ratings)] if done else "",
                    satisfaction_on=replied,
                )
            )
        Petition.objects.bulk_create(batch)
        Clock.objects.bulk_create(
            [
                handling_clock(p, ct, p.reply_on)
                for p in batch
                if p.decided_on is not None and p.stage != Stage.REGISTERED
            ],
            batch_size=BATCH,
        )


def _activities(townships: list[OrgUnit], n: int, rng: random.Random) -> None:
    """Held publicity activities in YEAR beyond the publicity bench's hundred
    per township, up to `n` (without topics or sectors)."""
    from fazhi.publicity.models import PublicityActivity

    kinds = PublicityActivity.Kind.values
    have = PublicityActivity.objects.filter(unit__in=townships).count()
    for offset in range(have, n, BATCH):
        PublicityActivity.objects.bulk_create(
            [
                PublicityActivity(
                    unit=townships[i % len(townships)],
                    title=f"汇总普法活动{i}",
                    date=dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(366)),
                    kind=kinds[i % len(kinds)],
                    status="held",
                    lead_unit=townships[i % len(townships)],
                    participants=rng.randrange(500),
                    materials=rng.randrange(1000),
                )
                for i in range(offset, min(n, offset + BATCH))
            ]
        )


def _load(scale: float, rng: random.Random) -> tuple[OrgUnit, list[OrgUnit], int]:
    """A province of 2,000 × scale townships (with villages) and the records
    of every module: 10^6 × scale disputes (and half as many mediation
    cases), petitions (with clocks), enforcement cases, disclosure requests
    and publicity activities. Returns (root, townships, records per module)."""
    from fazhi.enforcement import bench as enforcement_bench
    from fazhi.enforcement.models import EnforcementField
    from fazhi.governance import bench as governance_bench
    from fazhi.mediation import bench as mediation_bench
    from fazhi.publicity import bench as publicity_bench

    n = max(1_000, int(RECORDS * scale))
    built = mediation_bench.build(scale, rng)
    root, townships = built["root"], built["townships"]
    villages: dict[int, list[OrgUnit]] = {t.pk: [] for t in townships}
    for village in OrgUnit.objects.filter(parent__in=townships):
        assert village.parent_id is not None
        villages[village.parent_id].append(village)
    _petitions(townships, n, rng)
    field = EnforcementField.objects.get_or_create(
        code="natural_resources", defaults={"name": "自然资源"}
    )[0]
    enforcement_bench._officers(townships, max(10, n // 10), rng)
    enforcement_bench._cases(townships, field, n, rng)
    governance_bench._data(townships, n, max(100, n // 10), rng)
    publicity_bench._data(townships, villages, rng)
    _activities(townships, n, rng)
    analyze()
    return root, townships, n


def _one_query_per_figure(keys: list[str], units: list[OrgUnit], period: Period) -> None:
    """The roll-up's queries before figures over one table shared a query:
    each figure grouped on its own, its records counted when a value is 0."""
    tree = UnitTree(units)
    for key in keys:
        ind = REGISTRY[key]
        values = compute_many(key, units, period, tree)
        if ind.records is not None and not ind.is_count and 0 in values.values():
            record_counts(key, units, period, tree)


def _records_rollup(scale: float, keys: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    period = Period.year(YEAR)
    with rolled_back():
        root, townships, n = _load(scale, random.Random(2024))
        runs = (
            ("one query per figure", lambda: _one_query_per_figure(keys, townships, period)),
            (
                "figures over a table share a query",
                lambda: queries.rollup(root, YEAR, units=townships, keys=keys),
            ),
        )
        for label, fn in runs:
            with CaptureQueriesContext(connection) as ctx:
                fn()  # also the warm-up
            med, p95 = measure(fn, repeats=2, warmup=0)
            rows.append(
                row(
                    f"province roll-up cold over records, every figure, {label} "
                    f"({len(townships)} townships, {n:,} records per module, "
                    f"{len(ctx.captured_queries)} queries)",
                    len(townships) * len(keys),
                    med,
                    p95,
                    "≤ 10000 ms",
                )
            )
    return rows
