"""REST endpoints of this app, registered on the project router.

Same scope as the pages (`Petition.objects.visible_to`, incl. the accused-unit
exclusion); writes go through the workflow, refusals come back as HTTP 400
with Chinese messages keyed by field.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from fazhi.core import clocks, reasons
from fazhi.core import steps as core_steps
from fazhi.core.api import UnitField, run_api_action, with_version
from fazhi.core.api_schema import step_schema
from fazhi.core.api_views import RecordViewSet
from fazhi.core.models import OrgUnit
from fazhi.core.serializers import (
    BoundedInputs,
    LabelledModelSerializer,
    MaskedPii,
    UnitRecordSerializer,
    checked_id_number,
)
from fazhi.core.workdays import provisional_note

from . import queries
from . import workflow as wf
from .actions import STEPS
from .filters import PetitionFilter
from .models import (
    Appeal,
    Category,
    Channel,
    OutreachVisit,
    Petition,
    Petitioner,
    Reception,
    ReceptionDuty,
    Source,
)


class PetitionerSerializer(MaskedPii, LabelledModelSerializer):
    """Personal fields come back masked unless the role may see them."""

    class Meta:
        model = Petitioner
        fields = ["id", "name", "id_number", "phone", "address", "is_representative"]


class AppealSerializer(LabelledModelSerializer):
    class Meta:
        model = Appeal
        fields = [
            "id",
            "level",
            "level_display",
            "result_display",
            "requested_on",
            "body",
            "decided_on",
            "result",
            "opinion",
            "served_on",
            "hearing_from",
            "hearing_to",
        ]
        read_only_fields = fields


# What an accusation (检举控告类) answers in place of its text when it is not
# read with a reason: the list without `?reason=`, a step's or a registration's
# echo, a refused step's `current`. A placeholder rather than null: the field
# keeps its type, and whoever reads the answer (a client, an auditor) sees that
# something is withheld and why, not an empty matter.
WITHHELD = queries.WITHHELD
# The matter's own words (title, content, what the petitioner asked, the facts
# found, the basis, the decision's and the repeat's notes, an appeal's opinion).
WITHHELD_TEXT = (
    "title",
    "content",
    "repeat_reason",
    "decision_note",
    "reply_request",
    "reply_facts",
    "reply_basis",
)
# The serializer context key a read with a reason sets (list and retrieve).
READ_WITH_REASON = "accusation_read_with_reason"


def withhold(data: dict[str, Any]) -> dict[str, Any]:
    """An accusation's answer without what the reason unlocks: its text reads
    WITHHELD (an empty one stays empty), the accused unit is null, the
    petitioners (the accusers) are not listed, an appeal's opinion is withheld.
    The number, stage, dates and clocks stay: the clerk's work list needs
    them, and they say nothing of who accuses whom of what."""
    out = dict(data)
    for name in WITHHELD_TEXT:
        if out.get(name):
            out[name] = str(WITHHELD)
    out["accused_unit"] = None
    out["petitioners"] = []
    out["appeals"] = [
        {**appeal, "opinion": str(WITHHELD) if appeal.get("opinion") else ""}
        for appeal in out.get("appeals", [])
    ]
    return out


class PetitionSerializer(LabelledModelSerializer):
    """A matter. An accusation (检举控告类, `reason_required`) comes with its
    text only on a read with a reason (retrieve, or the list with `?reason=`,
    each audited as a read); otherwise `withhold`."""

    petitioners = PetitionerSerializer(many=True, read_only=True)
    appeals = AppealSerializer(many=True, read_only=True)
    handling_due = serializers.DateField(read_only=True, allow_null=True)
    # "暂定（2027年放假安排未公布）" while the due date rests on a year whose
    # State Council notice is not entered yet (core.workdays), else null.
    handling_due_provisional = serializers.SerializerMethodField()
    handling_state = serializers.CharField(read_only=True)
    handling_state_display = serializers.SerializerMethodField()
    owner_leader_name = serializers.CharField(
        source="owner_leader.name", read_only=True, default=""
    )
    reason_required = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "检举控告类：标题、内容、信访人等只在带 reason 的查阅中给出（记入审计日志）。"
        )
    )

    def get_reason_required(self, obj: Petition) -> bool:
        return queries.needs_reason(obj)

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if queries.needs_reason(instance) and not self.context.get(READ_WITH_REASON):
            return withhold(data)
        return data

    def get_handling_due_provisional(self, obj: Any) -> str | None:
        year = getattr(obj, "handling_due_provisional", None)
        return provisional_note(year) if year else None

    class Meta:
        model = Petition
        fields = [
            "id",
            "number",
            "query_code",
            "unit",
            "channel",
            "channel_display",
            "source",
            "source_display",
            "sending_body",
            "sending_ref",
            "category",
            "category_display",
            "title",
            "content",
            "received_on",
            "group_size",
            "involved_unit",
            "accused_unit",
            "stage",
            "stage_display",
            "is_repeat",
            "repeat_of",
            "after_final",
            "repeat_reason",
            "decided_on",
            "competent_body",
            "procedure",
            "procedure_display",
            "decision_note",
            "responsible_unit",
            "responsible_level",
            "responsible_level_display",
            "handler",
            "is_key_case",
            "owner_leader",
            "owner_leader_name",
            "extension_days",
            "reply_on",
            "reply_request",
            "reply_facts",
            "reply_outcome",
            "reply_outcome_display",
            "reply_basis",
            "reply_served_on",
            "resolved",
            "closed_on",
            "satisfaction",
            "satisfaction_display",
            "satisfaction_on",
            "handling_due",
            "handling_due_provisional",
            "handling_state",
            "handling_state_display",
            "petitioners",
            "appeals",
            "reason_required",
            "version",
        ]
        read_only_fields = fields

    def get_handling_state_display(self, obj: Petition) -> str:
        state = getattr(obj, "handling_state", "") or ""
        return str(clocks.STATE_LABELS.get(state, ""))  # type: ignore[call-overload, arg-type]


class PetitionerInput(BoundedInputs, serializers.Serializer):
    name = serializers.CharField(
        max_length=50,
        error_messages={
            "required": gettext_lazy("请填写信访人姓名。"),
            "blank": gettext_lazy("信访人姓名不能为空。"),
        },
    )
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_representative = serializers.BooleanField(required=False, default=False)

    def validate_id_number(self, value: str) -> str:
        return checked_id_number(value)


class RegisterSerializer(BoundedInputs, serializers.Serializer):
    unit = UnitField()
    channel = serializers.ChoiceField(
        choices=Channel.choices, error_messages={"invalid_choice": gettext_lazy("信访形式无效。")}
    )
    source = serializers.ChoiceField(choices=Source.choices, default=Source.DIRECT)  # type: ignore[assignment]
    sending_body = serializers.CharField(
        label=gettext_lazy("转送交办机关"),
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
    )
    sending_ref = serializers.CharField(
        label=gettext_lazy("转送交办文号"),
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
    )
    category = serializers.ChoiceField(
        choices=Category.choices, error_messages={"invalid_choice": gettext_lazy("信访类别无效。")}
    )
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(label=gettext_lazy("信访内容"))
    received_on = serializers.DateField(
        label=gettext_lazy("收到日期"),
        error_messages={"invalid": gettext_lazy("收到日期格式应为 YYYY-MM-DD。")},
    )
    group_size = serializers.IntegerField(min_value=1, default=1)
    involved_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    accused_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    petitioners = PetitionerInput(many=True)

    def validate_involved_unit(self, value: OrgUnit | None) -> OrgUnit | None:
        request = self.context["request"]
        if (
            value is not None
            and not OrgUnit.objects.filter(
                pk=value.pk, path__startswith=request.user.scope_path() or ""
            ).exists()
        ):
            raise serializers.ValidationError(gettext("涉及单位不在您的管辖范围内。"))
        return value


class PetitionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """信访事项. POST registers; POST /{id}/{step}/ performs a workflow step
    (accept, decline, refer, object, assign, handling, extend, reply, serve,
    close, review_request, review_decision, re_review_request, appeal_serve,
    hearing_start, hearing_end, re_review_decision, rate)."""

    serializer_class = PetitionSerializer
    filterset_class = PetitionFilter
    queryset = Petition.objects.all()

    def get_queryset(self) -> Any:
        return (
            queries.ledger(self.request.user, core_steps.today())
            .prefetch_related("petitioners", "appeals")
            .order_by("-received_on", "-pk")
        )

    def get_serializer_class(self) -> Any:
        return RegisterSerializer if self.action == "create" else PetitionSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                reasons.FIELD,
                str,
                description=gettext_lazy(
                    "查阅理由（至少 2 个字，记入审计日志）：检举控告类事项给出标题、内容和"
                    "信访人，每件记为一次查阅；可查看个人信息的角色同时看到完整的身份证号码、"
                    "电话和住址。不带时检举控告类事项只给出编号、阶段和日期。"
                ),
            )
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The matters in scope. An accusation's text, accused unit and
        petitioners only with `reason` (else `withhold`); each accusation so
        shown is audited as a read with it, as on retrieve."""
        reason = reasons.from_request(request)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(queryset) if page is None else page
        if reason is not None:
            for petition in rows:
                if queries.needs_reason(petition):
                    reasons.audit_read(petition, by=request.user, reason=reason)
        context = {**self.get_serializer_context(), READ_WITH_REASON: reason is not None}
        data = self.get_serializer(rows, many=True, context=context).data
        return Response(data) if page is None else self.get_paginated_response(data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                reasons.FIELD,
                str,
                description=gettext_lazy(
                    "查阅理由（检举控告类事项必填，至少 2 个字，记入审计日志；可查看个人信息的"
                    "角色同时看到完整的身份证号码、电话和住址）"
                ),
            )
        ]
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One matter. An accusation (检举控告类) answers only with `reason`
        (400 naming the field otherwise); the read is audited with it."""
        petition = self.get_object()
        if queries.needs_reason(petition):
            reason = reasons.from_request(request)
            if reason is None:
                raise reasons.refusal()
            reasons.audit_read(petition, by=request.user, reason=reason)
        context = {**self.get_serializer_context(), READ_WITH_REASON: True}
        return Response(self.get_serializer(petition, context=context).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RegisterSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        people = [wf.PetitionerData(**p) for p in d.pop("petitioners")]
        petition = wf.register(petitioners=people, by=request.user, **d)
        return Response(self._out(petition.pk), status=status.HTTP_201_CREATED)

    def _out(self, pk: int) -> Any:
        # A write's echo is not a read: an accusation's comes withheld (the
        # client reads it with a reason like anyone).
        return PetitionSerializer(
            self.get_queryset().get(pk=pk), context={"request": self.request}
        ).data

    def _step(self, request: Request, pk: Any, name: str) -> Response:
        # The version the client last saw goes to the step, so a step on a
        # stale copy is refused (core.api.with_version).
        return run_api_action(
            request,
            self.get_object(),
            STEPS,
            name,
            extra=with_version,
            respond=lambda petition, _r: self._out(petition.pk),
        )


def _make_step(name: str) -> Any:
    def handler(self: PetitionViewSet, request: Request, pk: Any = None) -> Response:
        return self._step(request, pk, name)

    handler.__name__ = name
    handler.__doc__ = f"{STEPS[name].label}"
    camel = "".join(part.title() for part in name.split("_"))
    route = action(detail=True, methods=["post"], url_path=name.replace("_", "-"), url_name=name)
    return step_schema(STEPS, f"Petition{camel}Input", name=name)(route(handler))


for _name in STEPS:
    setattr(PetitionViewSet, _name, _make_step(_name))


class ReceptionDutySerializer(UnitRecordSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True)

    class Meta:
        model = ReceptionDuty
        fields = [
            "id",
            "unit",
            "leader",
            "leader_name",
            "date",
            "slot",
            "slot_display",
            "place",
            "topic",
            "published",
            "version",
        ]


class ReceptionSerializer(UnitRecordSerializer):
    class Meta:
        model = Reception
        fields = [
            "id",
            "unit",
            "duty",
            "leader",
            "held_on",
            "place",
            "visitor_count",
            "summary",
            "version",
        ]


class OutreachVisitSerializer(UnitRecordSerializer):
    class Meta:
        model = OutreachVisit
        fields = [
            "id",
            "unit",
            "visited_on",
            "leader",
            "participants",
            "visited_party",
            "place",
            "findings",
            "actions",
            "petitions",
            "version",
        ]

    def validate_petitions(self, value: list[Petition]) -> list[Petition]:
        request = self.context["request"]
        visible = set(
            Petition.objects.visible_to(request.user)
            .filter(pk__in=[p.pk for p in value])
            .values_list("pk", flat=True)
        )
        if any(p.pk not in visible for p in value):
            raise serializers.ValidationError(gettext("关联信访事项不存在或不在您的管辖范围内。"))
        return value


class ReceptionDutyViewSet(RecordViewSet):
    queryset = ReceptionDuty.objects.all()
    serializer_class = ReceptionDutySerializer
    filterset_fields = ["leader", "date", "published"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("leader").order_by("date", "pk")


class ReceptionViewSet(RecordViewSet):
    """接访记录: saved through workflow.save_reception (its duty is the rota
    entry of the same day, in the user's scope)."""

    queryset = Reception.objects.all()
    serializer_class = ReceptionSerializer
    filterset_fields = ["leader", "held_on"]

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        return wf.save_reception(instance, by=self.request.user, **kw)

    def optimize(self, qs: Any) -> Any:
        return qs.order_by("-held_on", "-pk")


class OutreachVisitViewSet(RecordViewSet):
    queryset = OutreachVisit.objects.all()
    serializer_class = OutreachVisitSerializer
    filterset_fields = ["visited_on", "leader"]
    m2m_fields = ("participants", "petitions")

    def optimize(self, qs: Any) -> Any:
        return qs.prefetch_related("participants", "petitions").order_by("-visited_on", "-pk")


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to /api/v1/."""
    router.register("petitions", PetitionViewSet, basename="petition")
    router.register(
        "petition-reception-duties", ReceptionDutyViewSet, basename="petition-reception-duty"
    )
    router.register("petition-receptions", ReceptionViewSet, basename="petition-reception")
    router.register(
        "petition-outreach-visits", OutreachVisitViewSet, basename="petition-outreach-visit"
    )
