from __future__ import annotations

from typing import Any

from rest_framework import serializers

from . import pii
from .api import UnitField
from .models import OrgUnit, Person
from .validators import normalize_id_number


class OrgUnitSerializer(serializers.ModelSerializer):
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


class PersonSerializer(serializers.ModelSerializer):
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
