from typing import Any

import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.forms import NullBooleanSelect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import clocks
from .fields import by_blind_index
from .forms import name_unit_choices, read_choices_once, style_small
from .models import OrgUnit, Person


class AnyYesNoSelect(NullBooleanSelect):
    """A yes/no filter's drop-down whose empty choice reads 全部: Django's
    NullBooleanSelect offers 未知 (unknown), which on a ledger's filter reads
    as a value of the records, not as "any"."""

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("全部")), ("true", _("是")), ("false", _("否"))]


class YesNoFilter(django_filters.BooleanFilter):
    """Every list's yes/no filter (重点案件, 重复信访, 专职, 到期未完成 …)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", AnyYesNoSelect)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """`?year=2024` on a date column: a whole year the calendar has (1-9999),
    anything else refused as any filter value is (the page names the field
    above its table, the API answers 400 naming `year`). The year lookup was
    handed the number as typed and built date(0, 1, 1) for `year=0` or
    `year=-1` (ValueError) and overflowed for a number past 64 bits: a 500."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class UnitFilterMixin(django_filters.FilterSet):
    """Filter by a unit and everything below it."""

    # A model's yes/no field filtered through Meta.fields gets the same
    # drop-down as a declared YesNoFilter.
    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": YesNoFilter},
    }

    unit_tree = django_filters.ModelChoiceFilter(
        label=_("单位（含下级）"), queryset=OrgUnit.objects.all(), method="filter_unit_tree"
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from .scope import units_visible_to

        if self.request is not None:
            self.filters["unit_tree"].queryset = units_visible_to(self.request.user)

    @property
    def form(self):  # type: ignore[no-untyped-def]
        """django-filter's form with Bootstrap's small classes: without them a
        text box keeps its browser width and runs off a phone's screen."""
        form = super().form
        style_small(form.fields)
        if self.request is not None:
            for field in form.fields.values():
                name_unit_choices(field, self.request.user)
        read_choices_once(form)
        return form

    def filter_unit_tree(self, queryset, name, value):  # type: ignore[no-untyped-def]
        field = getattr(queryset.model, "scope_field", "unit")
        return queryset.filter(**{f"{field}__in_subtree": value.path})


class PersonFilter(UnitFilterMixin):
    name = django_filters.CharFilter(label=_("姓名"), lookup_expr="contains")
    # ID numbers and phones are encrypted: only the whole number is found,
    # through its blind index (core.fields), never a part of it.
    number = django_filters.CharFilter(
        label=_("身份证号码或电话（完整号码）"), method="filter_number"
    )

    class Meta:
        model = Person
        fields = ["name", "number", "gender", "is_cadre"]

    def filter_number(self, queryset, name, value):  # type: ignore[no-untyped-def]
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(**by_blind_index("id_number", value)) | Q(**by_blind_index("phone", value))
        )


class OwnWorkFilter(django_filters.ChoiceFilter):
    """`?work=mine` (core.clocks.OWN_WORK): only the records with a clock of
    the user's work (core.clocks.in_work_of: an enforcement officer's own
    cases; for the others their scope's), the rows a 工作台 figure counted
    over it, whose link carries it (core.clocks.own_work_query). A list's
    clock-state filter looks at the same clocks (`wants_own_work`), so
    `?clock_state=overdue&work=mine` lists the records overdue on the user's
    own clocks: the figure's."""

    def __init__(self, model: type[models.Model], **kwargs: Any) -> None:
        self.holder_model = model
        kwargs.setdefault("label", _("经办"))
        super().__init__(choices=[(clocks.OWN_WORK, _("我经办的"))], **kwargs)

    def filter(self, qs: Any, value: Any) -> Any:
        user = getattr(getattr(self.parent, "request", None), "user", None)
        if value != clocks.OWN_WORK or user is None:
            return qs
        today = timezone.localdate()
        return qs.filter(
            pk__in=clocks.holders_in_state(self.holder_model, "", today, user=user, own_work=True)
        )


def wants_own_work(filterset: Any) -> bool:
    """Whether a list's filters ask for the user's own work (OwnWorkFilter)."""
    data = getattr(filterset, "data", None) or {}
    return data.get("work") == clocks.OWN_WORK
