"""Synthetic enforcement for the province generator (core.builders, issue
19): a township's officers with their certificates (some expiring soon) and
its cases of every year over every type and stage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fazhi.core.builders import Township, insert, register
from fazhi.core.models import Person

from .models import Certificate, EnforcementCase, EnforcementField, Officer

PER_TOWNSHIP_YEAR = 100
OFFICERS = 6
FIELDS = (("natural_resources", "自然资源"), ("ecology", "生态环境"), ("market", "市场监管"))
TYPES = [
    (EnforcementCase.CaseType.PENALTY, 70),
    (EnforcementCase.CaseType.INSPECTION, 20),
    (EnforcementCase.CaseType.COERCION, 10),
]
OLD_STAGES = [(EnforcementCase.Stage.CLOSED, 70), (EnforcementCase.Stage.EXECUTED, 12)] + [
    (s, 2) for s in EnforcementCase.Stage.values if s not in ("closed", "executed")
]
NEW_STAGES = [(s, 10) for s in EnforcementCase.Stage.values]


def build(t: Township) -> int:
    fields = [
        EnforcementField.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in FIELDS
    ]
    people = [
        Person(unit=t.unit, name=f"执法员{t.index}-{i}", is_cadre=True) for i in range(OFFICERS)
    ]
    n = insert(Person, people)
    officers = [Officer(unit=t.unit, person=p, area=t.unit) for p in people]
    n += insert(Officer, officers)
    certs = []
    for i, o in enumerate(officers):
        issued = t.today - dt.timedelta(days=t.rng.randrange(60, 5 * 365))
        certs.append(
            Certificate(
                unit=t.unit,
                officer=o,
                number=f"S{t.index:06d}{i:02d}",
                issuing_authority="省人民政府",
                issued_on=issued,
                expires_on=issued + dt.timedelta(days=5 * 365 - 1),  # no 29 February trap
            )
        )
    n += insert(Certificate, certs)
    cases = []
    for year in t.years:
        for i in range(t.per_year(PER_TOWNSHIP_YEAR)):
            filed = t.seasons.date(t.rng, year)
            stage = t.pick(OLD_STAGES if (t.today - filed).days > 90 else NEW_STAGES)
            cases.append(
                EnforcementCase(
                    unit=t.unit,
                    number=f"合综执立〔{year}〕{t.index}-{i + 1}号",
                    case_type=t.pick(TYPES),
                    stage=stage,
                    title=f"案件{i}",
                    field=t.rng.choice(fields),
                    party_name=t.rng.choice(t.people).name,
                    act_date=filed,
                    discovered_on=filed,
                    filed_on=None if stage == EnforcementCase.Stage.CLUE else filed,
                    facts="合成数据",
                    legal_basis="合成依据",
                    fine_amount=Decimal(t.rng.randrange(0, 20) * 500),
                    address=t.village().name,
                )
            )
    n += insert(EnforcementCase, cases)
    return n


register("enforcement", build, order=30)
