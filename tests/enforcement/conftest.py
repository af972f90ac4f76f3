"""Enforcement fixtures: certified officers and a case driven to any stage
through the workflow (never by writing states directly)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from fazhi.core.models import Person
from fazhi.enforcement import workflow
from fazhi.enforcement.builders import ORDINARY, Cast, ordinary, play
from fazhi.enforcement.models import (
    Certificate,
    EnforcementCase,
    EnforcementField,
    Exam,
    ExamRegistration,
    Officer,
)
from tests.factories import PersonFactory, World, world

D = dt.date
ALL_FIELDS = ("forestry", "natural_resources", "urban", "agriculture")


class Enf:
    """Builds enforcement records for the `world` personas."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.by = w.officer
        self.head = w.colleague
        self.fields = {f.code: f for f in EnforcementField.objects.all()}
        self.exam = Exam.objects.create(
            unit=w.township, title="资格考试", sitting_on=D(2018, 5, 1), pass_mark=Decimal("60")
        )
        self._n = 0

    def person(self, name: str, unit: Any = None) -> Person:
        self._n += 1
        return PersonFactory(name=name, unit=unit or self.w.township, is_cadre=True)

    def passed(self, person: Person, exam: Exam | None = None) -> ExamRegistration:
        return ExamRegistration.objects.create(
            unit=self.w.township,
            exam=exam or self.exam,
            person=person,
            registered_on=D(2018, 4, 1),
            score=Decimal("80"),
            result=ExamRegistration.Result.PASSED,
        )

    def officer(
        self,
        name: str,
        *,
        issued: dt.date | None = D(2022, 11, 1),
        fields: tuple[str, ...] = ALL_FIELDS,
        unit: Any = None,
        by: Any = None,
    ) -> Officer:
        unit = unit or self.w.township
        by = by or self.by
        person = self.person(name, unit)
        officer = workflow.register_officer(
            Officer(unit=unit, person=person, area=unit), fields=[], by=by
        )
        if issued is not None:
            self.passed(person)
            self._n += 1
            workflow.issue_certificate(
                officer,
                number=f"N{self._n:06d}{name}",
                issuing_authority="湖南省人民政府",
                issued_on=issued,
                fields=[self.fields[c] for c in fields],
                by=by,
            )
        return officer

    def pair(self) -> list[Officer]:
        return [self.officer("执法甲"), self.officer("执法乙")]

    def clue(self, **kw: Any) -> EnforcementCase:
        data: dict[str, Any] = {
            "unit": self.w.township,
            "case_type": "penalty",
            "title": "占用林地",
            "field": self.fields["forestry"],
            "party_type": "citizen",
            "party_name": "张三",
            "id_number": "431127198005170010",
            "phone": "13812345678",
            "address": "湖南省蓝山县湘江源瑶族乡荆竹村1组",
            "act_date": D(2024, 3, 1),
            "discovered_on": D(2024, 3, 4),
        }
        data.update(kw)
        return workflow.register_clue(EnforcementCase(**data), by=self.by)

    def reload(self, case: EnforcementCase) -> EnforcementCase:
        return EnforcementCase.objects.get(pk=case.pk)

    def to_stage(
        self,
        stage: str,
        officers: list[Officer] | None = None,
        *,
        fine: str = "500",
        filed: dt.date = D(2024, 3, 5),
        **kw: Any,
    ) -> EnforcementCase:
        """A penalty case through the ordinary procedure up to `stage`, by the
        steps the demo's cases take (fazhi.enforcement.builders)."""
        if stage not in ORDINARY:
            raise ValueError(stage)
        cast = Cast(users={"zhifa": self.by, "leader": self.head})
        case = play(self.clue(**kw), ordinary(filed, fine, stage), cast, officers or self.pair())
        return self.reload(case)


@pytest.fixture
def enf(world: World) -> Enf:
    return Enf(world)


__all__ = ["Certificate", "Enf", "World", "world"]
