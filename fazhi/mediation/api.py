"""REST endpoints of this app under /api/v1/mediation-*/. Reads are scoped by
`visible_to`; writes go through `workflow/`; a workflow step is
`POST .../<id>/<step>/` with the same input (and the same Chinese field
errors, HTTP 400) as the page's form."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from fazhi.core import api_pii
from fazhi.core.api import ScopedReadViewSet, UnitField, WorkflowViewSet, run_api_action
from fazhi.core.api_schema import step_schema
from fazhi.core.serializers import (
    BoundedInputs,
    LabelledModelSerializer,
    ScopedRelations,
    UnitRecordSerializer,
    checked_id_number,
)
from fazhi.core.workdays import provisional_note

from . import actions, forms, views, workflow
from .models import (
    Dispute,
    DisputeCategory,
    DisputeParty,
    MediationCase,
    MediationCommittee,
    Mediator,
    Screening,
)

# ---------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------


class LabelledErrors(serializers.Serializer):
    """Each field's message led by the field's Chinese label, as the step
    forms' are (core.api.form_errors): "发现/登记日期：日期格式应为…", not a bare
    message under an English key."""

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict):
                exc.detail = {k: self._labelled(k, v) for k, v in detail.items()}
            raise

    def _labelled(self, name: str, errors: Any) -> Any:
        field = self.fields.get(name)
        label = str(getattr(field, "label", "") or "")
        if not label or not isinstance(errors, list):
            return errors
        return [
            serializers.ErrorDetail(f"{label}：{e}", code=getattr(e, "code", None))
            if isinstance(e, str) and not e.startswith(label)
            else e
            for e in errors
        ]


class PartySerializer(BoundedInputs, serializers.Serializer):
    name = serializers.CharField(
        max_length=50, error_messages={"required": gettext_lazy("请填写当事人姓名。")}
    )
    role = serializers.ChoiceField(
        choices=DisputeParty.Role.choices, default=DisputeParty.Role.APPLICANT
    )
    gender = serializers.ChoiceField(
        choices=[("", "—"), ("M", gettext_lazy("男")), ("F", gettext_lazy("女"))],
        required=False,
        default="",
    )
    ethnicity = serializers.CharField(max_length=20, required=False, default="")
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_id_number(self, value: str) -> str:
        return checked_id_number(value)


class PartyOutSerializer(serializers.Serializer):
    # `?reason=` shows the ID number and phone in full (documented on the
    # reads that answer with parties: core.api_schema.honours_reason).
    honours_reason = True

    def to_representation(self, instance: DisputeParty) -> dict[str, Any]:
        # Masked unless asked for with a reason (core.api_pii).
        shown = api_pii.values(instance.person, ("id_number", "phone"), self.context.get("request"))
        return {
            "id": instance.pk,
            "role": instance.role,
            "role_display": instance.get_role_display(),
            "name": instance.person.name,
            **shown,
        }


class DisputeSerializer(LabelledErrors, ScopedRelations, LabelledModelSerializer):
    scoped_relations = ("screening",)
    stated_fields = ("risk_level",)  # as the form: a client that sent none got 低
    unit = UnitField()
    category = serializers.PrimaryKeyRelatedField(
        queryset=DisputeCategory.objects.filter(active=True),
        error_messages={
            "does_not_exist": gettext_lazy("纠纷类型不存在（编号 {pk_value}）。"),
            "required": gettext_lazy("请选择纠纷类型。"),
        },
    )
    screening = serializers.PrimaryKeyRelatedField(
        queryset=Screening.objects.none(), required=False, allow_null=True
    )
    parties = PartySerializer(many=True, required=False, write_only=True)
    party_list = PartyOutSerializer(source="parties.all", many=True, read_only=True)
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Dispute
        fields = [
            "id",
            "number",
            "unit",
            "title",
            "category",
            "facts",
            "amount",
            "source",
            "source_display",
            "screening",
            "found_on",
            "risk_level",
            "risk_level_display",
            "risk_reason",
            "status",
            "status_display",
            "resolved_on",
            "outcome_note",
            "parties",
            "party_list",
            "version",
        ]
        read_only_fields = ["number", "status", "resolved_on", "outcome_note"]
        extra_kwargs = {
            "title": {
                "error_messages": {
                    "required": gettext_lazy("请填写纠纷简述。"),
                    "blank": gettext_lazy("纠纷简述不能为空。"),
                }
            },
            "facts": {
                "error_messages": {
                    "required": gettext_lazy("请填写纠纷事实。"),
                    "blank": gettext_lazy("纠纷事实不能为空。"),
                }
            },
            "found_on": {
                "error_messages": {
                    "required": gettext_lazy("请填写发现/登记日期。"),
                    "invalid": gettext_lazy("日期格式应为YYYY-MM-DD。"),
                }
            },
        }


class CaseSerializer(LabelledModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    mediators = serializers.SerializerMethodField()
    agreement = serializers.SerializerMethodField()
    conclusion_due = serializers.DateField(read_only=True, allow_null=True)
    conclusion_provisional = serializers.SerializerMethodField(
        help_text="“暂定（2027年放假安排未公布）” when the due date rests on a year whose "
        "holiday notice is not entered, else empty."
    )
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = MediationCase
        fields = [
            "id",
            "number",
            "dispute",
            "committee",
            "committee_name",
            "start",
            "start_display",
            "applied_on",
            "applicant",
            "request",
            "status",
            "status_display",
            "accepted_on",
            "concluded_on",
            "failure_reason",
            "routes_given",
            "escalated_from",
            "mediators",
            "agreement",
            "conclusion_due",
            "conclusion_provisional",
            "version",
        ]
        read_only_fields = fields

    def get_conclusion_provisional(self, obj: MediationCase) -> str:
        year = getattr(obj, "conclusion_provisional_year", None)
        return provisional_note(year) if year and getattr(obj, "conclusion_due", None) else ""

    def get_mediators(self, obj: MediationCase) -> list[str]:
        return [a.mediator.person.name for a in obj.assignments.all()]

    def get_agreement(self, obj: MediationCase) -> dict[str, Any] | None:
        agreement = getattr(obj, "agreement", None)
        if agreement is None:
            return None
        return {
            "form": agreement.form,
            "form_display": agreement.get_form_display(),
            "dated": agreement.dated,
            "effective_on": agreement.effective_on,
            "number": agreement.number,
        }


class CommitteeSerializer(LabelledErrors, UnitRecordSerializer):
    class Meta:
        model = MediationCommittee
        fields = [
            "id",
            "unit",
            "name",
            "level",
            "established_on",
            "dissolved_on",
            "term_start",
            "term_end",
            "address",
            "phone",
            "note",
            "version",
        ]
        read_only_fields = ["term_end"]

    def validate_phone(self, value: str) -> str:
        try:
            return forms.committee_phone(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class MediatorSerializer(LabelledErrors, ScopedRelations, LabelledModelSerializer):
    scoped_relations = ("committee", "person")
    name = serializers.CharField(source="person.name", read_only=True)
    committee = serializers.PrimaryKeyRelatedField(queryset=MediationCommittee.objects.none())
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Mediator
        fields = [
            "id",
            "person",
            "name",
            "committee",
            "full_time",
            "appointed_on",
            "left_on",
            "note",
            "version",
        ]


class ScreeningSerializer(LabelledErrors, UnitRecordSerializer):
    class Meta:
        model = Screening
        fields = ["id", "unit", "screened_on", "screeners", "scope", "note", "version"]


class CategorySerializer(LabelledModelSerializer):
    class Meta:
        model = DisputeCategory
        fields = ["id", "code", "name", "order", "active"]
        read_only_fields = fields


# ---------------------------------------------------------------------------
# Viewsets
# ---------------------------------------------------------------------------


class StepResultSerializer(serializers.Serializer):
    """What a step answers (`_step_body`)."""

    id = serializers.IntegerField(help_text=gettext_lazy("记录（开启调解的步骤为新案件）的编号"))
    status = serializers.CharField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    result = serializers.CharField(help_text=gettext_lazy("步骤的结果（文字）"))


def _step_body(obj: Any, result: Any) -> dict[str, Any]:
    """The record after a step, in short; a step that opens a case (apply,
    escalate) answers the new case."""
    if isinstance(result, MediationCase):
        obj = result
    obj.refresh_from_db()
    return {
        "id": obj.pk,
        "status": getattr(obj, "status", None),
        "version": getattr(obj, "version", None),
        "result": str(result),
    }


class DisputeViewSet(WorkflowViewSet):
    queryset = Dispute.objects.all()
    serializer_class = DisputeSerializer
    filterset_fields = ["unit", "category", "risk_level", "status", "source"]
    search_fields = ["title"]
    m2m_fields = ("parties",)  # nested on create; changed later by the `party` step

    def optimize(self, qs: Any) -> Any:
        return views.dispute_list_queryset(qs).order_by("-found_on", "-pk")

    def current_m2m(self, instance: Any, name: str) -> Any:
        return []  # an edit never touches the parties

    def persist(self, instance: Dispute, m2m: dict[str, Any], **kw: Any) -> Dispute:
        if instance.pk is None:
            parties = [workflow.PartyInput(**p) for p in m2m["parties"]]
            return workflow.register_dispute(instance, parties=parties, by=self.request.user)
        return workflow.update_dispute(instance, by=self.request.user, **kw)

    @step_schema(
        actions.DISPUTE_ACTIONS,
        "DisputeStepInput",
        response=StepResultSerializer,
        operation_id="v1_mediation_disputes_step",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"(?P<step>apply|party|party_edit|party_remove|close)",
    )
    def step(self, request: Request, pk: str | None = None, step: str = "") -> Response:
        return run_api_action(
            request, self.get_object(), actions.DISPUTE_ACTIONS, step, respond=_step_body
        )


class CaseViewSet(ScopedReadViewSet):
    """Cases are opened on a dispute (`POST /mediation-disputes/<id>/apply/`)
    and move only by their steps."""

    queryset = MediationCase.objects.all()
    serializer_class = CaseSerializer
    filterset_fields = ["committee", "status", "start"]

    def optimize(self, qs: Any) -> Any:
        return views.case_list_queryset(qs).order_by("-applied_on", "-pk")

    @step_schema(
        actions.CASE_ACTIONS,
        "MediationCaseStepInput",
        response=StepResultSerializer,
        operation_id="v1_mediation_cases_step",
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>[a-z_]+)")
    def step(self, request: Request, pk: str | None = None, step: str = "") -> Response:
        return run_api_action(
            request, self.get_object(), actions.CASE_ACTIONS, step, respond=_step_body
        )


class CommitteeViewSet(WorkflowViewSet):
    queryset = MediationCommittee.objects.all()
    serializer_class = CommitteeSerializer
    filterset_fields = ["level", "unit"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit").order_by("unit__path", "name")

    def persist(
        self, instance: MediationCommittee, m2m: dict[str, Any], **kw: Any
    ) -> MediationCommittee:
        if instance.pk is None:
            return workflow.create_committee(instance, by=self.request.user)
        return workflow.update_committee(instance, by=self.request.user, **kw)

    @step_schema(
        actions.COMMITTEE_ACTIONS,
        "CommitteeStepInput",
        response=StepResultSerializer,
        operation_id="v1_mediation_committees_step",
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>member|end_member|renew)")
    def step(self, request: Request, pk: str | None = None, step: str = "") -> Response:
        return run_api_action(
            request, self.get_object(), actions.COMMITTEE_ACTIONS, step, respond=_step_body
        )


class MediatorViewSet(WorkflowViewSet):
    queryset = Mediator.objects.all()
    serializer_class = MediatorSerializer
    filterset_fields = ["committee", "full_time"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("person", "committee").order_by("committee", "pk")

    def persist(self, instance: Mediator, m2m: dict[str, Any], **kw: Any) -> Mediator:
        if instance.pk is None:
            return workflow.appoint_mediator(instance, by=self.request.user)
        return workflow.update_mediator(instance, by=self.request.user, **kw)


class ScreeningViewSet(WorkflowViewSet):
    queryset = Screening.objects.all()
    serializer_class = ScreeningSerializer
    filterset_fields = ["unit", "screened_on"]
    http_method_names = ["get", "post", "head", "options"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit").order_by("-screened_on", "-pk")

    def persist(self, instance: Screening, m2m: dict[str, Any], **kw: Any) -> Screening:
        return workflow.record_screening(instance, by=self.request.user)


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = DisputeCategory.objects.all()
    serializer_class = CategorySerializer


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to /api/v1/."""
    router.register("mediation-disputes", DisputeViewSet, basename="mediation-dispute")
    router.register("mediation-cases", CaseViewSet, basename="mediation-case")
    router.register("mediation-committees", CommitteeViewSet, basename="mediation-committee")
    router.register("mediation-mediators", MediatorViewSet, basename="mediation-mediator")
    router.register("mediation-screenings", ScreeningViewSet, basename="mediation-screening")
    router.register("mediation-categories", CategoryViewSet, basename="mediation-category")
