"""Benchmark of the governance module (issue: 10^5 disclosure requests and 10^5
normative documents across a synthetic province; list pages p95 ≤ 150 ms, the
OGI annual tables of one township ≤ 500 ms).

`run(scale)` builds the data set at `scale` × that size with bulk inserts
inside a transaction, times the operations with the Django test client and
direct calls, and rolls everything back, so the database is left unchanged.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.test import Client

from fazhi.core.bench import (
    analyze,
    bulk_units,
    get_page,
    measure_cases,
    rolled_back,
    township_and_county_clients,
)
from fazhi.core.models import OrgUnit

from . import queries
from .models import DisclosureRequest, NormativeDocument

FULL_REQUESTS = 100_000
FULL_DOCUMENTS = 100_000
FULL_TOWNSHIPS = 2_000  # a province (DESIGN.md "Scale")
TOWNSHIPS_PER_COUNTY = 20
REPEATS = 15
BATCH = 5_000


def _units(n_townships: int, tag: str) -> list[OrgUnit]:
    province = OrgUnit(name=f"基准省{tag}", kind=OrgUnit.Kind.COUNTY)
    province.save()
    n_counties = max(1, n_townships // TOWNSHIPS_PER_COUNTY)
    counties = bulk_units(
        [
            OrgUnit(name=f"基准县{i}", kind=OrgUnit.Kind.COUNTY, parent=province)
            for i in range(n_counties)
        ]
    )
    return bulk_units(
        [
            OrgUnit(
                name=f"基准乡{i}",
                kind=OrgUnit.Kind.TOWNSHIP,
                parent=counties[i % n_counties],
                abbreviation="基",
            )
            for i in range(n_townships)
        ],
        batch_size=BATCH,
    )


def _data(townships: list[OrgUnit], n_requests: int, n_documents: int, rng: random.Random) -> None:
    kinds = [k for k, _ in DisclosureRequest.ApplicantKind.choices]
    reply_types = [k for k, _ in DisclosureRequest.ReplyType.choices]
    start = dt.date(2023, 1, 1)
    rows = []
    for i in range(n_requests):
        received = start + dt.timedelta(days=rng.randrange(730))
        replied = rng.random() < 0.9
        rows.append(
            DisclosureRequest(
                unit=townships[i % len(townships)],
                code=f"B{i:09d}",
                applicant_kind=rng.choice(kinds),
                applicant_name=f"申请人{i}",
                phone="13800000000",
                channel="in_person",
                submitted_on=received,
                received_on=received,
                description="基准数据",
                status="replied" if replied else "received",
                reply_due=received + dt.timedelta(days=28),
                replied_on=received + dt.timedelta(days=rng.randrange(10, 35)) if replied else None,
                reply_type=rng.choice(reply_types) if replied else "",
                withheld_reason="state_secret",
                on_time=rng.random() < 0.95 if replied else None,
            )
        )
        if len(rows) >= BATCH:
            DisclosureRequest.objects.bulk_create(rows)
            rows = []
    DisclosureRequest.objects.bulk_create(rows)
    docs = []
    for i in range(n_documents):
        published = start + dt.timedelta(days=rng.randrange(730))
        docs.append(
            NormativeDocument(
                unit=townships[i % len(townships)],
                title=f"基准规范性文件{i}",
                status="published",
                doc_no=f"基规〔{published.year}〕{i}号",
                published_on=published,
                effective_on=published + dt.timedelta(days=30),
                valid_until=published + dt.timedelta(days=1825),
                filing_due=published + dt.timedelta(days=15),
                filed_on=published + dt.timedelta(days=10),
                filed_on_time=True,
            )
        )
        if len(docs) >= BATCH:
            NormativeDocument.objects.bulk_create(docs)
            docs = []
    NormativeDocument.objects.bulk_create(docs)


def run(scale: float) -> list[dict[str, Any]]:
    n_req = max(100, int(FULL_REQUESTS * scale))
    n_doc = max(100, int(FULL_DOCUMENTS * scale))
    n_town = max(2, int(FULL_TOWNSHIPS * scale))
    rng = random.Random(2024)
    results: list[dict[str, Any]] = []
    with rolled_back():
        tag = str(rng.randrange(10**6))
        townships = _units(n_town, tag)
        _data(townships, n_req, n_doc, rng)
        town = townships[0]
        client, county_client = township_and_county_clients(town, "gov", tag)
        analyze()

        cases = [
            ("requests list (township)", n_req, get_page(client, "/governance/requests/"), 150),
            (
                "requests list, overdue filter (township)",
                n_req,
                get_page(client, "/governance/requests/?overdue=true"),
                150,
            ),
            (
                "requests list (county)",
                n_req,
                get_page(county_client, "/governance/requests/?status=received"),
                150,
            ),
            ("documents list (township)", n_doc, get_page(client, "/governance/documents/"), 150),
            (
                "documents list (county, by year)",
                n_doc,
                get_page(county_client, "/governance/documents/?year=2024"),
                150,
            ),
            (
                "public documents in force",
                n_doc,
                get_page(Client(), f"/governance/public/documents/?unit={town.pk}"),
                150,
            ),
            (
                "OGI annual tables (one township)",
                n_req,
                lambda: queries.ogi_tables(town, 2024),
                500,
            ),
        ]
        results.extend(measure_cases("governance", cases, REPEATS))
    return results
