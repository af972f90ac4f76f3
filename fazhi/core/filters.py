import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.forms import NullBooleanSelect
from django.utils.translation import gettext_lazy as _

from .fields import by_blind_index
from .forms import read_choices_once, style_small
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
