"""The API pattern every module follows: a scoped viewset, one permission
class, and errors answered in Chinese with field names (HTTP 400)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

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


__all__ = ["Http404", "ScopedPermission", "ScopedViewSet", "UnitField", "bad_request"]
