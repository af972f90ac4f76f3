"""REST endpoints of this app under /api/v1/governance/…

Each record kind: list (scoped, filterable), retrieve, create (through the
same workflow function as the page), and `POST …/{id}/actions/{name}/` for a
workflow step, validated by the same action form as the page. A refused rule
answers HTTP 400 with the field named in Chinese.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from fazhi.core import workflow as core_workflow
from fazhi.core.api import UnitField, WorkflowViewSet, run_api_action, with_files
from fazhi.core.api_schema import step_schema
from fazhi.core.errors import RuleViolation
from fazhi.core.models import OrgUnit, User
from fazhi.core.serializers import LabelledModelSerializer, MaskedPii

from . import actions as act
from .models import CaseResult
from .views import KINDS, Kind

# Fields that only the workflow writes.
WORKFLOW_FIELDS = {
    "status",
    "due_date",
    "done_on",
    "result",
    "code",
    "reply_due",
    "on_time",
    "doc_no",
    "registered_on",
    "published_on",
    "effective_on",
    "valid_until",
    "filing_due",
    "filed_on",
    "filed_on_time",
    "repealed_on",
    "reviewed_on",
    "review_conclusion",
    "review_opinion",
    "answered_on",
    "conclusion",
    "opinion",
    "adopted",
    "answer_due",
    "concluded_on",
    "closed_on",
    "closure_note",
    "consultation_start",
    "consultation_min_end",
    "consultation_end",
    "consultation_summary",
    "reviewer",
    "review_submitted_on",
    "review_due",
    "flags_licence",
    "flags_penalty",
    "flags_compulsion",
    "flags_fee",
    "flag_reason",
    "deliberated_on",
    "meeting",
    "deliberation_minutes",
    "review_min_end",
    "meeting_on",
    "minutes",
    "dissent",
    "head_spoke_last",
    "party_reported_on",
    "archived_on",
    "correction_requested_on",
    "correction_content",
    "correction_deadline",
    "corrected_on",
    "third_party",
    "third_party_sent_on",
    "third_party_due",
    "third_party_replied_on",
    "third_party_opinion",
    "extended_on",
    "extension_days",
    "extension_approver",
    "extension_reason",
    "replied_on",
    "reply_type",
    "withheld_reason",
    "reply_text",
    "where_public",
    "right_organ",
    "reply_no",
    "withdrawn_on",
    "withdrawn_reason",
    "participation_summary",
    "hearing_on",
    "hearing_materials_sent_on",
    "urgency_reason",
    "expert_review_on",
    "expert_summary",
    "risk_assessed_on",
    "risk_level",
    "risk_report",
    "fair_competition_on",
}


class ScopedRelated(serializers.PrimaryKeyRelatedField):
    """A reference to a record limited to the requesting user's scope."""

    default_error_messages = {
        "does_not_exist": _("所选记录不存在或不在您的管辖范围内（编号 {pk_value}）。"),
        "incorrect_type": _("编号格式不正确。"),
    }

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        model = self.queryset.model if self.queryset is not None else None
        if request is None or model is None:
            return super().get_queryset()
        if model is OrgUnit:
            from fazhi.core.scope import units_visible_to

            return units_visible_to(request.user)
        if model is User:
            from fazhi.core.scope import units_visible_to

            return User.objects.filter(home_unit__in=units_visible_to(request.user))
        return model.objects.visible_to(request.user)


def serializer_for(kind: Kind) -> type[serializers.ModelSerializer]:
    model = kind.model
    form_fields = list(kind.form.base_fields) if kind.form is not None else []
    names = [
        "id",
        *[
            f.name
            for f in model._meta.concrete_fields
            if f.name not in {"id", "created_by", "updated_by"}
        ],
    ]
    attrs: dict[str, Any] = {"unit": UnitField()}
    for f in model._meta.concrete_fields:
        if isinstance(f, models.ForeignKey) and f.name not in {"unit", "created_by", "updated_by"}:
            if f.name in form_fields:
                attrs[f.name] = ScopedRelated(
                    queryset=f.related_model._default_manager.all(),  # type: ignore[union-attr]
                    required=not f.null,
                    allow_null=f.null,
                )
            else:
                attrs[f.name] = serializers.PrimaryKeyRelatedField(read_only=True)
    read_only = [n for n in names if n not in form_fields and n not in attrs] + ["version"]

    meta = type(
        "Meta", (), {"model": model, "fields": [*names, "version"], "read_only_fields": read_only}
    )
    attrs["Meta"] = meta
    # The choices the form has the clerk state are required here too.
    attrs["stated_fields"] = tuple(getattr(kind.form, "stated_fields", ()))
    # Personal fields masked as everywhere (core.serializers.MaskedPii).
    return type(f"{model.__name__}Serializer", (MaskedPii, LabelledModelSerializer), attrs)


class KindViewSet(WorkflowViewSet):
    """List, retrieve, create and workflow steps; no PUT/PATCH/DELETE: every
    change after creation is a workflow step."""

    kind: Kind
    http_method_names = ["get", "post", "head", "options"]

    def optimize(self, qs: Any) -> Any:
        return qs.select_related(*self.kind.related).order_by(
            *self.kind.model._meta.ordering or ["pk"]
        )

    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        # The serializer holds concrete fields only, so `m2m` is empty here.
        if self.kind.form is None:
            raise RuleViolation(_("不能通过接口新建此类记录。"))
        if self.kind.create is None:
            return core_workflow.create_record(instance, by=self.request.user)
        return self.kind.create(instance, self.request.user)

    @action(detail=True, methods=["post"], url_path=r"actions/(?P<step>[a-z_]+)")
    def step(self, request: Request, pk: str | None = None, step: str = "") -> Response:
        return run_api_action(
            request,
            self.get_object(),  # scoped: 404 outside the user's scope
            act.ACTIONS.get(self.kind.key, {}),
            step,
            extra=with_files,
            respond=self._after_step,
        )

    def _after_step(self, obj: Any, result: Any) -> Any:
        """The record as it is now (a step may have written it through another
        instance, or made a related row, e.g. an assessment item)."""
        obj.refresh_from_db()
        return self.get_serializer(obj).data


API_PATHS = {
    "plan": "plans",
    "task": "tasks",
    "meeting": "meetings",
    "lawreport": "law-reports",
    "document": "normative-documents",
    "cleanup": "cleanup-rounds",
    "adviser": "legal-advisers",
    "consultation": "consultations",
    "catalogue": "decision-catalogues",
    "decision": "major-decisions",
    "proactive": "proactive-disclosures",
    "request": "disclosure-requests",
    "check": "supervision-checks",
    "evaluation": "case-file-evaluations",
    "rectification": "rectifications",
    "assessment": "assessments",
    "reconsideration": "reconsiderations",
    "litigation": "litigations",
}


def concluded_results() -> list[tuple[str, str]]:
    """The results a concluded reconsideration or litigation may have (its
    step's choices), named in the schema (SPECTACULAR_SETTINGS)."""
    return [(v, str(label)) for v, label in CaseResult.choices if v != CaseResult.PENDING]


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to /api/v1/governance/…"""
    for key, prefix in API_PATHS.items():
        kind = KINDS[key]
        viewset = type(
            f"{kind.model.__name__}ViewSet",
            (KindViewSet,),
            {
                "kind": kind,
                "queryset": kind.model.objects.all(),
                "serializer_class": serializer_for(kind),
                "filterset_fields": [
                    n for n in ("status", "year", "kind", "result") if _has(kind.model, n)
                ],
            },
        )
        steps = act.ACTIONS.get(key, {})
        # The step route of a kind with no steps only ever answers 404: not documented.
        documented = (
            step_schema(steps, f"{kind.model.__name__}StepInput")
            if steps
            else extend_schema(exclude=True)
        )
        viewset = extend_schema_view(step=documented)(viewset)
        router.register(f"governance/{prefix}", viewset, basename=f"governance-{key}")


def _has(model: Any, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True
