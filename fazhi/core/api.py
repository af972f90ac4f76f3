"""The API pattern every module follows: a scoped viewset, one permission
class, and errors answered in Chinese with field names (HTTP 400)."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import audit
from .errors import RuleViolation
from .models import OrgUnit
from .permissions import ScopedPermission
from .scope import units_visible_to


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = DRFValidationError(detail=detail)
    elif isinstance(exc, RuleViolation):
        exc = DRFValidationError(detail=exc.as_dict())
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


__all__ = [
    "Http404",
    "ScopedPermission",
    "ScopedViewSet",
    "UnitField",
    "WorkflowCreateMixin",
    "WorkflowViewSet",
    "bad_request",
    "request_version",
]
