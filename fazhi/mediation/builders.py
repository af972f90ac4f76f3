"""Synthetic disputes for the province generator (core.builders, issue 19):
a township's disputes of every year with both parties, every status and
risk level, more before the Spring Festival; half of them mediated by the
township's committee."""

from __future__ import annotations

import datetime as dt

from fazhi.core.builders import Township, insert, register

from .models import (
    CommitteeLevel,
    Dispute,
    DisputeCategory,
    DisputeParty,
    MediationCase,
    MediationCommittee,
)

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
    categories = list(DisputeCategory.objects.all())
    committee = MediationCommittee(
        unit=t.unit,
        name=f"{t.unit.name}人民调解委员会",
        level=CommitteeLevel.TOWNSHIP,
        established_on=dt.date(2015, 1, 1),
    )
    committee.save()
    n = 1
    disputes = []
    for year in t.years:
        for i in range(t.per_year(PER_TOWNSHIP_YEAR)):
            found = t.seasons.date(t.rng, year)
            old = (t.today - found).days > 30
            status = t.pick(OLD_STATUS if old else NEW_STATUS)
            risk = t.pick(RISKS)
            ended = status in (Dispute.Status.RESOLVED, Dispute.Status.UNRESOLVED)
            disputes.append(
                Dispute(
                    unit=t.village(),
                    number=f"合纠〔{year}〕{t.index}-{i + 1}号",
                    title=f"纠纷{i}",
                    category=t.rng.choice(categories),
                    facts="合成数据",
                    source=t.pick(SOURCES),
                    found_on=found,
                    risk_level=risk,
                    risk_reason="可能激化" if risk != Dispute.Risk.LOW else "",
                    status=status,
                    resolved_on=min(t.today, found + dt.timedelta(days=t.rng.randrange(1, 30)))
                    if ended
                    else None,
                )
            )
    n += insert(Dispute, disputes)
    parties = []
    for d in disputes:
        a, b = t.rng.sample(t.people, 2)
        parties += [
            DisputeParty(dispute=d, person=a, role=DisputeParty.Role.APPLICANT),
            DisputeParty(dispute=d, person=b, role=DisputeParty.Role.RESPONDENT),
        ]
    n += insert(DisputeParty, parties)
    cases = []
    for d in disputes:
        if d.status == Dispute.Status.REGISTERED or t.rng.random() < 0.5:
            continue
        agreed = d.status == Dispute.Status.RESOLVED
        cases.append(
            MediationCase(
                unit=d.unit,
                dispute=d,
                committee=committee,
                start=MediationCase.Start.APPLICATION
                if d.source == Dispute.Source.APPLICATION
                else MediationCase.Start.EX_OFFICIO,
                applied_on=d.found_on,
                accepted_on=d.found_on,
                number=f"合调{d.pk}",
                status=MediationCase.Status.AGREED if agreed else MediationCase.Status.MEDIATING,
                concluded_on=d.resolved_on if agreed else None,
            )
        )
    n += insert(MediationCase, cases)
    return n


register("mediation", build, order=20)
