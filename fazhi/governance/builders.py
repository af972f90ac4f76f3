"""Governance records built for the demo, the tests and the province
generator: one module, two ways of writing, on purpose.

The demo (`governance/demo/`) and the tests take a normative document to
adoption with `adopt` below: consultation, legal review and deliberation, each
a workflow step (its rule, audit event and history), with the days and words
of a `Drafting`. The province generator (`build`, core.builders, issue 19)
writes a township's disclosure requests of every year (replied on time, late,
in hand) and its normative documents set-based (COPY): the workflow's audit
event a step would take hours over two thousand townships, and the roll-up
reads the rows, not their history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fazhi.core.builders import Row, Township, insert, register

from . import workflow
from .models import DisclosureRequest, Meeting, NormativeDocument


@dataclass(frozen=True)
class Drafting:
    """A document's road to adoption: how long consultation stays open past
    its minimum, then the days from its close to the review, the opinion and
    the deliberation, and the words of each."""

    consulted: str = "采纳3条。"
    kept_open: int = 0
    reviewed_after: int = 0
    opinion_after: int = 5
    conclusion: str = "lawful"
    opinion: str = "合法。"
    deliberated_after: int = 7
    minutes: str = "审议通过。"


def adopt(
    doc: NormativeDocument,
    *,
    start: dt.date,
    reviewer: Any,
    by: Any,
    drafting: Drafting = Drafting(),
    meeting: Meeting | None = None,
) -> dt.date:
    """Take `doc` from consultation on `start` through legal review to its
    adoption (at `meeting` where given, not before it was held); returns the
    day consultation closed."""
    workflow.start_consultation(doc, on=start, by=by)
    doc.refresh_from_db()
    assert doc.consultation_min_end is not None
    end = doc.consultation_min_end + dt.timedelta(days=drafting.kept_open)
    workflow.close_consultation(doc, on=end, summary=drafting.consulted, by=by)
    workflow.submit_for_review(
        doc, on=end + dt.timedelta(days=drafting.reviewed_after), reviewer=reviewer, by=by
    )
    workflow.give_review_opinion(
        doc,
        on=end + dt.timedelta(days=drafting.opinion_after),
        conclusion=drafting.conclusion,
        opinion=drafting.opinion,
        by=reviewer,
    )
    deliberated = end + dt.timedelta(days=drafting.deliberated_after)
    workflow.deliberate(
        doc,
        on=max(meeting.held_on, deliberated) if meeting else deliberated,
        minutes=drafting.minutes,
        adopted=True,
        meeting=meeting,
        by=by,
    )
    doc.refresh_from_db()
    return end


REQUESTS_PER_TOWNSHIP_YEAR = 20
DOCUMENTS_PER_TOWNSHIP_YEAR = 6


def build(t: Township) -> int:
    kinds = [
        (k, 80 if k == "natural_person" else 4) for k in DisclosureRequest.ApplicantKind.values
    ]
    reply_types = DisclosureRequest.ReplyType.values
    channels = DisclosureRequest.Channel.values
    requests: list[Row] = []
    docs: list[Row] = []
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
                {
                    "unit_id": t.unit.pk,
                    "code": f"S{t.index:05d}{year % 100:02d}{i:04d}",
                    "applicant_kind": t.pick(kinds),
                    "applicant_name": t.rng.choice(t.people)["name"],
                    "phone": "19900000000",
                    "channel": t.rng.choice(channels),
                    "submitted_on": received,
                    "received_on": received,
                    "description": "合成数据",
                    "status": "replied" if replied else "received",
                    "reply_due": received + dt.timedelta(days=20),
                    "replied_on": replied_on,
                    "reply_type": t.rng.choice(reply_types) if replied else "",
                    "on_time": (replied_on - received).days <= 20 if replied_on else None,
                }
            )
        for i in range(t.per_year(DOCUMENTS_PER_TOWNSHIP_YEAR)):
            published = t.seasons.date(t.rng, year)
            docs.append(
                {
                    "unit_id": t.unit.pk,
                    "title": f"合成规范性文件{t.index}-{year}-{i}",
                    "status": "published",
                    "doc_no": f"合规〔{year}〕{t.index}-{i + 1}号",
                    "published_on": published,
                    "effective_on": published + dt.timedelta(days=30),
                    "valid_until": published + dt.timedelta(days=1825),
                    "filing_due": published + dt.timedelta(days=15),
                    "filed_on": published + dt.timedelta(days=t.rng.randrange(5, 25)),
                    "filed_on_time": t.rng.random() < 0.9,
                }
            )
    return insert(DisclosureRequest, requests) + insert(NormativeDocument, docs)


register("governance", build, order=40)
