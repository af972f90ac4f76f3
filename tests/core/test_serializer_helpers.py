"""The shared serializer pieces of core.serializers, each tried once here on
a core Person (the apps' serializers are built from them)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from rest_framework import serializers

from fazhi.core.models import OrgUnit, Person
from fazhi.core.serializers import (
    LabelledModelSerializer,
    MaskedPii,
    ScopedRelations,
    UnitRecordSerializer,
    checked_id_number,
)
from tests.factories import PersonFactory, World, valid_id_number

pytestmark = pytest.mark.django_db


def _context(user: Any, **query: str) -> dict[str, Any]:
    return {"request": SimpleNamespace(user=user, method="GET", GET=query)}


class _PhoneOnly(MaskedPii, serializers.ModelSerializer):
    pii_fields = ("phone", "address")  # address not in the output: left alone

    class Meta:
        model = Person
        fields = ["id_number", "phone"]


def test_masked_pii_masks_the_named_fields_unless_the_role_may_see_them(world: World) -> None:
    person = PersonFactory(unit=world.township)
    revealer = next(u for u in (world.owner, world.colleague) if u.can_reveal_pii)
    # A role that may see personal data sees it masked by default, in full on
    # a read that gives a reason (core.api_pii, audited there).
    plain = _PhoneOnly(person, context=_context(revealer)).data
    assert plain["phone"] != person.phone and plain["id_number"] == person.id_number
    seen = _PhoneOnly(person, context=_context(revealer, reason="核实当事人联系方式")).data
    assert seen == {"id_number": person.id_number, "phone": person.phone}
    masked = _PhoneOnly(
        person, context=_context(world.village_cadre, reason="核实当事人联系方式")
    ).data
    assert masked["phone"] != person.phone and masked["id_number"] == person.id_number


class _Related(ScopedRelations, serializers.Serializer):
    scoped_relations = ("person",)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())


def test_scoped_relations_refuse_a_record_outside_the_users_scope(world: World) -> None:
    inside = PersonFactory(unit=world.village)
    outside = PersonFactory(unit=world.other_township)
    assert _Related(data={"person": inside.pk}, context=_context(world.owner)).is_valid()
    refused = _Related(data={"person": outside.pk}, context=_context(world.owner))
    assert not refused.is_valid() and "person" in refused.errors
    # Without a request (the schema generator) the declared choices stay.
    assert _Related(data={"person": outside.pk}).is_valid()


class _Record(UnitRecordSerializer):
    class Meta:
        model = Person
        fields = ["id", "unit", "name", "version"]


def test_unit_record_serializer_takes_a_unit_in_scope_and_never_a_version(world: World) -> None:
    ok = _Record(
        data={"unit": world.village.pk, "name": "李四", "version": 9}, context=_context(world.owner)
    )
    assert ok.is_valid(), ok.errors
    assert "version" not in ok.validated_data
    far = _Record(
        data={"unit": world.other_township.pk, "name": "李四"}, context=_context(world.owner)
    )
    assert not far.is_valid() and "unit" in far.errors


def test_checked_id_number_normalizes_and_refuses_in_the_forms_words() -> None:
    good = valid_id_number(3)
    assert checked_id_number(f" {good.lower()} ") == good.upper()
    assert checked_id_number("") == ""
    with pytest.raises(serializers.ValidationError, match="string='身份证号码应为18位"):
        checked_id_number("123")


class _Unit(LabelledModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "kind", "kind_display", "name"]


def test_a_label_named_in_meta_fields_stands_there_without_a_declaration(world: World) -> None:
    data = _Unit(world.village).data
    assert list(data) == ["id", "kind", "kind_display", "name"]
    assert data["kind_display"] == world.village.get_kind_display()
