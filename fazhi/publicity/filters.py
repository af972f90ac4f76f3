from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import UnitFilterMixin, YesNoFilter
from fazhi.core.models import OrgUnit

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


class ShownChoiceField(django_filters.fields.ModelChoiceField):
    """Sectors, topics and campaigns by name in the reader's language (their
    seeded names are catalogue entries; core.i18n.shown)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ShownChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ShownChoiceField


class YearFilterMixin(django_filters.FilterSet):
    """`year` on a date column, as a range so the (unit, date) index is used."""

    year_field = "date"
    year = django_filters.NumberFilter(label=_("年度"), method="filter_year")

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        try:
            year = int(value)
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        except (TypeError, ValueError, OverflowError):
            return queryset.none()
        return queryset.filter(**{f"{self.year_field}__range": (start, end)})


class PlanFilter(UnitFilterMixin):
    class Meta:
        model = PublicityPlan
        fields = ["kind", "status", "start_year"]


class PlanItemFilter(UnitFilterMixin, YearFilterMixin):
    year_field = "planned_month"
    title = django_filters.CharFilter(label=_("工作内容"), lookup_expr="contains")
    overdue = YesNoFilter(label=_("到期未完成"), method="filter_overdue")
    topic = ShownChoiceFilter(label=_("宣传主题"), queryset=Topic.objects.all())
    target_sectors = ShownChoiceFilter(
        label=_("宣传对象领域"), queryset=Sector.objects.all(), field_name="target_sectors"
    )

    class Meta:
        model = PlanItem
        fields = ["year", "status", "topic", "target_sectors", "overdue", "title"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        cutoff = timezone.localdate().replace(day=1)
        overdue = Q(status=PlanItem.Status.PLANNED, planned_month__lt=cutoff)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ActivityFilter(UnitFilterMixin, YearFilterMixin):
    title = django_filters.CharFilter(label=_("活动名称"), lookup_expr="contains")
    date_from = django_filters.DateFilter(label=_("起始日期"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte")
    topic = ShownChoiceFilter(
        label=_("宣传主题"), queryset=Topic.objects.all(), field_name="topics"
    )
    sector = ShownChoiceFilter(
        label=_("覆盖领域"), queryset=Sector.objects.all(), field_name="sectors"
    )
    campaign = ShownChoiceFilter(label=_("主题宣传日"), queryset=Campaign.objects.all())
    # The unit an activity reached (a cell of the coverage heat map), not the organizer.
    reached = django_filters.ModelChoiceFilter(
        label=_("覆盖单位"), queryset=OrgUnit.objects.none(), field_name="units_reached"
    )

    class Meta:
        model = PublicityActivity
        fields = [
            "year",
            "kind",
            "status",
            "topic",
            "sector",
            "reached",
            "campaign",
            "date_from",
            "date_to",
            "title",
        ]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.filters["reached"].queryset = self.filters["unit_tree"].queryset


class CultureSiteFilter(UnitFilterMixin):
    class Meta:
        model = CultureSite
        fields = ["kind"]


class VillagerFilter(UnitFilterMixin):
    active = YesNoFilter(label=_("在册"), field_name="ended_on", lookup_expr="isnull")

    class Meta:
        model = LegalLiterateVillager
        fields = ["active"]


class StudyFilter(UnitFilterMixin, YearFilterMixin):
    title = django_filters.CharFilter(label=_("学习内容"), lookup_expr="contains")

    class Meta:
        model = LawStudy
        fields = ["year", "kind", "title"]


class ExamFilter(UnitFilterMixin):
    name = django_filters.CharFilter(
        label=_("姓名"), field_name="person__name", lookup_expr="contains"
    )

    class Meta:
        model = LawExam
        fields = ["year", "sat", "passed", "name"]


class ModelVillageFilter(UnitFilterMixin):
    class Meta:
        model = ModelVillage
        fields = ["level", "awarded_year"]
