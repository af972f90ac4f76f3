"""Ledger filters: stage, channel, category, unit, leader, clock state, date range."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from fazhi.core import steps as core_steps
from fazhi.core.filters import OwnWorkFilter, UnitFilterMixin, YesNoFilter, wants_own_work
from fazhi.core.models import OrgUnit, Person
from fazhi.core.scope import units_visible_to

from .models import (
    Category,
    Channel,
    OutreachVisit,
    Petition,
    Petitioner,
    Reception,
    ReceptionDuty,
    Stage,
)
from .queries import CLOCK_STATE_CHOICES, in_clock_state

_DATE = django_filters.widgets.forms.DateInput(attrs={"type": "date"})


class PetitionFilter(UnitFilterMixin):
    # The mixin's filter again, typed for the OpenAPI schema (a unit's id): it
    # filters through a method, whose value the schema generator cannot guess.
    unit_tree = extend_schema_field({"type": "integer", "description": _("单位（含下级）")})(
        django_filters.ModelChoiceFilter(
            label=_("单位（含下级）"), queryset=OrgUnit.objects.all(), method="filter_unit_tree"
        )
    )
    q = django_filters.CharFilter(label=_("编号/事由/信访人"), method="filter_q")
    stage = django_filters.ChoiceFilter(label=_("办理阶段"), choices=Stage.choices)
    channel = django_filters.ChoiceFilter(label=_("信访形式"), choices=Channel.choices)
    category = django_filters.ChoiceFilter(label=_("信访类别"), choices=Category.choices)
    responsible_unit = django_filters.ModelChoiceFilter(
        label=_("承办单位（含下级）"), queryset=OrgUnit.objects.none(), method="filter_responsible"
    )
    owner_leader = django_filters.ModelChoiceFilter(
        label=_("包案领导"), queryset=Person.objects.none()
    )
    clock_state = django_filters.ChoiceFilter(
        label=_("时限状态"), choices=CLOCK_STATE_CHOICES, method="filter_clock_state"
    )
    # ?work=mine: the matters of the user's own clocks (a 工作台 figure's link).
    work = OwnWorkFilter(Petition)
    received_from = django_filters.DateFilter(
        label=_("收到日期起"),
        field_name="received_on",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    received_to = django_filters.DateFilter(
        label=_("收到日期止"),
        field_name="received_on",
        lookup_expr="lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    is_key_case = YesNoFilter(label=_("重点案件"))
    is_repeat = YesNoFilter(label=_("重复信访"))

    class Meta:
        model = Petition
        fields = [
            "q",
            "stage",
            "channel",
            "category",
            "unit_tree",
            "responsible_unit",
            "owner_leader",
            "clock_state",
            "work",
            "received_from",
            "received_to",
            "is_key_case",
            "is_repeat",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.request is not None:
            units = units_visible_to(self.request.user).order_by("path")
            self.filters["responsible_unit"].queryset = units
            leader_ids = (
                Petition.objects.visible_to(self.request.user)
                .filter(owner_leader__isnull=False)
                .values("owner_leader")
            )
            # A drop-down names each leader (Person.__str__): their encrypted
            # ID number, phone and address were read and decrypted for nothing.
            leaders = Person.objects.filter(pk__in=leader_ids)
            self.filters["owner_leader"].queryset = leaders.only("name")

    def filter_q(self, qs: QuerySet[Petition], name: str, value: str) -> QuerySet[Petition]:
        if not value:
            return qs
        by_name = Petitioner.objects.filter(name__contains=value).values("petition")
        return qs.filter(Q(number__contains=value) | Q(title__contains=value) | Q(pk__in=by_name))

    def filter_responsible(
        self, qs: QuerySet[Petition], name: str, value: OrgUnit
    ) -> QuerySet[Petition]:
        return qs.filter(responsible_unit__path__startswith=value.path)

    def filter_clock_state(
        self, qs: QuerySet[Petition], name: str, value: str
    ) -> QuerySet[Petition]:
        if not value:
            return qs
        return in_clock_state(
            qs,
            value,
            core_steps.today(),
            getattr(self.request, "user", None),
            own_work=wants_own_work(self),
        )


class ReceptionDutyFilter(UnitFilterMixin):
    date_from = django_filters.DateFilter(
        label=_("日期起"), field_name="date", lookup_expr="gte", widget=_DATE
    )
    date_to = django_filters.DateFilter(
        label=_("日期止"), field_name="date", lookup_expr="lte", widget=_DATE
    )

    class Meta:
        model = ReceptionDuty
        fields = ["date_from", "date_to"]


class ReceptionFilter(UnitFilterMixin):
    held_from = django_filters.DateFilter(
        label=_("日期起"), field_name="held_on", lookup_expr="gte"
    )
    held_to = django_filters.DateFilter(
        label=_("日期止"), field_name="held_on", lookup_expr="lte", widget=_DATE
    )

    class Meta:
        model = Reception
        fields = ["held_from", "held_to"]


class OutreachVisitFilter(UnitFilterMixin):
    visited_from = django_filters.DateFilter(
        label=_("日期起"), field_name="visited_on", lookup_expr="gte"
    )
    visited_to = django_filters.DateFilter(
        label=_("日期止"), field_name="visited_on", lookup_expr="lte"
    )

    class Meta:
        model = OutreachVisit
        fields = ["visited_from", "visited_to"]
