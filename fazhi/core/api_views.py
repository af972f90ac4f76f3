from __future__ import annotations

from typing import Any

from rest_framework import mixins, viewsets

from . import workflow
from .api import WorkflowViewSet
from .models import Person
from .scope import units_visible_to
from .serializers import OrgUnitSerializer, PersonSerializer


class OrgUnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OrgUnitSerializer
    filterset_fields = ["kind", "parent"]

    def get_queryset(self) -> Any:
        return units_visible_to(self.request.user).order_by("path")


class RecordViewSet(WorkflowViewSet):
    """Create/update/delete through core.workflow (scope, audit, versions), for
    records with no workflow beyond editing; `m2m_fields` are set after."""

    http_method_names = [*WorkflowViewSet.http_method_names, "delete"]

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        if instance.pk is None:
            instance = workflow.create_record(instance, by=self.request.user)
        else:
            # The event names the linked lists the update changes (audit.list_changes).
            instance = workflow.update_record(instance, by=self.request.user, lists=m2m, **kw)
        for name, values in m2m.items():
            getattr(instance, name).set(values)
        return instance

    def perform_destroy(self, instance: Any) -> None:
        workflow.delete_record(instance, by=self.request.user)


class PersonViewSet(RecordViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_fields = ["unit", "is_cadre", "gender"]
    search_fields = ["name"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit").order_by("name", "pk")
