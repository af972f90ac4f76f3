"""REST endpoints of this app, registered on the project router (/api/v1/publicity/…).

Serializers check shape; writes go through workflow.py, whose refusals come
back as HTTP 400 with Chinese messages keyed by field (core exception handler).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from fazhi.core import steps
from fazhi.core.api import UnitField, WorkflowViewSet, bad_request
from fazhi.core.indicators import Period
from fazhi.core.models import OrgUnit, Person
from fazhi.core.scope import units_visible_to
from fazhi.core.serializers import (
    BoundedInputs,
    LabelledModelSerializer,
    ScopedRelations,
    bounded_texts,
)

from . import queries, workflow
from .models import (
    Campaign,
    CultureSite,
    LawExam,
    LawStudy,
    LegalLiterateVillager,
    ModelVillage,
    PlanItem,
    PublicityActivity,
    PublicityPlan,
    Sector,
    Topic,
)

SECTOR_MISSING = _("宣传对象领域“{value}”不在列表中（机关、企业、村庄、学校、社区）。")


class AnyUnitField(serializers.PrimaryKeyRelatedField):
    """A unit the workflow checks against the record's township (lead and
    partner units may be offices outside a village cadre's own scope)."""

    default_error_messages = {
        "does_not_exist": _("单位不存在（编号 {pk_value}）。"),
        "incorrect_type": _("单位编号格式不正确。"),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", OrgUnit.objects.all())
        super().__init__(**kwargs)


def _lazy(make: Any) -> Any:
    """A message made when it is read, in the reader's language."""
    return lazy(make, str)()


def _count(label: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        min_value=0,
        error_messages={
            "min_value": _lazy(lambda: gettext("%(label)s不能为负数。") % {"label": label}),
            "invalid": _lazy(lambda: gettext("%(label)s应为整数。") % {"label": label}),
        },
    )


class SectorsField(serializers.SlugRelatedField):
    default_error_messages = {
        "does_not_exist": SECTOR_MISSING,
        "invalid": _("宣传对象领域格式不正确。"),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Sector.objects.all(), **kwargs)


class RecordSerializer(LabelledModelSerializer):
    version = serializers.IntegerField(read_only=True)

    class Meta:
        # Uniqueness is the workflow's to check, with a message naming the record.
        validators: list[Any] = []


class PlanSerializer(RecordSerializer):
    unit = UnitField()
    stated_fields = ("kind",)  # as the form: a client that sent none got 年度计划
    status = serializers.CharField(read_only=True)

    class Meta(RecordSerializer.Meta):
        model = PublicityPlan
        fields = [
            "id",
            "unit",
            "title",
            "kind",
            "start_year",
            "end_year",
            "parent",
            "status",
            "adopted_on",
            "doc_no",
            "summary",
            "review",
            "version",
        ]
        read_only_fields = ["adopted_on", "review"]


class PlanItemSerializer(ScopedRelations, RecordSerializer):
    scoped_relations = ("plan",)
    target_sectors = SectorsField(many=True)
    target_units = UnitField(many=True, required=False)
    lead_unit = AnyUnitField()
    status = serializers.CharField(read_only=True)
    done_on = serializers.DateField(read_only=True)
    unit: Any = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(RecordSerializer.Meta):
        model = PlanItem
        fields = [
            "id",
            "plan",
            "unit",
            "title",
            "topic",
            "campaign",
            "target_sectors",
            "target_units",
            "planned_month",
            "lead_unit",
            "budget",
            "status",
            "done_on",
            "cancel_reason",
            "version",
        ]
        read_only_fields = ["cancel_reason"]


class ActivitySerializer(RecordSerializer):
    unit = UnitField()
    topics = serializers.PrimaryKeyRelatedField(many=True, queryset=Topic.objects.all())
    sectors = SectorsField(many=True)
    units_reached = UnitField(many=True)
    lead_unit = AnyUnitField()
    partner_units = AnyUnitField(many=True, required=False)
    participants = _count(_("参与人数"))
    materials = _count(_("发放资料份数"))
    status = serializers.CharField(read_only=True)

    class Meta(RecordSerializer.Meta):
        model = PublicityActivity
        fields = [
            "id",
            "unit",
            "title",
            "date",
            "kind",
            "status",
            "topics",
            "laws",
            "sectors",
            "units_reached",
            "venue",
            "lead_unit",
            "partner_units",
            "participants",
            "materials",
            "cost",
            "plan_item",
            "campaign",
            "summary",
            "cancel_reason",
            "version",
        ]
        read_only_fields = ["cancel_reason"]


class CultureSiteSerializer(RecordSerializer):
    unit = UnitField()

    class Meta(RecordSerializer.Meta):
        model = CultureSite
        fields = [
            "id",
            "unit",
            "name",
            "kind",
            "location",
            "opened_on",
            "last_refreshed_on",
            "closed_on",
            "note",
            "version",
        ]


class ScopedPersonField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("人员不存在或不在您的管辖范围内（编号 {pk_value}）。"),
        "incorrect_type": _("人员编号格式不正确。"),
    }

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return Person.objects.visible_to(request.user) if request else Person.objects.none()


class VillagerSerializer(RecordSerializer):
    unit = UnitField()
    person = ScopedPersonField()

    class Meta(RecordSerializer.Meta):
        model = LegalLiterateVillager
        fields = [
            "id",
            "unit",
            "person",
            "appointed_on",
            "ended_on",
            "training_hours",
            "note",
            "version",
        ]


class ModelVillageSerializer(RecordSerializer):
    unit = UnitField()

    class Meta(RecordSerializer.Meta):
        model = ModelVillage
        fields = ["id", "unit", "level", "awarded_year", "revoked_year", "document_no", "version"]


class StudySerializer(RecordSerializer):
    unit = UnitField()
    attendees = ScopedPersonField(many=True)

    class Meta(RecordSerializer.Meta):
        model = LawStudy
        fields = [
            "id",
            "unit",
            "date",
            "kind",
            "title",
            "laws",
            "hours",
            "speaker",
            "attendees",
            "version",
        ]

    def to_representation(self, instance: LawStudy) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["attendees"] = [a.person_id for a in instance.attendance.all()]
        return data


class ExamSerializer(RecordSerializer):
    person = ScopedPersonField()
    unit: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    passed = serializers.BooleanField(read_only=True, allow_null=True)
    pass_mark = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = LawExam
        fields = [
            "id",
            "year",
            "person",
            "unit",
            "sat",
            "exam_date",
            "score",
            "pass_mark",
            "passed",
            "absence_reason",
            "version",
        ]


class AdoptInput(BoundedInputs, serializers.Serializer):
    """A plan's adoption (`adopt`): its date held to the input rule (core.inputs)."""

    adopted_on = serializers.DateField(
        label=_("印发日期"),
        required=False,
        error_messages={"invalid": _("印发日期格式不正确，应为 YYYY-MM-DD。")},
    )


class ActivityViewSet(WorkflowViewSet):
    queryset = PublicityActivity.objects.all()
    serializer_class = ActivitySerializer
    filterset_fields = ["kind", "status", "unit", "campaign", "plan_item"]
    m2m_fields = ("topics", "sectors", "units_reached", "partner_units")
    http_method_names = [*WorkflowViewSet.http_method_names, "delete"]

    def optimize(self, qs: Any) -> Any:
        return (
            qs.select_related("unit", "lead_unit")
            .prefetch_related("topics", "sectors", "units_reached", "partner_units")
            .order_by("-date", "-pk")
        )

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        return workflow.save_activity(instance, by=self.request.user, **m2m, **kw)

    def perform_destroy(self, instance: Any) -> None:
        workflow.delete_activity(instance, by=self.request.user)

    @action(detail=True, methods=["post"])
    def hold(self, request: Request, pk: Any = None) -> Response:
        activity = self.get_object()
        fields = {"participants": _count(_("参与人数")), "materials": _count(_("发放资料份数"))}
        errors: dict[str, Any] = {}
        values: dict[str, int] = {}
        for name, field in fields.items():
            try:
                values[name] = field.run_validation(
                    request.data.get(name, 0 if name == "materials" else None)
                )
            except serializers.ValidationError as exc:
                errors[name] = exc.detail
        if errors:
            return bad_request(errors)
        cost_field = serializers.DecimalField(
            max_digits=12,
            decimal_places=2,
            min_value=0,
            required=False,
            error_messages={"min_value": _("经费不能为负数。")},
        )
        raw_cost = request.data.get("cost")
        try:
            cost = cost_field.run_validation(raw_cost) if raw_cost not in (None, "") else None
        except serializers.ValidationError as exc:
            return bad_request({"cost": exc.detail})
        activity = workflow.hold_activity(
            activity,
            by=request.user,
            participants=values["participants"],
            materials=values["materials"],
            cost=cost,
            **bounded_texts(request, summary=_("活动情况")),
        )
        return Response(self.get_serializer(activity).data)

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        activity = workflow.cancel_activity(
            self.get_object(), by=request.user, **bounded_texts(request, reason=_("原因"))
        )
        return Response(self.get_serializer(activity).data)


class PlanViewSet(WorkflowViewSet):
    queryset = PublicityPlan.objects.all()
    serializer_class = PlanSerializer
    filterset_fields = ["kind", "status", "start_year", "unit"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit").order_by("-start_year", "pk")

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        return workflow.save_plan(instance, by=self.request.user, **kw)

    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: Any = None) -> Response:
        raw = request.data.get("adopted_on")
        given = AdoptInput(data={"adopted_on": raw} if raw else {})
        if not given.is_valid():
            return bad_request(dict(given.errors))
        plan = workflow.adopt_plan(
            self.get_object(),
            by=request.user,
            adopted_on=given.validated_data.get("adopted_on"),
            doc_no=str(request.data.get("doc_no", "")),
        )
        return Response(self.get_serializer(plan).data)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        plan = workflow.close_plan(
            self.get_object(), by=request.user, **bounded_texts(request, review=_("年终总结"))
        )
        return Response(self.get_serializer(plan).data)


class PlanItemViewSet(WorkflowViewSet):
    queryset = PlanItem.objects.all()
    serializer_class = PlanItemSerializer
    filterset_fields = ["plan", "status", "topic", "campaign"]
    m2m_fields = ("target_sectors", "target_units")

    def optimize(self, qs: Any) -> Any:
        return (
            qs.select_related("plan", "topic", "lead_unit")
            .prefetch_related("target_sectors", "target_units")
            .order_by("planned_month", "pk")
        )

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        return workflow.save_plan_item(instance, by=self.request.user, **m2m, **kw)

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        item = workflow.cancel_plan_item(
            self.get_object(), by=request.user, **bounded_texts(request, reason=_("原因"))
        )
        return Response(self.get_serializer(item).data)


class CultureSiteViewSet(WorkflowViewSet):
    queryset = CultureSite.objects.all()
    serializer_class = CultureSiteSerializer
    filterset_fields = ["kind", "unit"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit").order_by("unit__path", "name")

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        return workflow.save_culture_site(instance, by=self.request.user, **kw)


class VillagerViewSet(WorkflowViewSet):
    queryset = LegalLiterateVillager.objects.all()
    serializer_class = VillagerSerializer
    filterset_fields = ["unit"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit", "person").order_by("unit__path", "pk")

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        return workflow.save_villager(instance, by=self.request.user, **kw)


class ModelVillageViewSet(WorkflowViewSet):
    queryset = ModelVillage.objects.all()
    serializer_class = ModelVillageSerializer
    filterset_fields = ["unit", "level"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit").order_by("unit__path", "pk")

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        return workflow.save_model_village(instance, by=self.request.user, **kw)


class StudyViewSet(WorkflowViewSet):
    queryset = LawStudy.objects.all()
    serializer_class = StudySerializer
    filterset_fields = ["kind", "unit"]
    m2m_fields = ("attendees",)

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit").prefetch_related("attendance").order_by("-date", "-pk")

    def current_m2m(self, instance: Any, name: str) -> Any:
        if name == "attendees":
            return list(Person.objects.filter(pk__in=instance.attendance.values("person_id")))
        return super().current_m2m(instance, name)

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        return workflow.save_study(instance, by=self.request.user, attendees=m2m["attendees"], **kw)


class ExamViewSet(WorkflowViewSet):
    queryset = LawExam.objects.all()
    serializer_class = ExamSerializer
    filterset_fields = ["year", "sat", "passed", "unit"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit", "person").order_by("-year", "pk")

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        return workflow.save_exam(instance, by=self.request.user, **kw)


class TopicSerializer(LabelledModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "name", "laws", "is_active"]


class CampaignSerializer(LabelledModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "name", "month", "day", "duration_days", "holiday_name", "topic", "laws"]


class SectorSerializer(LabelledModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name"]


class ReferenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = None


class TopicViewSet(ReferenceViewSet):
    queryset = Topic.objects.all()
    serializer_class = TopicSerializer


class CampaignViewSet(ReferenceViewSet):
    queryset = Campaign.objects.all()
    serializer_class = CampaignSerializer


class SectorViewSet(ReferenceViewSet):
    queryset = Sector.objects.all()
    serializer_class = SectorSerializer


# The coverage answer's shape, for the OpenAPI schema (the view builds the
# dict itself). A user with no unit in scope gets only the four lists, empty.
class CoveragePeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class CoverageSectorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CoverageUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CoverageCellSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    sector = serializers.CharField(help_text=_("宣传对象领域代码"))
    activities = serializers.IntegerField(help_text=_("该单位在该领域开展的活动数"))
    targeted = serializers.BooleanField(help_text=_("是否为年度计划的宣传对象"))


class CoverageGapSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="sector / target / quiet_village / overdue_item")
    text = serializers.CharField()


@extend_schema_serializer(many=False)  # one object, though the route is a viewset's list
class CoverageSerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, help_text=_("统计的单位（含下级）"))
    period = CoveragePeriodSerializer(required=False)
    activities = serializers.IntegerField(required=False, help_text=_("期间开展的活动数"))
    coverage_rate = serializers.FloatField(
        required=False,
        allow_null=True,
        help_text=_("计划对象覆盖率（百分比，一位小数）；无计划对象时为空"),
    )
    sectors = CoverageSectorSerializer(many=True)
    units = CoverageUnitSerializer(many=True)
    cells = CoverageCellSerializer(many=True)
    unreached_sectors = serializers.ListField(child=serializers.CharField(), required=False)
    topics_covered = serializers.ListField(child=serializers.CharField(), required=False)
    gaps = CoverageGapSerializer(many=True)


class CoverageViewSet(viewsets.ViewSet):
    """GET /api/v1/publicity/coverage/?unit=&year=&quarter= — the matrix and its gaps."""

    @extend_schema(
        operation_id="v1_publicity_coverage_retrieve",
        parameters=[
            OpenApiParameter("unit", int, description=_("单位编号（默认为本人所在单位）")),
            OpenApiParameter("year", int, description=_("年度（默认为今年）")),
            OpenApiParameter(
                "quarter", int, enum=[1, 2, 3, 4], description=_("季度（默认为全年）")
            ),
        ],
        responses=CoverageSerializer,
    )
    def list(self, request: Request) -> Response:
        errors: dict[str, list[str]] = {}
        raw_year = request.query_params.get("year") or str(steps.today().year)
        year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else None
        if year is None:
            errors["year"] = [gettext("年度应为2000至2100之间的整数。")]
        raw_q = request.query_params.get("quarter") or ""
        quarter = int(raw_q) if raw_q in {"1", "2", "3", "4"} else None
        if raw_q and quarter is None:
            errors["quarter"] = [gettext("季度应为1至4。")]
        visible = units_visible_to(request.user)
        raw_unit = request.query_params.get("unit") or ""
        root: OrgUnit | None
        if raw_unit:
            root = visible.filter(pk=int(raw_unit)).first() if raw_unit.isdigit() else None
            if root is None:
                errors["unit"] = [gettext("单位不存在或不在您的管辖范围内。")]
        else:
            root = getattr(request.user, "scope_unit", None) or visible.order_by("depth").first()
        if errors:
            return bad_request(errors)
        if root is None:
            return Response({"units": [], "sectors": [], "cells": [], "gaps": []})
        assert year is not None
        if quarter:
            start = dt.date(year, (quarter - 1) * 3 + 1, 1)
            end_month = quarter * 3
            end = dt.date(year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
            period = Period(start, end)
        else:
            period = Period.year(year)
        cov = queries.coverage(root, period, today=steps.today())
        return Response(
            {
                "unit": root.pk,
                "period": {"start": period.start, "end": period.end},
                "activities": cov.activity_count,
                "coverage_rate": cov.rate,
                "sectors": [{"code": s.code, "name": s.name} for s in cov.sectors],
                "units": [{"id": u.pk, "name": u.name} for u in cov.units],
                "cells": [
                    {
                        "unit": u,
                        "sector": code,
                        "activities": n,
                        "targeted": (u, code) in cov.targeted,
                    }
                    for (u, code), n in sorted(cov.counts.items())
                ],
                "unreached_sectors": [s.name for s in cov.unreached_sectors],
                "topics_covered": [t.name for t in cov.topics],
                "gaps": [{"kind": g.kind, "text": g.text} for g in cov.gaps()],
            }
        )


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to /api/v1/."""
    routes: list[tuple[str, Any, str]] = [
        ("publicity/activities", ActivityViewSet, "publicity-activity"),
        ("publicity/plans", PlanViewSet, "publicity-plan"),
        ("publicity/plan-items", PlanItemViewSet, "publicity-planitem"),
        ("publicity/culture-sites", CultureSiteViewSet, "publicity-culturesite"),
        ("publicity/legal-literate-villagers", VillagerViewSet, "publicity-villager"),
        ("publicity/model-villages", ModelVillageViewSet, "publicity-modelvillage"),
        ("publicity/studies", StudyViewSet, "publicity-study"),
        ("publicity/exams", ExamViewSet, "publicity-exam"),
        ("publicity/topics", TopicViewSet, "publicity-topic"),
        ("publicity/campaigns", CampaignViewSet, "publicity-campaign"),
        ("publicity/sectors", SectorViewSet, "publicity-sector"),
        ("publicity/coverage", CoverageViewSet, "publicity-coverage"),
    ]
    for prefix, viewset, basename in routes:
        router.register(prefix, viewset, basename=basename)
