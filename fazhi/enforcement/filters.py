"""List filters. Each filters on an indexed column or a joined indexed one."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import clocks
from fazhi.core.filters import OwnWorkFilter, UnitFilterMixin, YearFilter, wants_own_work
from fazhi.core.forms import DateInput

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

CLOCK_STATES = [
    (s, clocks.STATE_LABELS[s])
    for s in clocks.STATES
    if s in ("on_time", "due_soon", "overdue", "paused")
]


class _ScopedChoices(UnitFilterMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for name, f in self.filters.items():
            qs = getattr(f, "queryset", None)
            if qs is not None and name != "unit_tree" and hasattr(qs.model.objects, "visible_to"):
                f.queryset = qs.model.objects.visible_to(user)
                if qs.model is Officer:
                    f.queryset = f.queryset.select_related("person")


class OfficerFilter(_ScopedChoices):
    name = django_filters.CharFilter(
        label=_("姓名"), field_name="person__name", lookup_expr="contains"
    )
    field = django_filters.ModelChoiceFilter(
        label=_("执法领域"), field_name="fields", queryset=EnforcementField.objects.all()
    )
    certified = django_filters.ChoiceFilter(
        label=_("持证情况"),
        method="filter_certified",
        choices=[("yes", _("今日持有效证件")), ("no", _("今日无有效证件"))],
    )

    class Meta:
        model = Officer
        fields = ["name", "is_active", "field"]

    def filter_certified(self, qs: QuerySet[Officer], name: str, value: str) -> QuerySet[Officer]:
        valid = Certificate.objects.valid_on(timezone.localdate()).filter(officer=OuterRef("pk"))
        return qs.filter(Exists(valid)) if value == "yes" else qs.exclude(Exists(valid))


class CertificateFilter(_ScopedChoices):
    number = django_filters.CharFilter(label=_("证件编号"), lookup_expr="contains")
    officer_name = django_filters.CharFilter(
        label=_("持证人"), field_name="officer__person__name", lookup_expr="contains"
    )
    expires_before = django_filters.DateFilter(
        label=_("有效期至不晚于"), field_name="expires_on", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = Certificate
        fields = ["number", "officer_name", "status", "expires_before"]


class TrainingFilter(_ScopedChoices):
    title = django_filters.CharFilter(label=_("培训名称"), lookup_expr="contains")
    year = YearFilter(label=_("年度"), field_name="held_on")

    class Meta:
        model = Training
        fields = ["title", "kind", "year"]


class ExamFilter(_ScopedChoices):
    year = YearFilter(label=_("年度"), field_name="sitting_on")

    class Meta:
        model = Exam
        fields = ["kind", "year"]


class CaseFilter(_ScopedChoices):
    """kind, stage, officer, clock state, field, date (filing date range)."""

    q = django_filters.CharFilter(label=_("案号/案由/当事人"), method="filter_q")
    # A name, not a dropdown: a county may have 10^5 officers.
    officer = django_filters.CharFilter(label=_("执法人员"), method="filter_officer")
    clock_state = django_filters.ChoiceFilter(
        label=_("时限状态"), choices=CLOCK_STATES, method="filter_clock"
    )
    # ?work=mine: the cases of the officer's own clocks (a 工作台 figure's link).
    work = OwnWorkFilter(EnforcementCase)
    filed_from = django_filters.DateFilter(
        label=_("立案日期起"), field_name="filed_on", lookup_expr="gte", widget=DateInput()
    )
    filed_to = django_filters.DateFilter(
        label=_("立案日期止"), field_name="filed_on", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = EnforcementCase
        fields = [
            "q",
            "case_type",
            "procedure",
            "stage",
            "field",
            "officer",
            "clock_state",
            "work",
            "filed_from",
            "filed_to",
        ]

    def filter_q(
        self, qs: QuerySet[EnforcementCase], name: str, value: str
    ) -> QuerySet[EnforcementCase]:
        from django.db.models import Q

        return qs.filter(
            Q(number__contains=value) | Q(title__contains=value) | Q(party_name__contains=value)
        )

    def filter_officer(
        self, qs: QuerySet[EnforcementCase], name: str, value: str
    ) -> QuerySet[EnforcementCase]:
        through = EnforcementCase.officers.through.objects.filter(
            enforcementcase_id=OuterRef("pk"), officer__person__name__contains=value
        )
        return qs.filter(Exists(through))

    def filter_clock(
        self, qs: QuerySet[EnforcementCase], name: str, value: str
    ) -> QuerySet[EnforcementCase]:
        user = getattr(self.request, "user", None)
        today = timezone.localdate()
        own = wants_own_work(self)
        return qs.filter(
            pk__in=clocks.holders_in_state(EnforcementCase, value, today, user=user, own_work=own)
        )


class ReviewFilter(_ScopedChoices):
    class Meta:
        model = LegalReview
        fields = ["result"]


class DisclosureFilter(_ScopedChoices):
    class Meta:
        model = Disclosure
        fields = ["status", "kind"]


class ComplaintFilter(_ScopedChoices):
    class Meta:
        model = EnforcementComplaint
        fields = ["conduct", "status", "finding"]
