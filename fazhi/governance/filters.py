"""List filters: each filters on indexed columns (see Meta.indexes)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import UnitFilterMixin, YearFilter, YesNoFilter
from fazhi.core.models import Clock, OrgUnit

from .models import (
    Assessment,
    CaseFileEvaluation,
    CaseResult,
    CleanupRound,
    Consultation,
    DecisionCatalogue,
    DisclosureRequest,
    LawReport,
    LegalAdviser,
    LitigationCase,
    MajorDecision,
    Meeting,
    NormativeDocument,
    ProactiveDisclosure,
    ReconsiderationCase,
    Rectification,
    SupervisionCheck,
    WorkPlan,
    WorkTask,
)


def _year(field: str) -> YearFilter:
    return YearFilter(label=_("年度"), field_name=field)


def _contains(label: Any, field: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(label=label, field_name=field, lookup_expr="contains")


class OverdueFilter(YesNoFilter):
    """Records still open whose stored due date has passed."""

    def __init__(
        self,
        *args: Any,
        open_states: list[str],
        also: Q | None = None,
        label: Any = None,
        **kwargs: Any,
    ) -> None:
        self.open_states = open_states
        self.also = also or Q()
        super().__init__(*args, label=label or _("已超期"), **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value is None:
            return qs
        today = timezone.localdate()
        overdue = Q(status__in=self.open_states, **{f"{self.field_name}__lt": today}) & self.also
        return qs.filter(overdue) if value else qs.exclude(overdue)


class WorkPlanFilter(UnitFilterMixin):
    class Meta:
        model = WorkPlan
        fields = ["year"]


class WorkTaskFilter(UnitFilterMixin):
    title = _contains(_("任务"), "title")
    year = django_filters.NumberFilter(label=_("方案年度"), field_name="plan__year")
    overdue = OverdueFilter(field_name="due_date", open_states=["open", "in_progress"])

    class Meta:
        model = WorkTask
        fields = ["title", "status", "year", "overdue", "plan"]


class MeetingFilter(UnitFilterMixin):
    year = _year("held_on")

    class Meta:
        model = Meeting
        fields = ["kind", "year"]


class LawReportFilter(UnitFilterMixin):
    done = YesNoFilter(
        label=_("已述法"), field_name="reported_on", lookup_expr="isnull", exclude=True
    )
    village = YesNoFilter(label=_("村党组织书记"), method="_village")

    class Meta:
        model = LawReport
        fields = ["year", "done", "village"]

    def _village(self, qs: QuerySet[LawReport], name: str, value: bool | None) -> Any:
        if value is None:
            return qs
        kind = Q(unit__kind=OrgUnit.Kind.VILLAGE)
        return qs.filter(kind) if value else qs.exclude(kind)


class NormativeDocumentFilter(UnitFilterMixin):
    title = _contains(_("文件名称"), "title")
    year = _year("published_on")
    filing_overdue = OverdueFilter(
        field_name="filing_due",
        open_states=["published"],
        also=Q(filed_on__isnull=True),
        label=_("备案已超期"),
    )

    class Meta:
        model = NormativeDocument
        fields = ["title", "status", "market_related", "year", "filed_on_time"]


class PublicDocumentFilter(django_filters.FilterSet):
    title = _contains(_("文件名称"), "title")
    doc_no = _contains(_("文号"), "doc_no")

    class Meta:
        model = NormativeDocument
        fields = ["title", "doc_no"]


class CleanupRoundFilter(UnitFilterMixin):
    class Meta:
        model = CleanupRound
        fields = ["year", "status"]


class LegalAdviserFilter(UnitFilterMixin):
    name = _contains(_("姓名"), "name")

    class Meta:
        model = LegalAdviser
        fields = ["name", "kind"]


class ConsultationFilter(UnitFilterMixin):
    matter = _contains(_("事项"), "matter")
    year = _year("requested_on")
    overdue = OverdueFilter(field_name="due_date", open_states=["pending"])

    class Meta:
        model = Consultation
        fields = ["matter", "kind", "status", "adopted", "year", "overdue"]


class DecisionCatalogueFilter(UnitFilterMixin):
    class Meta:
        model = DecisionCatalogue
        fields = ["year"]


class MajorDecisionFilter(UnitFilterMixin):
    title = _contains(_("决策事项"), "title")
    year = _year("launched_on")

    class Meta:
        model = MajorDecision
        fields = ["title", "status", "year"]


class ProactiveFilter(UnitFilterMixin):
    title = _contains(_("标题"), "title")
    year = _year("created_on")
    overdue = OverdueFilter(field_name="due_date", open_states=["pending"])

    class Meta:
        model = ProactiveDisclosure
        fields = ["title", "item", "status", "on_time", "year", "overdue"]


class PublicProactiveFilter(django_filters.FilterSet):
    title = _contains(_("标题"), "title")

    class Meta:
        model = ProactiveDisclosure
        fields = ["title"]


class DisclosureRequestFilter(UnitFilterMixin):
    code = django_filters.CharFilter(label=_("查询码"), field_name="code", lookup_expr="iexact")
    applicant_name = _contains(_("申请人"), "applicant_name")
    year = _year("received_on")
    overdue = OverdueFilter(field_name="reply_due", open_states=["received"])

    class Meta:
        model = DisclosureRequest
        fields = [
            "code",
            "applicant_name",
            "status",
            "channel",
            "reply_type",
            "on_time",
            "year",
            "overdue",
        ]


class SupervisionCheckFilter(UnitFilterMixin):
    year = _year("checked_on")

    class Meta:
        model = SupervisionCheck
        fields = ["kind", "year"]


class CaseFileEvaluationFilter(UnitFilterMixin):
    year = _year("evaluated_on")

    class Meta:
        model = CaseFileEvaluation
        fields = ["grade", "year"]


class RectificationFilter(UnitFilterMixin):
    overdue = OverdueFilter(field_name="due_date", open_states=["open"])
    year = _year("ordered_on")

    class Meta:
        model = Rectification
        fields = ["status", "year", "overdue"]


class AssessmentFilter(UnitFilterMixin):
    class Meta:
        model = Assessment
        fields = ["year"]


class ReconsiderationFilter(UnitFilterMixin):
    year = _year("copy_received_on")
    result = django_filters.ChoiceFilter(label=_("复议结果"), choices=CaseResult.choices)

    class Meta:
        model = ReconsiderationCase
        fields = ["result", "ogi_related", "year"]


class LitigationFilter(UnitFilterMixin):
    year = _year("filed_on")
    result = django_filters.ChoiceFilter(label=_("判决结果"), choices=CaseResult.choices)

    class Meta:
        model = LitigationCase
        fields = ["result", "head_appeared", "ogi_related", "year"]


class OverdueMattersFilter(UnitFilterMixin):
    """governance:overdue: the overdue matters of a unit and those below it."""

    class Meta:
        model = Clock
        fields = ["unit_tree"]
