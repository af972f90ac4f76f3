"""The error answers every API operation can give, documented in the OpenAPI
schema (drf-spectacular documents only the success answer by itself).

They follow from the API pattern (core.api), not from each view, so they are
added once, after generation, to every operation that can give them:

- 400 — the input is refused: a body field, a filter or a query parameter;
  the body maps each field name to its messages in Chinese ("non_field_errors"
  for a refusal of the whole step).
- 403 — not logged in, or a read-only role writing (`{"detail": ...}`).
- 404 — the record is not in the user's scope (out of scope is never 403), or
  a list page that does not exist.
- 409 — the record's state no longer allows the step (someone else took a
  step or edited it first), or it is still referred to and cannot be deleted;
  `current` is the record as it is now, where the step knows it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as _AutoSchema

ERROR_COMPONENTS: dict[str, dict[str, Any]] = {
    "ErrorDetail": {
        "type": "object",
        "description": "拒绝的原因（中文）。",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "type": "object",
        "description": (
            "字段名 → 该字段的错误信息（中文，列表）；整个操作被拒绝时为 non_field_errors。"
            "嵌套的输入（如信访人）按位置给出各自的错误。"
        ),
        "additionalProperties": {},
    },
    "Conflict": {
        "type": "object",
        "description": "记录的当前状态不允许该操作（已被他人办理或修改），或仍被其他记录引用。",
        "properties": {
            "detail": {"type": "string"},
            "field": {"type": "string", "description": "被拒绝所涉及的字段（如 stage、version）。"},
            "current": {
                "type": "object",
                "additionalProperties": {},
                "description": "记录的当前状态（操作知道时给出），与成功时的答复同形。",
            },
        },
        "required": ["detail"],
    },
}

WRITES = {"post", "put", "patch", "delete"}


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
        out["400"] = _answer("输入有误：各字段的错误信息。", "ValidationErrors")
    out["403"] = _answer("未登录，或角色无权进行该操作（只读角色不能写入）。", "ErrorDetail")
    if in_path or paged:
        out["404"] = _answer("记录不存在或不在您的管辖范围内；或页码不存在。", "ErrorDetail")
    if method in WRITES:
        out["409"] = _answer("记录已被他人办理或修改，或仍被引用：见 current。", "Conflict")
    return out


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular postprocessing hook: add the error answers (and their
    components) to every operation; an answer a view documents itself stays."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_COMPONENTS.items():
        schemas.setdefault(name, schema)
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
    would promise a value the answers do not always carry.)"""

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
