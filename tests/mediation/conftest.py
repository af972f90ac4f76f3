"""Fixtures: the personas of tests/factories.py plus a township committee, a
village committee, their mediators and a dispute with two parties."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from fazhi.core.models import Person
from fazhi.mediation import workflow
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
        by = self.world.owner
        case = workflow.apply(
            self.dispute,
            committee=committee or self.village_committee,
            start=MediationCase.Start.APPLICATION,
            applied_on=applied,
            applicant=self.applicant.name,
            by=by,
        )
        if accept:
            workflow.accept(case, on=applied, by=by)
            if assign:
                mediator = (
                    self.village_mediator
                    if case.committee == self.village_committee
                    else self.township_mediator
                )
                workflow.assign_mediator(case, mediator=mediator, on=applied, by=by)
        case.refresh_from_db()
        return case


def committee(world: World, unit: Any, name: str, level: str) -> MediationCommittee:
    c = workflow.create_committee(
        MediationCommittee(
            unit=unit,
            name=name,
            level=level,
            established_on=D(2020, 1, 1),
            term_start=D(2024, 3, 1),
        ),
        by=world.owner,
    )
    members = [
        ("主任甲", Person.Gender.MALE, "瑶族", CommitteeMember.Position.CHAIR),
        ("委员乙", Person.Gender.FEMALE, "汉族", CommitteeMember.Position.MEMBER),
        ("委员丙", Person.Gender.MALE, "汉族", CommitteeMember.Position.MEMBER),
    ]
    for n, gender, ethnicity, position in members:
        p = PersonFactory(unit=unit, name=f"{name[:2]}{n}", gender=gender, ethnicity=ethnicity)
        workflow.add_member(
            c, person=p, position=position, elected_on=D(2024, 3, 1), by=world.owner
        )
    return c


@pytest.fixture
def med(world: World) -> Med:
    tc = committee(
        world, world.township, "湘江源瑶族乡人民调解委员会", MediationCommittee.Level.TOWNSHIP
    )
    vc = committee(world, world.village, "荆竹村人民调解委员会", MediationCommittee.Level.VILLAGE)
    tm = workflow.appoint_mediator(
        Mediator(
            committee=tc,
            person=PersonFactory(unit=world.township, name="乡调解员"),
            full_time=True,
            appointed_on=D(2021, 1, 1),
        ),
        by=world.owner,
    )
    vm = workflow.appoint_mediator(
        Mediator(
            committee=vc,
            person=PersonFactory(unit=world.village, name="村调解员"),
            full_time=True,
            appointed_on=D(2021, 1, 1),
        ),
        by=world.owner,
    )
    applicant = PersonFactory(unit=world.village, name="申请人甲")
    respondent = PersonFactory(unit=world.village, name="被申请人乙")
    dispute = workflow.register_dispute(
        Dispute(
            unit=world.village,
            title="宅基地界址纠纷",
            category=DisputeCategory.objects.get(code="land"),
            facts="界址争执。",
            source=Dispute.Source.APPLICATION,
            found_on=D(2024, 9, 1),
        ),
        parties=[
            workflow.PartyInput(person=applicant, role="applicant"),
            workflow.PartyInput(person=respondent, role="respondent"),
        ],
        by=world.owner,
    )
    return Med(world, tc, vc, tm, vm, dispute, applicant, respondent)


__all__ = ["D", "Med", "World", "med", "valid_id_number", "world"]
