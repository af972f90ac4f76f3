"""Synthetic governance records for the province generator (core.builders,
issue 19): a township's disclosure requests of every year (replied on time,
late, in hand) and its normative documents."""

from __future__ import annotations

import datetime as dt

from fazhi.core.builders import Township, insert, register

from .models import DisclosureRequest, NormativeDocument

REQUESTS_PER_TOWNSHIP_YEAR = 20
DOCUMENTS_PER_TOWNSHIP_YEAR = 6


def build(t: Township) -> int:
    kinds = [
        (k, 80 if k == "natural_person" else 4) for k in DisclosureRequest.ApplicantKind.values
    ]
    reply_types = DisclosureRequest.ReplyType.values
    channels = DisclosureRequest.Channel.values
    requests, docs = [], []
    for year in t.years:
        for i in range(t.per_year(REQUESTS_PER_TOWNSHIP_YEAR)):
            received = t.seasons.date(t.rng, year)
            replied = (t.today - received).days > 20 and t.rng.random() < 0.95
            replied_on = (
                min(t.today, received + dt.timedelta(days=t.rng.randrange(5, 30)))
                if replied
                else None
            )
            requests.append(
                DisclosureRequest(
                    unit=t.unit,
                    code=f"S{t.index:05d}{year % 100:02d}{i:04d}",
                    applicant_kind=t.pick(kinds),
                    applicant_name=t.rng.choice(t.people).name,
                    phone="19900000000",
                    channel=t.rng.choice(channels),
                    submitted_on=received,
                    received_on=received,
                    description="合成数据",
                    status="replied" if replied else "received",
                    reply_due=received + dt.timedelta(days=20),
                    replied_on=replied_on,
                    reply_type=t.rng.choice(reply_types) if replied else "",
                    on_time=(replied_on - received).days <= 20 if replied_on else None,
                )
            )
        for i in range(t.per_year(DOCUMENTS_PER_TOWNSHIP_YEAR)):
            published = t.seasons.date(t.rng, year)
            docs.append(
                NormativeDocument(
                    unit=t.unit,
                    title=f"合成规范性文件{t.index}-{year}-{i}",
                    status="published",
                    doc_no=f"合规〔{year}〕{t.index}-{i + 1}号",
                    published_on=published,
                    effective_on=published + dt.timedelta(days=30),
                    valid_until=published + dt.timedelta(days=1825),
                    filing_due=published + dt.timedelta(days=15),
                    filed_on=published + dt.timedelta(days=t.rng.randrange(5, 25)),
                    filed_on_time=t.rng.random() < 0.9,
                )
            )
    return insert(DisclosureRequest, requests) + insert(NormativeDocument, docs)


register("governance", build, order=40)
