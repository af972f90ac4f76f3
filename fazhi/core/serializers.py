from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from . import api_pii, inputs
from .api import UnitField
from .errors import labelled
from .models import OrgUnit, Person
from .validators import normalize_id_number, normalize_phone, validate_id_number


def _choice_field(model: Any, name: Any) -> Any:
    """The model's field `name` if it has choices (and is not a relation)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "choices", None) and not field.is_relation else None


def _display_kwargs(field: Any) -> dict[str, Any]:
    return {
        "source": f"get_{field.name}_display",
        "read_only": True,
        "label": _("%(field)s（名称）") % {"field": field.verbose_name},
    }


class IdNumberField(serializers.CharField):
    """An identity number read half-width, upper-case before its checks
    (core.validators.normalize_id_number: １２３…Ｘ typed with an IME)."""

    def to_internal_value(self, data: Any) -> str:
        return normalize_id_number(super().to_internal_value(data))


class PhoneField(serializers.CharField):
    """A phone read half-width, without spaces, before its checks
    (core.validators.normalize_phone)."""

    def to_internal_value(self, data: Any) -> str:
        return normalize_phone(super().to_internal_value(data))


class BoundedInputs(serializers.Serializer):
    """Every date and free text the serializer takes within the input rule
    (core.inputs), as the forms' (core.forms.BoundedInputs): refused with
    HTTP 400 under the field's name, the message naming the field by its
    label. `dates_ahead` (here or on the model) names the dates that may lie
    ahead, `text_limits` the texts capped otherwise than by their name (the
    cap is the field's max_length, so the schema shows it too). An ID number
    or a phone is read half-width before it is checked (`IdNumberField`,
    `PhoneField`). The mixin of `LabelledModelSerializer` and of the apps'
    input serializers."""

    dates_ahead: tuple[str, ...] = ()
    text_limits: dict[str, int] = {}

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        ahead = inputs.declared_dates_ahead(self, model)
        limits = inputs.declared_text_limits(self, model)
        for name, field in fields.items():
            if field.read_only:
                continue
            label = field.label or name
            kind = inputs.identity_kind(name)
            if kind and type(field) is serializers.CharField:
                field.__class__ = IdNumberField if kind == "id_number" else PhoneField
            if isinstance(field, serializers.DateField) and not inputs.has_rule(
                field.validators, "date"
            ):
                field.validators = [
                    *field.validators,
                    inputs.date_validator(label, ahead=inputs.may_lie_ahead(name, ahead)),
                ]
            elif (
                isinstance(field, serializers.CharField)
                and field.max_length is None
                and not inputs.has_rule(field.validators, "text")
            ):
                limit = inputs.text_limit(name, limits)
                field.max_length = limit
                field.validators = [*field.validators, inputs.text_validator(label, limit)]
        return fields


def bounded_texts(request: Any, **labels: Any) -> dict[str, str]:
    """The free texts an action reads from the request beside any serializer
    (a reason, a comment, a summary), by name with their labels, held to the
    input rule as a serializer's fields are (`BoundedInputs`): one too long
    is refused with HTTP 400 under its name. A text not sent is ""."""
    fields = {
        name: serializers.CharField(
            label=label, required=False, allow_blank=True, trim_whitespace=False
        )
        for name, label in labels.items()
    }
    reader = type("TextInputs", (BoundedInputs, serializers.Serializer), fields)(
        data={k: v for k in labels if (v := request.data.get(k)) is not None}
    )
    reader.is_valid(raise_exception=True)
    return {name: str(reader.validated_data.get(name, "")) for name in labels}


class LabelledModelSerializer(BoundedInputs, serializers.ModelSerializer):
    """A model serializer that gives every choice field its label beside the
    code: `stage` "clue" comes with `stage_display` "线索" (read-only, in the
    request's language), so no client shows a raw code. The label comes after
    the serializer's fields unless `Meta.fields` names `<name>_display` where
    it should stand; a serializer that declares its own `<name>_display`
    keeps it.

    `stated_fields` names the choices a client states on a new record, as the
    record's form (core.forms.state_choices): the model's default made them
    optional here, so a client that sent no 风险等级 got 低. Each is required
    (a partial update still leaves it out), refused naming the field."""

    stated_fields: tuple[str, ...] = ()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for name in self.stated_fields:
            stated = fields[name]
            stated.required = True
            stated.error_messages = {
                **stated.error_messages,
                "required": labelled(stated.error_messages["required"], stated.label),
            }
        model = getattr(getattr(self, "Meta", None), "model", None)
        if model is None:
            return fields
        for name in list(fields):
            label_name = f"{name}_display"
            if label_name in fields:
                continue
            field = _choice_field(model, fields[name].source or name)
            if field is not None:
                fields[label_name] = serializers.CharField(**_display_kwargs(field))
        return fields

    def build_field(
        self, field_name: str, info: Any, model_class: Any, nested_depth: int
    ) -> tuple[type[serializers.Field[Any, Any, Any, Any]], dict[str, Any]]:
        # `<name>_display` named in Meta.fields: the label, built as above.
        code = field_name.removesuffix("_display")
        field = _choice_field(model_class, code) if code != field_name else None
        if field is not None:
            return serializers.CharField, _display_kwargs(field)
        return super().build_field(field_name, info, model_class, nested_depth)  # type: ignore[no-any-return]


class MaskedPii(serializers.Serializer):
    """Personal fields (`pii_fields`, those of them the serializer has) come
    back masked, unless a role that may see them asks with a reason on a read
    (`?reason=`; core.api_pii: then in full, each record's read audited with
    the reason and the fields). Every serializer carrying a person's identity
    number, phone or address answers by this one rule."""

    pii_fields: tuple[str, ...] = ("id_number", "phone", "address")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        present = [name for name in self.pii_fields if name in data]
        if present:
            data.update(api_pii.values(instance, present, self.context.get("request")))
        return data


class ScopedRelations(serializers.Serializer):
    """The relations named in `scoped_relations` offer only the records the
    requesting user sees (their model's `visible_to`): one outside the scope
    is refused as one that does not exist, with the field's own message.
    Without a request (the schema generator) the declared choices stay."""

    scoped_relations: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for name in self.scoped_relations:
            field: Any = self.fields[name]
            field.queryset = field.queryset.model.objects.visible_to(request.user)


class UnitRecordSerializer(LabelledModelSerializer):
    """A record kept by a unit and edited under a version check (core.api's
    WorkflowViewSet / RecordViewSet): the unit is one in the user's scope
    (`UnitField`), the version is read-only and echoed back on an edit."""

    unit = UnitField()
    version = serializers.IntegerField(read_only=True)


def checked_id_number(value: str) -> str:
    """A posted identity number normalized and checked (core.validators), the
    refusal led by the field's label as the step forms' are. For input
    serializers that are not model serializers (the model's validator does not
    run there)."""
    value = normalize_id_number(value)
    if value:
        try:
            validate_id_number(value)
        except ValidationError as exc:
            raise serializers.ValidationError(labelled(exc.messages[0], _("身份证号码"))) from None
    return value


class OrgUnitSerializer(LabelledModelSerializer):
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


class PersonSerializer(MaskedPii, UnitRecordSerializer):
    """Personal fields come back masked unless the role may see them."""

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
            "name": {
                "error_messages": {"required": _("请填写姓名。"), "blank": _("姓名不能为空。")}
            },
        }

    def validate_id_number(self, value: str) -> str:
        return normalize_id_number(value)
