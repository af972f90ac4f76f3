from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework import mixins, viewsets
from rest_framework.serializers import BaseSerializer

from . import audit, workflow
from .api import ScopedViewSet
from .errors import ConcurrentEdit
from .models import Person
from .scope import units_visible_to
from .serializers import OrgUnitSerializer, PersonSerializer


class OrgUnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OrgUnitSerializer
    filterset_fields = ["kind", "parent"]

    def get_queryset(self) -> Any:
        return units_visible_to(self.request.user).order_by("path")


class RecordViewSet(ScopedViewSet):
    """Create/update/delete through core.workflow (scope, audit, versions)."""

    def perform_create(self, serializer: BaseSerializer) -> None:
        instance = serializer.Meta.model(**serializer.validated_data)  # type: ignore[attr-defined]
        serializer.instance = workflow.create_record(instance, by=self.request.user)

    def perform_update(self, serializer: BaseSerializer) -> None:
        instance = serializer.instance
        assert instance is not None
        before = audit.snapshot(instance)
        expected: Any = self.request.data.get("version")
        with transaction.atomic():
            for key, value in serializer.validated_data.items():  # type: ignore[union-attr]
                setattr(instance, key, value)
            try:
                version = int(expected) if expected not in (None, "") else None
            except (TypeError, ValueError):
                raise ConcurrentEdit("他人", "未知时间") from None
            serializer.instance = workflow.update_record(
                instance, by=self.request.user, version=version, before=before
            )

    def perform_destroy(self, instance: Any) -> None:
        workflow.delete_record(instance, by=self.request.user)


class PersonViewSet(RecordViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_fields = ["unit", "is_cadre", "gender"]
    search_fields = ["name"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit").order_by("name", "pk")
