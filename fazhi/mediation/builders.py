"""Mediation records built for the demo, the tests and the province
generator: one module, two ways of writing, on purpose.

The demo (`mediation/demo.py`) and the tests set up committees, members,
mediators, disputes and cases with the functions below, each a workflow step
(or the few a clerk takes together, as opening a case: apply, accept, assign),
so numbers, audit events and clocks are the real ones; each looks its record
up first, so a second demo run changes nothing. The province generator
(`build`, core.builders, issue 19) writes a township's years of disputes at
once, set-based (COPY): the workflow's row lock, audit event and clock a step
would take hours over two thousand townships, and the roll-up reads rows, not
their history. They share the shape: a township committee, disputes with an
applicant and a respondent, cases started by application or ex officio.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from fazhi.core.builders import Row, Township, insert, register
from fazhi.core.models import OrgUnit, Person

from . import workflow
from .models import (
    CommitteeLevel,
    Dispute,
    DisputeCategory,
    DisputeParty,
    MediationCase,
    MediationCommittee,
    Mediator,
)


def committee(
    unit: OrgUnit,
    name: str,
    level: str,
    *,
    established: dt.date,
    term_start: dt.date,
    by: Any,
    address: str = "",
) -> MediationCommittee:
    """The committee `name` of `unit`, created once."""
    existing = MediationCommittee.objects.filter(unit=unit, name=name).first()
    return existing or workflow.create_committee(
        MediationCommittee(
            unit=unit,
            name=name,
            level=level,
            established_on=established,
            term_start=term_start,
            address=address,
        ),
        by=by,
    )


def member(
    committee: MediationCommittee, person: Person, position: str, *, elected: dt.date, by: Any
) -> None:
    """`person` a member of `committee`, added once."""
    if not committee.members.filter(person=person).exists():
        workflow.add_member(committee, person=person, position=position, elected_on=elected, by=by)


def mediator(
    committee: MediationCommittee, person: Person, *, appointed: dt.date, by: Any
) -> Mediator:
    """`person` the committee's full-time mediator, appointed once."""
    existing = Mediator.objects.filter(committee=committee, person=person).first()
    return existing or workflow.appoint_mediator(
        Mediator(committee=committee, person=person, full_time=True, appointed_on=appointed),
        by=by,
    )


def dispute(
    unit: OrgUnit,
    title: str,
    parties: Iterable[Person],
    *,
    risk_level: str,
    by: Any,
    **fields: Any,
) -> Dispute:
    """A registered dispute; the first of `parties` applies, the others respond.
    Its 风险等级 stated, as the registration form asks it (no 低 by default)."""
    return workflow.register_dispute(
        Dispute(unit=unit, title=title, risk_level=risk_level, **fields),
        parties=[
            workflow.PartyInput(
                person=p,
                role=DisputeParty.Role.APPLICANT if i == 0 else DisputeParty.Role.RESPONDENT,
            )
            for i, p in enumerate(parties)
        ],
        by=by,
    )


def open_case(
    dispute: Dispute,
    *,
    committee: MediationCommittee,
    start: str,
    applied: dt.date,
    applicant: str,
    by: Any,
    request: str = "",
    accepted: dt.date | None = None,
    mediator: Mediator | None = None,
) -> MediationCase:
    """A case opened on `dispute`: applied for, then accepted on `accepted`
    and given to `mediator` where these are given (《人民调解法》第十七条、第十八条)."""
    case = workflow.apply(
        dispute,
        committee=committee,
        start=start,
        applied_on=applied,
        applicant=applicant,
        request=request,
        by=by,
    )
    if accepted is not None:
        workflow.accept(case, on=accepted, by=by)
        if mediator is not None:
            workflow.assign_mediator(case, mediator=mediator, on=accepted, by=by)
    return case


PER_TOWNSHIP_YEAR = 150
RISKS = [(Dispute.Risk.LOW, 70), (Dispute.Risk.MEDIUM, 22), (Dispute.Risk.HIGH, 8)]
SOURCES = [
    (Dispute.Source.SCREENING, 40),
    (Dispute.Source.APPLICATION, 35),
    (Dispute.Source.PETITION, 10),
    (Dispute.Source.POLICE, 8),
    (Dispute.Source.COURT, 5),
    (Dispute.Source.OTHER, 2),
]
OLD_STATUS = [
    (Dispute.Status.RESOLVED, 85),
    (Dispute.Status.UNRESOLVED, 8),
    (Dispute.Status.MEDIATING, 5),
    (Dispute.Status.REGISTERED, 2),
]
NEW_STATUS = [
    (Dispute.Status.REGISTERED, 30),
    (Dispute.Status.MEDIATING, 40),
    (Dispute.Status.RESOLVED, 27),
    (Dispute.Status.UNRESOLVED, 3),
]


def build(t: Township) -> int:
    categories = t.once(
        "mediation.categories", lambda: list(DisputeCategory.objects.values_list("pk", flat=True))
    )
    # A row, as the rest (core.builders.insert): written with its chunk.
    committee: Row = {
        "unit_id": t.unit.pk,
        "name": f"{t.unit.name}人民调解委员会",
        "level": CommitteeLevel.TOWNSHIP,
        "established_on": dt.date(2015, 1, 1),
    }
    n = insert(MediationCommittee, [committee])
    disputes: list[Row] = []
    for year in t.years:
        for i in range(t.per_year(PER_TOWNSHIP_YEAR)):
            found = t.seasons.date(t.rng, year)
            old = (t.today - found).days > 30
            status = t.pick(OLD_STATUS if old else NEW_STATUS)
            risk = t.pick(RISKS)
            ended = status in (Dispute.Status.RESOLVED, Dispute.Status.UNRESOLVED)
            disputes.append(
                {
                    "unit_id": t.village().pk,
                    "number": f"合纠〔{year}〕{t.index}-{i + 1}号",
                    "title": f"纠纷{i}",
                    "category_id": t.rng.choice(categories),
                    "facts": "合成数据",
                    "source": t.pick(SOURCES),
                    "found_on": found,
                    "risk_level": risk,
                    "risk_reason": "可能激化" if risk != Dispute.Risk.LOW else "",
                    "status": status,
                    "resolved_on": min(t.today, found + dt.timedelta(days=t.rng.randrange(1, 30)))
                    if ended
                    else None,
                }
            )
    n += insert(Dispute, disputes)
    parties = []
    for d in disputes:
        a, b = t.rng.sample(t.people, 2)
        parties += [
            {"dispute_id": d["id"], "person_id": a["id"], "role": DisputeParty.Role.APPLICANT},
            {"dispute_id": d["id"], "person_id": b["id"], "role": DisputeParty.Role.RESPONDENT},
        ]
    n += insert(DisputeParty, parties)
    cases = []
    for d in disputes:
        if d["status"] == Dispute.Status.REGISTERED or t.rng.random() < 0.5:
            continue
        agreed = d["status"] == Dispute.Status.RESOLVED
        cases.append(
            {
                "unit_id": d["unit_id"],
                "dispute_id": d["id"],
                "committee_id": committee["id"],
                "start": MediationCase.Start.APPLICATION
                if d["source"] == Dispute.Source.APPLICATION
                else MediationCase.Start.EX_OFFICIO,
                "applied_on": d["found_on"],
                "accepted_on": d["found_on"],
                "number": f"合调{d['id']}",
                "status": MediationCase.Status.AGREED if agreed else MediationCase.Status.MEDIATING,
                "concluded_on": d["resolved_on"] if agreed else None,
            }
        )
    n += insert(MediationCase, cases)
    return n


register("mediation", build, order=20)
