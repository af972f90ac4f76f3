"""Benchmark of the annual report (issue: drafting one township ≤ 1 s; the
county roll-up of 20 townships ≤ 2 s; a province roll-up of 2,000 townships
≤ 200 ms from snapshots). Run by `manage.py bench`; never by the tests.

The figures are whatever every module has registered; the records behind
them come from each module's own bench data (run `make bench` for all), plus
the leadership groups generated here."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.test import Client

from fazhi.core.bench import get_ok, measure, row, synthetic_county
from fazhi.core.models import GroupMembership, LeadershipGroup, LeadershipRole, OrgUnit, Person
from fazhi.core.roles import Role

from . import queries, workflow
from .figures import numeric_keys
from .models import AnnualReport, IndicatorSnapshot

YEAR = 2024
PROVINCE = "基准省"


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
    client = Client()
    client.force_login(user)
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
    return rows
