"""The API pattern every module follows: a scoped viewset, one permission
class, workflow steps run by `run_api_action`, and errors answered in Chinese
with field names (HTTP 400)."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import audit
from .actions import Action, can_write
from .errors import RuleViolation
from .models import OrgUnit
from .permissions import ScopedPermission
from .scope import units_visible_to


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    # RuleViolation is a Django ValidationError: it is checked first, so a
    # refusal not tied to a field comes back under "non_field_errors" (as DRF
    # names it) rather than Django's "__all__".
    if isinstance(exc, RuleViolation):
        exc = DRFValidationError(detail=exc.as_dict())
    elif isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = DRFValidationError(detail=detail)
    return drf_exception_handler(exc, context)


class ScopedViewSet(viewsets.ModelViewSet):
    """Queryset from `visible_to(request.user)`; create/update run the
    serializer's validation, then the module's workflow function."""

    def get_queryset(self) -> Any:
        qs = self.queryset.model.objects.visible_to(self.request.user)  # type: ignore[union-attr]
        return self.optimize(qs)

    def optimize(self, qs: Any) -> Any:
        return qs


def request_version(request: Request) -> int | None:
    """The record `version` the client last saw (None when it sent none); an
    edit against an older version is refused by the workflow."""
    raw: Any = request.data.get("version")
    if raw in (None, ""):
        return None
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        raise RuleViolation("版本号格式不正确。", field="version") from None


class WorkflowCreateMixin(metaclass=ABCMeta):
    """`perform_create` builds the unsaved instance from the validated data and
    hands it to `persist`; the many-to-many values named in `m2m_fields` are
    taken out of the data and passed beside it."""

    m2m_fields: tuple[str, ...] = ()
    request: Any  # the view's (a DRF Request once dispatched)

    @abstractmethod
    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        """Save `instance` through the module's workflow function; return it.

        The workflow owns the rules, the scope and version checks and the audit
        row; a refusal (`RuleViolation`) becomes HTTP 400 naming the field in
        Chinese. On create `kw` is empty and `instance.pk` is None; on update
        (`WorkflowViewSet`) it holds `version` (what the client last saw) and
        `before` (the audit snapshot taken before the change). `m2m` maps each
        name of `m2m_fields` to its new values (on update, the current ones when
        the request left the field out)."""

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        m2m = {name: list(data.pop(name, [])) for name in self.m2m_fields}
        instance = serializer.Meta.model(**data)
        serializer.instance = self.persist(instance, m2m)


class WorkflowViewSet(WorkflowCreateMixin, ScopedViewSet):
    """The API write pattern: create and update go through `persist` (the
    module's workflow function); no generic delete unless a subclass adds it."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_update(self, serializer: Any) -> None:
        instance = serializer.instance
        before = audit.snapshot(instance)
        data = dict(serializer.validated_data)
        m2m = {
            name: list(data.pop(name)) if name in data else self.current_m2m(instance, name)
            for name in self.m2m_fields
        }
        with transaction.atomic():
            for key, value in data.items():
                setattr(instance, key, value)
            serializer.instance = self.persist(
                instance, m2m, version=request_version(self.request), before=before
            )

    def current_m2m(self, instance: Any, name: str) -> Any:
        """The values a partial update leaves unchanged."""
        return list(getattr(instance, name).all())


# Typed for the OpenAPI schema: outside a model serializer the field has no
# model to read its key's type from.
@extend_schema_field(OpenApiTypes.INT)
class UnitField(serializers.PrimaryKeyRelatedField):
    """A unit reference limited to the requesting user's scope: an unknown or
    out-of-scope unit is refused with a message naming the field."""

    default_error_messages = {
        "does_not_exist": "单位不存在或不在您的管辖范围内（编号 {pk_value}）。",
        "incorrect_type": "单位编号格式不正确。",
        "required": "请选择所属单位。",
    }

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        if request is None:
            return OrgUnit.objects.none()
        return units_visible_to(request.user)


def bad_request(detail: dict[str, Any]) -> Response:
    return Response(detail, status=status.HTTP_400_BAD_REQUEST)


def form_errors(form: Any) -> dict[str, list[str]]:
    """A step form's errors by field, each message led by its field's label
    ("地点：这个字段是必填项。"); errors of the whole form under
    "non_field_errors", as the exception handler puts a workflow refusal."""
    out: dict[str, list[str]] = {}
    for field, errors in form.errors.items():
        key = "non_field_errors" if field == "__all__" else field
        label = form.fields[field].label if field in form.fields else ""
        out[key] = [f"{label}：{e}" if label else str(e) for e in errors]
    return out


# What a step's call gets besides the cleaned data and the user (the API's
# counterparts of core.actions.no_extra / with_files / with_version).
ApiExtra = Callable[[Request], tuple[Any, ...]]


def no_extra(request: Request) -> tuple[Any, ...]:
    return ()


def with_files(request: Request) -> tuple[Any, ...]:
    """The uploaded files (a step that attaches evidence)."""
    return (request.FILES,)


def with_version(request: Request) -> tuple[Any, ...]:
    """The record `version` the client last saw (`request_version`)."""
    return (request_version(request),)


def run_api_action(
    request: Request,
    obj: Any,
    actions: Mapping[str, Action[Any]],
    name: str,
    *,
    respond: Callable[[Any, Any], Any],
    extra: ApiExtra = no_extra,
) -> Response:
    """Run the workflow step `name` (a core.actions.Action) on `obj`, the
    record the viewset found in the user's scope (`get_object`: 404 outside).

    An unknown step is 404, a read-only role 403 (the permission class refuses
    it first; this keeps the rule for any viewset). The step's form is bound to
    the request's data and files, unprefixed, with `user=` and `record=` as on
    the page; an invalid form answers 400 with `form_errors` and the step is
    not called. The step runs in one transaction with the cleaned data, the
    user and `extra(request)`; a refusal (`RuleViolation`, `ValidationError`)
    rolls it back and reaches the exception handler: 400 naming the field. As
    on the page, a step is run even when the record's state would not offer
    it, so the workflow answers with the precise reason.

    `respond(obj, result)` is the body after the step: the module's
    serialization of the record (or of what the step returned)."""
    action = actions.get(name)
    if action is None:
        raise NotFound(f"未知的操作“{name}”。")
    if not can_write(request.user):
        raise PermissionDenied("您的角色为只读。")
    form = action.form(request.data, request.FILES, user=request.user, record=obj, prefix="")
    if not form.is_valid():
        return bad_request(form_errors(form))
    with transaction.atomic():
        result = action.run(obj, form.cleaned_data, request.user, *extra(request))
    return Response(respond(obj, result))


__all__ = [
    "Http404",
    "ScopedPermission",
    "ScopedViewSet",
    "UnitField",
    "WorkflowCreateMixin",
    "WorkflowViewSet",
    "bad_request",
    "form_errors",
    "no_extra",
    "request_version",
    "run_api_action",
    "with_files",
    "with_version",
]
