"""Ledger filters. Each filters on an indexed column (or a join on one)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import clocks
from fazhi.core.filters import OwnWorkFilter, UnitFilterMixin, YesNoFilter, wants_own_work
from fazhi.core.models import OrgUnit

from .models import Dispute, DisputeCategory, MediationCase, MediationCommittee, Mediator, Screening


def _date_range(label: Any, field: str) -> django_filters.DateFromToRangeFilter:
    return django_filters.DateFromToRangeFilter(
        label=label,
        field_name=field,
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )


class _ScopedChoices(UnitFilterMixin):
    """Mediator and committee drop-downs limited to the user's scope (the
    widgets are styled by UnitFilterMixin.form)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for name, flt in self.filters.items():
            if name == "mediator":
                flt.queryset = Mediator.objects.visible_to(user).select_related("person")
            elif name == "committee":
                flt.queryset = MediationCommittee.objects.visible_to(user)
            elif name == "unit":
                flt.queryset = self.filters["unit_tree"].queryset


# The states a running case's clocks can be in (时限状态), as the other ledgers offer.
CLOCK_STATES = [
    (s, clocks.STATE_LABELS[s])
    for s in clocks.STATES
    if s in ("on_time", "due_soon", "overdue", "paused")
]


class DisputeFilter(_ScopedChoices):
    q = django_filters.CharFilter(label=_("关键词"), field_name="title", lookup_expr="contains")
    category = django_filters.ModelChoiceFilter(
        label=_("纠纷类型"), queryset=DisputeCategory.objects.all()
    )
    risk_level = django_filters.ChoiceFilter(label=_("风险等级"), choices=Dispute.Risk.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Dispute.Status.choices)
    source = django_filters.ChoiceFilter(label=_("来源"), choices=Dispute.Source.choices)
    mediator = django_filters.ModelChoiceFilter(
        label=_("调解员"), queryset=Mediator.objects.none(), method="filter_mediator"
    )
    found_on = _date_range(_("登记日期"), "found_on")

    class Meta:
        model = Dispute
        fields = [
            "unit_tree",
            "q",
            "category",
            "risk_level",
            "status",
            "source",
            "mediator",
            "found_on",
        ]

    def filter_mediator(
        self, queryset: QuerySet[Dispute], name: str, value: Mediator
    ) -> QuerySet[Dispute]:
        return queryset.filter(
            pk__in=MediationCase.objects.filter(assignments__mediator=value).values("dispute_id")
        )


class CaseFilter(_ScopedChoices):
    committee = django_filters.ModelChoiceFilter(
        label=_("调委会"), queryset=MediationCommittee.objects.none()
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=MediationCase.Status.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("纠纷类型"), queryset=DisputeCategory.objects.all(), field_name="dispute__category"
    )
    mediator = django_filters.ModelChoiceFilter(
        label=_("调解员"), queryset=Mediator.objects.none(), method="filter_mediator"
    )
    applied_on = _date_range(_("申请日期"), "applied_on")
    # The cases with a clock (the conclusion's, the judicial confirmation's)
    # in the state: ?clock_state=overdue lists the 工作台's 已超期事项.
    clock_state = django_filters.ChoiceFilter(
        label=_("时限状态"), choices=CLOCK_STATES, method="filter_clock"
    )
    # ?work=mine: the cases of the user's own clocks (a 工作台 figure's link).
    work = OwnWorkFilter(MediationCase)

    class Meta:
        model = MediationCase
        fields = [
            "unit_tree",
            "committee",
            "status",
            "category",
            "mediator",
            "applied_on",
            "clock_state",
            "work",
        ]

    def filter_mediator(
        self, queryset: QuerySet[MediationCase], name: str, value: Mediator
    ) -> QuerySet[MediationCase]:
        return queryset.filter(
            pk__in=MediationCase.objects.filter(assignments__mediator=value).values("pk")
        )

    def filter_clock(
        self, queryset: QuerySet[MediationCase], name: str, value: str
    ) -> QuerySet[MediationCase]:
        """The cases with a clock in `value` today, over the clocks the
        工作台 counts (the user's scope; with ?work=mine their own)."""
        user = getattr(self.request, "user", None)
        return queryset.filter(
            pk__in=clocks.holders_in_state(
                MediationCase,
                value,
                timezone.localdate(),
                user=user,
                own_work=wants_own_work(self),
            )
        )


class ScreeningFilter(_ScopedChoices):
    # One unit's own rounds (a bar of the leaders' dashboard), without its villages'.
    unit = django_filters.ModelChoiceFilter(
        label=_("单位（仅本级）"), queryset=OrgUnit.objects.none()
    )
    screened_on = _date_range(_("排查日期"), "screened_on")

    class Meta:
        model = Screening
        fields = ["unit_tree", "unit", "screened_on"]


class CommitteeFilter(_ScopedChoices):
    level = django_filters.ChoiceFilter(label=_("级别"), choices=MediationCommittee.Level.choices)

    class Meta:
        model = MediationCommittee
        fields = ["unit_tree", "level"]


class MediatorFilter(_ScopedChoices):
    committee = django_filters.ModelChoiceFilter(
        label=_("调委会"), queryset=MediationCommittee.objects.none()
    )
    full_time = YesNoFilter(label=_("专职"))

    class Meta:
        model = Mediator
        fields = ["unit_tree", "committee", "full_time"]
