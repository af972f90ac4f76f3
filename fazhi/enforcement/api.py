"""REST endpoints of this app under /api/v1/enforcement/… Reads are scoped by
`visible_to` (core.api.ScopedReadViewSet, ScopedRegisterViewSet: no generic
update or delete); writes go through the workflow (the same step forms as
the pages validate shape), so a refused step answers HTTP 400 with Chinese
messages keyed by field."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from fazhi.core.api import (
    ScopedReadViewSet,
    ScopedRegisterViewSet,
    UnitField,
    run_api_action,
    with_files,
)
from fazhi.core.api_schema import step_schema
from fazhi.core.serializers import LabelledModelSerializer, MaskedPii

from . import actions, workflow
from .models import (
    Certificate,
    Disclosure,
    EnforcementCase,
    EnforcementComplaint,
    EnforcementField,
    Exam,
    LegalReview,
    Officer,
    Training,
)


class FieldSerializer(LabelledModelSerializer):
    class Meta:
        model = EnforcementField
        fields = ["id", "code", "name"]


class CertificateSerializer(LabelledModelSerializer):
    officer_name = serializers.CharField(source="officer.person.name", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "officer",
            "officer_name",
            "issuing_authority",
            "issued_on",
            "expires_on",
            "status",
            "status_display",
            "fields",
            "previous",
            "revoked_on",
            "version",
        ]
        read_only_fields = fields


class OfficerSerializer(LabelledModelSerializer):
    unit = UnitField()
    area = UnitField()
    name = serializers.CharField(source="person.name", read_only=True)
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Officer
        fields = [
            "id",
            "unit",
            "person",
            "name",
            "title",
            "fields",
            "area",
            "is_active",
            "note",
            "version",
        ]

    def validate_person(self, value: Any) -> Any:
        request = self.context.get("request")
        from fazhi.core.models import Person

        if (
            not Person.objects.visible_to(getattr(request, "user", None))
            .filter(pk=value.pk)
            .exists()
        ):
            raise serializers.ValidationError(gettext("人员不存在或不在您的管辖范围内。"))
        return value


class TrainingSerializer(LabelledModelSerializer):
    unit = UnitField()
    attendees: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Training
        fields = [
            "id",
            "unit",
            "title",
            "kind",
            "held_on",
            "hours",
            "organizer",
            "location",
            "attendees",
        ]


class ExamSerializer(LabelledModelSerializer):
    unit = UnitField()

    class Meta:
        ref_name = "EnforcementExam"
        model = Exam
        fields = [
            "id",
            "unit",
            "title",
            "kind",
            "sitting_on",
            "registration_deadline",
            "pass_mark",
            "organizer",
        ]
        extra_kwargs = {"pass_mark": {"required": False, "allow_null": True}}


class CaseSerializer(MaskedPii, LabelledModelSerializer):
    """Personal fields come back masked unless the role may see them. 案件来源
    and 当事人类型 are stated, as on the page (a client that sent none got
    日常检查发现 and 公民)."""

    unit = UnitField()
    stated_fields = ("source", "party_type")

    class Meta:
        ref_name = "EnforcementCase"
        model = EnforcementCase
        fields = [
            "id",
            "unit",
            "number",
            "case_type",
            "procedure",
            "stage",
            "stage_display",
            "title",
            "field",
            "source",
            "party_type",
            "party_name",
            "id_number",
            "phone",
            "address",
            "act_date",
            "discovered_on",
            "extended_limitation",
            "filed_on",
            "facts",
            "legal_basis",
            "circumstances_complex",
            "serious_violation",
            "major_public_interest",
            "multiple_legal_relations",
            "review_required_by_law",
            "review_outcome",
            "notified_on",
            "hearing_rights",
            "statement_kind",
            "decided_on",
            "decision_number",
            "penalty_kind",
            "fine_amount",
            "confiscated_amount",
            "served_on",
            "payment_due_on",
            "paid_amount",
            "surcharge_amount",
            "publish_decision",
            "closed_on",
            "version",
        ]
        read_only_fields = [
            "number",
            "procedure",
            "stage",
            "filed_on",
            "facts",
            "legal_basis",
            "review_outcome",
            "notified_on",
            "hearing_rights",
            "statement_kind",
            "decided_on",
            "decision_number",
            "penalty_kind",
            "fine_amount",
            "confiscated_amount",
            "served_on",
            "payment_due_on",
            "paid_amount",
            "surcharge_amount",
            "closed_on",
            "version",
        ]


class LegalReviewSerializer(LabelledModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)

    class Meta:
        model = LegalReview
        fields = ["id", "case", "case_number", "submitted_on", "result", "reviewed_on", "opinion"]
        read_only_fields = fields


class DisclosureSerializer(LabelledModelSerializer):
    class Meta:
        model = Disclosure
        fields = [
            "id",
            "case",
            "kind",
            "decision_on",
            "due_on",
            "status",
            "published_on",
            "changed_on",
            "withdraw_due_on",
            "withdrawn_on",
            "public_summary",
        ]
        read_only_fields = fields


class ComplaintSerializer(MaskedPii, LabelledModelSerializer):
    pii_fields = ("phone",)
    unit = UnitField()

    class Meta:
        model = EnforcementComplaint
        fields = [
            "id",
            "unit",
            "received_on",
            "complainant",
            "phone",
            "conduct",
            "content",
            "case",
            "officer",
            "status",
            "finding",
            "investigation",
            "reply",
            "replied_on",
        ]
        read_only_fields = ["status", "finding", "investigation", "reply", "replied_on"]


class OfficerViewSet(ScopedRegisterViewSet):
    queryset = Officer.objects.all()
    serializer_class = OfficerSerializer
    m2m_fields = ("fields",)
    filterset_fields = ["unit", "is_active"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("person").prefetch_related("fields").order_by("person__name", "pk")

    def persist(self, instance: Officer, m2m: dict[str, Any], **kw: Any) -> Officer:
        return workflow.register_officer(instance, fields=m2m["fields"], by=self.request.user)

    @step_schema(
        actions.API_ACTIONS, "OfficerIssueInput", name="issue", response=CertificateSerializer
    )
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: Any = None) -> Response:
        return run_api_action(
            request,
            self.get_object(),
            actions.API_ACTIONS,
            "issue",
            respond=lambda _o, cert: CertificateSerializer(cert).data,
        )


class CertificateViewSet(ScopedReadViewSet):
    queryset = Certificate.objects.all()
    serializer_class = CertificateSerializer
    filterset_fields = ["status", "officer"]

    def optimize(self, qs: Any) -> Any:
        return (
            qs.select_related("officer__person")
            .prefetch_related("fields")
            .order_by("expires_on", "pk")
        )

    @step_schema(actions.CERTIFICATE_ACTIONS, "CertificateStepInput")
    @action(detail=True, methods=["post"], url_path=r"do/(?P<step>[a-z_]+)")
    def step(self, request: Request, pk: Any = None, step: str = "") -> Response:
        # A renewal answers the new certificate.
        return run_api_action(
            request,
            self.get_object(),
            actions.CERTIFICATE_ACTIONS,
            step,
            respond=lambda _o, cert: CertificateSerializer(cert).data,
        )


class TrainingViewSet(ScopedReadViewSet):
    queryset = Training.objects.all()
    serializer_class = TrainingSerializer
    filterset_fields = ["kind", "unit"]

    def optimize(self, qs: Any) -> Any:
        return qs.prefetch_related("attendees").order_by("-held_on", "pk")


class ExamViewSet(ScopedReadViewSet):
    queryset = Exam.objects.all()
    serializer_class = ExamSerializer
    filterset_fields = ["kind"]

    def optimize(self, qs: Any) -> Any:
        return qs.order_by("-sitting_on", "pk")


class CaseViewSet(ScopedRegisterViewSet):
    """Cases; `POST …/cases/{id}/steps/{step}/` runs one workflow step
    (file, investigate, review, notify, statement, request_hearing,
    schedule_hearing, hold_hearing, submit_legal_review, decide, serve,
    defer_payment, pay, apply_measure, lift_measure, publish, mark_changed,
    withdraw, close)."""

    queryset = EnforcementCase.objects.all()
    serializer_class = CaseSerializer
    filterset_fields = ["case_type", "procedure", "stage", "field"]

    def optimize(self, qs: Any) -> Any:
        return qs.order_by("-filed_on", "-pk")

    def persist(self, instance: EnforcementCase, m2m: dict[str, Any], **kw: Any) -> EnforcementCase:
        return workflow.register_clue(instance, by=self.request.user)

    @step_schema(actions.ACTIONS, "EnforcementCaseStepInput")
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[a-z_]+)")
    def steps(self, request: Request, pk: Any = None, step: str = "") -> Response:
        return run_api_action(
            request,
            self.get_object(),
            actions.ACTIONS,
            step,
            extra=with_files,
            respond=lambda case, _r: (
                CaseSerializer(
                    EnforcementCase.objects.get(pk=case.pk), context={"request": request}
                ).data
            ),
        )


class LegalReviewViewSet(ScopedReadViewSet):
    queryset = LegalReview.objects.all()
    serializer_class = LegalReviewSerializer
    filterset_fields = ["result"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("case").order_by("submitted_on", "pk")

    @step_schema(actions.API_ACTIONS, "LegalReviewRecordInput", name="record")
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: Any = None) -> Response:
        return run_api_action(
            request,
            self.get_object(),
            actions.API_ACTIONS,
            "record",
            respond=lambda _o, review: LegalReviewSerializer(review).data,
        )


class DisclosureViewSet(ScopedReadViewSet):
    queryset = Disclosure.objects.all()
    serializer_class = DisclosureSerializer
    filterset_fields = ["status", "kind"]

    def optimize(self, qs: Any) -> Any:
        return qs.order_by("-decision_on", "-pk")


class ComplaintViewSet(ScopedRegisterViewSet):
    queryset = EnforcementComplaint.objects.all()
    serializer_class = ComplaintSerializer
    filterset_fields = ["status", "conduct", "finding"]

    def optimize(self, qs: Any) -> Any:
        return qs.order_by("-received_on", "-pk")

    def persist(
        self, instance: EnforcementComplaint, m2m: dict[str, Any], **kw: Any
    ) -> EnforcementComplaint:
        return workflow.register_complaint(instance, by=self.request.user)

    @step_schema(actions.API_ACTIONS, "ComplaintAnswerInput", name="answer")
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: Any = None) -> Response:
        return run_api_action(
            request,
            self.get_object(),
            actions.API_ACTIONS,
            "answer",
            respond=lambda _o, c: ComplaintSerializer(c, context={"request": request}).data,
        )


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to /api/v1/."""
    router.register("enforcement/officers", OfficerViewSet, basename="enforcement-officer")
    router.register(
        "enforcement/certificates", CertificateViewSet, basename="enforcement-certificate"
    )
    router.register("enforcement/trainings", TrainingViewSet, basename="enforcement-training")
    router.register("enforcement/exams", ExamViewSet, basename="enforcement-exam")
    router.register("enforcement/cases", CaseViewSet, basename="enforcement-case")
    router.register(
        "enforcement/legal-reviews", LegalReviewViewSet, basename="enforcement-legal-review"
    )
    router.register("enforcement/disclosures", DisclosureViewSet, basename="enforcement-disclosure")
    router.register("enforcement/complaints", ComplaintViewSet, basename="enforcement-complaint")
