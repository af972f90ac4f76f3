"""core.indicators.count_per_choice: one count figure per choice of a field."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.core.indicators import REGISTRY, Period, compute, count_per_choice
from fazhi.core.models import OrgUnit, Person
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db


def _people(unit: OrgUnit, period: Period) -> Any:
    return Person.objects.filter(unit__path__startswith=unit.path)


def test_count_per_choice_declares_a_narrowed_count_for_each_choice(world: World) -> None:
    PersonFactory(unit=world.township, gender=Person.Gender.FEMALE)
    choices = [(Person.Gender.MALE, "男"), (Person.Gender.FEMALE, "女")]
    try:
        count_per_choice(
            "test.people.{value}",
            choices,
            _people,
            "gender",
            label="人员：{label}",
            unit_label="人",
            section="test",
            order=5,
        )
        female = REGISTRY[f"test.people.{Person.Gender.FEMALE}"]
        assert (female.label, female.order) == ("人员：女", 6)
        period = Period.year(2024)
        assert compute(female.key, world.township, period) == 1
        assert compute(f"test.people.{Person.Gender.MALE}", world.township, period) == 0
    finally:
        for value, _label in choices:
            REGISTRY.pop(f"test.people.{value}", None)
