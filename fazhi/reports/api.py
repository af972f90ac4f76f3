"""REST endpoints of this app, registered on the project router.

Reports are read in the user's scope (404 outside it); every change calls the
workflow, whose refusals become HTTP 400 with Chinese field messages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from fazhi.core.scope import units_visible_to
from fazhi.core.serializers import bounded_texts

from . import queries, workflow
from .models import AnnualReport, ReportSection
from .serializers import (
    CreateSerializer,
    ReportDetailSerializer,
    ReportSerializer,
    SectionEditSerializer,
    SectionSerializer,
)


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    filterset_fields = ["year", "status", "unit"]

    def get_queryset(self) -> Any:
        return queries.with_deadlines(
            AnnualReport.objects.visible_to(self.request.user)
            .select_related("unit")
            .order_by("-year", "unit__path")
        )

    def get_permissions(self) -> Any:
        # The county supervisor's role is read-only for records, but reviewing
        # a township's report is its job; workflow._common.check_reviewer decides.
        if self.action in ("accept", "return_"):
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return ReportDetailSerializer
        return ReportSerializer

    def create(self, request: Request) -> Response:
        data = CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = units_visible_to(request.user).filter(pk=data.validated_data["unit"]).first()
        if unit is None:
            return Response({"unit": [_("单位不存在或不在您的管辖范围内。")]}, status=400)
        report = workflow.generate_draft(unit, data.validated_data["year"], by=request.user)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def _do(self, request: Request, fn: Any, **kwargs: Any) -> Response:
        report = fn(self.get_object(), by=request.user, **kwargs)
        return Response(ReportSerializer(report).data)

    @action(detail=True, methods=["post"])
    def freeze(self, request: Request, pk: str | None = None) -> Response:
        return self._do(request, workflow.freeze)

    @action(detail=True, methods=["post"])
    def regenerate(self, request: Request, pk: str | None = None) -> Response:
        keep = str(request.data.get("keep_edits", "true")).lower() != "false"
        return self._do(request, workflow.regenerate_draft, keep_edits=keep)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._do(
            request, workflow.submit, **bounded_texts(request, missing_reason=_("缺项说明"))
        )

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        return self._do(
            request, workflow.return_report, **bounded_texts(request, comment=_("审核意见"))
        )

    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._do(request, workflow.accept, **bounded_texts(request, note=_("审核意见")))

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        secrecy = str(request.data.get("secrecy_reviewed", "")).lower() in (
            "1",
            "true",
            "on",
            "yes",
        )
        return self._do(request, workflow.publish, secrecy_reviewed=secrecy)


class SectionViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = SectionSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return ReportSection.objects.visible_to(self.request.user).select_related("report")

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        section = self.get_object()
        data = SectionEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        version = fields.pop("version")
        if all(getattr(section, name) == value for name, value in fields.items()):
            # Nothing to change: the section as it is, no version, no audit
            # event (as core.api.WorkflowViewSet answers such a PATCH).
            return Response(SectionSerializer(section).data)
        updated = workflow.edit_section(section, by=request.user, version=version, **fields)
        return Response(SectionSerializer(updated).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not kwargs.get("partial"):
            raise Http404
        return self.partial_update(request, *args, **kwargs)


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to /api/v1/."""
    router.register("reports", ReportViewSet, basename="report")
    router.register("report-sections", SectionViewSet, basename="report-section")
