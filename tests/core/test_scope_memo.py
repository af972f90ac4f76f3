"""`Model.objects.visible_to(user)` builds the scope's conditions once per
user object (core.models.base.ScopedManager): each caller still gets its own
queryset and a related manager still filters on its instance."""

from typing import Any

import pytest

from fazhi.core.models import Person
from fazhi.petitions.models import Petition, PetitionQuerySet
from tests.factories import PersonFactory, World
from tests.petitions.conftest import make_petition

pytestmark = pytest.mark.django_db


def test_the_scope_is_built_once_a_user_and_each_caller_gets_its_own_copy(
    world: World, monkeypatch: Any
) -> None:
    PersonFactory(name="荆竹村民", unit=world.village)
    PersonFactory(name="乡干部", unit=world.township)
    PersonFactory(name="外乡人", unit=world.other_township)
    built = []
    original = PetitionQuerySet.visible_to

    def counted(self: PetitionQuerySet, user: Any) -> Any:
        built.append(user)
        return original(self, user)

    monkeypatch.setattr(PetitionQuerySet, "visible_to", counted)
    user = world.owner
    Petition.objects.visible_to(user)
    Petition.objects.visible_to(user)
    assert len(built) == 1

    # A caller's filter stays its own: the next caller starts from the scope.
    narrowed = Person.objects.visible_to(user).filter(name="荆竹村民")
    everyone = Person.objects.visible_to(user)
    assert set(narrowed.values_list("name", flat=True)) == {"荆竹村民"}
    assert set(everyone.values_list("name", flat=True)) == {"荆竹村民", "乡干部"}
    # Another user object (the next request) builds its own.
    assert set(Person.objects.visible_to(world.outsider).values_list("name", flat=True)) == {
        "外乡人"
    }


def test_a_related_manager_still_filters_on_its_own_record(world: World) -> None:
    first = make_petition(world.owner, world.township, title="第一件")
    second = make_petition(world.owner, world.township, title="第二件")
    third = make_petition(world.owner, world.township, title="第三件")
    Petition.objects.filter(pk=second.pk).update(repeat_of=first)
    user = world.owner
    assert list(first.repeats.visible_to(user)) == [second]
    assert list(third.repeats.visible_to(user)) == []
