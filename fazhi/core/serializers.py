from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from . import pii
from .api import UnitField
from .models import OrgUnit, Person
from .validators import normalize_id_number


class LabelledModelSerializer(serializers.ModelSerializer):
    """A model serializer that gives every choice field its label beside the
    code: `stage` "clue" comes with `stage_display` "线索" (read-only, in the
    request's language), so no client shows a raw code. A serializer that
    declares its own `<name>_display` keeps it."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        if model is None:
            return fields
        for name in list(fields):
            label_name = f"{name}_display"
            if label_name in fields:
                continue
            try:
                field = model._meta.get_field(fields[name].source or name)
            except FieldDoesNotExist:
                continue
            if getattr(field, "choices", None) and not field.is_relation:
                fields[label_name] = serializers.CharField(
                    source=f"get_{field.name}_display",
                    read_only=True,
                    label=_("%(field)s（名称）") % {"field": field.verbose_name},
                )
        return fields


class OrgUnitSerializer(LabelledModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "parent",
            "division_code",
            "abbreviation",
            "depth",
        ]
        read_only_fields = fields


class PersonSerializer(LabelledModelSerializer):
    """Personal fields come back masked unless the role may see them."""

    unit = UnitField()
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "unit",
            "name",
            "gender",
            "ethnicity",
            "id_number",
            "phone",
            "address",
            "title",
            "is_cadre",
            "note",
            "version",
        ]
        extra_kwargs = {
            "name": {"error_messages": {"required": "请填写姓名。", "blank": "姓名不能为空。"}},
        }

    def validate_id_number(self, value: str) -> str:
        return normalize_id_number(value)

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        for name in ("id_number", "phone", "address"):
            data[name] = pii.display(instance, name, user)
        return data
