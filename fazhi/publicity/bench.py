"""Benchmark of the publicity module.

The issue names no size; the platform's scale (DESIGN.md "Scale") is a
province of 2,000 townships. At scale 1.0: 2,000 townships with 5 villages
each, 200,000 activities a year (100 per township) with their topics,
sectors and units reached, 20,000 plan items, 20,000 study sessions with
200,000 attendances, and 60,000 exam rows. Timed: the ledgers (township and
county), the overdue plan items, the coverage matrix with its gaps (township
and county), the cadres' overview and every publicity indicator of one
township. Everything is rolled back afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from fazhi.core.bench import (
    analyze,
    bulk_units,
    get_page,
    measure_cases,
    rolled_back,
    township_and_county_clients,
)
from fazhi.core.indicators import Period, compute_all
from fazhi.core.models import OrgUnit, Person

from . import queries, reference
from .models import (
    Campaign,
    LawExam,
    LawStudy,
    LawStudyAttendance,
    PlanItem,
    PublicityActivity,
    PublicityPlan,
    Sector,
    Topic,
)

FULL_TOWNSHIPS = 2_000
VILLAGES_PER_TOWNSHIP = 5
TOWNSHIPS_PER_COUNTY = 20
ACTIVITIES_PER_TOWNSHIP = 100
ITEMS_PER_TOWNSHIP = 10
STUDIES_PER_TOWNSHIP = 10
CADRES_PER_TOWNSHIP = 30
ATTENDEES_PER_STUDY = 10
REPEATS = 15
BATCH = 5_000
YEAR = 2024


def _tree(n_townships: int, tag: str) -> tuple[list[OrgUnit], dict[int, list[OrgUnit]]]:
    province = OrgUnit(name=f"普法基准省{tag}", kind=OrgUnit.Kind.COUNTY)
    province.save()
    n_counties = max(1, n_townships // TOWNSHIPS_PER_COUNTY)
    counties = bulk_units(
        [
            OrgUnit(name=f"基准县{i}", kind=OrgUnit.Kind.COUNTY, parent=province)
            for i in range(n_counties)
        ]
    )
    townships = bulk_units(
        [
            OrgUnit(name=f"基准乡{i}", kind=OrgUnit.Kind.TOWNSHIP, parent=counties[i % n_counties])
            for i in range(n_townships)
        ],
        batch_size=BATCH,
    )
    villages = bulk_units(
        [
            OrgUnit(name=f"基准村{j}", kind=OrgUnit.Kind.VILLAGE, parent=t)
            for t in townships
            for j in range(VILLAGES_PER_TOWNSHIP)
        ],
        batch_size=BATCH,
    )
    by_town: dict[int, list[OrgUnit]] = {t.pk: [] for t in townships}
    for v in villages:
        by_town[v.parent_id].append(v)  # type: ignore[index]
    return townships, by_town


def _data(townships: list[OrgUnit], villages: dict[int, list[OrgUnit]], rng: random.Random) -> None:
    reference.ensure(Sector, Topic, Campaign)
    topics = list(Topic.objects.all())
    sectors = [s.code for s in Sector.objects.all()]
    kinds = [k for k, _ in PublicityActivity.Kind.choices]
    campaigns = list(Campaign.objects.all())
    plans = PublicityPlan.objects.bulk_create(
        [
            PublicityPlan(
                unit=t, title=f"{YEAR}年普法计划", start_year=YEAR, end_year=YEAR, status="adopted"
            )
            for t in townships
        ],
        batch_size=BATCH,
    )
    items = PlanItem.objects.bulk_create(
        [
            PlanItem(
                plan=p,
                unit=p.unit,
                title=f"计划项目{j}",
                topic=rng.choice(topics),
                planned_month=dt.date(YEAR, 1 + j % 12, 1),
                lead_unit=p.unit,
                budget=Decimal(1000),
                status=rng.choice(["planned", "done", "done"]),
            )
            for p in plans
            for j in range(ITEMS_PER_TOWNSHIP)
        ],
        batch_size=BATCH,
    )
    ItemSector, ItemUnit = PlanItem.target_sectors.through, PlanItem.target_units.through
    ItemSector.objects.bulk_create(
        [ItemSector(planitem_id=i.pk, sector_id=rng.choice(sectors)) for i in items],
        batch_size=BATCH,
    )
    ItemUnit.objects.bulk_create(
        [ItemUnit(planitem_id=i.pk, orgunit_id=rng.choice(villages[i.unit_id]).pk) for i in items],
        batch_size=BATCH,
    )
    acts = PublicityActivity.objects.bulk_create(
        [
            PublicityActivity(
                unit=t,
                title=f"普法活动{j}",
                date=dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(366)),
                kind=rng.choice(kinds),
                status="held",
                lead_unit=t,
                participants=rng.randrange(500),
                materials=rng.randrange(1000),
                campaign=rng.choice(campaigns) if j % 10 == 0 else None,
            )
            for t in townships
            for j in range(ACTIVITIES_PER_TOWNSHIP)
        ],
        batch_size=BATCH,
    )
    ActTopic = PublicityActivity.topics.through
    ActSector = PublicityActivity.sectors.through
    ActUnit = PublicityActivity.units_reached.through
    ActTopic.objects.bulk_create(
        [ActTopic(publicityactivity_id=a.pk, topic_id=rng.choice(topics).pk) for a in acts],
        batch_size=BATCH,
    )
    ActSector.objects.bulk_create(
        [ActSector(publicityactivity_id=a.pk, sector_id=rng.choice(sectors[:3])) for a in acts],
        batch_size=BATCH,
    )
    ActUnit.objects.bulk_create(
        [
            ActUnit(publicityactivity_id=a.pk, orgunit_id=rng.choice(villages[a.unit_id]).pk)
            for a in acts
        ],
        batch_size=BATCH,
    )
    people = Person.objects.bulk_create(
        [
            Person(unit=t, name=f"干部{j}", is_cadre=True)
            for t in townships
            for j in range(CADRES_PER_TOWNSHIP)
        ],
        batch_size=BATCH,
    )
    by_unit: dict[int, list[Person]] = {}
    for p in people:
        by_unit.setdefault(p.unit_id, []).append(p)
    studies = LawStudy.objects.bulk_create(
        [
            LawStudy(
                unit=t,
                date=dt.date(YEAR, 1 + j % 12, 10),
                kind="theory_group",
                title=f"学法{j}",
                hours=2,
            )
            for t in townships
            for j in range(STUDIES_PER_TOWNSHIP)
        ],
        batch_size=BATCH,
    )
    LawStudyAttendance.objects.bulk_create(
        [
            LawStudyAttendance(study=s, person=p)
            for s in studies
            for p in rng.sample(by_unit[s.unit_id], ATTENDEES_PER_STUDY)
        ],
        batch_size=BATCH,
    )
    LawExam.objects.bulk_create(
        [
            LawExam(
                unit_id=p.unit_id,
                year=YEAR,
                person=p,
                sat=rng.random() < 0.95,
                score=Decimal(rng.randrange(40, 100)),
                pass_mark=Decimal(60),
            )
            for p in people
        ],
        batch_size=BATCH,
    )


def run(scale: float) -> list[dict[str, Any]]:
    n_town = max(2, int(FULL_TOWNSHIPS * scale))
    n_act = n_town * ACTIVITIES_PER_TOWNSHIP
    rng = random.Random(2024)
    results: list[dict[str, Any]] = []
    with rolled_back():
        tag = str(rng.randrange(10**6))
        townships, villages = _tree(n_town, tag)
        _data(townships, villages, rng)
        town = townships[0]
        county = town.parent
        assert county is not None
        client, county_client = township_and_county_clients(town, "pub", tag)
        analyze()
        year = Period.year(YEAR)
        today = dt.date(YEAR, 12, 31)

        n_items = n_town * ITEMS_PER_TOWNSHIP
        cases = [
            ("activities list (township)", n_act, get_page(client, "/publicity/activities/"), 150),
            (
                "activities list (county, year + sector)",
                n_act,
                get_page(county_client, f"/publicity/activities/?year={YEAR}&sector=village"),
                150,
            ),
            (
                "plan items overdue (county)",
                n_items,
                get_page(county_client, "/publicity/items/?overdue=true"),
                150,
            ),
            (
                "exam results (county)",
                n_town * CADRES_PER_TOWNSHIP,
                get_page(county_client, f"/publicity/exams/?year={YEAR}"),
                150,
            ),
            (
                "coverage page (township)",
                n_act,
                get_page(client, f"/publicity/coverage/?year={YEAR}"),
                500,
            ),
            (
                "coverage matrix (county)",
                n_act,
                lambda: queries.coverage(county, year, today=today),
                1500,
            ),
            (
                "cadres overview (township)",
                n_town * CADRES_PER_TOWNSHIP,
                get_page(client, f"/publicity/cadres/?year={YEAR}"),
                300,
            ),
            (
                "publicity indicators (township)",
                n_act,
                lambda: compute_all(town, year, section="publicity"),
                500,
            ),
        ]
        results.extend(measure_cases("publicity", cases, REPEATS))
    return results
