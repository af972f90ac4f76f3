"""Fixtures: the personas of tests/factories.py plus a township committee, a
village committee, their mediators and a dispute with two parties."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from fazhi.core.models import Person
from fazhi.mediation import builders
from fazhi.mediation.models import (
    CommitteeMember,
    Dispute,
    DisputeCategory,
    MediationCase,
    MediationCommittee,
    Mediator,
)
from tests.factories import PersonFactory, World, valid_id_number, world

D = dt.date


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Any) -> None:
    """The personas' passwords are hashed with PBKDF2 otherwise (seconds per
    test on a loaded machine); tests only need a hasher that works."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Med:
    world: World
    township_committee: MediationCommittee
    village_committee: MediationCommittee
    township_mediator: Mediator
    village_mediator: Mediator
    dispute: Dispute
    applicant: Person
    respondent: Person

    def case(
        self,
        applied: dt.date = D(2024, 9, 2),
        committee: MediationCommittee | None = None,
        accept: bool = True,
        assign: bool = True,
    ) -> MediationCase:
        committee = committee or self.village_committee
        mediator = (
            self.village_mediator if committee == self.village_committee else self.township_mediator
        )
        case = builders.open_case(
            self.dispute,
            committee=committee,
            start=MediationCase.Start.APPLICATION,
            applied=applied,
            applicant=self.applicant.name,
            accepted=applied if accept else None,
            mediator=mediator if assign else None,
            by=self.world.owner,
        )
        case.refresh_from_db()
        return case


def committee(world: World, unit: Any, name: str, level: str) -> MediationCommittee:
    c = builders.committee(
        unit, name, level, established=D(2020, 1, 1), term_start=D(2024, 3, 1), by=world.owner
    )
    members = [
        ("主任甲", Person.Gender.MALE, "瑶族", CommitteeMember.Position.CHAIR),
        ("委员乙", Person.Gender.FEMALE, "汉族", CommitteeMember.Position.MEMBER),
        ("委员丙", Person.Gender.MALE, "汉族", CommitteeMember.Position.MEMBER),
    ]
    for n, gender, ethnicity, position in members:
        p = PersonFactory(unit=unit, name=f"{name[:2]}{n}", gender=gender, ethnicity=ethnicity)
        builders.member(c, p, position, elected=D(2024, 3, 1), by=world.owner)
    return c


@pytest.fixture
def med(world: World) -> Med:
    tc = committee(
        world, world.township, "湘江源瑶族乡人民调解委员会", MediationCommittee.Level.TOWNSHIP
    )
    vc = committee(world, world.village, "荆竹村人民调解委员会", MediationCommittee.Level.VILLAGE)
    by = world.owner
    tm = builders.mediator(
        tc, PersonFactory(unit=world.township, name="乡调解员"), appointed=D(2021, 1, 1), by=by
    )
    vm = builders.mediator(
        vc, PersonFactory(unit=world.village, name="村调解员"), appointed=D(2021, 1, 1), by=by
    )
    applicant = PersonFactory(unit=world.village, name="申请人甲")
    respondent = PersonFactory(unit=world.village, name="被申请人乙")
    dispute = builders.dispute(
        world.village,
        "宅基地界址纠纷",
        [applicant, respondent],
        category=DisputeCategory.objects.get(code="land"),
        facts="界址争执。",
        source=Dispute.Source.APPLICATION,
        found_on=D(2024, 9, 1),
        risk_level=Dispute.Risk.LOW,
        by=by,
    )
    return Med(world, tc, vc, tm, vm, dispute, applicant, respondent)


__all__ = ["D", "Med", "World", "med", "valid_id_number", "world"]
