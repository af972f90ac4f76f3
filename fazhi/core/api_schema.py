"""The error answers every API operation can give, documented in the OpenAPI
schema (drf-spectacular documents only the success answer by itself).

They follow from the API pattern (core.api), not from each view, so they are
added once, after generation, to every operation that can give them:

- 400 — the input is refused: a body field, a filter or a query parameter;
  the body maps each field name to its messages in the reader's language ("non_field_errors"
  for a refusal of the whole step).
- 403 — not logged in, or a read-only role writing (`{"detail": ...}`).
- 404 — the record is not in the user's scope (out of scope is never 403), or
  a list page that does not exist.
- 409 — the record's state no longer allows the step (someone else took a
  step or edited it first), or it is still referred to and cannot be deleted;
  `current` is the record as it is now, where the step knows it.
- 415 — a body of a type no parser reads (not JSON, a form or multipart).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema as _AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

ERROR_COMPONENTS: dict[str, dict[str, Any]] = {
    "ErrorDetail": {
        "type": "object",
        "description": gettext_lazy("拒绝的原因（按所选语言，默认中文）。"),
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "type": "object",
        "description": gettext_lazy(
            "字段名 → 该字段的错误信息（按所选语言，默认中文，列表）；整个操作被拒绝时为"
            " non_field_errors。嵌套的输入（如信访人）按位置给出各自的错误。"
        ),
        "additionalProperties": {},
    },
    "Conflict": {
        "type": "object",
        "description": gettext_lazy(
            "记录的当前状态不允许该操作（已被他人办理或修改），或仍被其他记录引用。"
        ),
        "properties": {
            "detail": {"type": "string"},
            "field": {
                "type": "string",
                "description": gettext_lazy("被拒绝所涉及的字段（如 stage、version）。"),
            },
            "current": {
                "type": "object",
                "additionalProperties": {},
                "description": gettext_lazy(
                    "记录的当前状态（操作知道时给出），与成功时的答复同形。"
                ),
            },
        },
        "required": ["detail"],
    },
}

WRITES = {"post", "put", "patch", "delete"}
# The methods that read a body: any other Content-Type than the parsers'
# (core.parsers.JSONObjectParser, form, multipart) is 415.
BODIES = {"post", "put", "patch"}


def _answer(description: str, component: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def errors_for(method: str, operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The error answers `operation` (an OpenAPI operation object) can give."""
    params = operation.get("parameters", [])
    in_path = any(p.get("in") == "path" for p in params)
    in_query = any(p.get("in") == "query" for p in params)
    paged = any(p.get("in") == "query" and p.get("name") == "page" for p in params)
    out: dict[str, dict[str, Any]] = {}
    if method in {"post", "put", "patch"} or in_query:
        out["400"] = _answer(_("输入有误：各字段的错误信息。"), "ValidationErrors")
    out["403"] = _answer(_("未登录，或角色无权进行该操作（只读角色不能写入）。"), "ErrorDetail")
    if in_path or paged:
        out["404"] = _answer(_("记录不存在或不在您的管辖范围内；或页码不存在。"), "ErrorDetail")
    if method in WRITES:
        out["409"] = _answer(_("记录已被他人办理或修改，或仍被引用：见 current。"), "Conflict")
    if method in BODIES:
        out["415"] = _answer(
            _("请求体的类型不受支持：应为 JSON 对象、表单或 multipart。"), "ErrorDetail"
        )
    return out


def _resolved(value: Any) -> Any:
    """A component with its lazy descriptions as text (YAML has no lazy strings)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _resolved(item) for key, item in value.items()}
    return value


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular postprocessing hook: add the error answers (and their
    components) to every operation; an answer a view documents itself stays."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_COMPONENTS.items():
        schemas.setdefault(name, _resolved(schema))
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, answer in errors_for(method, operation).items():
                operation["responses"].setdefault(code, answer)
    return result


class AutoSchema(_AutoSchema):
    """drf-spectacular's schema, and a read-only field of a model serializer
    says what its model field holds: null where the column is nullable, the
    empty string among the choices where a choice may be left blank. (DRF drops
    allow_null/allow_blank from read-only fields, so the generated schema
    would promise a value the answers do not always carry.)

    A viewset whose `list` answers one object (the search: groups and a total)
    says so with `list_returns_object = True`; otherwise its answer would be
    documented as an array."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        if getattr(self.view, "list_returns_object", False):
            return False
        return bool(super()._is_list_view(serializer))

    def get_override_parameters(self) -> list[Any]:
        """A read whose answer carries personal data (`honours_reason`)
        documents `reason`: core.api_pii answers it in full with one, audited.
        A view that documents `reason` itself (the petitions: an accusation's
        text too) keeps its own description, which comes after this one."""
        params = list(super().get_override_parameters())
        if self.method == "GET" and honours_reason(self.get_response_serializers()):
            params.insert(0, REASON_PARAMETER)
        return params

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        model_field = _model_field(field) if getattr(field, "read_only", False) else None
        if model_field is None or not isinstance(schema, dict):
            return schema
        enum = schema.get("enum")
        if isinstance(enum, list):
            if model_field.blank and "" not in enum and not model_field.null:
                schema["enum"] = [*enum, ""]
            if model_field.null and None not in enum:
                schema["enum"] = [*schema["enum"], None]
        return schema

    def _get_serializer_field_meta(self, field: Any, direction: Any) -> Any:
        meta = super()._get_serializer_field_meta(field, direction)
        if getattr(field, "read_only", False) and not getattr(field, "allow_null", False):
            model_field = _model_field(field)
            if model_field is not None and model_field.null:
                meta["nullable"] = True
        return meta


REASON_PARAMETER = OpenApiParameter(
    "reason",
    str,
    description=gettext_lazy(
        "查看完整个人信息的理由（至少 2 个字）：可查看个人信息的角色带上时，身份证号码、"
        "电话和住址完整给出，每条记录记入审计日志（查看个人信息）；不带时为屏蔽值；"
        "过短时 400（reason）。其他角色带与不带均为屏蔽值。"
    ),
)


def honours_reason(serializer: Any, depth: int = 0) -> bool:
    """Whether an answer of `serializer` (a serializer, its class, a list of
    them, or drf-spectacular's responses mapping) carries personal data that
    `?reason=` shows in full: a core.serializers.MaskedPii with one of its
    personal fields, or a serializer
    that answers through core.api_pii itself (`honours_reason = True`), at
    any depth of its fields."""
    from drf_spectacular.plumbing import force_instance
    from drf_spectacular.utils import OpenApiResponse

    from .serializers import MaskedPii

    if depth > 5 or serializer is None:
        return False
    if isinstance(serializer, dict):
        return any(honours_reason(item, depth) for item in serializer.values())
    if isinstance(serializer, OpenApiResponse):
        return honours_reason(serializer.response, depth)
    instance = force_instance(serializer)
    if isinstance(instance, serializers.ListSerializer):
        instance = instance.child
    if not isinstance(instance, serializers.BaseSerializer):
        return False
    fields = getattr(instance, "fields", {})
    if isinstance(instance, MaskedPii) and any(name in fields for name in instance.pii_fields):
        return True
    if getattr(instance, "honours_reason", False):
        return True
    return any(
        honours_reason(field, depth + 1)
        for field in fields.values()
        if isinstance(field, serializers.BaseSerializer)
    )


def _model_field(field: Any) -> Any:
    """The model field a serializer field reads directly (`source` one name on
    the serializer's model), else None."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", "")
    if model is None or not source or "." in source or source == "*":
        return None
    try:
        found = model._meta.get_field(source)
    except FieldDoesNotExist:
        return None
    return found if getattr(found, "concrete", False) else None


# --- the input of a workflow step, from its form ---------------------------------------


# A record's id (BigAutoField).
ID_RANGE: dict[str, Any] = {"min_value": 1, "max_value": 2**63 - 1}


def _serializer_field(field: forms.Field) -> serializers.Field:
    """The DRF field that documents a Django form field (its label as the
    help text); only used to describe the step's input in the schema, the
    form itself validates it."""
    common: dict[str, Any] = {"required": field.required, "help_text": field.label or ""}
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return serializers.BooleanField(required=False, help_text=common["help_text"])
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(**ID_RANGE), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(allow_null=not field.required, **ID_RANGE, **common)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(choices=_choices(field), **common)
    if isinstance(field, forms.ChoiceField) and _choices(field):
        return serializers.ChoiceField(
            choices=_choices(field), allow_blank=not field.required, **common
        )
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(allow_null=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            min_value=field.min_value,
            max_value=field.max_value,
            allow_null=not field.required,
            **common,
        )
    if isinstance(field, forms.FloatField):
        return serializers.FloatField(allow_null=not field.required, **common)
    if isinstance(field, forms.IntegerField):
        bounds: dict[str, Any] = {
            key: value
            for key, value in (("min_value", field.min_value), ("max_value", field.max_value))
            if value is not None
        }
        return serializers.IntegerField(allow_null=not field.required, **bounds, **common)
    if isinstance(field, forms.FileField):
        return serializers.FileField(**common)
    max_length = getattr(field, "max_length", None)
    return serializers.CharField(
        allow_blank=not field.required,
        **({"max_length": max_length} if max_length else {}),
        **common,
    )


def _choices(field: forms.ChoiceField) -> list[Any]:
    choices: Any = field.choices
    return [(value, label) for value, label in choices if value != ""]


def step_input(name: str, form_classes: list[Any]) -> type[serializers.Serializer]:
    """A serializer (component `name`) naming the inputs of the forms: one
    step's, or the union of several steps' that share a route (each input
    optional then; the step's form says which it needs)."""
    attrs: dict[str, Any] = {}
    for form_class in form_classes:
        for field_name, field in form_class.base_fields.items():
            if field_name not in attrs:
                attrs[field_name] = _serializer_field(field)
                if len(form_classes) > 1:
                    attrs[field_name].required = False
    return type(name, (serializers.Serializer,), attrs)


def step_schema(
    actions: Mapping[str, Any],
    component: str,
    *,
    name: str | None = None,
    response: Any = None,
    **extra: Any,
) -> Any:
    """`extend_schema` for a route that runs workflow steps (core.api.run_api_action)
    from `actions`: the request body is what the step's form reads, the
    answer `response` (the record's serializer by default). `name` is the one
    step of a per-step route; without it the route's `step` path parameter is
    one of the table's step names. `extra` goes to `extend_schema` as it is."""
    chosen = [actions[name]] if name is not None else list(actions.values())
    kwargs: dict[str, Any] = {
        "request": step_input(component, [a.form for a in chosen]),
        "description": "；".join(f"{a.name}：{a.label}" for a in chosen),
    }
    if name is None:
        kwargs["parameters"] = [
            OpenApiParameter("step", str, OpenApiParameter.PATH, enum=list(actions))
        ]
    if response is not None:
        kwargs["responses"] = response
    return extend_schema(**kwargs, **extra)
