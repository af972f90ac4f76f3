"""core.indicators.Section: a module's figures under one report section,
declared with the section and the usual unit word written once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Q

from fazhi.core.indicators import REGISTRY, Period, Section, compute, compute_many, record_counts
from fazhi.core.models import OrgUnit, Person
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db

figures = Section("test", unit_label="人")


def _people(unit: OrgUnit, period: Period) -> Any:
    return Person.objects.filter(unit__path__startswith=unit.path)


@pytest.fixture
def declared() -> Iterator[None]:
    before = set(REGISTRY)
    yield
    for key in set(REGISTRY) - before:
        del REGISTRY[key]


def test_count_declares_the_narrowed_records_and_returns_them(world: World, declared: None) -> None:
    PersonFactory(unit=world.village, gender=Person.Gender.FEMALE)
    PersonFactory(unit=world.township, gender=Person.Gender.MALE)
    period = Period.year(2024)
    everyone = figures.count("test.people", "人员", _people, order=1)
    women = figures.count(
        "test.people.female", "女性", _people, order=2, unit_label="名", gender=Person.Gender.FEMALE
    )
    assert everyone is _people
    ind = REGISTRY["test.people.female"]
    assert (ind.section, ind.unit_label, ind.order, ind.is_count) == ("test", "名", 2, True)
    assert REGISTRY["test.people"].unit_label == "人"
    assert list(women(world.township, period)) == list(
        _people(world.township, period).filter(gender=Person.Gender.FEMALE)
    )
    assert compute("test.people.female", world.township, period) == 1
    # Batched over many units as a count declared by hand is.
    many = compute_many("test.people.female", [world.township, world.village], period)
    assert many == {
        world.township.pk: compute("test.people.female", world.township, period),
        world.village.pk: compute("test.people.female", world.village, period),
    }
    assert record_counts("test.people.female", [world.village], period) == {
        world.village.pk: many[world.village.pk]
    }


def test_counted_rate_total_and_per_choice_carry_the_section(world: World, declared: None) -> None:
    PersonFactory(unit=world.township, gender=Person.Gender.FEMALE)

    @figures.counted("test.people.own", "人员（自定）", order=3)
    def own(unit: OrgUnit, period: Period) -> Any:
        return _people(unit, period)

    figures.rate(
        "test.people.female_rate", Q(gender=Person.Gender.FEMALE), "女性占比", _people, order=4
    )
    figures.total("test.people.ids", "pk", "编号合计", _people, order=5)
    figures.per_choice(
        "test.people.{value}", Person.Gender.choices, _people, "gender", label="{label}", order=6
    )
    period = Period.year(2024)
    assert REGISTRY["test.people.own"].records is own
    rate = REGISTRY["test.people.female_rate"]
    assert (rate.section, rate.unit_label, rate.is_rate) == ("test", "%", True)
    assert 0 < compute("test.people.female_rate", world.township, period) <= 100
    assert REGISTRY["test.people.ids"].unit_label == "人"
    female = REGISTRY[f"test.people.{Person.Gender.FEMALE}"]
    assert (female.section, female.unit_label) == ("test", "人")
    assert all(REGISTRY[k].section == "test" for k in set(REGISTRY) if k.startswith("test."))


def test_period_within_keeps_both_ends_through_a_relation() -> None:
    import datetime as dt

    assert Period.year(2024).within("training__held_on") == {
        "training__held_on__gte": dt.date(2024, 1, 1),
        "training__held_on__lte": dt.date(2024, 12, 31),
    }
